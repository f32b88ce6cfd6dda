// GET /metrics, and --no-admin turning the whole control plane off.
#include <catch2/catch.hpp>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {

std::string Reserve(std::string_view tn) {
  return "<reserveDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
         "<didParams><DIDParam><tn>" +
         std::string(tn) + "</tn></DIDParam></didParams></reserveDID>";
}

// The value of the sample line that starts with `series` + " ", or "?".
std::string Sample(const std::string& text, const std::string& series) {
  const std::string key = "\n" + series + " ";
  const std::size_t at = ("\n" + text).find(key);
  if (at == std::string::npos) return "?";
  const std::size_t from = at + key.size() - 1;
  return text.substr(from, text.find('\n', from) - from);
}

}  // namespace

TEST_CASE("GET /metrics answers Prometheus text with requests, statuses, latency and state gauges",
          "[admin][http][metrics]") {
  RunningServer s;
  auto& c = s.client();
  PostSoap11(c, "reserveDID", Reserve("4352154006"));
  PostSoap11(c, "reserveDID", Reserve("4358797726"));
  PostSoap11(c, "auditDIDs",
             "<auditDIDs xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>x</secret></auditDIDs>");
  c.Post("/_admin/faults", R"({"operation":"queryDID","fault":"http","status":503})", "application/json");
  PostSoap11(c, "queryDID",
             "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
             "<did>4352154006</did></queryDID>");
  auto m = c.Get("/metrics");
  REQUIRE(m);
  CHECK(m->status == 200);
  CHECK(m->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  const std::string& t = m->body;
  CAPTURE(t);
  CHECK(Sample(t, R"(vi_sandbox_requests_total{operation="reserveDID",response_code="100"})") == "2");
  CHECK(Sample(t, R"(vi_sandbox_requests_total{operation="auditDIDs",response_code="902"})") == "1");
  CHECK(Sample(t, R"(vi_sandbox_http_responses_total{status="200"})") == "3");
  CHECK(Sample(t, R"(vi_sandbox_http_responses_total{status="503"})") == "1");
  CHECK(Sample(t, R"(vi_sandbox_request_duration_seconds_bucket{le="+Inf"})") == "4");
  CHECK(Sample(t, "vi_sandbox_request_duration_seconds_count") == "4");
  CHECK(Sample(t, R"(vi_sandbox_holdings{kind="reserved"})") == "2");
  CHECK(Sample(t, "vi_sandbox_live_reservations") == "2");
  CHECK(Sample(t, "vi_sandbox_journal_entries") == "4");
  CHECK(Sample(t, "vi_sandbox_faults_fired_total") == "1");
  CHECK(t.find("# TYPE vi_sandbox_request_duration_seconds histogram") != std::string::npos);
  // The reservations lapse on the emulator's clock.
  c.Post("/_admin/clock/advance", R"({"seconds":1800})", "application/json");
  CHECK(Sample(c.Get("/metrics")->body, "vi_sandbox_live_reservations") == "0");
}

TEST_CASE("The no-admin option turns off the control API, the journal, faults and /metrics",
          "[admin][http][metrics]") {
  auto config = TestConfig();
  config.admin = false;
  RunningServer s(config);
  auto& c = s.client();
  for (const char* path :
       {"/_admin", "/_admin/requests", "/_admin/faults", "/_admin/state", "/_admin/accounts",
        "/_admin/numbers/4352154006", "/_admin/openapi.json", "/metrics"}) {
    CAPTURE(path);
    auto r = c.Get(path);
    REQUIRE(r);
    CHECK(r->status == 404);
  }
  // And a bodiless POST there is IIS's 411 again.
  const std::string raw = RawExchange(s.port(), "POST /_admin/reset HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(raw.rfind("HTTP/1.1 411", 0) == 0);
}
