// The journal over HTTP: what GET /_admin/requests shows, its filters, the
// count matcher, masking, clearing, and --journal-size.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/testing/json_body.h"
#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;
using nlohmann::json;

namespace {

std::string Reserve(std::string_view tn, std::string_view login = "sandbox",
                    std::string_view secret = "sandbox") {
  return "<reserveDID xmlns=\"http://tempuri.org/\"><login>" + std::string(login) + "</login><secret>" +
         std::string(secret) + "</secret><didParams><DIDParam><tn>" + std::string(tn) +
         "</tn><epg>8674</epg></DIDParam></didParams></reserveDID>";
}

std::string Query(std::string_view element, std::string_view tn) {
  return "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret><" +
         std::string(element) + ">" + std::string(tn) + "</" + std::string(element) + "></queryDID>";
}

}  // namespace

TEST_CASE("The journal records each SOAP request with its outcome, newest first", "[admin][http][journal]") {
  RunningServer s;
  auto& c = s.client();
  REQUIRE(PostSoap11(c, "reserveDID", Reserve("4352154006")));
  c.Post("/_admin/clock/advance", R"({"seconds":60})", "application/json");
  REQUIRE(PostSoap11(c, "queryDID", Query("did", "4352154006")));
  json j = Json(c.Get("/_admin/requests"));
  REQUIRE(j["requests"].size() == 2);
  CHECK(j["total"] == 2);
  const json& q = j["requests"][0];
  const json& r = j["requests"][1];
  CHECK(q["operation"] == "queryDID");
  CHECK(r["operation"] == "reserveDID");
  CHECK(r["login"] == "sandbox");
  CHECK(r["tns"] == json::array({"4352154006"}));
  CHECK(r["responseCode"] == 100);
  CHECK(r["statusCodes"] == json::array({"100"}));
  CHECK(r["httpStatus"] == 200);
  CHECK(r["durationMs"].is_number());
  CHECK(r["fault"].is_null());
  CHECK(r["virtualTime"] == "2026-01-15T12:00:00.000Z");
  CHECK(q["virtualTime"] == "2026-01-15T12:01:00.000Z");
  CHECK(r["time"] == "2026-01-15T12:00:00.000Z");  // the wall clock (the test's manual base clock)
}

TEST_CASE("The journal never keeps a secret, even in the stored body", "[admin][http][journal]") {
  RunningServer s;
  auto& c = s.client();
  auto wrong = PostSoap11(c, "reserveDID", Reserve("4352154006", "sandbox", "hunter2"));
  REQUIRE(wrong);
  REQUIRE(FirstText(wrong->body, "responseCode") == "902");
  auto cdata = PostSoap11(c, "auditDIDs",
                          "<auditDIDs xmlns=\"http://tempuri.org/\"><login>sandbox</login>"
                          "<secret><![CDATA[hunter3]]></secret></auditDIDs>");
  REQUIRE(cdata);
  auto answer = c.Get("/_admin/requests");
  REQUIRE(answer);
  CHECK(answer->body.find("hunter2") == std::string::npos);
  CHECK(answer->body.find("hunter3") == std::string::npos);
  json j = Json(answer);
  const json& e = j["requests"][1];
  CHECK(e["login"] == "sandbox");  // the attempted login is shown on a 902
  CHECK(e["authenticated"] == false);
  CHECK(e["responseCode"] == 902);
  CHECK(e["requestBody"].get<std::string>().find("<secret>***</secret>") != std::string::npos);
}

TEST_CASE("GET /_admin/requests filters and POST /_admin/requests/count counts", "[admin][http][journal]") {
  RunningServer s;
  auto& c = s.client();
  PostSoap11(c, "reserveDID", Reserve("4352154006"));
  PostSoap11(c, "reserveDID", Reserve("4352154006"));  // 2nd: already mine
  PostSoap11(c, "reserveDID", Reserve("4352154007"));
  PostSoap11(c, "queryDID", Query("did", "4352154006"));
  s.base_clock().Advance(std::chrono::minutes(5));
  PostSoap11(c, "reserveDID", Reserve("4352154008", "other", "other"));

  CHECK(Json(c.Get("/_admin/requests?operation=reserveDID"))["total"] == 4);
  CHECK(Json(c.Get("/_admin/requests?tn=4352154006"))["total"] == 3);
  CHECK(Json(c.Get("/_admin/requests?login=other"))["total"] == 1);
  CHECK(Json(c.Get("/_admin/requests?since=2026-01-15T12:04:00Z"))["total"] == 1);
  CHECK(Json(c.Get("/_admin/requests?since=2026-01-15T13:04:00%2B01:00"))["total"] == 1);
  json limited = Json(c.Get("/_admin/requests?operation=reserveDID&limit=2"));
  CHECK(limited["requests"].size() == 2);
  CHECK(limited["total"] == 4);
  CHECK(limited["requests"][0]["login"] == "other");  // newest first

  auto count = [&](const json& matcher) {
    return Json(c.Post("/_admin/requests/count", matcher.dump(), "application/json"))["count"];
  };
  CHECK(count({{"operation", "reserveDID"}, {"tn", "4352154006"}}) == 2);
  CHECK(count({{"operation", "queryDID"}}) == 1);
  CHECK(count({{"operation", "reserveDID"}, {"login", "other"}, {"code", 100}}) == 1);
  CHECK(count(json::object()) == 5);
  CHECK(Json(c.Post("/_admin/requests/count", "", "application/json"))["count"] == 5);  // no body: all

  for (const char* bad : {"{", "[]", R"({"operation":5})", R"({"op":"reserveDID"})", R"({"code":"x"})",
                          R"({"since":"yesterday"})"}) {
    CAPTURE(bad);
    auto r = c.Post("/_admin/requests/count", bad, "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(Json(r)["error"]["code"] == "bad_request");
  }
  for (const char* bad :
       {"/_admin/requests?limit=0", "/_admin/requests?limit=x", "/_admin/requests?since=now",
        "/_admin/requests?colour=red", "/_admin/requests?code=abc"}) {
    CAPTURE(bad);
    auto r = c.Get(bad);
    REQUIRE(r);
    CHECK(r->status == 400);
  }

  auto cleared = c.Delete("/_admin/requests");
  REQUIRE(cleared);
  CHECK(cleared->status == 200);
  CHECK(count(json::object()) == 0);
}

TEST_CASE("The journal size option bounds the journal and 0 turns it off", "[admin][http][journal]") {
  auto config = TestConfig();
  config.journal_size = 3;
  RunningServer s(config);
  auto& c = s.client();
  for (const char* tn : {"4352154001", "4352154002", "4352154003", "4352154004", "4352154005"}) {
    PostSoap11(c, "queryDID", Query("did", tn));
  }
  json j = Json(c.Get("/_admin/requests"));
  REQUIRE(j["requests"].size() == 3);
  CHECK(j["requests"][0]["tns"][0] == "4352154005");
  CHECK(j["requests"][2]["tns"][0] == "4352154003");

  auto off = TestConfig();
  off.journal_size = 0;
  RunningServer t(off);
  PostSoap11(t.client(), "queryDID", Query("did", "4352154001"));
  json none = Json(t.client().Get("/_admin/requests"));
  CHECK(none["requests"].empty());
  CHECK(none["enabled"] == false);
}
