// RunContracts: the vi-contracts binary run as a user runs it — a
// subprocess with arguments, VI_LOGIN/VI_SECRET/VI_URL unset unless given,
// its exit code, stdout and stderr captured — and the emulator the suite
// runs against (the real server, both schemas per path, on an ephemeral
// port). Shared by the contract-runner tests.
#ifndef VI_TESTS_CONTRACTS_RUN_CONTRACTS_H_
#define VI_TESTS_CONTRACTS_RUN_CONTRACTS_H_

#include <string>
#include <vector>

#include "mock-server/server/sandbox_server.h"

namespace vi::testing {

struct ContractsRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  // The numbers of the final "N passed, M failed, K skipped" line (-1: none).
  int passed = -1, failed = -1, skipped = -1;
};

ContractsRun RunContracts(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// The emulator as shipped: both service paths, each its own schema, the
// default inventory (50,000 numbers) and accounts.
server::SandboxServerConfig PerPathConfig();

inline const std::string kSandboxPath = "/VOIP/Services/APIService.asmx";
inline const std::string kProductionPath = "/Services/APIService.asmx";

}  // namespace vi::testing

#endif  // VI_TESTS_CONTRACTS_RUN_CONTRACTS_H_
