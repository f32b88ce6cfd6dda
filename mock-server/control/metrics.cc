#include "mock-server/control/metrics.h"

#include <cstdio>

namespace vi::control {
namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// A label value: the operation names and codes are plain, but escape anyway.
std::string Label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::Observe(std::string_view operation, std::optional<int> response_code, int http_status,
                      double seconds) {
  std::string op = operation.empty() ? "none" : std::string(operation);
  std::string code = response_code ? std::to_string(*response_code) : "none";
  MutexLock lock(mu_);
  ++requests_[{std::move(op), std::move(code)}];
  ++statuses_[http_status];
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++buckets_[i];
      break;
    }
  }
  ++count_;
  sum_ += seconds;
}

std::string Metrics::Render() const {
  MutexLock lock(mu_);
  std::string out;
  out += "# HELP vi_sandbox_requests_total SOAP requests answered, by operation and responseCode.\n";
  out += "# TYPE vi_sandbox_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += "vi_sandbox_requests_total{operation=\"" + Label(key.first) + "\",response_code=\"" +
           Label(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out +=
      "# HELP vi_sandbox_http_responses_total SOAP requests by the HTTP status sent (0: connection reset).\n";
  out += "# TYPE vi_sandbox_http_responses_total counter\n";
  for (const auto& [status, n] : statuses_) {
    out += "vi_sandbox_http_responses_total{status=\"" + std::to_string(status) + "\"} " + std::to_string(n) +
           "\n";
  }
  out += "# HELP vi_sandbox_request_duration_seconds Time to answer a SOAP request.\n";
  out += "# TYPE vi_sandbox_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += buckets_[i];
    out += "vi_sandbox_request_duration_seconds_bucket{le=\"" + Number(kLatencyBuckets[i]) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out += "vi_sandbox_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(count_) + "\n";
  out += "vi_sandbox_request_duration_seconds_sum " + Number(sum_) + "\n";
  out += "vi_sandbox_request_duration_seconds_count " + std::to_string(count_) + "\n";
  return out;
}

}  // namespace vi::control
