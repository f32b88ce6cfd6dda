// Seeding and inspecting state over HTTP: numbers, accounts, and the whole
// state document.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/testing/json_body.h"
#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;
using nlohmann::json;

TEST_CASE("GET /_admin/numbers/{tn} shows the inventory data and the holding counting down",
          "[admin][http][state]") {
  RunningServer s;
  auto& c = s.client();
  json before = Json(c.Get("/_admin/numbers/4352154006"));
  CHECK(before["tn"] == "4352154006");
  CHECK(before["rateCenter"].is_string());
  CHECK(before["holding"]["kind"] == "available");
  REQUIRE(PostSoap11(c, "reserveDID", OperationXml("reserveDID", "sandbox", DidParamsXml("4352154006"))));
  json held = Json(c.Get("/_admin/numbers/4352154006"));
  CHECK(held["holding"]["kind"] == "reserved");
  CHECK(held["holding"]["login"] == "sandbox");
  CHECK(held["holding"]["until"] == "2026-01-15T12:30:00.000Z");
  CHECK(held["holding"]["secondsLeft"] == 1800);
  c.Post("/_admin/clock/advance", R"({"seconds":600})", "application/json");
  CHECK(Json(c.Get("/_admin/numbers/4352154006"))["holding"]["secondsLeft"] == 1200);

  auto unknown = c.Get("/_admin/numbers/2125550000");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  auto bad = c.Get("/_admin/numbers/43521");
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

TEST_CASE("PUT /_admin/numbers/{tn} seeds a number held by another company", "[admin][http][state]") {
  RunningServer s;
  auto& c = s.client();
  auto put =
      c.Put("/_admin/numbers/4352154006",
            R"({"kind":"reserved","login":"other","until":"2026-01-15T13:00:00Z"})", "application/json");
  REQUIRE(put);
  CHECK(put->status == 200);
  CHECK(Json(put)["holding"]["login"] == "other");
  auto mine = PostSoap11(c, "reserveDID", OperationXml("reserveDID", "sandbox", DidParamsXml("4352154006")));
  REQUIRE(mine);
  CHECK(FirstText(mine->body, "statusCode") != "100");  // reserved for another
  auto theirs = PostSoap11(c, "auditDIDs", OperationXml("auditDIDs", "other", ""));
  REQUIRE(theirs);
  CHECK(FirstText(theirs->body, "tn") == "4352154006");

  REQUIRE(c.Put("/_admin/numbers/4352154006", R"({"kind":"assigned","login":"other","epg":9001})",
                "application/json"));
  auto q = PostSoap11(c, "queryDID", OperationXml("queryDID", "other", "<did>4352154006</did>"));
  REQUIRE(q);
  CHECK(FirstText(q->body, "endpointId") == "9001");
  REQUIRE(c.Put("/_admin/numbers/4352154006", R"({"kind":"available"})", "application/json"));
  CHECK(Json(c.Get("/_admin/numbers/4352154006"))["holding"]["kind"] == "available");
  REQUIRE(c.Put("/_admin/numbers/4352154006",
                R"({"kind":"aging","login":"other","until":"2026-01-16T00:00:00Z"})", "application/json"));
  CHECK(Json(c.Get("/_admin/numbers/4352154006"))["holding"]["kind"] == "aging");

  struct Bad {
    const char* body;
    int status;
  };
  for (const Bad& b :
       {Bad{"{", 400}, Bad{R"({"kind":"stolen"})", 400}, Bad{R"({"kind":"reserved","login":"other"})", 400},
        Bad{R"({"kind":"reserved","login":"nobody","until":"2026-01-15T13:00:00Z"})", 404},
        Bad{R"({"kind":"assigned","login":"other","epg":8674})", 400},
        Bad{R"({"kind":"assigned","login":"other"})", 400},
        Bad{R"({"kind":"reserved","login":"other","until":"0001-01-01T00:00:00Z"})", 400},
        Bad{R"({"kind":"reserved","login":"other","until":"2026-01-15T13:00:00Z","x":1})", 400}}) {
    CAPTURE(b.body);
    auto r = c.Put("/_admin/numbers/4352154006", b.body, "application/json");
    REQUIRE(r);
    CHECK(r->status == b.status);
    CHECK(Json(r)["error"]["message"].is_string());
  }
  CHECK(Json(c.Get("/_admin/numbers/4352154006"))["holding"]["kind"] == "aging");  // unchanged
  auto unknown = c.Put("/_admin/numbers/2125550000", R"({"kind":"available"})", "application/json");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
}

TEST_CASE("POST /_admin/accounts adds an isolated account and GET lists them without secrets",
          "[admin][http][state]") {
  RunningServer s;
  auto& c = s.client();
  auto added =
      c.Post("/_admin/accounts", R"({"login":"ci-job-7","secret":"s3cr3t-7","endpointGroups":[5001]})",
             "application/json");
  REQUIRE(added);
  CHECK(added->status == 201);
  CHECK(added->body.find("s3cr3t-7") == std::string::npos);
  auto r =
      PostSoap11(c, "assignDID",
                 "<assignDID xmlns=\"http://tempuri.org/\"><login>ci-job-7</login><secret>s3cr3t-7</secret>" +
                     DidParamsXml("4352154006", 5001) + "</assignDID>");
  REQUIRE(r);
  CHECK(FirstText(r->body, "statusCode") == "100");
  auto list = c.Get("/_admin/accounts");
  REQUIRE(list);
  CHECK(list->body.find("s3cr3t-7") == std::string::npos);
  CHECK(list->body.find("\"secret\"") == std::string::npos);
  json j = Json(list);
  REQUIRE(j["accounts"].size() == 4);
  CHECK(j["accounts"][3]["login"] == "ci-job-7");
  CHECK(j["accounts"][3]["tiers"] == "all");

  auto dup = c.Post("/_admin/accounts", R"({"login":"sandbox","secret":"x","endpointGroups":[1]})",
                    "application/json");
  REQUIRE(dup);
  CHECK(dup->status == 409);
  CHECK(Json(dup)["error"]["code"] == "conflict");
  for (const char* bad :
       {"{", R"({"login":"a","endpointGroups":[1]})", R"({"login":"","secret":"x","endpointGroups":[1]})",
        R"({"login":"a","secret":"x"})", R"({"login":"a","secret":"x","endpointGroups":["1"]})",
        R"({"login":"a","secret":"x","endpointGroups":[1],"tiers":"some"})",
        R"({"login":"a","secret":"x","endpointGroups":[1],"admin":true})"}) {
    CAPTURE(bad);
    auto b = c.Post("/_admin/accounts", bad, "application/json");
    REQUIRE(b);
    CHECK(b->status == 400);
  }
  CHECK(Json(c.Get("/_admin/accounts"))["accounts"].size() == 4);  // nothing added
}

TEST_CASE("GET /_admin/state and PUT it back restore holdings, accounts and clock exactly",
          "[admin][http][state]") {
  RunningServer s;
  auto& c = s.client();
  REQUIRE(c.Post("/_admin/accounts", R"({"login":"ci","secret":"ci-pw","endpointGroups":[42]})",
                 "application/json"));
  PostSoap11(c, "reserveDID", OperationXml("reserveDID", "sandbox", DidParamsXml("4352154006")));
  PostSoap11(c, "assignDID", OperationXml("assignDID", "other", DidParamsXml("4358797726", 9001)));
  c.Post("/_admin/clock/advance", R"({"seconds":120})", "application/json");
  auto saved = c.Get("/_admin/state");
  REQUIRE(saved);
  CHECK(saved->body.find("ci-pw") == std::string::npos);  // no secrets
  json doc = Json(saved);
  CHECK(doc["format"] == "vi-sandbox-state");
  CHECK(doc["holdings"].size() == 2);
  const std::string audit_before = PostSoap11(c, "auditDIDs", OperationXml("auditDIDs", "sandbox", ""))->body;

  c.Post("/_admin/reset", "", "application/json");
  CHECK(Json(c.Get("/_admin/accounts"))["accounts"].size() == 3);
  // After the reset, "ci" is gone: its secret cannot be kept, so it must be in the document.
  auto refused = c.Put("/_admin/state", saved->body, "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 400);
  CHECK(Json(refused)["error"]["message"].get<std::string>().find("ci") != std::string::npos);
  CHECK(Json(c.Get("/_admin/numbers/4352154006"))["holding"]["kind"] == "available");  // nothing changed

  doc["accounts"][3]["secret"] = "ci-pw";
  auto restored = c.Put("/_admin/state", doc.dump(), "application/json");
  REQUIRE(restored);
  CHECK(restored->status == 200);
  json again = Json(c.Get("/_admin/state"));
  CHECK(again == Json(saved));
  CHECK(PostSoap11(c, "auditDIDs", OperationXml("auditDIDs", "sandbox", ""))->body == audit_before);
  auto ci = PostSoap11(
      c, "auditDIDs",
      "<auditDIDs xmlns=\"http://tempuri.org/\"><login>ci</login><secret>ci-pw</secret></auditDIDs>");
  REQUIRE(ci);
  CHECK(FirstText(ci->body, "responseCode") == "100");

  for (
      const std::string& bad :
      {std::string("{"), std::string(R"({"format":"something-else","version":1})"),
       std::string(
           R"({"format":"vi-sandbox-state","version":2,"inventorySize":5000,"accounts":[],"holdings":[]})"),
       std::string(
           R"({"format":"vi-sandbox-state","version":1,"inventorySize":7,"accounts":[],"holdings":[]})"),
       std::string(
           R"({"format":"vi-sandbox-state","version":1,"inventorySize":5000,"accounts":[],)"
           R"("holdings":[{"tn":"4352154006","kind":"reserved","login":"ghost","until":"2026-01-15T13:00:00Z"}]})"),
       saved->body.substr(0, saved->body.size() / 2)}) {
    CAPTURE(bad.substr(0, 80));
    auto r = c.Put("/_admin/state", bad, "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
  }
  CHECK(Json(c.Get("/_admin/state")) == again);  // the refusals changed nothing
}
