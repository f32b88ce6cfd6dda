// The rules of the ten operations, on a small world with a manual clock.
#include "mock-server/core/sandbox.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "tests/testing/small_world.h"

using namespace vi;
using namespace vi::testing;
using core::HoldKind;
using std::chrono::milliseconds;
using std::chrono::minutes;

namespace {

const model::Did& OnlyDid(const model::DidResponse& r) {
  REQUIRE(r.dids.size() == 1);
  return r.dids[0];
}

std::string CodeOf(const model::DidResponse& r) { return OnlyDid(r).status_code.value_or("?"); }

}  // namespace

TEST_CASE("Wrong, empty or missing credentials answer 902 and touch nothing", "[core][auth]") {
  SmallWorld w;
  for (const model::Credentials& bad :
       {model::Credentials{"sandbox", "wrong"}, model::Credentials{"", ""},
        model::Credentials{"nobody", "sandbox"}, model::Credentials{"Sandbox", "sandbox"},
        model::Credentials{" sandbox", "sandbox"}, model::Credentials{"sandbox", ""}}) {
    auto r = w.sandbox->ReserveDids(bad, {Param(kTier2)});
    CHECK(r.response_code == 902);
    CHECK(r.response_message == "Username/password/IP not found");
    CHECK(r.dids.empty());
    CHECK(w.sandbox->AuditDids(bad).response_code == 902);
    CHECK(w.sandbox->QueryDid(bad, kTier2).response_code == 902);
    CHECK(w.sandbox->GetDids(bad, {.state = "UT"}).response_code == 902);
    CHECK(w.sandbox->GetDidCount(bad, {.state = "UT"}).response_code == 902);
    CHECK(w.sandbox->IsPortable(bad, kTier2).response_code == 902);
    CHECK(w.sandbox->GetPortDetails(bad, 36623).response_code == 902);
    CHECK(w.sandbox->AssignDids(bad, {Param(kTier2, 8674)}).response_code == 902);
    CHECK(w.sandbox->ReleaseDids(bad, {Param(kTier2)}).response_code == 902);
    CHECK(w.sandbox->ConfigDids(bad, {Param(kTier2, 8674)}).response_code == 902);
  }
  CHECK(w.sandbox->HoldingCount() == 0);
  CHECK(w.sandbox->Authenticate(kSandbox) == "sandbox");
  CHECK_FALSE(w.sandbox->Authenticate({"sandbox", "x"}).has_value());
}

TEST_CASE("reserveDID holds an available number for exactly 30 minutes", "[core][reserve][clock]") {
  SmallWorld w;
  auto r = w.sandbox->ReserveDids(kSandbox, {Param(kTier2, std::nullopt, "bada55")});
  CHECK(r.response_code == 100);
  CHECK(r.response_message == "Success");
  const model::Did& d = OnlyDid(r);
  CHECK(d.tn == std::string(kTier2));
  CHECK(d.status == "Reserved for 30 minutes -- Will be Tier 2");
  CHECK(d.status_code == "100");
  CHECK(d.tier == "2");
  CHECK(d.ref_id == "bada55");
  CHECK(d.endpoint_id == 0);
  CHECK(d.expire_date == model::kSentinelDate);  // as both recorded answers show

  SECTION("live at 29:59.999") {
    w.clock.Advance(minutes(30) - milliseconds(1));
    CHECK(w.sandbox->Holder(*core::ParseTn(kTier2)).first == HoldKind::kReserved);
    CHECK(CodeOf(w.sandbox->ReserveDids(kOther, {Param(kTier2)})) == "103230");
  }
  SECTION("gone at exactly 30:00, and then anyone may take it") {
    w.clock.Advance(minutes(30));
    CHECK(w.sandbox->Holder(*core::ParseTn(kTier2)).first == HoldKind::kAvailable);
    CHECK(CodeOf(w.sandbox->ReserveDids(kOther, {Param(kTier2)})) == "100");
    CHECK(w.sandbox->Holder(*core::ParseTn(kTier2)).second == "other");
  }
  SECTION("an expired reservation no longer shows in auditDIDs nor blocks search") {
    w.clock.Advance(minutes(31));
    CHECK(OnlyDid(w.sandbox->AuditDids(kSandbox)).status_code == "101200");
    auto found = w.sandbox->GetDids(kSandbox, {.npa = "435", .nxx = "215"});
    bool listed = false;
    for (const auto& l : found.did_locators) listed |= l.tn == std::string(kTier2);
    CHECK(listed);
  }
  SECTION("re-reserving one's own live reservation answers 103220 and does not extend it") {
    w.clock.Advance(minutes(20));
    CHECK(CodeOf(w.sandbox->ReserveDids(kSandbox, {Param(kTier2)})) == "103220");
    w.clock.Advance(minutes(10));
    CHECK(w.sandbox->Holder(*core::ParseTn(kTier2)).first == HoldKind::kAvailable);
  }
}

