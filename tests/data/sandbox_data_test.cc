// The shipped default data: coverage of every state, the recorded numbers,
// the shipped accounts and port orders.
#include "mock-server/data/sandbox_data.h"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "fixtures/embedded.h"
#include "mock-server/core/clock.h"

using namespace vi;

namespace {

const core::SandboxData& DefaultData() {
  static const core::SandboxData* data = [] {
    auto d = data::LoadSandboxData({});
    if (!d) FAIL(d.error());
    return new core::SandboxData(std::move(*d));
  }();
  return *data;
}

}  // namespace

TEST_CASE("The default coverage has every state and DC, and Utah 435 in depth", "[data]") {
  const core::Inventory& inv = *DefaultData().inventory;
  std::set<std::string> states;
  std::set<std::string> ut435;
  for (const core::Exchange& e : inv.coverage().exchanges()) {
    const core::RateCenter& rc = inv.coverage().rate_centers()[e.rate_center];
    states.insert(rc.state);
    if (rc.state == "UT" && e.code / 1000 == 435) ut435.insert(rc.name);
  }
  const char* all[] = {"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID",
                       "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO",
                       "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
                       "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"};
  for (const char* s : all) {
    CAPTURE(s);
    CHECK(states.count(s) == 1);
  }
  CHECK(states.count("ALL") == 1);  // toll-free stock
  for (const char* name : {"BEAVER", "BRIAN HEAD", "BRIGHAM CY", "RICHFIELD", "ST GEORGE"}) {
    CAPTURE(name);
    CHECK(ut435.count(name) == 1);
  }
  CHECK(ut435.size() >= 15);
}

TEST_CASE("The recorded numbers exist and start available with their attributes", "[data]") {
  const core::SandboxData& d = DefaultData();
  core::ManualClock clock(model::kSentinelDate);
  core::Sandbox sandbox(clock, d, {});
  for (const char* tn :
       {"4352016526", "4352154006", "4352154974", "4358797726", "4353198001", "8772207304"}) {
    CAPTURE(tn);
    REQUIRE(d.inventory->Find(*core::ParseTn(tn)).has_value());
    CHECK(sandbox.Holder(*core::ParseTn(tn)).first == core::HoldKind::kAvailable);
  }
  const core::Inventory& inv = *d.inventory;
  auto rich = *inv.Find(4352016526ULL);
  CHECK(inv.rate_center(rich).name == "RICHFIELD");
  CHECK(inv.rate_center(rich).state == "UT");
  CHECK(inv.rate_center(rich).lata == 660);
  CHECK(inv.TierText(rich) == "4");
  CHECK(inv.rate_center(*inv.Find(4352165994ULL)).name == "ST GEORGE");
  CHECK(inv.TierText(*inv.Find(4358797726ULL)) == "1");
  CHECK(inv.network_name(*inv.Find(4353198001ULL)) == "Onvoy");
  CHECK(inv.rate_center(*inv.Find(8772207304ULL)).toll_free);
}

TEST_CASE("The shipped accounts and port 36623 are as specified", "[data]") {
  const core::SandboxData& d = DefaultData();
  REQUIRE(d.accounts.size() >= 3);
  CHECK(d.accounts[0].login == "sandbox");
  CHECK(d.accounts[0].endpoint_groups == std::vector<int>{8674, 8675});
  CHECK_FALSE(d.accounts[0].allowed_tiers.has_value());
  CHECK(d.accounts[2].login == "limited");
  CHECK(d.accounts[2].allowed_tiers == std::vector<int>{0, 1});
  CHECK_FALSE(d.accounts[2].toll_free_origination);
  bool found = false;
  for (const core::PortOrder& p : d.ports) {
    if (p.detail.id != 36623) continue;
    found = true;
    CHECK(p.owner_login == "sandbox");
    CHECK(p.detail.end_user == "Rob  Richey");
    CHECK_FALSE(p.detail.sales_rep.has_value());
    CHECK_FALSE(p.detail.submitted_date.has_value());
    REQUIRE(p.detail.dids);
    REQUIRE(p.detail.dids->size() == 1);
    CHECK((*p.detail.dids)[0].lata == "999");
    CHECK(p.detail.default_endpoint_group == 8674);
  }
  CHECK(found);
}

TEST_CASE("Default data is deterministic and scales to 1,000,000 numbers", "[data][slow]") {
  data::DataOptions opts;
  opts.inventory.size = 1'000'000;
  auto a = data::LoadSandboxData(opts);
  REQUIRE(a);
  CHECK(a->inventory->size() >= 1'000'000);
  CHECK(a->inventory->size() <= 1'000'000 + 8);  // pinned numbers may add a few
  auto b = data::LoadSandboxData(opts);
  REQUIRE(b);
  REQUIRE(a->inventory->size() == b->inventory->size());
  CHECK(a->inventory->number(123'456).tn == b->inventory->number(123'456).tn);
}

