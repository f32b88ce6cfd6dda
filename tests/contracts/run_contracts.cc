#include "tests/contracts/run_contracts.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/testing/running_server.h"

namespace vi::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

ContractsRun RunContracts(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  static int counter = 0;
  const std::string base =
      "/tmp/vi_contracts_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  std::string cmd = "env -u VI_URL -u VI_LOGIN -u VI_SECRET";
  for (const std::string& e : env) cmd += " " + Quote(e);
  cmd += " " + Quote(VI_CONTRACTS_BINARY);
  for (const std::string& a : args) cmd += " " + Quote(a);
  cmd += " >" + base + ".out 2>" + base + ".err";
  int status = std::system(cmd.c_str());
  ContractsRun r;
  REQUIRE(WIFEXITED(status));
  r.exit_code = WEXITSTATUS(status);
  r.out = Slurp(base + ".out");
  r.err = Slurp(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
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