TEST_CASE("reserveDID answers every reason code", "[core][reserve]") {
  SmallWorld w;
  REQUIRE(CodeOf(w.sandbox->ReserveDids(kOther, {Param(kTier2)})) == "100");
  REQUIRE(CodeOf(w.sandbox->AssignDids(kOther, {Param(kTier4, 9001)})) == "100");
  REQUIRE(CodeOf(w.sandbox->AssignDids(kSandbox, {Param(kTier1, 8674)})) == "100");

  auto r = w.sandbox->ReserveDids(
      kSandbox, {Param(kTier2), Param(kTier4), Param(kTier1), Param(kUnknown), Param("12345")});
  CHECK(r.response_code == 100);  // the top level stays Success
  REQUIRE(r.dids.size() == 5);
  CHECK(r.dids[0].status_code == "103230");
  CHECK(r.dids[0].status == "Number currently reserved for another company");
  CHECK(r.dids[1].status_code == "103235");
  CHECK(r.dids[2].status_code == "103225");
  CHECK(r.dids[3].status_code == "103420");
  CHECK(r.dids[3].status == "Could not find number");
  CHECK(r.dids[4].status_code == "944");
  CHECK(r.dids[4].status == "Invalid Number");
  CHECK(r.dids[4].tn == "12345");

  SECTION("limited: no toll-free origination (103250), tier not allowed (103259)") {
    auto l = w.sandbox->ReserveDids(kLimited, {Param(kTollFree), Param("4352016526"), Param(kTier0)});
    REQUIRE(l.dids.size() == 3);
    CHECK(l.dids[0].status_code == "103250");
    CHECK(l.dids[1].status_code == "103235");  // held by other already
    CHECK(l.dids[2].status_code == "100");     // tier 0 is allowed
    w.sandbox->ReleaseDids(kOther, {Param(kTier4)});
    CHECK(CodeOf(w.sandbox->ReserveDids(kLimited, {Param(kTier4)})) == "103259");
  }
  SECTION("no standard origination (103251)") {
    CHECK(CodeOf(w.sandbox->ReserveDids({"nostd", "nostd"}, {Param(kTier0)})) == "103251");
    CHECK(CodeOf(w.sandbox->ReserveDids({"nostd", "nostd"}, {Param(kTollFree)})) == "100");
  }
}

TEST_CASE("TNs with 1 or +1 prefixes are invalid by default like every other shape", "[core][tn]") {
  SmallWorld w;
  for (std::string_view bad : {"+14352154006", "14352154006", "435215400", "435-215-4006", "(435) 2154006",
                               "0352154006", "4351154006", "43521540O6", "", " 4352154006", "+24352154006"}) {
    CAPTURE(bad);
    auto r = w.sandbox->ReserveDids(kSandbox, {Param(bad, std::nullopt, "ref")});
    CHECK(r.response_code == 100);
    CHECK(CodeOf(r) == "944");
    CHECK(OnlyDid(r).status == "Invalid Number");
    CHECK(OnlyDid(r).tn == std::string(bad));  // echoed as sent
    CHECK(OnlyDid(r).ref_id == "ref");
    CHECK(CodeOf(w.sandbox->AssignDids(kSandbox, {Param(bad, 8674)})) == "944");
    CHECK(CodeOf(w.sandbox->ConfigDids(kSandbox, {Param(bad, 8674)})) == "944");
    CHECK(CodeOf(w.sandbox->ReleaseDids(kSandbox, {Param(bad)})) == "944");
    auto q = w.sandbox->QueryDid(kSandbox, bad);
    CHECK(q.response_code == 944);
    CHECK(q.response_message == "Invalid Number");
    CHECK(w.sandbox->IsPortable(kSandbox, bad).response_code == 944);
  }
  CHECK(w.sandbox->HoldingCount() == 0);
}

TEST_CASE("TNs are normalised from 1 and +1 prefixes when the option accepts them", "[core][tn]") {
  core::SandboxOptions opts;
  opts.tn_prefix = core::TnPrefix::kAccept;
  SmallWorld w(opts);
  auto r = w.sandbox->ReserveDids(kSandbox, {Param("+14352154006")});
  CHECK(CodeOf(r) == "100");
  CHECK(OnlyDid(r).tn == "4352154006");
  CHECK(OnlyDid(w.sandbox->QueryDid(kSandbox, "14352154006")).availability == "reserved");
  CHECK(w.sandbox->IsPortable(kSandbox, "+14352154006").response_code == 100);
  for (std::string_view bad : {"435215400", "+24352154006", "1+4352154006", " 14352154006"}) {
    CAPTURE(bad);
    CHECK(CodeOf(w.sandbox->ReserveDids(kSandbox, {Param(bad)})) == "944");
    CHECK(w.sandbox->QueryDid(kSandbox, bad).response_code == 944);
  }
}

TEST_CASE("A TN repeated in one request is applied in order", "[core][reserve]") {
  SmallWorld w;
  auto r = w.sandbox->ReserveDids(kSandbox, {Param(kTier2), Param(kTier2)});
  REQUIRE(r.dids.size() == 2);
  CHECK(r.dids[0].status_code == "100");
  CHECK(r.dids[1].status_code == "103220");
  auto a = w.sandbox->AssignDids(kSandbox, {Param(kTier2, 8674), Param(kTier2, 8674)});
  CHECK(a.dids[0].status_code == "100");
  CHECK(a.dids[1].status_code == "104225");
}

