// The smallest useful program on vi::client: search numbers, reserve the
// first one, show it, release it. Configuration from the environment, so no
// secret is on a command line: VI_URL (default: a local vi-sandbox),
// VI_LOGIN and VI_SECRET (default sandbox/sandbox, the emulator's account).
// Exit 0 on success, 1 when the service says no, 3 when it cannot be reached.
#include <cstdlib>
#include <iostream>
#include <string>

#include "client/client.h"

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

}  // namespace

int main() {
  vi::client::ClientOptions options;
  options.endpoint = EnvOr("VI_URL", "http://127.0.0.1:8080/VOIP/Services/APIService.asmx");
  options.credentials = {EnvOr("VI_LOGIN", "sandbox"), EnvOr("VI_SECRET", "sandbox")};
  auto client = vi::client::Client::Create(options);
  if (!client) {
    std::cerr << "example: " << client.error().message << "\n";
    return 2;
  }

  vi::model::SearchRequest search;
  search.npa = "435";
  auto found = client->GetDids(search);
  if (!found) {
    std::cerr << "example: " << found.error().message << "\n";  // never contains the secret
    return 3;
  }
  if (found->response_code != 100 || found->did_locators.empty()) {
    std::cerr << "example: getDIDs answered " << found->response_code << "\n";
    return 1;
  }
  const std::string tn = found->did_locators.front().tn.value_or("");
  std::cout << "found " << found->did_locators.size() << " numbers; reserving " << tn << "\n";

  auto reserved = client->ReserveDid({{tn, std::nullopt, "example", 0}});
  if (!reserved) {
    std::cerr << "example: " << reserved.error().message << "\n";
    return 3;
  }
  if (reserved->dids.empty() || reserved->dids.front().status_code != "100") {
    std::cerr << "example: reserveDID did not reserve " << tn << "\n";
    return 1;
  }
  std::cout << "reserved " << tn << ": " << reserved->dids.front().status.value_or("") << "\n";

  auto released = client->ReleaseDid({{tn, std::nullopt, std::nullopt, std::nullopt}});
  if (!released || released->response_code != 100) return released ? 1 : 3;
  std::cout << "released " << tn << "\n";
  return 0;
}
