#include "mock-server/admin/control_api.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "model/date_time.h"

namespace vi::admin {
namespace {

using nlohmann::json;

constexpr double kMaxAdvanceSeconds = 10.0 * 366 * 24 * 3600;

std::string Dump(const json& j) {
  // Never throws on odd UTF-8 (docs/hardening.md §1.5).
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

ControlAnswer Error(int status, std::string_view code, std::string_view message) {
  return {status, Dump({{"error", {{"code", code}, {"message", message}}}}), ""};
}

// `d` in seconds: a whole number when it is one (0 after a reset, never
// -0.0), else rounded to the millisecond.
json Seconds(core::Duration d) {
  if (d % std::chrono::seconds(1) == core::Duration{0}) {
    return std::chrono::duration_cast<std::chrono::seconds>(d).count();
  }
  return std::round(std::chrono::duration<double>(d).count() * 1000) / 1000 + 0.0;
}

// "[1900-01-01T00:00:00, 9998-01-01T00:00:00)": the clock's range, as the
// 400 answers name it.
std::string ClockRangeText() {
  return "[" + model::FormatDateTime(model::kClockMin) + ", " + model::FormatDateTime(model::kClockMax) + ")";
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

ControlApi::ControlApi(core::Sandbox& sandbox, core::ControllableClock& clock, std::string profile_name)
    : sandbox_(sandbox),
      clock_(clock),
      profile_name_(std::move(profile_name)),
      start_(sandbox.Save()),
      started_at_(clock.base().Now()) {}

ControlAnswer ControlApi::ClockState() const {
  const core::ControllableClock::Reading r = clock_.Read();
  return {200,
          Dump({{"now", model::FormatDateTime(r.now)},
                {"frozen", r.frozen},
                {"offsetSeconds", Seconds(r.offset)}}),
          ""};
}

ControlAnswer ControlApi::Handle(std::string_view method, std::string_view path,
                                 std::string_view body) const {
  std::string_view route = path.substr(kPrefix.size());
  auto only = [&](std::string_view allowed) -> std::optional<ControlAnswer> {
    if (method == allowed) return std::nullopt;
    ControlAnswer a =
        Error(405, "method_not_allowed", std::string(route) + " answers " + std::string(allowed) + " only");
    a.allow = std::string(allowed);
    return a;
  };

  if (route == "/health") {
    if (auto a = only("GET")) return *a;
    double uptime = std::chrono::duration<double>(clock_.base().Now() - started_at_).count();
    return {200,
            Dump({{"status", "ok"},
                  {"profile", profile_name_},
                  {"inventory", sandbox_.inventory().size()},
                  {"holdings", sandbox_.HoldingCount()},
                  {"uptimeSeconds", std::round(uptime * 1000) / 1000},
                  {"version", VI_SANDBOX_VERSION}}),
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
    if (!clock_.Advance(std::chrono::duration_cast<core::Duration>(std::chrono::duration<double>(seconds)))) {
      return Error(400, "out_of_range",
                   "advancing the clock by " + (*j)["seconds"].dump() + " seconds would take it outside " +
                       ClockRangeText() + "; it did not move");
    }
    return ClockState();
  }
  if (route == "/clock/set") {
    if (auto a = only("POST")) return *a;
    std::optional<json> j = ParseObject(body);
    std::string text;  // "" (malformed) unless the body has a string "now"
    if (j && j->contains("now") && (*j)["now"].is_string()) text = (*j)["now"].get<std::string>();
    Result<core::TimePoint, model::DateTimeError> t = model::ParseDateTime(text);
    if (!t && t.error() == model::DateTimeError::kMalformed) {
      return Error(400, "bad_request", "expected {\"now\": \"yyyy-MM-ddTHH:mm:ss[.fff]\"} (UTC)");
    }
    if (!t || !clock_.Set(*t)) {
      return Error(400, "out_of_range", "the clock can be set only within " + ClockRangeText() + " (UTC)");
    }
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
    sandbox_.RestoreWith(*start_, [this] { clock_.Reset(); });
    return {200, Dump({{"status", "reset"}, {"holdings", sandbox_.HoldingCount()}}), ""};
  }
  return Error(404, "not_found", "no such control endpoint");
}

}  // namespace vi::admin