TEST_CASE("assignDID assigns available or own reserved numbers and answers every reason", "[core][assign]") {
  SmallWorld w;
  auto r = w.sandbox->AssignDids(kSandbox, {Param(kTier2, 8674)});
  const model::Did& d = OnlyDid(r);
  CHECK(d.status == "Assigned to endpoint '8674' rewritten as '4352154006' Tier 2");
  CHECK(d.status_code == "100");
  CHECK(d.tier == "2");
  CHECK(d.endpoint_id == 0);  // as recorded: the group shows only in the text
  CHECK(d.expire_date == model::kSentinelDate);
  CHECK(w.sandbox->Holder(*core::ParseTn(kTier2)) == std::pair{HoldKind::kAssigned, std::string("sandbox")});

  SECTION("own reservation becomes an assignment, keeping its refId unless a new one is given") {
    w.sandbox->ReserveDids(kSandbox, {Param(kTier4, std::nullopt, "r1")});
    CHECK(CodeOf(w.sandbox->AssignDids(kSandbox, {Param(kTier4, 8675)})) == "100");
    auto q = OnlyDid(w.sandbox->QueryDid(kSandbox, kTier4));
    CHECK(q.ref_id == "r1");
    CHECK(q.endpoint_id == 8675);
    // The assignment does not lapse with the old reservation.
    w.clock.Advance(minutes(45));
    CHECK(w.sandbox->Holder(*core::ParseTn(kTier4)).first == HoldKind::kAssigned);
  }
  SECTION("reasons") {
    w.sandbox->ReserveDids(kOther, {Param(kTier4)});
    w.sandbox->AssignDids(kOther, {Param(kTier1, 9001)});
    auto f = w.sandbox->AssignDids(
        kSandbox, {Param(kTier2, 8674), Param(kTier4, 8674), Param(kTier1, 8674), Param(kUnknown, 8674),
                   Param(kTier0, 9001), Param(kTier0, std::nullopt)});
    REQUIRE(f.dids.size() == 6);
    CHECK(f.dids[0].status_code == "104225");
    CHECK(f.dids[1].status_code == "104230");
    CHECK(f.dids[2].status_code == "104235");
    CHECK(f.dids[3].status_code == "104420");
    CHECK(f.dids[4].status_code == "104258");  // another account's endpoint group
    CHECK(f.dids[5].status_code == "104258");  // no endpoint group at all
    CHECK(w.sandbox->Holder(*core::ParseTn(kTier0)).first == HoldKind::kAvailable);
    CHECK(CodeOf(w.sandbox->AssignDids(kLimited, {Param(kTollFree, 7001)})) == "104250");
    CHECK(CodeOf(w.sandbox->AssignDids({"nostd", "nostd"}, {Param(kTier0, 6001)})) == "104251");
    w.sandbox->ReleaseDids(kSandbox, {Param(kTier2)});
    CHECK(CodeOf(w.sandbox->AssignDids(kLimited, {Param(kTier2, 7001)})) == "104259");
  }
}

TEST_CASE("configDID reconfigures only one's own assigned numbers", "[core][config]") {
  SmallWorld w;
  w.sandbox->AssignDids(kSandbox, {Param(kTier2, 8674, "a")});
  auto r = w.sandbox->ConfigDids(kSandbox, {Param(kTier2, 8675)});
  CHECK(OnlyDid(r).status == "Reconfigured to endpoint '8675' rewritten as '4352154006' Tier 2");
  CHECK(OnlyDid(r).status_code == "100");
  auto q = OnlyDid(w.sandbox->QueryDid(kSandbox, kTier2));
  CHECK(q.endpoint_id == 8675);
  CHECK(q.ref_id == "a");  // no refId given: kept
  model::DidParam dip = Param(kTier2, 8675, "b");
  dip.cnam = "1";
  w.sandbox->ConfigDids(kSandbox, {dip});
  q = OnlyDid(w.sandbox->QueryDid(kSandbox, kTier2));
  CHECK(q.ref_id == "b");
  CHECK(q.cnam);

  w.sandbox->ReserveDids(kSandbox, {Param(kTier4)});
  w.sandbox->ReserveDids(kOther, {Param(kTier1)});
  w.sandbox->AssignDids(kOther, {Param(kTier0, 9001)});
  auto f =
      w.sandbox->ConfigDids(kSandbox, {Param(kTier4, 8674), Param(kTier1, 8674), Param(kTier0, 8674),
                                       Param(kTollFree, 8674), Param(kUnknown, 8674), Param(kTier2, 9001)});
  REQUIRE(f.dids.size() == 6);
  CHECK(f.dids[0].status_code == "105225");
  CHECK(f.dids[1].status_code == "105230");
  CHECK(f.dids[2].status_code == "105235");
  CHECK(f.dids[3].status_code == "105221");
  CHECK(f.dids[3].status == "Number not assigned to you");
  CHECK(f.dids[4].status_code == "105420");
  CHECK(f.dids[5].status_code == "105258");
  CHECK(OnlyDid(w.sandbox->QueryDid(kSandbox, kTier2)).endpoint_id == 8675);  // unchanged
}

