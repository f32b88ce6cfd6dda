// The control API over HTTP: clock, reset, health, and its errors.
#include <catch2/catch.hpp>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

TEST_CASE("The control API reads, advances, sets, freezes and resumes the clock", "[admin][http]") {
  RunningServer s;
  auto& c = s.client();
  auto now = c.Get("/_admin/clock");
  REQUIRE(now);
  CHECK(now->status == 200);
  CHECK(now->get_header_value("Content-Type") == "application/json");
  CHECK(now->body.find("\"now\":\"2026-01-15T12:00:00\"") != std::string::npos);
  CHECK(now->body.find("\"frozen\":false") != std::string::npos);

  auto adv = c.Post("/_admin/clock/advance", R"({"seconds": 1800})", "application/json");
  REQUIRE(adv);
  CHECK(adv->body.find("\"now\":\"2026-01-15T12:30:00\"") != std::string::npos);
  auto frozen = c.Post("/_admin/clock/freeze", "", "application/json");
  REQUIRE(frozen);
  CHECK(frozen->body.find("\"frozen\":true") != std::string::npos);
  s.base_clock().Advance(std::chrono::hours(1));
  CHECK(c.Get("/_admin/clock")->body.find("\"now\":\"2026-01-15T12:30:00\"") != std::string::npos);
  auto resumed = c.Post("/_admin/clock/resume", "", "application/json");
  REQUIRE(resumed);
  CHECK(resumed->body.find("\"frozen\":false") != std::string::npos);
  auto set = c.Post("/_admin/clock/set", R"({"now": "2027-02-03T04:05:06"})", "application/json");
  REQUIRE(set);
  CHECK(set->body.find("\"now\":\"2027-02-03T04:05:06\"") != std::string::npos);
}

TEST_CASE("Reset brings back the start-up state", "[admin][http]") {
  RunningServer s;
  auto& c = s.client();
  auto r = PostSoap11(c, "assignDID",
                      "<assignDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
                      "<didParams><DIDParam><tn>4352154006</tn><epg>8674</epg></DIDParam></didParams></assignDID>");
  REQUIRE(r);
  REQUIRE(FirstText(r->body, "statusCode") == "100");
  c.Post("/_admin/clock/advance", R"({"seconds": 60})", "application/json");
  auto reset = c.Post("/_admin/reset", "", "application/json");
  REQUIRE(reset);
  CHECK(reset->status == 200);
  CHECK(reset->body == R"({"holdings":0,"status":"reset"})");
  CHECK(c.Get("/_admin/clock")->body.find("\"now\":\"2026-01-15T12:00:00\"") != std::string::npos);
  auto q = PostSoap11(c, "queryDID",
                      "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
                      "<did>4352154006</did></queryDID>");
  REQUIRE(q);
  CHECK(FirstText(q->body, "availability") == "Available");
  auto health = c.Get("/_admin/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(health->body.find("\"status\":\"ok\"") != std::string::npos);
  CHECK(health->body.find("\"profile\":\"sandbox\"") != std::string::npos);
}

TEST_CASE("The control API answers bad input with JSON errors", "[admin][http]") {
  RunningServer s;
  auto& c = s.client();
  std::string deep(100'000, '[');
  for (const std::string& body : {std::string("{"), std::string(R"({"seconds":"ten"})"),
                                  std::string(R"({"seconds":-5})"), std::string(R"({"seconds":1e300})"),
                                  std::string("[1]"), deep, std::string(R"({"secs":5})")}) {
    CAPTURE(body.substr(0, 40));
    auto r = c.Post("/_admin/clock/advance", body, "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(r->body.rfind("{\"error\":{\"code\":\"bad_request\"", 0) == 0);
  }
  auto set = c.Post("/_admin/clock/set", R"({"now":"tomorrow"})", "application/json");
  REQUIRE(set);
  CHECK(set->status == 400);
  auto nothing = c.Get("/_admin/nothing");
  REQUIRE(nothing);
  CHECK(nothing->status == 404);
  auto wrong = c.Get("/_admin/reset");
  REQUIRE(wrong);
  CHECK(wrong->status == 405);
  CHECK(wrong->get_header_value("Allow") == "POST");
  // The clock did not move.
  CHECK(c.Get("/_admin/clock")->body.find("\"now\":\"2026-01-15T12:00:00\"") != std::string::npos);
}

TEST_CASE("With --no-admin there is no control API", "[admin][http]") {
  auto config = TestConfig();
  config.admin = false;
  RunningServer s(config);
  auto r = s.client().Get("/_admin/health");
  REQUIRE(r);
  CHECK(r->status == 404);
}
