#include "mock-server/control/metrics.h"

#include <cmath>
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

Metrics::Metrics(std::vector<std::string> operations)
    : operations_(std::move(operations)),
      requests_(new std::atomic<std::uint64_t>[(operations_.size() + 1) * kCodeSlots]()) {}

void Metrics::Observe(std::string_view operation, std::optional<int> response_code, int http_status,
                      double seconds) {
  // The histogram first: its buckets are all it reads.
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && !(seconds <= kLatencyBuckets[bucket])) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  if (seconds > 0) {
    sum_ns_.fetch_add(static_cast<std::uint64_t>(std::llround(seconds * 1e9)), std::memory_order_relaxed);
  }

  std::size_t op = operations_.size();  // "none"
  if (!operation.empty()) {
    op = 0;
    while (op < operations_.size() && operations_[op] != operation) ++op;
  }
  const bool fast_op = operation.empty() || op < operations_.size();
  const bool fast_code = !response_code || (*response_code >= 0 && *response_code < kMaxFastCode);
  const bool fast_status = http_status >= 0 && http_status < kMaxFastStatus;
  if (fast_op && fast_code) {
    const std::size_t code = response_code ? static_cast<std::size_t>(*response_code) : kMaxFastCode;
    requests_[op * kCodeSlots + code].fetch_add(1, std::memory_order_relaxed);
  }
  if (fast_status) statuses_[static_cast<std::size_t>(http_status)].fetch_add(1, std::memory_order_relaxed);
  if (fast_op && fast_code && fast_status) return;

  MutexLock lock(mu_);
  if (!fast_op || !fast_code) {
    std::string name = operation.empty() ? "none" : std::string(operation);
    std::string code = response_code ? std::to_string(*response_code) : "none";
    ++other_requests_[{std::move(name), std::move(code)}];
  }
  if (!fast_status) ++other_statuses_[http_status];
}

std::string Metrics::Render() const {
  // Both kinds of counters merged, in the order the labels sort as strings.
  std::map<std::pair<std::string, std::string>, std::uint64_t> requests;
  std::map<int, std::uint64_t> statuses;
  {
    MutexLock lock(mu_);
    requests = other_requests_;
    statuses = other_statuses_;
  }
  for (std::size_t op = 0; op <= operations_.size(); ++op) {
    for (std::size_t code = 0; code < kCodeSlots; ++code) {
      const std::uint64_t n = requests_[op * kCodeSlots + code].load(std::memory_order_relaxed);
      if (n == 0) continue;
      requests[{op < operations_.size() ? operations_[op] : "none",
                code < static_cast<std::size_t>(kMaxFastCode) ? std::to_string(code) : "none"}] += n;
    }
  }
  for (std::size_t status = 0; status < statuses_.size(); ++status) {
    const std::uint64_t n = statuses_[status].load(std::memory_order_relaxed);
    if (n != 0) statuses[static_cast<int>(status)] += n;
  }

  std::string out;
  out += "# HELP vi_sandbox_requests_total SOAP requests answered, by operation and responseCode.\n";
  out += "# TYPE vi_sandbox_requests_total counter\n";
  for (const auto& [key, n] : requests) {
    out += "vi_sandbox_requests_total{operation=\"" + Label(key.first) + "\",response_code=\"" +
           Label(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out +=
      "# HELP vi_sandbox_http_responses_total SOAP requests by the HTTP status sent (0: connection reset).\n";
  out += "# TYPE vi_sandbox_http_responses_total counter\n";
  for (const auto& [status, n] : statuses) {
    out += "vi_sandbox_http_responses_total{status=\"" + std::to_string(status) + "\"} " + std::to_string(n) +
           "\n";
  }
  out += "# HELP vi_sandbox_request_duration_seconds Time to answer a SOAP request.\n";
  out += "# TYPE vi_sandbox_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out += "vi_sandbox_request_duration_seconds_bucket{le=\"" + Number(kLatencyBuckets[i]) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  const std::uint64_t count = cumulative + buckets_.back().load(std::memory_order_relaxed);
  const double sum = static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9;
  out += "vi_sandbox_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(count) + "\n";
  out += "vi_sandbox_request_duration_seconds_sum " + Number(sum) + "\n";
  out += "vi_sandbox_request_duration_seconds_count " + std::to_string(count) + "\n";
  return out;
}

}  // namespace vi::control