TEST_CASE("releaseDID returns own numbers to inventory and answers every reason", "[core][release]") {
  SmallWorld w;
  w.sandbox->AssignDids(kSandbox, {Param(kTier2, 8674)});
  w.sandbox->ReserveDids(kSandbox, {Param(kTier4)});
  w.sandbox->ReserveDids(kOther, {Param(kTier1)});
  w.sandbox->AssignDids(kOther, {Param(kTier0, 9001)});
  auto r = w.sandbox->ReleaseDids(kSandbox, {Param(kTier2), Param(kTier4), Param(kTier1), Param(kTier0),
                                             Param(kTollFree), Param(kUnknown)});
  REQUIRE(r.dids.size() == 6);
  CHECK(r.dids[0].status_code == "100");
  CHECK(r.dids[0].status == "Released");
  CHECK(r.dids[1].status_code == "100");
  CHECK(r.dids[2].status_code == "106230");
  CHECK(r.dids[3].status_code == "106235");
  CHECK(r.dids[4].status_code == "106231");
  CHECK(r.dids[4].status == "Number currently available");  // recorded, lower-case a
  CHECK(r.dids[4].tier == "");
  CHECK(r.dids[5].status_code == "106420");
  CHECK(w.sandbox->Holder(*core::ParseTn(kTier2)).first == HoldKind::kAvailable);
  CHECK(w.sandbox->Holder(*core::ParseTn(kTier4)).first == HoldKind::kAvailable);
  CHECK(CodeOf(w.sandbox->ReserveDids(kOther, {Param(kTier2)})) == "100");
}

TEST_CASE("Release aging keeps a released number out of reach until it ends", "[core][release][clock]") {
  core::SandboxOptions opts;
  opts.release_aging = minutes(10);
  SmallWorld w(opts);
  w.sandbox->AssignDids(kSandbox, {Param(kTier2, 8674)});
  CHECK(CodeOf(w.sandbox->ReleaseDids(kSandbox, {Param(kTier2)})) == "100");
  CHECK(CodeOf(w.sandbox->ReleaseDids(kSandbox, {Param(kTier2)})) == "106241");
  CHECK(CodeOf(w.sandbox->ReserveDids(kOther, {Param(kTier2)})) == "103241");
  CHECK(CodeOf(w.sandbox->AssignDids(kOther, {Param(kTier2, 9001)})) == "104241");
  CHECK(CodeOf(w.sandbox->QueryDid(kOther, kTier2)) == "102241");
  auto search = w.sandbox->GetDids(kSandbox, {.npa = "435", .nxx = "215"});
  for (const auto& l : search.did_locators) CHECK(l.tn != std::string(kTier2));
  w.clock.Advance(minutes(10));
  CHECK(CodeOf(w.sandbox->ReserveDids(kOther, {Param(kTier2)})) == "100");
}

TEST_CASE("queryDID tells the caller's, others' and available numbers apart", "[core][query]") {
  SmallWorld w;
  SECTION("available") {
    const model::Did d = OnlyDid(w.sandbox->QueryDid(kSandbox, kTier2));
    CHECK(d.availability == "Available");
    CHECK(d.status == "Number currently Available");
    CHECK(d.status_code == "100");
    CHECK(d.tier == "-99999");
    CHECK_FALSE(d.t38);
    CHECK(d.expire_date == model::kSentinelDate);
  }
  SECTION("assigned to the caller: the recorded text, the real endpointId and rewrite") {
    w.sandbox->AssignDids(kSandbox, {Param(kTier2, 8675)});
    const model::Did d = OnlyDid(w.sandbox->QueryDid(kSandbox, kTier2));
    CHECK(d.availability == "assigned");
    CHECK(d.rewrite == std::string(kTier2));
    CHECK(d.status ==
          "Number currently assigned to you with refid '' rewritten as '4352154006' to endpoint '8675'");
    CHECK(d.endpoint_id == 8675);
    CHECK(d.tier == "2");
    CHECK(d.network == "Bandwidth");
    CHECK(d.t38);
    CHECK(d.cnam_storage_availability);
  }
  SECTION("reserved by the caller: the sentinel expireDate") {
    w.sandbox->ReserveDids(kSandbox, {Param(kTier2)});
    const model::Did d = OnlyDid(w.sandbox->QueryDid(kSandbox, kTier2));
    CHECK(d.availability == "reserved");
    CHECK(d.status == "Number currently reserved for you -- Will be Tier 2");
    CHECK(d.expire_date == model::kSentinelDate);
  }
  SECTION("another account's") {
    w.sandbox->ReserveDids(kOther, {Param(kTier2)});
    w.sandbox->AssignDids(kOther, {Param(kTier4, 9001)});
    CHECK(CodeOf(w.sandbox->QueryDid(kSandbox, kTier2)) == "102230");
    CHECK(CodeOf(w.sandbox->QueryDid(kSandbox, kTier4)) == "102235");
    CHECK(OnlyDid(w.sandbox->QueryDid(kSandbox, kTier4)).availability == "Unavailable");
  }
  SECTION("not in inventory: the dummy shape with 102420") {
    auto r = w.sandbox->QueryDid(kSandbox, kUnknown);
    CHECK(r.response_code == 100);
    CHECK(OnlyDid(r).status_code == "102420");
    CHECK(OnlyDid(r).status == "Could not find number");
    CHECK(OnlyDid(r).tier == "-99999");
  }
}

