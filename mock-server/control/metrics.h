// Metrics: counters of the SOAP requests answered, in the Prometheus text
// exposition format (https://prometheus.io/docs/instrumenting/exposition_formats/):
// requests by operation and responseCode, HTTP statuses, and a latency
// histogram. Gauges of the state (holdings, journal, faults) are added by
// the control API, which reads them where they live.
#ifndef VI_MOCK_SERVER_CONTROL_METRICS_H_
#define VI_MOCK_SERVER_CONTROL_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace vi::control {

// Upper bounds (seconds) of the latency histogram's buckets; +Inf follows.
inline constexpr std::array<double, 10> kLatencyBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                        0.025,  0.05,  0.1,    0.5,   1.0};

// Thread-safe.
class Metrics {
 public:
  // One answered SOAP request: its operation ("" when none was routed), its
  // responseCode if it had one, the HTTP status sent (0: the connection was
  // reset) and how long it took.
  void Observe(std::string_view operation, std::optional<int> response_code, int http_status, double seconds)
      VI_EXCLUDES(mu_);
  // The counters and the histogram, as Prometheus text (no trailing gauges).
  std::string Render() const VI_EXCLUDES(mu_);

 private:
  mutable Mutex mu_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> requests_ VI_GUARDED_BY(mu_);
  std::map<int, std::uint64_t> statuses_ VI_GUARDED_BY(mu_);
  std::array<std::uint64_t, kLatencyBuckets.size()> buckets_ VI_GUARDED_BY(mu_){};  // not cumulative
  std::uint64_t count_ VI_GUARDED_BY(mu_) = 0;
  double sum_ VI_GUARDED_BY(mu_) = 0;
};

}  // namespace vi::control

#endif  // VI_MOCK_SERVER_CONTROL_METRICS_H_
