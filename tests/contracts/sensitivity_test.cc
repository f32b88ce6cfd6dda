// The suite is sensitive: with a proxy in front of the emulator breaking its
// answers one way at a time, the whole suite fails in both schemas; through
// the same proxy with nothing broken it passes (so the breakage, not the
// proxy, is what fails it).
#include <catch2/catch.hpp>
#include <string>

#include "tests/contracts/breaking_proxy.h"
#include "tests/contracts/run_contracts.h"
#include "tests/testing/running_server.h"

namespace {

using vi::testing::Breakage;

const std::string kContracts = std::string(VI_SOURCE_DIR) + "/contracts";

struct Runs {
  vi::testing::ContractsRun sandbox;
  vi::testing::ContractsRun production;
  std::string health_after;  // the emulator's /_admin/health after both runs
};

// Runs the suite through a proxy applying `b`, on both service paths.
Runs SuiteThrough(Breakage b) {
  vi::testing::RunningServer server(vi::testing::PerPathConfig());
  vi::testing::BreakingProxy proxy(server.port(), b);
  Runs r;
  r.sandbox = vi::testing::RunContracts(
      {"--url", proxy.base_url() + vi::testing::kSandboxPath, "--contracts", kContracts});
  r.production = vi::testing::RunContracts(
      {"--url", proxy.base_url() + vi::testing::kProductionPath, "--contracts", kContracts});
  httplib::Result health = server.client().Get("/_admin/health");
  REQUIRE(health);
  r.health_after = health->body;
  return r;
}

void ExpectSuiteFails(Breakage b, const std::string& contract) {
  auto [sandbox, production, health] = SuiteThrough(b);
  INFO("breakage: " << vi::testing::BreakageName(b));
  INFO("sandbox run:\n" << sandbox.out << sandbox.err);
  INFO("production run:\n" << production.out << production.err);
  CHECK(sandbox.exit_code == 1);
  CHECK(sandbox.failed > 0);
  CHECK(production.exit_code == 1);
  CHECK(production.failed > 0);
  // The contract written for this behaviour is among those that fail.
  CHECK((sandbox.out + production.out).find("FAIL " + contract + " ") != std::string::npos);
  // Failing contracts still released what they reserved or assigned.
  CHECK(health.find("\"holdings\":0,") != std::string::npos);
}

}  // namespace

TEST_CASE("sensitivity: the suite passes through the proxy when nothing is broken") {
  auto [sandbox, production, health] = SuiteThrough(Breakage::kNone);
  INFO(sandbox.out << production.out);
  CHECK(health.find("\"holdings\":0,") != std::string::npos);
  CHECK(sandbox.exit_code == 0);
  CHECK(sandbox.failed == 0);
  CHECK(production.exit_code == 0);
  CHECK(production.failed == 0);
}

TEST_CASE("sensitivity: element order") { ExpectSuiteFails(Breakage::kElementOrder, "queryDID-available"); }

TEST_CASE("sensitivity: a status text") { ExpectSuiteFails(Breakage::kStatusText, "reserve-query-release"); }

TEST_CASE("sensitivity: a missing empty array") {
  ExpectSuiteFails(Breakage::kMissingEmptyArray, "getDIDs-sorted-locators");
}

TEST_CASE("sensitivity: unsorted locators") {
  ExpectSuiteFails(Breakage::kUnsortedLocators, "getDIDs-sorted-locators");
}

TEST_CASE("sensitivity: a reservation that lasts 60 minutes") {
  ExpectSuiteFails(Breakage::kSixtyMinuteReservation, "reservation-expires-at-30-minutes");
}

TEST_CASE("sensitivity: a release that always succeeds") {
  ExpectSuiteFails(Breakage::kReleaseAlwaysSucceeds, "reserve-query-release");
}

TEST_CASE("sensitivity: a fault sent with HTTP 200") {
  ExpectSuiteFails(Breakage::kFaultWith200, "fault-unknown-soapaction-11");
}

TEST_CASE("sensitivity: a prefixed payload") {
  ExpectSuiteFails(Breakage::kPrefixedPayload, "queryDID-available");
}

TEST_CASE("sensitivity: whitespace before the XML declaration") {
  ExpectSuiteFails(Breakage::kLeadingWhitespace, "queryDID-available");
}

TEST_CASE("sensitivity: a wrong value kind") {
  ExpectSuiteFails(Breakage::kWrongValueKind, "queryDID-available");
}