TEST_CASE("expireDate: the sentinel on reservations, the reservation's expiry on an assigned number",
          "[core][clock]") {
  using core::ExpireDate;
  const model::DateTime sentinel = model::kSentinelDate;
  const model::DateTime expiry = kStart + minutes(30);
  auto mode = GENERATE(ExpireDate::kRecorded, ExpireDate::kReal, ExpireDate::kSentinel);
  CAPTURE(static_cast<int>(mode));
  core::SandboxOptions opts;
  opts.expire_date = mode;
  SmallWorld w(opts);
  const model::DateTime reserved = mode == ExpireDate::kReal ? expiry : sentinel;
  const model::DateTime assigned = mode == ExpireDate::kSentinel ? sentinel : expiry;

  CHECK(OnlyDid(w.sandbox->ReserveDids(kSandbox, {Param(kTier2)})).expire_date == reserved);
  CHECK(OnlyDid(w.sandbox->QueryDid(kSandbox, kTier2)).expire_date == reserved);
  CHECK(OnlyDid(w.sandbox->AuditDids(kSandbox)).expire_date == reserved);
  // Assigned five minutes later: the number keeps the reservation's expiry,
  // through configDID, and after that instant has passed.
  w.clock.Advance(minutes(5));
  auto a = OnlyDid(w.sandbox->AssignDids(kSandbox, {Param(kTier2, 8674)}));
  CHECK(a.status_code == "100");
  CHECK(a.expire_date == sentinel);  // assign answers: the sentinel, as recorded
  CHECK(OnlyDid(w.sandbox->QueryDid(kSandbox, kTier2)).expire_date == assigned);
  CHECK(CodeOf(w.sandbox->ConfigDids(kSandbox, {Param(kTier2, 8675)})) == "100");
  w.clock.Advance(minutes(60));
  CHECK(OnlyDid(w.sandbox->QueryDid(kSandbox, kTier2)).expire_date == assigned);
  CHECK(OnlyDid(w.sandbox->AuditDids(kSandbox)).expire_date == assigned);
  // Assigned without a reservation (or after one lapsed): the sentinel.
  w.sandbox->ReserveDids(kSandbox, {Param(kTier1)});
  w.clock.Advance(minutes(30));
  REQUIRE(CodeOf(w.sandbox->AssignDids(kSandbox, {Param(kTier1, 8674)})) == "100");
  REQUIRE(CodeOf(w.sandbox->AssignDids(kSandbox, {Param(kTier4, 8674)})) == "100");
  CHECK(OnlyDid(w.sandbox->QueryDid(kSandbox, kTier1)).expire_date == sentinel);
  CHECK(OnlyDid(w.sandbox->QueryDid(kSandbox, kTier4)).expire_date == sentinel);
}

TEST_CASE("auditDIDs lists the caller's numbers by tn, or the dummy record", "[core][audit]") {
  SmallWorld w;
  auto empty = w.sandbox->AuditDids(kSandbox);
  CHECK(empty.response_code == 100);
  const model::Did& dummy = OnlyDid(empty);
  CHECK(dummy.tn == "");
  CHECK(dummy.availability == "Unavailable");
  CHECK(dummy.status == "UNKNOWN");
  CHECK(dummy.status_code == "101200");
  CHECK(dummy.tier == "-99999");

  w.sandbox->ReserveDids(kSandbox, {Param(kTier2)});
  w.sandbox->AssignDids(kSandbox, {Param(kTier4, 8674)});
  w.sandbox->AssignDids(kOther, {Param(kTier1, 9001)});
  auto r = w.sandbox->AuditDids(kSandbox);
  REQUIRE(r.dids.size() == 2);
  CHECK(r.dids[0].tn == std::string(kTier4));  // 4352016526 < 4352154006
  CHECK(r.dids[0].availability == "assigned");
  CHECK(r.dids[1].tn == std::string(kTier2));
  CHECK(r.dids[1].availability == "reserved");
  CHECK(r.dids[1].expire_date == model::kSentinelDate);
}