TEST_CASE("Fixture parsers reject bad input with a message naming it", "[data]") {
  auto acc = data::ParseAccounts(R"({"accounts":[{"login":"a","secret":"b","endpointGroups":"x"}]})");
  REQUIRE_FALSE(acc);
  CHECK(acc.error().rfind("1:14: accounts: 'a': ", 0) == 0);
  CHECK(acc.error().find("(hint: ") != std::string::npos);
  CHECK_FALSE(data::ParseAccounts("{"));
  std::string deep(100'000, '[');
  CHECK_FALSE(data::ParseAccounts(deep));
  auto dup = data::ParseAccounts(
      R"({"accounts":[{"login":"a","secret":"b","endpointGroups":[1],"tiers":"all","tollFreeOrigination":true,"standardOrigination":true},
                      {"login":"a","secret":"c","endpointGroups":[2],"tiers":"all","tollFreeOrigination":true,"standardOrigination":true}]})");
  REQUIRE_FALSE(dup);
  CHECK(dup.error() == "2:23: accounts: login 'a' defined twice (hint: logins are unique)");
  auto ports = data::ParsePorts(R"({"ports":[{"owner":"a","id":1,"submittedDate":"yesterday","dids":[]}]})");
  REQUIRE_FALSE(ports);
  CHECK(ports.error().rfind("1:11: ports: port 1: submittedDate is not yyyy-MM-ddTHH:mm:ss (hint: ", 0) == 0);
  CHECK_FALSE(data::ParsePinnedNumbers("4352154006\t2\t1\n"));
  CHECK_FALSE(data::ParsePinnedNumbers("4352154006\t2x\t1\t1\t0\tOnvoy\n"));
  CHECK(data::ParsePinnedNumbers("# c\r\n4352154006\t-\t1\t1\t0\tOnvoy\r\n")->at(0).tier == core::kNoTier);
  CHECK_FALSE(data::ParseNonPortable("12345\n"));
}

TEST_CASE("A ports file with a date outside the DateTime range is a start-up error naming it",
          "[data][clock]") {
  // One port whose focDate is well-formed but before 0001-01-01: before
  // dates were bounded, such text reached time arithmetic unchecked.
  const std::string bad_port = R"({"ports":[{"owner":"sandbox","id":7,"submittedDate":"2016-03-01T09:15:00",)"
                               R"("focDate":"0000-12-31T00:00:00","dids":[]}]})";
  const std::string range = "0001-01-01T00:00:00 .. 9999-12-31T23:59:59.9999999";
  auto parsed = data::ParsePorts(bad_port);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().rfind(
            "1:11: ports: port 7: focDate 0000-12-31T00:00:00 is outside " + range + " (hint: ", 0) == 0);

  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("vi_ports_range_" + std::to_string(::getpid()) + ".json");
  {
    std::ofstream out(path);
    out << bad_port;
  }
  data::DataOptions opts;
  opts.inventory.size = 1000;
  opts.ports_path = path.string();
  auto loaded = data::LoadSandboxData(opts);
  std::filesystem::remove(path);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().rfind(
            path.string() + ":1:11: ports: port 7: focDate 0000-12-31T00:00:00 is outside " + range, 0) == 0);

  // The range's ends themselves are accepted, and kept exactly.
  auto ends = data::ParsePorts(R"({"ports":[{"owner":"sandbox","id":8,"submittedDate":"0001-01-01T00:00:00",)"
                               R"("focDate":"9999-12-31T23:59:59.9999999","dids":[]}]})");
  REQUIRE(ends);
  CHECK(ends->at(0).detail.submitted_date == model::kMinTime);
  CHECK(ends->at(0).detail.foc_date == model::kMaxTime);
}

TEST_CASE("Data-file errors name line and column and give a hint", "[data]") {
  auto syntax = data::ParseAccounts("{\n  \"accounts\": [\n    {\"login\": \"a\",}\n  ]\n}\n");
  REQUIRE_FALSE(syntax);
  CHECK(syntax.error().rfind("3:19: accounts: not valid JSON: ", 0) == 0);
  CHECK(syntax.error().find("hint: ") != std::string::npos);
  auto missing = data::ParseAccounts(
      "{\"accounts\": [\n  {\"login\": \"a\", \"secret\": \"b\"},\n  {\"login\": \"c\"}\n]}");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().rfind("3:3: accounts: 'c': ", 0) == 0);
  CHECK(missing.error().find("\"secret\"") != std::string::npos);
  auto pinned = data::ParsePinnedNumbers("# c\n4352154006\t2\t1\t2\t0\tOnvoy\n");
  REQUIRE_FALSE(pinned);
  CHECK(pinned.error().rfind("2:16: pinned numbers: expected 0 or 1 (hint: ", 0) == 0);
  auto short_line = data::ParsePinnedNumbers("4352154006\t2\n");
  REQUIRE_FALSE(short_line);
  CHECK(short_line.error().rfind("1:13: pinned numbers: expected 6 or 7 tab-separated fields, got 2", 0) ==
        0);
}

