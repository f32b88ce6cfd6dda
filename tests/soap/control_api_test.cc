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
  CHECK(now->body.find("\"now\":\"2026-01-15T12:00:00.000Z\"") != std::string::npos);
  CHECK(now->body.find("\"frozen\":false") != std::string::npos);

  auto adv = c.Post("/_admin/clock/advance", R"({"seconds": 1800})", "application/json");
  REQUIRE(adv);
  CHECK(adv->body.find("\"now\":\"2026-01-15T12:30:00.000Z\"") != std::string::npos);
  auto frozen = c.Post("/_admin/clock/freeze", "", "application/json");
  REQUIRE(frozen);
  CHECK(frozen->body.find("\"frozen\":true") != std::string::npos);
  s.base_clock().Advance(std::chrono::hours(1));
  CHECK(c.Get("/_admin/clock")->body.find("\"now\":\"2026-01-15T12:30:00.000Z\"") != std::string::npos);
  auto resumed = c.Post("/_admin/clock/resume", "", "application/json");
  REQUIRE(resumed);
  CHECK(resumed->body.find("\"frozen\":false") != std::string::npos);
  auto set = c.Post("/_admin/clock/set", R"({"now": "2027-02-03T04:05:06"})", "application/json");
  REQUIRE(set);
  CHECK(set->body.find("\"now\":\"2027-02-03T04:05:06.000Z\"") != std::string::npos);
}