TEST_CASE("getDIDs searches available numbers by every criterion", "[core][search]") {
  SmallWorld w;
  auto all_ut = w.sandbox->GetDids(kSandbox, {.state = "ut"});
  CHECK(all_ut.response_code == 100);
  REQUIRE_FALSE(all_ut.did_locators.empty());
  for (std::size_t i = 1; i < all_ut.did_locators.size(); ++i) {
    CHECK(*all_ut.did_locators[i - 1].tn < *all_ut.did_locators[i].tn);  // sorted by tn
  }
  for (const auto& l : all_ut.did_locators) CHECK(l.state == "UT");

  SECTION("recorded locator fields") {
    auto r = w.sandbox->GetDids(kSandbox, {.rate_center = "richfield", .tier = "4"});
    bool seen = false;
    for (const auto& l : r.did_locators) {
      CHECK(l.rate_center == "RICHFIELD");
      CHECK(l.tier == "4");
      if (l.tn == std::string(kTier4)) {
        seen = true;
        CHECK(l.lata_id == 660);
        CHECK(l.outbound_cnam);
        CHECK(l.t38);
      }
    }
    CHECK(seen);
  }
  SECTION("held numbers are not listed") {
    w.sandbox->ReserveDids(kOther, {Param(kTier4)});
    auto r = w.sandbox->GetDids(kSandbox, {.npa = "435", .nxx = "201"});
    for (const auto& l : r.did_locators) CHECK(l.tn != std::string(kTier4));
  }
  SECTION("toll-free stock with state=TF") {
    auto r = w.sandbox->GetDids(kSandbox, {.state = "TF"});
    REQUIRE_FALSE(r.did_locators.empty());
    for (const auto& l : r.did_locators) {
      CHECK(l.state == "ALL");
      CHECK(l.rate_center == "US+CA");
      CHECK(l.tier == "");
      CHECK(l.lata_id == 0);
    }
  }
  SECTION("nxx alone, with npa, and as 6-digit NPA+NXX") {
    auto a = w.sandbox->GetDids(kSandbox, {.nxx = "201"});
    std::set<std::string> npas;
    for (const auto& l : a.did_locators) {
      CHECK(l.tn->substr(3, 3) == "201");
      npas.insert(l.tn->substr(0, 3));
    }
    CHECK(npas == std::set<std::string>{"312", "435"});
    auto b = w.sandbox->GetDids(kSandbox, {.nxx = "435201"});
    for (const auto& l : b.did_locators) CHECK(l.tn->substr(0, 6) == "435201");
    CHECK(b.did_locators.size() < a.did_locators.size());
    CHECK(w.sandbox->GetDids(kSandbox, {.npa = "312", .nxx = "435201"}).response_code == 101);
  }
  SECTION("flags accept 1/0/true/false in any case") {
    auto t = w.sandbox->GetDids(kSandbox, {.state = "UT", .t38 = "TRUE"});
    auto f = w.sandbox->GetDids(kSandbox, {.state = "UT", .t38 = "0"});
    for (const auto& l : t.did_locators) CHECK(l.t38);
    for (const auto& l : f.did_locators) CHECK_FALSE(l.t38);
    CHECK(t.did_locators.size() + f.did_locators.size() == all_ut.did_locators.size());
    auto c = w.sandbox->GetDids(kSandbox, {.state = "UT", .cnam = "false", .sms = "1"});
    for (const auto& l : c.did_locators) {
      CHECK_FALSE(l.outbound_cnam);
      CHECK(l.sms);
    }
  }
  SECTION("lata and network") {
    auto r = w.sandbox->GetDids(kSandbox, {.lata = "358"});
    REQUIRE_FALSE(r.did_locators.empty());
    for (const auto& l : r.did_locators) CHECK(l.state == "IL");
    auto n = w.sandbox->GetDids(kSandbox, {.state = "UT", .network = "onvoy"});
    for (const auto& l : n.did_locators) CHECK(l.network == "Onvoy");
  }
  SECTION("nothing found: 101 with empty arrays") {
    auto r = w.sandbox->GetDids(kSandbox, {.state = "WY"});
    CHECK(r.response_code == 101);
    CHECK(r.response_message == "No Records Found");
    CHECK(r.did_locators.empty());
  }
  SECTION("no criteria: 302490") {
    for (const model::SearchRequest& none : {model::SearchRequest{}, model::SearchRequest{.state = "  "},
                                             model::SearchRequest{.orderby = "rc"}}) {
      auto r = w.sandbox->GetDids(kSandbox, none);
      CHECK(r.response_code == 302490);
      CHECK(r.response_message == "No search criteria defined");
    }
  }
  SECTION("malformed values: 900 naming the field and the value") {
    auto r = w.sandbox->GetDids(kSandbox, {.npa = "4a5"});
    CHECK(r.response_code == 900);
    CHECK(r.response_message == "Invalid value for npa: '4a5'");
    CHECK(w.sandbox->GetDids(kSandbox, {.t38 = "maybe"}).response_message ==
          "Invalid value for t38: 'maybe'");
    CHECK(w.sandbox->GetDids(kSandbox, {.state = "Utah"}).response_code == 900);
    CHECK(w.sandbox->GetDids(kSandbox, {.nxx = "20"}).response_code == 900);
    CHECK(w.sandbox->GetDids(kSandbox, {.tier = "two"}).response_code == 900);
    CHECK(w.sandbox->GetDids(kSandbox, {.lata = "66O"}).response_code == 900);
    CHECK(w.sandbox->GetDids(kSandbox, {.rate_center = "'; DROP TABLE--"}).response_code == 101);
  }
}

TEST_CASE("getDIDs stops at the configured result cap", "[core][search]") {
  core::SandboxOptions opts;
  opts.search_cap = 25;
  SmallWorld w(opts, 2000);
  auto r = w.sandbox->GetDids(kSandbox, {.state = "UT"});
  CHECK(r.did_locators.size() == 25);
}

