// vi-contracts as a user runs it, against the emulator on an ephemeral port:
// the whole suite in both schemas, --compare against the shipped fixtures,
// live safety, exit codes, JUnit, recording without credentials.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/contracts/breaking_proxy.h"
#include "tests/contracts/run_contracts.h"
#include "tests/testing/running_server.h"

namespace {

using vi::testing::ContractsRun;
using vi::testing::RunContracts;
using vi::testing::RunningServer;

const std::string kContracts = std::string(VI_SOURCE_DIR) + "/contracts";
const std::string kFixtures = std::string(VI_SOURCE_DIR) + "/fixtures/soap";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int Holdings(RunningServer& server) {
  httplib::Result r = server.client().Get("/_admin/health");
  REQUIRE(r);
  return nlohmann::json::parse(r->body)["holdings"].get<int>();
}

std::string TempDir(const std::string& name) {
  std::string dir = "/tmp/vi_contracts_" + name + "_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace

TEST_CASE("vi-contracts: the whole suite passes against the emulator in the sandbox schema") {
  RunningServer server(vi::testing::PerPathConfig());
  ContractsRun r =
      RunContracts({"--url", server.base_url() + vi::testing::kSandboxPath, "--contracts", kContracts});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.failed == 0);
  CHECK(r.passed >= 45);
  CHECK(r.out.find("the emulator, sandbox schema") != std::string::npos);
  // Only the production-only contracts are skipped here.
  CHECK(r.skipped == 2);
  CHECK(r.out.find("PASS reservation-expires-at-30-minutes") != std::string::npos);
  CHECK(Holdings(server) == 0);  // every contract cleaned up after itself
}

TEST_CASE("vi-contracts: the whole suite passes against the emulator in the production schema") {
  RunningServer server(vi::testing::PerPathConfig());
  ContractsRun r =
      RunContracts({"--url", server.base_url() + vi::testing::kProductionPath, "--contracts", kContracts});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.failed == 0);
  CHECK(r.passed >= 40);
  CHECK(r.out.find("the emulator, production schema") != std::string::npos);
  CHECK(r.out.find("PASS reserve-recorded-shape") != std::string::npos);
  CHECK(Holdings(server) == 0);
}

TEST_CASE("vi-contracts: --compare finds no drift from the shipped fixtures in either schema") {
  RunningServer server(vi::testing::PerPathConfig());
  ContractsRun sandbox = RunContracts({"--url", server.base_url() + vi::testing::kSandboxPath, "--contracts",
                                       kContracts, "--compare", kFixtures});
  INFO(sandbox.out << sandbox.err);
  CHECK(sandbox.exit_code == 0);
  CHECK(sandbox.failed == 0);
  CHECK(sandbox.passed == 9);
  ContractsRun production = RunContracts({"--url", server.base_url() + vi::testing::kProductionPath,
                                          "--contracts", kContracts, "--compare", kFixtures});
  INFO(production.out << production.err);
  CHECK(production.exit_code == 0);
  CHECK(production.failed == 0);
  CHECK(production.passed == 4);
  // Every shipped fixture is compared in one schema or the other (the two
  // fault fixtures in both).
  CHECK(sandbox.passed + production.passed == 11 + 2);
  CHECK(Holdings(server) == 0);
}

TEST_CASE("vi-contracts: --compare reports drift when the recorded answer differs in structure") {
  RunningServer server(vi::testing::PerPathConfig());
  const std::string dir = TempDir("drift");
  std::filesystem::create_directories(dir + "/isPortable/recorded-portable");
  std::string fixture = Slurp(kFixtures + "/isPortable/recorded-portable/response.xml");
  // The recording says IsPortable comes first: the emulator's answer drifts.
  std::size_t at = fixture.find("<IsPortable>true</IsPortable>");
  REQUIRE(at != std::string::npos);
  fixture.erase(at, std::string("<IsPortable>true</IsPortable>").size());
  fixture.insert(fixture.find("<PortDetails>"), "<IsPortable>true</IsPortable>");
  std::ofstream(dir + "/isPortable/recorded-portable/response.xml") << fixture;
  ContractsRun r = RunContracts(
      {"--url", server.base_url() + vi::testing::kSandboxPath, "--contracts", kContracts, "--compare", dir});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.failed == 1);
  CHECK(r.out.find("DRIFT isPortable/recorded-portable") != std::string::npos);
  CHECK(r.out.find("by operation:\n  isPortable: 0 same, 1 drift, 0 skipped\n") != std::string::npos);
  CHECK(r.out.find("children [responseCode, responseMessage, PortDetails, IsPortable] where the fixture has "
                   "[responseCode, responseMessage, IsPortable, PortDetails]") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("vi-contracts: --list shows every contract and its class and calls nothing") {
  ContractsRun r = RunContracts({"--list", "--contracts", kContracts});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("getDIDs-sorted-locators  [read]  runs live") != std::string::npos);
  CHECK(r.out.find("reserve-query-release  [reversible]  live: skipped, class reversible does not run live "
                   "without --allow reversible") != std::string::npos);
  CHECK(r.out.find("assign-query-config-release  [billable]") != std::string::npos);
  CHECK(r.out.find(
            "reservation-expires-at-30-minutes  [reversible, clock]  live: skipped, needs the emulator's "
            "clock") != std::string::npos);
}

