#include "client/endpoint.h"

#include "base/ascii.h"

namespace vi::client {

Result<Endpoint, std::string> ResolveEndpoint(std::string_view name_or_url) {
  if (name_or_url == "sandbox") return Endpoint{std::string(kSandboxUrl), wire::Profile::kSandbox};
  if (name_or_url == "production") return Endpoint{std::string(kProductionUrl), wire::Profile::kProduction};
  std::string lower = AsciiLower(name_or_url);
  std::size_t host = lower.starts_with("http://") ? 7 : lower.starts_with("https://") ? 8 : 0;
  if (host == 0 || host >= lower.size() || lower[host] == '/') {
    return MakeUnexpected(std::string("endpoint must be 'sandbox', 'production' or an http(s):// URL"));
  }
  std::size_t path_start = lower.find('/', host);
  std::string_view path =
      path_start == std::string::npos ? std::string_view() : std::string_view(lower).substr(path_start);
  if (std::size_t q = path.find_first_of("?#"); q != std::string_view::npos) path = path.substr(0, q);
  // IIS matches paths without regard to case.
  bool sandbox = path.ends_with("/voip/services/apiservice.asmx");
  return Endpoint{std::string(name_or_url), sandbox ? wire::Profile::kSandbox : wire::Profile::kProduction};
}

}  // namespace vi::client
