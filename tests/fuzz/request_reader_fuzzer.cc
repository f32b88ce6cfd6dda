// libFuzzer harness for wire::SoapRequest::Parse alone, plus every field
// reader on a parsed request. The whole input is the HTTP body. Built only
// with -DVI_FUZZ=ON. Invariants (abort() on violation): a failure carries a
// non-empty message; a success has a non-empty operation name; and the
// readers never crash (ASan/UBSan watch them).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "wire/request_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = vi::wire::SoapRequest::Parse(body);
  if (!parsed) {
    if (parsed.error().message.empty()) {
      std::fprintf(stderr, "*** INVARIANT VIOLATED: read failure with an empty message\n");
      std::abort();
    }
    return 0;
  }
  const vi::wire::SoapRequest& req = *parsed;
  // Names are checked as XmlReader checks them (an "op:" element, found by
  // this fuzzer, is now a 400): a parsed request always names its operation.
  if (req.operation().empty()) {
    std::fprintf(stderr, "*** INVARIANT VIOLATED: parsed request without an operation\n");
    std::abort();
  }
  (void)req.ReadCredentials();
  (void)req.ReadField("did");
  (void)req.ReadField("tn");
  (void)req.ReadSearch(false);
  (void)req.ReadSearch(true);
  auto params = req.ReadDidParams();
  if (!params && params.error().message.empty()) std::abort();
  auto port = req.ReadPortId();
  if (!port && port.error().message.empty()) std::abort();
  (void)req.IgnoredElements();
  return 0;
}