TEST_CASE("getDIDCount groups available numbers and orders them", "[core][count]") {
  SmallWorld w;
  auto r = w.sandbox->GetDidCount(kSandbox, {.state = "UT"});
  REQUIRE(r.response_code == 100);
  REQUIRE_FALSE(r.did_counts.empty());
  std::size_t total = 0;
  for (const auto& c : r.did_counts) total += std::stoul(*c.did_count);
  CHECK(total == w.sandbox->GetDids(kSandbox, {.state = "UT"}).did_locators.size());
  // Default order: state, then rate center, then tier.
  for (std::size_t i = 1; i < r.did_counts.size(); ++i) {
    const auto& a = r.did_counts[i - 1];
    const auto& b = r.did_counts[i];
    CHECK(std::tie(*a.state, *a.rate_center) <= std::tie(*b.state, *b.rate_center));
    if (a.rate_center == b.rate_center) CHECK(std::stoi(*a.tier) <= std::stoi(*b.tier));
  }
  SECTION("holding a number lowers its group's count") {
    auto before = w.sandbox->GetDidCount(
        kSandbox, {.rate_center = "RICHFIELD", .tier = "4", .t38 = "1", .cnam = "1", .sms = "0"});
    REQUIRE(before.did_counts.size() == 1);
    w.sandbox->ReserveDids(kOther, {Param(kTier4)});
    auto after = w.sandbox->GetDidCount(
        kSandbox, {.rate_center = "RICHFIELD", .tier = "4", .t38 = "1", .cnam = "1", .sms = "0"});
    std::size_t b = std::stoul(*before.did_counts[0].did_count);
    if (b == 1) {
      CHECK(after.response_code == 101);
    } else {
      CHECK(std::stoul(*after.did_counts[0].did_count) == b - 1);
    }
  }
  SECTION("orderby tier, rc, lata, any case") {
    auto t = w.sandbox->GetDidCount(kSandbox, {.npa = "435", .orderby = "TIER"});
    for (std::size_t i = 1; i < t.did_counts.size(); ++i) {
      CHECK(std::stoi(*t.did_counts[i - 1].tier) <= std::stoi(*t.did_counts[i].tier));
    }
    auto rc = w.sandbox->GetDidCount(kSandbox, {.state = "UT", .orderby = "rc"});
    for (std::size_t i = 1; i < rc.did_counts.size(); ++i) {
      CHECK(*rc.did_counts[i - 1].rate_center <= *rc.did_counts[i].rate_center);
    }
    auto lata = w.sandbox->GetDidCount(kSandbox, {.nxx = "201", .orderby = "Lata"});
    REQUIRE(lata.did_counts.size() >= 2);
    CHECK(lata.did_counts.front().lata_id == 358);
    CHECK(lata.did_counts.back().lata_id == 660);
  }
  SECTION("without sms in the schema, groups that differ only by sms merge") {
    auto with_sms = w.sandbox->GetDidCount(kSandbox, {.state = "UT"}, true);
    auto without = w.sandbox->GetDidCount(kSandbox, {.state = "UT"}, false);
    CHECK(without.did_counts.size() < with_sms.did_counts.size());
    std::size_t a = 0, b = 0;
    for (const auto& c : with_sms.did_counts) a += std::stoul(*c.did_count);
    for (const auto& c : without.did_counts) {
      b += std::stoul(*c.did_count);
      CHECK_FALSE(c.sms);
    }
    CHECK(a == b);
    for (std::size_t i = 1; i < without.did_counts.size(); ++i) {
      const auto& p = without.did_counts[i - 1];
      const auto& q = without.did_counts[i];
      CHECK(std::tie(p.rate_center, p.tier, p.cnam, p.t38) != std::tie(q.rate_center, q.tier, q.cnam, q.t38));
    }
  }
  SECTION("errors") {
    auto bad = w.sandbox->GetDidCount(kSandbox, {.state = "UT", .orderby = "price"});
    CHECK(bad.response_code == 900);
    CHECK(bad.response_message == "Invalid value for orderby: 'price'");
    CHECK(w.sandbox->GetDidCount(kSandbox, {}).response_code == 302490);
    CHECK(w.sandbox->GetDidCount(kSandbox, {.state = "WY"}).response_code == 101);
  }
}

TEST_CASE("isPortable: covered, non-listed, non-toll-free numbers are portable", "[core][port]") {
  SmallWorld w;
  auto yes = w.sandbox->IsPortable(kSandbox, "4352010000");
  CHECK(yes.response_code == 100);
  CHECK(yes.response_message == "Success");
  CHECK(yes.is_portable);
  CHECK(yes.port_details == model::PortDetail{});                          // the recorded empty shape
  CHECK_FALSE(w.sandbox->IsPortable(kSandbox, "4352019999").is_portable);  // listed
  CHECK_FALSE(w.sandbox->IsPortable(kSandbox, "2125551234").is_portable);  // not covered
  CHECK_FALSE(w.sandbox->IsPortable(kSandbox, kTollFree).is_portable);
  CHECK(w.sandbox->IsPortable(kSandbox, "bogus").response_code == 944);
}

