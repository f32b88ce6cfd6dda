// The control API as a new user meets it: bodiless POSTs, JSON errors,
// RFC 3339 times, the index and the OpenAPI description.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/testing/json_body.h"
#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;
using nlohmann::json;

TEST_CASE("A POST without Content-Length is a POST without a body on /_admin only", "[admin][http]") {
  RunningServer s;
  const std::string answer =
      RawExchange(s.port(), "POST /_admin/reset HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(answer.find("Content-Type: application/json") != std::string::npos);
  CHECK(answer.find("\"status\":\"reset\"") != std::string::npos);
  const std::string freeze =
      RawExchange(s.port(), "POST /_admin/clock/freeze HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(freeze.find("\"frozen\":true") != std::string::npos);
  // The SOAP service keeps IIS's 411.
  const std::string soap = RawExchange(
      s.port(), "POST /VOIP/Services/APIService.asmx HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n\r\n");
  CHECK(soap.rfind("HTTP/1.1 411", 0) == 0);
}

TEST_CASE("Every /_admin error is JSON", "[admin][http]") {
  RunningServer s;
  auto& c = s.client();
  std::vector<httplib::Result> answers;
  answers.push_back(c.Get("/_admin/nothing"));
  answers.push_back(c.Post("/_admin/clock", "", "application/json"));
  answers.push_back(c.Patch("/_admin/reset", "{}", "application/json"));
  answers.push_back(c.Delete("/_admin/health"));
  answers.push_back(c.Post("/_admin/clock/advance", "not json", "application/json"));
  for (auto& r : answers) {
    REQUIRE(r);
    CAPTURE(r->body);
    CHECK(r->status >= 400);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    json j = Json(r);
    CHECK(j["error"]["code"].is_string());
    CHECK(j["error"]["message"].is_string());
  }
  CHECK(answers[0]->status == 404);
  CHECK(answers[2]->status == 405);
}

TEST_CASE("clock/set reads RFC 3339 with Z and offsets, answers are UTC with milliseconds", "[admin][http]") {
  RunningServer s;
  auto& c = s.client();
  struct Case {
    const char* in;
    const char* out;
  };
  for (const Case& k : {Case{"2026-12-01T10:00:00Z", "2026-12-01T10:00:00.000Z"},
                        Case{"2026-12-01T10:00:00.123Z", "2026-12-01T10:00:00.123Z"},        // toISOString
                        Case{"2026-12-01T10:00:00.123456789Z", "2026-12-01T10:00:00.123Z"},  // Instant
                        Case{"2026-12-01T12:00:00+02:00", "2026-12-01T10:00:00.000Z"},
                        Case{"2026-12-01T05:30:00.5-04:30", "2026-12-01T10:00:00.500Z"},
                        Case{"2026-12-01T10:00:00.250000+00:00", "2026-12-01T10:00:00.250Z"},  // isoformat
                        Case{"2026-12-01t10:00:00z", "2026-12-01T10:00:00.000Z"},
                        Case{"2026-12-01T10:00:00", "2026-12-01T10:00:00.000Z"}}) {
    CAPTURE(k.in);
    json j = Json(c.Post("/_admin/clock/set", json{{"now", k.in}}.dump(), "application/json"));
    CHECK(j["now"] == k.out);
    CHECK(j["offsetSeconds"].is_number_integer());
    CHECK(j["offsetMs"].is_number_integer());
  }
  for (const char* bad : {"2026-12-01T10:00:00+25:00", "2026-12-01T10:00:00+0200", "2026-12-01 10:00:00Z",
                          "2026-12-01T10:00:00.Z", "2026-12-01T10:00:00.12x4567890Z", "tomorrow"}) {
    CAPTURE(bad);
    auto r = c.Post("/_admin/clock/set", json{{"now", bad}}.dump(), "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(Json(r)["error"]["code"] == "bad_request");
  }
  CHECK(Json(c.Get("/_admin/clock"))["now"] == "2026-12-01T10:00:00.000Z");  // the refusals changed nothing
}

TEST_CASE("GET /_admin lists the endpoints and /_admin/openapi.json describes them", "[admin][http]") {
  RunningServer s;
  auto& c = s.client();
  json index = Json(c.Get("/_admin"));
  REQUIRE(index["endpoints"].is_array());
  bool has_clock = false;
  for (const json& e : index["endpoints"]) {
    has_clock = has_clock || (e["path"] == "/_admin/clock" && e["method"] == "GET");
  }
  CHECK(has_clock);
  json api = Json(c.Get("/_admin/openapi.json"));
  CHECK(api["openapi"] == "3.0.3");
  for (const json& e : index["endpoints"]) {
    std::string method = e["method"];
    for (char& ch : method) ch = static_cast<char>(ch - 'A' + 'a');
    CAPTURE(e.dump());
    CHECK(api["paths"][e["path"].get<std::string>()].contains(method));
  }
}