TEST_CASE("Optional fields of accounts and ports are defaulted", "[data]") {
  auto acc = data::ParseAccounts(R"({"accounts":[{"login":"a","secret":"b"}]})");
  REQUIRE(acc);
  CHECK(acc->at(0).endpoint_groups.empty());
  CHECK_FALSE(acc->at(0).allowed_tiers.has_value());
  CHECK(acc->at(0).toll_free_origination);
  CHECK(acc->at(0).standard_origination);
  auto ports = data::ParsePorts(
      R"({"ports":[{"owner":"a","id":5},{"owner":"a","id":6,"dids":[{"tn":"4352154006"}]}]})");
  REQUIRE(ports);
  CHECK(ports->at(0).detail.dids->empty());
  CHECK(ports->at(1).detail.dids->at(0).endpoint_group == 0);
  CHECK_FALSE(ports->at(1).detail.dids->at(0).cnam);
}

TEST_CASE("Pinned numbers: none leaves the recorded numbers out, a file replaces them", "[data]") {
  data::DataOptions opts;
  opts.inventory.size = 1000;
  opts.pinned_numbers_path = "none";
  auto none = data::LoadSandboxData(opts);
  REQUIRE(none);
  CHECK_FALSE(none->inventory->Find(4353198001ULL).has_value());
  CHECK_FALSE(none->inventory->Find(4352154006ULL).has_value());
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("vi_pinned_" + std::to_string(::getpid()) + ".tsv");
  {
    std::ofstream out(path);
    out << "4352154006\t7\t1\t1\t0\tOnvoy\n";
  }
  opts.pinned_numbers_path = path.string();
  auto mine = data::LoadSandboxData(opts);
  REQUIRE(mine);
  REQUIRE(mine->inventory->Find(4352154006ULL).has_value());
  CHECK(mine->inventory->TierText(*mine->inventory->Find(4352154006ULL)) == "7");
  CHECK_FALSE(mine->inventory->Find(4353198001ULL).has_value());
  {
    std::ofstream out(path);
    out << "4352154006\t2\t1\t1\t0\tOnvoy\n4352154974\tx\t1\t1\t0\tOnvoy\n";
  }
  auto bad = data::LoadSandboxData(opts);
  std::filesystem::remove(path);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().rfind(path.string() + ":2:12: pinned numbers: the tier is not a number or -", 0) == 0);
}

TEST_CASE("A custom coverage sizes the default inventory and drops the built-in pins it does not cover",
          "[data]") {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("vi_coverage_" + std::to_string(::getpid()) + ".tsv");
  {
    std::ofstream out(path);
    out << "NY\t132\tNEW YORK CITY\t212\t555\n";  // one exchange: 10,000 numbers
  }
  data::DataOptions opts;
  opts.rate_centers_path = path.string();
  auto loaded = data::LoadSandboxData(opts);  // default size 50,000, built-in pins in Utah
  REQUIRE(loaded);
  CHECK(loaded->inventory->size() == 10'000);
  CHECK_FALSE(loaded->inventory->Find(4352154006ULL).has_value());
  opts.inventory.size = 20'000;
  opts.inventory_size_given = true;  // an explicit size beyond the coverage is an error with a hint
  auto too_big = data::LoadSandboxData(opts);
  std::filesystem::remove(path);
  REQUIRE_FALSE(too_big);
  CHECK(too_big.error().find("hint: ") != std::string::npos);
}

TEST_CASE("An accounts file keeps the shipped accounts unless it replaces them on purpose", "[data]") {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("vi_accounts_" + std::to_string(::getpid()) + ".json");
  auto load = [&](const std::string& text) {
    {
      std::ofstream out(path);
      out << text;
    }
    data::DataOptions opts;
    opts.inventory.size = 1000;
    opts.accounts_path = path.string();
    auto loaded = data::LoadSandboxData(opts);
    std::filesystem::remove(path);
    REQUIRE(loaded);
    std::vector<std::string> logins;
    for (const auto& a : loaded->accounts) logins.push_back(a.login + "/" + a.secret);
    return logins;
  };
  CHECK(load(R"({"accounts":[{"login":"me","secret":"s"},{"login":"other","secret":"changed"}]})") ==
        std::vector<std::string>{"sandbox/sandbox", "limited/limited", "me/s", "other/changed"});
  CHECK(load(R"({"replaceShipped":true,"accounts":[{"login":"me","secret":"s"}]})") ==
        std::vector<std::string>{"me/s"});
}
