#include "mock-server/admin/control_api.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "mock-server/admin/rfc3339.h"
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

// `d` in whole units of `Unit`, truncated toward zero (0 after a reset,
// never -0): offsets are integers.
template <typename Unit>
std::int64_t Whole(core::Duration d) {
  return std::chrono::duration_cast<Unit>(d).count();
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

struct Endpoint {
  std::string_view method;
  std::string_view path;
  std::string_view summary;
};

// Every endpoint, for GET /_admin and /_admin/openapi.json.
constexpr Endpoint kEndpoints[] = {
    {"GET", "/_admin", "this index of the control API"},
    {"GET", "/_admin/openapi.json", "an OpenAPI 3.0 description of the control API"},
    {"GET", "/_admin/health", "status, profile, inventory size, holdings, uptime"},
    {"GET", "/_admin/clock", "the emulator's clock: now (RFC 3339, UTC), frozen, offsetSeconds, offsetMs"},
    {"POST", "/_admin/clock/advance", "moves the clock forward: {\"seconds\": N}"},
    {"POST", "/_admin/clock/set", "jumps to an instant: {\"now\": \"2026-12-01T10:00:00Z\"}"},
    {"POST", "/_admin/clock/freeze", "stops the clock at its reading"},
    {"POST", "/_admin/clock/resume", "lets the clock run on"},
    {"POST", "/_admin/reset", "holdings, accounts, ports and clock as at start-up"},
};

json Index() {
  json endpoints = json::array();
  for (const Endpoint& e : kEndpoints) {
    endpoints.push_back({{"method", e.method}, {"path", e.path}, {"summary", e.summary}});
  }
  return {{"service", "vi-sandbox control API"}, {"endpoints", std::move(endpoints)}};
}

json OpenApi() {
  json paths = json::object();
  for (const Endpoint& e : kEndpoints) {
    std::string method(e.method);
    for (char& c : method) c = static_cast<char>(c - 'A' + 'a');
    json op = {{"summary", e.summary},
               {"responses",
                {{"200", {{"description", "JSON answer"}}},
                 {"400", {{"description", "bad input: {\"error\":{\"code\",\"message\"}}"}}}}}};
    if (e.method == "POST" || e.method == "PUT") {
      op["requestBody"] = {{"required", false},
                           {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    }
    paths[std::string(e.path)][method] = std::move(op);
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "vi-sandbox control API"},
            {"version", "1"},
            {"description", "Test control of the VoIP Innovations API 3.0 emulator (README, Control API)."}}},
          {"paths", std::move(paths)}};
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
          Dump({{"now", FormatRfc3339(r.now)},
                {"frozen", r.frozen},
                {"offsetSeconds", Whole<std::chrono::seconds>(r.offset)},
                {"offsetMs", Whole<std::chrono::milliseconds>(r.offset)}}),
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

  if (route.empty() || route == "/") {
    if (auto a = only("GET")) return *a;
    return {200, Dump(Index()), ""};
  }
  if (route == "/openapi.json") {
    if (auto a = only("GET")) return *a;
    return {200, Dump(OpenApi()), ""};
  }
  if (route == "/health") {
    if (auto a = only("GET")) return *a;
    double uptime = std::chrono::duration<double>(clock_.base().Now() - started_at_).count();
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
    Result<core::TimePoint, model::DateTimeError> t = ParseRfc3339(text);
    if (!t && t.error() == model::DateTimeError::kMalformed) {
      return Error(400, "bad_request",
                   "expected {\"now\": \"<RFC 3339 time>\"}, e.g. \"2026-12-01T10:00:00Z\", "
                   "\"2026-12-01T10:00:00.123+02:00\" (without a zone: UTC)");
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
  return Error(404, "not_found",
               "no control endpoint " + std::string(path.substr(0, 200)) + "; GET /_admin lists them");
}

}  // namespace vi::admin
