#include "tests/contracts/run_contracts.h"

#include <regex>

#include "tests/testing/running_server.h"
#include "tests/testing/subprocess.h"

namespace vi::testing {

ContractsRun RunContracts(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  const ProgramRun run = RunProgram(VI_CONTRACTS_BINARY, args, env);
  ContractsRun r;
  r.exit_code = run.exit_code;
  r.out = run.out;
  r.err = run.err;
  static const std::regex summary("(^|\\n)([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped\\n$");
  std::smatch m;
  if (std::regex_search(r.out, m, summary)) {
    r.passed = std::stoi(m[2].str());
    r.failed = std::stoi(m[3].str());
    r.skipped = std::stoi(m[4].str());
  }
  return r;
}

server::SandboxServerConfig PerPathConfig() {
  server::SandboxServerConfig c = TestConfig();
  c.profile_per_path = true;
  c.data.inventory.size = 50'000;
  return c;
}

}  // namespace vi::testing