TEST_CASE("vi-contracts: against a service without the control API only read contracts run") {
  RunningServer server(vi::testing::PerPathConfig());
  vi::testing::BreakingProxy live(server.port(), vi::testing::Breakage::kHideControlApi);
  const std::string url = live.base_url() + vi::testing::kSandboxPath;
  ContractsRun r =
      RunContracts({"--url", url, "--contracts", kContracts}, {"VI_LOGIN=sandbox", "VI_SECRET=sandbox"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.failed == 0);
  CHECK(r.out.find("not the emulator (live-safe)") != std::string::npos);
  CHECK(r.out.find(
            "SKIP reserve-query-release [reversible]: class reversible does not run live without --allow "
            "reversible") != std::string::npos);
  CHECK(r.out.find("SKIP assign-query-config-release [billable]") != std::string::npos);
  CHECK(r.out.find("SKIP reservation-expires-at-30-minutes [reversible]: needs the emulator's clock") !=
        std::string::npos);
  CHECK(r.out.find("PASS getDIDs-sorted-locators [read]") != std::string::npos);
  CHECK(r.out.find("PASS reserve") == std::string::npos);
  CHECK(r.out.find("PASS assign") == std::string::npos);
  CHECK(Holdings(server) == 0);

  // --allow reversible adds reserve/release contracts (which clean up), not billable ones.
  ContractsRun allowed =
      RunContracts({"--url", url, "--contracts", kContracts, "--allow", "reversible", "--pace", "1"},
                   {"VI_LOGIN=sandbox", "VI_SECRET=sandbox"});
  INFO(allowed.out << allowed.err);
  CHECK(allowed.exit_code == 0);
  CHECK(allowed.out.find("PASS reserve-query-release [reversible]") != std::string::npos);
  CHECK(allowed.out.find("SKIP assign-query-config-release [billable]") != std::string::npos);
  // Cross-account contracts need the other account's credentials live.
  CHECK(allowed.out.find("SKIP reserve-cross-account [reversible]: needs variable otherLogin") !=
        std::string::npos);
  CHECK(Holdings(server) == 0);
}

TEST_CASE("vi-contracts: exit 2 on usage errors and 3 when the service cannot be reached") {
  CHECK(RunContracts({"--bogus"}).exit_code == 2);
  CHECK(RunContracts({"--contracts", kContracts}).exit_code == 2);  // no --url
  CHECK(RunContracts({"--url", "http://127.0.0.1:1/x", "--contracts", kContracts, "--allow", "everything"})
            .exit_code == 2);
  CHECK(RunContracts({"--url", "http://127.0.0.1:1/x", "--contracts", kContracts, "--only", "no-such"})
            .exit_code == 2);
  CHECK(RunContracts({"--url", "http://127.0.0.1:1/x", "--contracts", "/nonexistent"}).exit_code == 2);
  ContractsRun down =
      RunContracts({"--url", "http://127.0.0.1:1/VOIP/Services/APIService.asmx", "--contracts", kContracts});
  CHECK(down.exit_code == 3);
  CHECK(down.err.find("cannot reach the service") != std::string::npos);
  // Not the emulator and no credentials: a usage error, nothing is called.
  RunningServer server(vi::testing::PerPathConfig());
  vi::testing::BreakingProxy live(server.port(), vi::testing::Breakage::kHideControlApi);
  ContractsRun no_creds =
      RunContracts({"--url", live.base_url() + vi::testing::kSandboxPath, "--contracts", kContracts});
  CHECK(no_creds.exit_code == 2);
  CHECK(no_creds.err.find("VI_LOGIN") != std::string::npos);
}

TEST_CASE("vi-contracts: the CLI conventions: --opt=value, VI_CONTRACTS_* variables, VI_URL kept") {
  const std::string down = "http://127.0.0.1:1/VOIP/Services/APIService.asmx";
  // --opt=value, and a switch given a value is a usage error.
  CHECK(RunContracts({"--url=" + down, "--contracts=" + std::string(kContracts)}).exit_code == 3);
  ContractsRun list_value = RunContracts({"--list=1", "--contracts", kContracts});
  CHECK(list_value.exit_code == 2);
  CHECK(list_value.err.find("--list takes no value") != std::string::npos);
  // Every option from its variable; the command line wins; VI_URL is read last.
  ContractsRun listed =
      RunContracts({}, {"VI_CONTRACTS_LIST=yes", "VI_CONTRACTS_CONTRACTS=" + std::string(kContracts)});
  CHECK(listed.exit_code == 0);
  CHECK(listed.out.find("contracts; against the emulator every one runs") != std::string::npos);
  CHECK(RunContracts({"--contracts", kContracts}, {"VI_CONTRACTS_URL=" + down}).exit_code == 3);
  CHECK(RunContracts({"--contracts", kContracts, "--url", down}, {"VI_CONTRACTS_URL=nowhere"}).exit_code ==
        3);
  CHECK(RunContracts({"--contracts", kContracts}, {"VI_CONTRACTS_URL=" + down, "VI_URL=nowhere"}).exit_code ==
        3);
  CHECK(RunContracts({"--contracts", kContracts}, {"VI_URL=" + down}).exit_code == 3);
  CHECK(RunContracts({"--contracts", kContracts}, {"VI_CONTRACTS_URL=nowhere"}).exit_code == 2);
  // Bad variables: a bad switch value and a bad value are usage errors;
  // a variable that names no option is a warning.
  ContractsRun bad_switch = RunContracts({"--contracts", kContracts}, {"VI_CONTRACTS_LIST=maybe"});
  CHECK(bad_switch.exit_code == 2);
  CHECK(bad_switch.err.find("VI_CONTRACTS_LIST") != std::string::npos);
  CHECK(RunContracts({"--contracts", kContracts, "--url", down}, {"VI_CONTRACTS_PACE=soon"}).exit_code == 2);
  ContractsRun typo = RunContracts({"--list", "--contracts", kContracts}, {"VI_CONTRACTS_LSIT=1"});
  CHECK(typo.exit_code == 0);
  CHECK(typo.err.find("VI_CONTRACTS_LSIT is set but names no option") != std::string::npos);
  // A run configured from variables alone; the report it cannot write is a
  // runtime failure (1), not a usage error.
  RunningServer server(vi::testing::PerPathConfig());
  const std::vector<std::string> env = {"VI_CONTRACTS_URL=" + server.base_url() + vi::testing::kSandboxPath,
                                        "VI_CONTRACTS_CONTRACTS=" + std::string(kContracts),
                                        "VI_CONTRACTS_ONLY=queryDID-available"};
  ContractsRun one = RunContracts({}, env);
  INFO(one.out << one.err);
  CHECK(one.exit_code == 0);
  CHECK(one.passed == 1);
  CHECK(one.failed == 0);
  ContractsRun unwritable = RunContracts({"--junit", "/nonexistent/dir/report.xml"}, env);
  CHECK(unwritable.exit_code == 1);
  CHECK(unwritable.err.find("cannot write") != std::string::npos);
  // --help names the variables and the exit status.
  ContractsRun help = RunContracts({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("VI_CONTRACTS_URL=sandbox is --url sandbox") != std::string::npos);
  CHECK(help.out.find("exit status:") != std::string::npos);
}

TEST_CASE("vi-contracts: --junit writes one testcase per contract with failures and skips") {
  RunningServer server(vi::testing::PerPathConfig());
  vi::testing::BreakingProxy broken(server.port(), vi::testing::Breakage::kStatusText);
  const std::string file = TempDir("junit") + ".xml";
  ContractsRun r = RunContracts(
      {"--url", broken.base_url() + vi::testing::kSandboxPath, "--contracts", kContracts, "--junit", file});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  const std::string xml = Slurp(file);
  std::size_t testcases = 0;
  for (std::size_t at = xml.find("<testcase "); at != std::string::npos;
       at = xml.find("<testcase ", at + 1)) {
    ++testcases;
  }
  CHECK(testcases == static_cast<std::size_t>(r.passed + r.failed + r.skipped));
  CHECK(xml.find("failures=\"" + std::to_string(r.failed) + "\"") != std::string::npos);
  CHECK(xml.find("<failure message=\"step 7 (release again):\">") != std::string::npos);
  CHECK(xml.find("<skipped message=\"fits the production schema only") != std::string::npos);
  // The console names the step, the expectation and an excerpt of the answer.
  CHECK(r.out.find(
            "FAIL reserve-query-release [reversible]\n  step 7 (release again):\n    equals DIDs/DID/status: "
            "'Number currently Available', expected 'Number currently available'") != std::string::npos);
  CHECK(r.out.find("answer (HTTP 200): <?xml") != std::string::npos);
  std::filesystem::remove(file);
}

TEST_CASE("vi-contracts: --record keeps no credentials and --compare replays the recording in order") {
  const std::string dir = TempDir("record");
  {
    RunningServer server(vi::testing::PerPathConfig());
    ContractsRun r = RunContracts({"--url", server.base_url() + vi::testing::kProductionPath, "--contracts",
                                   kContracts, "--only", "reserve-query-release", "--only",
                                   "fault-unknown-soapaction-11", "--record", dir});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  const std::string request = Slurp(dir + "/reserveDID/reserve-query-release--2-reserve/request.xml");
  CHECK(request.find("<login>${login}</login><secret>${secret}</secret>") != std::string::npos);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string text = Slurp(entry.path().string());
    INFO(entry.path());
    CHECK(text.find(">sandbox<") == std::string::npos);
  }
  nlohmann::json meta =
      nlohmann::json::parse(Slurp(dir + "/reserveDID/reserve-query-release--2-reserve/meta.json"));
  CHECK(meta["operation"] == "reserveDID");
  CHECK(meta["profile"] == "production");
  CHECK(meta["status"] == 200);
  // A fresh emulator replays the session as recorded: no drift.
  RunningServer fresh(vi::testing::PerPathConfig());
  ContractsRun c = RunContracts({"--url", fresh.base_url() + vi::testing::kProductionPath, "--contracts",
                                 kContracts, "--compare", dir});
  INFO(c.out << c.err);
  CHECK(c.exit_code == 0);
  CHECK(c.passed == 10);
  CHECK(c.failed == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("vi-contracts: a misspelt or mistyped contract is refused and a bad pattern fails its contract") {
  const std::string dir = TempDir("bad_contracts");
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& json) { std::ofstream(dir + "/c.json") << json; };
  // A misspelt expectation would assert nothing: refused when loading.
  write(R"({"name": "typo", "class": "read", "steps": [{"call": "auditDIDs", "expect": {"equal": {}}}]})");
  ContractsRun typo = RunContracts({"--list", "--contracts", dir});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("unknown expectation \"equal\"") != std::string::npos);
  write(R"({"name": "typed", "class": 7, "steps": [{"call": "auditDIDs"}]})");
  ContractsRun typed = RunContracts({"--list", "--contracts", dir});
  CHECK(typed.exit_code == 2);
  CHECK(typed.err.find("malformed contract") != std::string::npos);
  write(R"({"name": "mutating-read", "class": "read", "steps": [{"call": "reserveDID"}]})");
  CHECK(RunContracts({"--list", "--contracts", dir}).exit_code == 2);
  // An invalid regular expression is that contract's failure, not a crash.
  write(R"({"name": "bad-regex", "class": "read",
            "steps": [{"call": "auditDIDs", "expect": {"matches": {"responseMessage": "(["}}}]})");
  RunningServer server(vi::testing::PerPathConfig());
  ContractsRun regex =
      RunContracts({"--url", server.base_url() + vi::testing::kSandboxPath, "--contracts", dir});
  INFO(regex.out << regex.err);
  CHECK(regex.exit_code == 1);
  CHECK(regex.failed == 1);
  CHECK(regex.out.find("FAIL bad-regex [read]\n  step 1:\n    malformed expectation:") != std::string::npos);
  std::filesystem::remove_all(dir);
}
