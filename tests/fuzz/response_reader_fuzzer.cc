// libFuzzer harness for the client's response reader (wire/response_reader.h):
// the whole input is an HTTP answer body, read as a DIDResponse, as a
// PortResponse and as a fault. Built only with -DVI_FUZZ=ON. Invariants
// (abort() on violation): a malformed answer carries a non-empty message,
// and a fault is never also a result; ASan/UBSan watch the rest.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "wire/response_reader.h"

namespace {

void Violated(const char* what) {
  std::fprintf(stderr, "*** INVARIANT VIOLATED: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using Kind = vi::wire::ResponseError::Kind;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto did = vi::wire::ReadDidResponse(body, "queryDID");
  if (!did && did.error().kind == Kind::kMalformed && did.error().message.empty()) {
    Violated("malformed DIDResponse without a message");
  }
  auto port = vi::wire::ReadPortResponse(body, "getPortDetails");
  if (!port && port.error().kind == Kind::kMalformed && port.error().message.empty()) {
    Violated("malformed PortResponse without a message");
  }
  auto fault = vi::wire::ReadFault(body);
  if (fault && (did || port)) Violated("a fault read as a result too");
  return 0;
}
