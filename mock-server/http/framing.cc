#include "mock-server/http/framing.h"

#include "base/ascii.h"

namespace vi::http {
namespace {

Unexpected<HeadRejection> Reject(int status, std::string reason) {
  return MakeUnexpected(HeadRejection{status, std::move(reason)});
}

}  // namespace

std::optional<HeadRejection> AddFramingField(const HeaderField& field, FramingFields& framing) {
  if (EqualsIgnoreCaseAscii(field.name, "Content-Length")) {
    // 1-19 decimal digits, so the value always fits in 64 bits.
    const std::optional<std::uint64_t> length = ParseDecimalAscii(field.value, 19);
    if (!length) return HeadRejection{400, "invalid Content-Length"};
    if (framing.content_length && *length != *framing.content_length) {
      return HeadRejection{400, "conflicting Content-Length values"};
    }
    framing.content_length = length;
  } else if (EqualsIgnoreCaseAscii(field.name, "Transfer-Encoding")) {
    framing.transfer_encoding = true;
  } else if (EqualsIgnoreCaseAscii(field.name, "Content-Encoding")) {
    framing.content_encoding = true;
  } else if (EqualsIgnoreCaseAscii(field.name, "Expect")) {
    framing.expect = field.value;
  }
  return std::nullopt;
}

Result<std::uint64_t, HeadRejection> DecideFraming(std::string_view method, const FramingFields& framing,
                                                   std::uint64_t payload_max_length, bool length_optional) {
  if (framing.transfer_encoding) {
    if (framing.content_length) return Reject(400, "both Content-Length and Transfer-Encoding");
    return Reject(501, "Transfer-Encoding is not supported");
  }
  if (framing.content_encoding) return Reject(415, "Content-Encoding is not supported");
  if (!framing.content_length && !length_optional &&
      (method == "POST" || method == "PUT" || method == "PATCH")) {
    return Reject(411, "Content-Length required");
  }
  const std::uint64_t length = framing.content_length.value_or(0);
  const bool too_large = length > payload_max_length;
  if (framing.expect) {
    if (!EqualsIgnoreCaseAscii(*framing.expect, "100-continue")) {
      return Reject(417, "unsupported expectation");
    }
    if (too_large) return Reject(417, "payload too large");
  }
  if (too_large) return Reject(413, "payload too large");
  return length;
}

}  // namespace vi::http