TEST_CASE("getPortDetails shows only the caller's own port orders", "[core][port]") {
  SmallWorld w;
  auto mine = w.sandbox->GetPortDetails(kSandbox, 36623);
  CHECK(mine.response_code == 100);
  REQUIRE(mine.port_details);
  CHECK(mine.port_details->id == 36623);
  CHECK(mine.port_details->status == "PENDING SIGNATURE");
  CHECK_FALSE(mine.is_portable);
  for (auto r : {w.sandbox->GetPortDetails(kOther, 36623), w.sandbox->GetPortDetails(kSandbox, 1)}) {
    CHECK(r.response_code == 101);
    CHECK(r.response_message == "No Records Found");
    CHECK(r.port_details == model::PortDetail{});
  }
}

TEST_CASE("Snapshot and restore bring back the whole state", "[core][snapshot]") {
  SmallWorld w;
  auto start = w.sandbox->Save();
  w.sandbox->AssignDids(kSandbox, {Param(kTier2, 8674)});
  auto mid = w.sandbox->Save();
  w.sandbox->ReserveDids(kOther, {Param(kTier4)});
  w.sandbox->ReleaseDids(kSandbox, {Param(kTier2)});
  w.sandbox->Restore(*mid);
  CHECK(w.sandbox->Holder(*core::ParseTn(kTier2)).first == HoldKind::kAssigned);
  CHECK(w.sandbox->Holder(*core::ParseTn(kTier4)).first == HoldKind::kAvailable);
  w.sandbox->Restore(*start);
  CHECK(w.sandbox->HoldingCount() == 0);
  CHECK(OnlyDid(w.sandbox->AuditDids(kSandbox)).status_code == "101200");
}

TEST_CASE("RestoreWith runs its step under the writer lock so no operation sees half a reset",
          "[core][snapshot][clock]") {
  SmallWorld w;
  auto start = w.sandbox->Save();
  w.sandbox->AssignDids(kSandbox, {Param(kTier2, 8674)});
  std::atomic<bool> reader_done{false};
  bool reader_blocked = false;
  std::thread reader;
  w.sandbox->RestoreWith(*start, [&] {
    // The state is already restored, but a reader must wait for this step.
    reader = std::thread([&] {
      (void)w.sandbox->HoldingCount();
      reader_done = true;
    });
    std::this_thread::sleep_for(milliseconds(50));
    reader_blocked = !reader_done;
    w.clock.Advance(minutes(1));
  });
  reader.join();
  CHECK(reader_blocked);
  CHECK(reader_done);
  CHECK(w.sandbox->HoldingCount() == 0);
  CHECK(w.clock.Now() == kStart + minutes(1));
}

TEST_CASE("Two accounts racing for the same numbers never both hold one", "[core][race]") {
  SmallWorld w({}, 2000);
  // 200 numbers of one exchange, fought over by 4 threads of each account.
  std::vector<std::string> tns;
  for (const auto& l : w.sandbox->GetDids(kSandbox, {.npa = "435", .nxx = "216"}).did_locators) {
    tns.push_back(*l.tn);
  }
  REQUIRE(tns.size() >= 50);
  std::atomic<int> wins_sandbox{0}, wins_other{0}, bad_codes{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const model::Credentials& me = t % 2 == 0 ? kSandbox : kOther;
      int epg = t % 2 == 0 ? 8674 : 9001;
      for (int round = 0; round < 3; ++round) {
        // The accounts walk the numbers from opposite ends and meet.
        for (std::size_t k = 0; k < tns.size(); ++k) {
          const std::string& tn = t % 2 == 0 ? tns[k] : tns[tns.size() - 1 - k];
          auto r = (round % 2 == 0) ? w.sandbox->ReserveDids(me, {Param(tn)})
                                    : w.sandbox->AssignDids(me, {Param(tn, epg)});
          const std::string& code = *r.dids.at(0).status_code;
          if (code == "100") {
            (t % 2 == 0 ? wins_sandbox : wins_other)++;
          } else if (code != "103220" && code != "103225" && code != "103230" && code != "103235" &&
                     code != "104225" && code != "104230" && code != "104235") {
            bad_codes++;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(bad_codes == 0);
  // Each number ends held by exactly one account, and the holders' audits
  // partition the numbers.
  auto a = w.sandbox->AuditDids(kSandbox).dids;
  auto b = w.sandbox->AuditDids(kOther).dids;
  std::set<std::string> held_a, held_b;
  for (const auto& d : a) {
    if (d.status_code == "100") held_a.insert(*d.tn);  // not the 101200 dummy
  }
  for (const auto& d : b) {
    if (d.status_code == "100") held_b.insert(*d.tn);
  }
  for (const std::string& tn : tns) {
    CHECK(held_a.count(tn) + held_b.count(tn) == 1);
  }
  CHECK(held_a.size() + held_b.size() == tns.size());
  CHECK(wins_sandbox + wins_other >= static_cast<int>(tns.size()));
}
