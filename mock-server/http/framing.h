// Message framing: what a request head says about the body that follows it,
// and whether the server accepts that framing (docs/hardening.md §1.4, §4 T6-T17).
// ParseRequestHead feeds it the head's header fields one by one and then asks
// for the decision, so no body byte is read for a request that is refused.
#ifndef VI_MOCK_SERVER_HTTP_FRAMING_H_
#define VI_MOCK_SERVER_HTTP_FRAMING_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.h"
#include "mock-server/http/request_head.h"

namespace vi::http {

// The framing-relevant header fields of one head, collected by
// AddFramingField. `expect` views into the head, which must outlive this.
// Plain value type.
struct FramingFields {
  std::optional<std::uint64_t> content_length;
  bool transfer_encoding = false;
  bool content_encoding = false;
  std::optional<std::string_view> expect;  // the last Expect value seen
};

// Records `field` in `framing` if its name (compared ASCII
// case-insensitively) is Content-Length, Transfer-Encoding,
// Content-Encoding or Expect; other fields are ignored. Returns a 400
// rejection for a Content-Length that is not 1-19 decimal digits or that
// differs from an earlier one; nullopt otherwise.
std::optional<HeadRejection> AddFramingField(const HeaderField& field, FramingFields& framing);

// The framing decision for a complete head: the body length in bytes to read
// (0 without Content-Length), or the rejection, first match wins:
//   400 Content-Length and Transfer-Encoding together;
//   501 any Transfer-Encoding;
//   415 any Content-Encoding;
//   411 POST, PUT or PATCH without Content-Length, unless
//       `length_optional` (then such a request has no body: RFC 9112 §6.3
//       rule 7);
//   417 an Expect other than 100-continue (ASCII case-insensitive), or
//       100-continue with a Content-Length above payload_max_length;
//   413 Content-Length above payload_max_length.
Result<std::uint64_t, HeadRejection> DecideFraming(std::string_view method, const FramingFields& framing,
                                                   std::uint64_t payload_max_length,
                                                   bool length_optional = false);

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_FRAMING_H_
