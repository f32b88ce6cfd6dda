// The control API beside the SOAP service (JSON over HTTP, under /_admin):
// the emulator's clock, reset to the start-up state, and health. It is how
// contract tests move time 30 minutes ahead without sleeping.
//
//   GET  /_admin/health         {"status":"ok", "profile":..., "inventory":N, ...}
//   GET  /_admin/clock          {"now":"2026-...", "frozen":false, "offsetSeconds":0}
//   POST /_admin/clock/advance  {"seconds": N}   N >= 0, at most ten years
//   POST /_admin/clock/set      {"now": "yyyy-MM-ddTHH:mm:ss[.fff]"}  (UTC)
//   POST /_admin/clock/freeze   stop the clock at its current reading
//   POST /_admin/clock/resume   let it run again from there
//   POST /_admin/reset          holdings, accounts, ports and clock as at start-up
// Clock answers are the clock's state after the call, read from the clock
// itself: offsetSeconds is ControllableClock's offset (0 after a reset, fixed
// while frozen). The clock stays in [model::kClockMin, model::kClockMax): a
// set or an advance that would leave it is 400 "out_of_range" and changes
// nothing. Other errors are {"error":{"code":"...","message":"..."}} with
// 400 "bad_request", 404 or 405. Reset restores the sandbox and resets the
// clock under the sandbox's writer lock (Sandbox::RestoreWith), so no SOAP
// request sees one without the other.
#ifndef VI_MOCK_SERVER_ADMIN_CONTROL_API_H_
#define VI_MOCK_SERVER_ADMIN_CONTROL_API_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mock-server/control/faults.h"
#include "mock-server/control/journal.h"
#include "mock-server/control/metrics.h"
#include "mock-server/core/clock.h"
#include "mock-server/core/sandbox.h"

namespace vi::admin {

inline constexpr std::string_view kPrefix = "/_admin";

// One request to the control API, as the HTTP layer hands it over.
struct ControlRequest {
  std::string_view method;
  std::string_view path;  // starts with kPrefix
  std::string_view body;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
};

// What the control API works on besides the sandbox and its clock.
// REQUIRES: all outlive the API.
struct ControlPlane {
  control::Journal* journal = nullptr;
  control::FaultSet* faults = nullptr;
  control::Metrics* metrics = nullptr;
  std::vector<std::string> operations;  // the SOAP operations' wire names
};

struct ControlAnswer {
  int status = 200;
  std::string body;   // JSON
  std::string allow;  // for 405
  std::string content_type = "application/json";
};

// Thread-safe (the sandbox and clock lock; the start snapshot is immutable).
class ControlApi {
 public:
  // REQUIRES: `sandbox` and `clock` outlive the API; `clock` is the one the
  // sandbox reads.
  ControlApi(core::Sandbox& sandbox, core::ControllableClock& clock, std::string profile_name,
             ControlPlane plane);

  ControlAnswer Handle(const ControlRequest& request) const;

  // GET /metrics: Prometheus text (version 0.0.4): the counters, then
  // gauges of holdings by kind, live reservations, journal size and faults.
  std::string MetricsText() const;

  // The state document of GET /_admin/state (accounts, holdings, clock);
  // with `secrets`, the accounts' secrets too (for the --state file only).
  std::string StateDocument(bool secrets) const;
  // Restores a state document (PUT /_admin/state, --state at start-up):
  // nullopt, or why it was refused (nothing changed then).
  std::optional<std::string> RestoreState(std::string_view document) const;

 private:
  ControlAnswer ClockState() const;
  ControlAnswer Requests(const ControlRequest& request) const;
  ControlAnswer CountRequests(const ControlRequest& request) const;
  ControlAnswer Faults(const ControlRequest& request, std::string_view id) const;
  ControlAnswer Number(const ControlRequest& request, std::string_view tn) const;
  ControlAnswer Accounts(const ControlRequest& request) const;

  core::Sandbox& sandbox_;
  core::ControllableClock& clock_;
  const std::string profile_name_;
  const std::shared_ptr<const core::Sandbox::Snapshot> start_;
  const core::TimePoint started_at_;  // on the clock's base (real time), for uptime
  const ControlPlane plane_;
};

}  // namespace vi::admin

#endif  // VI_MOCK_SERVER_ADMIN_CONTROL_API_H_
