#include "mock-server/control/metrics.h"

#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

namespace vi::control {
namespace {

// The value of the sample line that starts with `series` + " ", or "".
std::string Sample(const std::string& text, const std::string& series) {
  const std::string key = "\n" + series + " ";
  const std::size_t at = text.find(key);
  if (at == std::string::npos) return "";
  const std::size_t start = at + key.size();
  return text.substr(start, text.find('\n', start) - start);
}

TEST_CASE("Render: label sets sorted as strings, fast and fallback counters merged", "[control][metrics]") {
  Metrics m({"queryDID", "reserveDID"});
  m.Observe("reserveDID", 100, 200, 0.0004);
  m.Observe("queryDID", 1000, 200, 0.002);  // a code past the fast range
  m.Observe("queryDID", 100, 200, 0.003);
  m.Observe("queryDID", std::nullopt, 500, 0.02);
  m.Observe("", std::nullopt, 0, 2.0);
  m.Observe("none", std::nullopt, 700, 0.0001);  // an unknown operation named like "none"
  m.Observe("queryDID", -5, 200, 0.0001);
  m.Observe("getX", 200, 200, 0.0001);
  CHECK(
      m.Render() ==
      "# HELP vi_sandbox_requests_total SOAP requests answered, by operation and responseCode.\n"
      "# TYPE vi_sandbox_requests_total counter\n"
      "vi_sandbox_requests_total{operation=\"getX\",response_code=\"200\"} 1\n"
      "vi_sandbox_requests_total{operation=\"none\",response_code=\"none\"} 2\n"
      "vi_sandbox_requests_total{operation=\"queryDID\",response_code=\"-5\"} 1\n"
      "vi_sandbox_requests_total{operation=\"queryDID\",response_code=\"100\"} 1\n"
      "vi_sandbox_requests_total{operation=\"queryDID\",response_code=\"1000\"} 1\n"
      "vi_sandbox_requests_total{operation=\"queryDID\",response_code=\"none\"} 1\n"
      "vi_sandbox_requests_total{operation=\"reserveDID\",response_code=\"100\"} 1\n"
      "# HELP vi_sandbox_http_responses_total SOAP requests by the HTTP status sent (0: connection reset).\n"
      "# TYPE vi_sandbox_http_responses_total counter\n"
      "vi_sandbox_http_responses_total{status=\"0\"} 1\n"
      "vi_sandbox_http_responses_total{status=\"200\"} 5\n"
      "vi_sandbox_http_responses_total{status=\"500\"} 1\n"
      "vi_sandbox_http_responses_total{status=\"700\"} 1\n"
      "# HELP vi_sandbox_request_duration_seconds Time to answer a SOAP request.\n"
      "# TYPE vi_sandbox_request_duration_seconds histogram\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"0.0005\"} 4\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"0.001\"} 4\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"0.0025\"} 5\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"0.005\"} 6\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"0.01\"} 6\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"0.025\"} 7\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"0.05\"} 7\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"0.1\"} 7\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"0.5\"} 7\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"1\"} 7\n"
      "vi_sandbox_request_duration_seconds_bucket{le=\"+Inf\"} 8\n"
      "vi_sandbox_request_duration_seconds_sum 2.0257\n"
      "vi_sandbox_request_duration_seconds_count 8\n");
}

TEST_CASE("Observes from many threads are all counted", "[control][metrics]") {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200000;
  Metrics m({"queryDID", "reserveDID"});
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&m] {
      for (int i = 0; i < kPerThread; ++i) {
        m.Observe("queryDID", 100, 200, 0.0002);                  // every counter on the fast path
        if (i % 10 == 0) m.Observe("otherOp", 100, 200, 0.002);   // the fallback's
        if (i % 10 == 5) m.Observe("reserveDID", 100, 999, 0.2);  // fast, but the status falls back
      }
    });
  }
  for (std::thread& th : threads) th.join();
  const std::string text = m.Render();
  const int n = kThreads * kPerThread, tenth = n / 10;
  CHECK(Sample(text, R"(vi_sandbox_requests_total{operation="queryDID",response_code="100"})") ==
        std::to_string(n));
  CHECK(Sample(text, R"(vi_sandbox_requests_total{operation="otherOp",response_code="100"})") ==
        std::to_string(tenth));
  CHECK(Sample(text, R"(vi_sandbox_requests_total{operation="reserveDID",response_code="100"})") ==
        std::to_string(tenth));
  CHECK(Sample(text, R"(vi_sandbox_http_responses_total{status="200"})") == std::to_string(n + tenth));
  CHECK(Sample(text, R"(vi_sandbox_http_responses_total{status="999"})") == std::to_string(tenth));
  CHECK(Sample(text, R"(vi_sandbox_request_duration_seconds_bucket{le="0.0005"})") == std::to_string(n));
  CHECK(Sample(text, R"(vi_sandbox_request_duration_seconds_bucket{le="0.0025"})") ==
        std::to_string(n + tenth));
  CHECK(Sample(text, R"(vi_sandbox_request_duration_seconds_bucket{le="+Inf"})") ==
        std::to_string(n + 2 * tenth));
  CHECK(Sample(text, "vi_sandbox_request_duration_seconds_count") == std::to_string(n + 2 * tenth));
  // 800000 * 0.2 ms + 80000 * 2 ms + 80000 * 200 ms = 160 + 160 + 16000 s.
  CHECK(Sample(text, "vi_sandbox_request_duration_seconds_sum") == "16320");
}

}  // namespace
}  // namespace vi::control
