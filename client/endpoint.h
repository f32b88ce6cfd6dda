// Where a client sends its requests, and which schema the service there
// speaks. Names: "sandbox" (the vendor's retired sandbox, kept for
// completeness), "production", or any http:// or https:// URL. The profile
// follows from the path, as on the real services and on vi-sandbox:
// .../VOIP/Services/APIService.asmx is the sandbox schema, anything else
// (.../Services/APIService.asmx) the production schema
// (docs/wire-contract.md §1, README "Profiles").
#ifndef VI_CLIENT_ENDPOINT_H_
#define VI_CLIENT_ENDPOINT_H_

#include <string>
#include <string_view>

#include "base/result.h"
#include "wire/response_writer.h"

namespace vi::client {

inline constexpr std::string_view kSandboxUrl =
    "http://dev.voipinnovations.com/VOIP/Services/APIService.asmx";
inline constexpr std::string_view kProductionUrl =
    "https://backoffice.voipinnovations.com/Services/APIService.asmx";

struct Endpoint {
  std::string url;
  wire::Profile profile = wire::Profile::kSandbox;
};

// Resolves a name or URL. Fails (with a message naming what is accepted)
// on anything that is neither name nor an http(s) URL with a host.
Result<Endpoint, std::string> ResolveEndpoint(std::string_view name_or_url);

}  // namespace vi::client

#endif  // VI_CLIENT_ENDPOINT_H_
