#include "mock-server/admin/control_api.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "model/date_time.h"

namespace vi::admin {
namespace {

using nlohmann::json;

constexpr double kMaxAdvanceSeconds = 10.0 * 366 * 24 * 3600;

std::string Dump(const json& j) {
  // Never throws on odd UTF-8 (HARDENING.md 1.5).
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

ControlAnswer Error(int status, std::string_view code, std::string_view message) {
  return {status, Dump({{"error", {{"code", code}, {"message", message}}}}), ""};
}

// Parses a small JSON object body: depth-limited, non-throwing.
std::optional<json> ParseObject(std::string_view body) {
  bool too_deep = false;
  json::parser_callback_t limit = [&](int depth, json::parse_event_t, json&) {
    if (depth > 8) too_deep = true;
    return !too_deep;
  };
  json j = json::parse(body.begin(), body.end(), limit, /*allow_exceptions=*/false);
  if (too_deep || j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

}  // namespace

ControlApi::ControlApi(core::Sandbox& sandbox, core::ControllableClock& clock,
                       std::string profile_name)
    : sandbox_(sandbox),
      clock_(clock),
      profile_name_(std::move(profile_name)),
      start_(sandbox.Save()),
      started_at_(core::SystemClock().Now()) {}

ControlAnswer ControlApi::ClockState() const {
  core::TimePoint now = clock_.Now();
  double offset =
      std::chrono::duration<double>(now - core::SystemClock().Now()).count();
  return {200,
          Dump({{"now", model::FormatDateTime(now)},
                {"frozen", clock_.frozen()},
                {"offsetSeconds", std::round(offset * 1000) / 1000}}),
          ""};
}

ControlAnswer ControlApi::Handle(std::string_view method, std::string_view path,
                                 std::string_view body) const {
  std::string_view route = path.substr(kPrefix.size());
  auto only = [&](std::string_view allowed) -> std::optional<ControlAnswer> {
    if (method == allowed) return std::nullopt;
    ControlAnswer a = Error(405, "method_not_allowed",
                            std::string(route) + " answers " + std::string(allowed) + " only");
    a.allow = std::string(allowed);
    return a;
  };

  if (route == "/health") {
    if (auto a = only("GET")) return *a;
    double uptime = std::chrono::duration<double>(core::SystemClock().Now() - started_at_).count();
    return {200,
            Dump({{"status", "ok"},
                  {"profile", profile_name_},
                  {"inventory", sandbox_.inventory().size()},
                  {"holdings", sandbox_.HoldingCount()},
                  {"uptimeSeconds", std::round(uptime * 1000) / 1000}}),
            ""};
  }
  if (route == "/clock") {
    if (auto a = only("GET")) return *a;
    return ClockState();
  }
  if (route == "/clock/advance") {
    if (auto a = only("POST")) return *a;
    std::optional<json> j = ParseObject(body);
    if (!j || !j->contains("seconds") || !(*j)["seconds"].is_number()) {
      return Error(400, "bad_request", "expected a JSON object {\"seconds\": N}");
    }
    double seconds = (*j)["seconds"].get<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxAdvanceSeconds) {
      return Error(400, "bad_request", "seconds must be between 0 and 316224000 (ten years)");
    }
    clock_.Advance(std::chrono::duration_cast<core::Duration>(std::chrono::duration<double>(seconds)));
    return ClockState();
  }
  if (route == "/clock/set") {
    if (auto a = only("POST")) return *a;
    std::optional<json> j = ParseObject(body);
    std::optional<core::TimePoint> t;
    if (j && j->contains("now") && (*j)["now"].is_string()) {
      t = model::ParseDateTime((*j)["now"].get<std::string>());
    }
    if (!t) return Error(400, "bad_request", "expected {\"now\": \"yyyy-MM-ddTHH:mm:ss[.fff]\"} (UTC)");
    clock_.Set(*t);
    return ClockState();
  }
  if (route == "/clock/freeze") {
    if (auto a = only("POST")) return *a;
    clock_.Freeze();
    return ClockState();
  }
  if (route == "/clock/resume") {
    if (auto a = only("POST")) return *a;
    clock_.Resume();
    return ClockState();
  }
  if (route == "/reset") {
    if (auto a = only("POST")) return *a;
    sandbox_.Restore(*start_);
    clock_.Reset();
    return {200, Dump({{"status", "reset"}, {"holdings", sandbox_.HoldingCount()}}), ""};
  }
  return Error(404, "not_found", "no such control endpoint");
}

}  // namespace vi::admin
