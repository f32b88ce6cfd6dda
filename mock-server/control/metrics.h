// Metrics: counters of the SOAP requests answered, in the Prometheus text
// exposition format (https://prometheus.io/docs/instrumenting/exposition_formats/):
// requests by operation and responseCode, HTTP statuses, and a latency
// histogram. Gauges of the state (holdings, journal, faults) are added by
// the control API, which reads them where they live.
//
// Observe takes no lock for the usual keys: an operation named at
// construction (or none) with a responseCode in [0, kMaxFastCode) or none,
// and an HTTP status in [0, kMaxFastStatus), are counted in fixed arrays of
// atomic counters; any other key falls back to a map under a mutex. The
// histogram's buckets and sum (integer nanoseconds) are atomics too.
#ifndef VI_MOCK_SERVER_CONTROL_METRICS_H_
#define VI_MOCK_SERVER_CONTROL_METRICS_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace vi::control {

// Upper bounds (seconds) of the latency histogram's buckets; +Inf follows.
inline constexpr std::array<double, 10> kLatencyBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                        0.025,  0.05,  0.1,    0.5,   1.0};

// Thread-safe. Every Observe is counted exactly; Render reads the counters
// one by one, so a Render concurrent with Observes may show one series
// counted and another not yet (each series only ever grows, and a
// histogram's buckets, +Inf and _count always agree with each other).
class Metrics {
 public:
  static constexpr int kMaxFastCode = 1000;
  static constexpr int kMaxFastStatus = 600;

  // `operations`: the wire names counted without a lock (the server passes
  // the ten it serves); others are counted too, under the fallback's lock.
  explicit Metrics(std::vector<std::string> operations = {});

  // One answered SOAP request: its operation ("" when none was routed), its
  // responseCode if it had one, the HTTP status sent (0: the connection was
  // reset) and how long it took.
  void Observe(std::string_view operation, std::optional<int> response_code, int http_status, double seconds)
      VI_EXCLUDES(mu_);
  // The counters and the histogram, as Prometheus text (no trailing gauges).
  // Series in the order of their labels as strings (operation, then code).
  std::string Render() const VI_EXCLUDES(mu_);

 private:
  // Codes [0, kMaxFastCode), then "none".
  static constexpr std::size_t kCodeSlots = kMaxFastCode + 1;

  const std::vector<std::string> operations_;
  // (operation index, code slot), operation index operations_.size() being
  // "none" (no operation routed).
  const std::unique_ptr<std::atomic<std::uint64_t>[]> requests_;
  std::array<std::atomic<std::uint64_t>, kMaxFastStatus> statuses_{};
  // Not cumulative; the last counts the answers slower than every bound.
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> buckets_{};
  std::atomic<std::uint64_t> sum_ns_{0};

  mutable Mutex mu_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> other_requests_ VI_GUARDED_BY(mu_);
  std::map<int, std::uint64_t> other_statuses_ VI_GUARDED_BY(mu_);
};

}  // namespace vi::control

#endif  // VI_MOCK_SERVER_CONTROL_METRICS_H_