TEST_CASE("Reset brings back the start-up state", "[admin][http]") {
  RunningServer s;
  auto& c = s.client();
  auto r = PostSoap11(
      c, "assignDID",
      "<assignDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
      "<didParams><DIDParam><tn>4352154006</tn><epg>8674</epg></DIDParam></didParams></assignDID>");
  REQUIRE(r);
  REQUIRE(FirstText(r->body, "statusCode") == "100");
  c.Post("/_admin/clock/advance", R"({"seconds": 60})", "application/json");
  auto reset = c.Post("/_admin/reset", "", "application/json");
  REQUIRE(reset);
  CHECK(reset->status == 200);
  CHECK(reset->body == R"({"holdings":0,"status":"reset"})");
  CHECK(c.Get("/_admin/clock")->body.find("\"now\":\"2026-01-15T12:00:00.000Z\"") != std::string::npos);
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
  for (const std::string& body :
       {std::string("{"), std::string(R"({"seconds":"ten"})"), std::string(R"({"seconds":-5})"),
        std::string(R"({"seconds":1e300})"), std::string("[1]"), deep, std::string(R"({"secs":5})")}) {
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
  CHECK(c.Get("/_admin/clock")->body.find("\"now\":\"2026-01-15T12:00:00.000Z\"") != std::string::npos);
}

TEST_CASE("With --no-admin there is no control API", "[admin][http]") {
  auto config = TestConfig();
  config.admin = false;
  RunningServer s(config);
  auto r = s.client().Get("/_admin/health");
  REQUIRE(r);
  CHECK(r->status == 404);
}

namespace {

// The value of `key` in a flat JSON answer, as written ("?" if absent).
std::string Field(const std::string& body, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\":";
  std::size_t at = body.find(quoted);
  if (at == std::string::npos) return "?";
  at += quoted.size();
  return body.substr(at, body.find_first_of(",}", at) - at);
}

std::string OffsetText(const std::string& body) { return Field(body, "offsetSeconds"); }

}  // namespace

TEST_CASE("Clock set to year 9999 is refused instead of overflowing", "[admin][http][clock]") {
  // Regression: year 9999 used to wrap int64 nanoseconds and set the clock
  // to 1815 (UBSan: signed overflow).
  RunningServer s;
  auto& c = s.client();
  for (const char* when : {"9999-12-31T23:59:59.9999999", "9999-01-01T00:00:00", "9998-01-01T00:00:00",
                           "1899-12-31T23:59:59.9999999", "0001-01-01T00:00:00", "0000-01-01T00:00:00"}) {
    CAPTURE(when);
    auto r = c.Post("/_admin/clock/set", std::string(R"({"now":")") + when + "\"}", "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(r->body == R"x({"error":{"code":"out_of_range","message":"the clock can be set only within )x"
                     R"x([1900-01-01T00:00:00, 9998-01-01T00:00:00) (UTC)"}})x");
  }
  // The clock did not move.
  CHECK(c.Get("/_admin/clock")->body.find("\"now\":\"2026-01-15T12:00:00.000Z\"") != std::string::npos);
  // The last instant of the range and its first are accepted, and read back exactly.
  auto last = c.Post("/_admin/clock/set", R"({"now":"9997-12-31T23:59:59.9999999"})", "application/json");
  REQUIRE(last);
  CHECK(last->status == 200);
  CHECK(last->body.find("\"now\":\"9997-12-31T23:59:59.999Z\"") != std::string::npos);
  auto first = c.Post("/_admin/clock/set", R"({"now":"1900-01-01T00:00:00"})", "application/json");
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK(first->body.find("\"now\":\"1900-01-01T00:00:00.000Z\"") != std::string::npos);
}

TEST_CASE("Repeated ten-year advances stop with 400 before the clock range ends", "[admin][http][clock]") {
  // Regression: ten-year advances used to wrap the clock back past 2262.
  RunningServer s;
  auto& c = s.client();
  const std::string ten_years = R"({"seconds":316224000})";
  std::string last_now;
  int moves = 0;
  for (; moves < 2000; ++moves) {
    auto r = c.Post("/_admin/clock/advance", ten_years, "application/json");
    REQUIRE(r);
    if (r->status != 200) {
      CHECK(r->status == 400);
      CHECK(r->body.find("\"code\":\"out_of_range\"") != std::string::npos);
      CHECK(r->body.find("[1900-01-01T00:00:00, 9998-01-01T00:00:00)") != std::string::npos);
      break;
    }
    std::string now = Field(r->body, "now");
    CHECK(now > last_now);  // never wraps backwards
    last_now = now;
  }
  // From 2026-01-15T12:00, 795 steps of 3660 days reach 9992-07-12; the next would pass 9998-01-01.
  CHECK(moves == 795);
  auto after = c.Get("/_admin/clock");
  REQUIRE(after);
  CHECK(Field(after->body, "now") == last_now);  // the refused call changed nothing
  CHECK(last_now == "\"9992-07-12T12:00:00.000Z\"");
  // Smaller steps still fit.
  auto day = c.Post("/_admin/clock/advance", R"({"seconds":86400})", "application/json");
  REQUIRE(day);
  CHECK(day->status == 200);
}

TEST_CASE("offsetSeconds is read from the clock: 0 after a reset and unchanged while frozen",
          "[admin][http][clock]") {
  RunningServer s;
  auto& c = s.client();
  CHECK(OffsetText(c.Get("/_admin/clock")->body) == "0");
  auto adv = c.Post("/_admin/clock/advance", R"({"seconds":90.5})", "application/json");
  REQUIRE(adv);
  CHECK(OffsetText(adv->body) == "90");  // whole seconds, toward zero
  CHECK(Field(adv->body, "offsetMs") == "90500");
  c.Post("/_admin/clock/freeze", "", "application/json");
  s.base_clock().Advance(std::chrono::hours(2));
  auto frozen = c.Get("/_admin/clock");
  REQUIRE(frozen);
  CHECK(OffsetText(frozen->body) == "90");  // real time passing does not change it
  CHECK(frozen->body.find("\"now\":\"2026-01-15T12:01:30.500Z\"") != std::string::npos);
  auto reset = c.Post("/_admin/reset", "", "application/json");
  REQUIRE(reset);
  auto after = c.Get("/_admin/clock");
  REQUIRE(after);
  CHECK(OffsetText(after->body) == "0");  // not -0.0, not the base's drift
  CHECK(after->body.find("\"frozen\":false") != std::string::npos);
  CHECK(after->body.find("\"now\":\"2026-01-15T14:00:00.000Z\"") != std::string::npos);
  auto set = c.Post("/_admin/clock/set", R"({"now":"2026-01-15T13:00:00"})", "application/json");
  REQUIRE(set);
  CHECK(OffsetText(set->body) == "-3600");
}
