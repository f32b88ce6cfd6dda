#include "mock-server/admin/control_api.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
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
    {"GET", "/_admin/requests",
     "the journal of SOAP requests, newest first; ?operation=&login=&tn=&code=&statusCode=&since=&limit="},
    {"DELETE", "/_admin/requests", "clears the journal"},
    {"POST", "/_admin/requests/count",
     "how many journaled requests match {\"operation\", \"login\", \"tn\", \"code\", \"statusCode\"}"},
    {"POST", "/_admin/faults",
     "adds a fault rule: {\"operation\", \"fault\", \"stateEffect\", \"times\", ...}"},
    {"GET", "/_admin/faults", "the fault rules, with how often each fired"},
    {"DELETE", "/_admin/faults", "removes every fault rule"},
    {"DELETE", "/_admin/faults/{id}", "removes one fault rule"},
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

// Reads an optional field of `j` with `check`; the error names the field.
// The JSON-to-filter readers below share these.
std::optional<std::string> UnknownField(const json& j, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : j.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) return key;
  }
  return std::nullopt;
}

json EntryJson(const control::JournalEntry& e) {
  json j = {{"id", e.id},
            {"time", FormatRfc3339(e.time)},
            {"virtualTime", FormatRfc3339(e.virtual_time)},
            {"method", e.method},
            {"path", e.path},
            {"operation", e.operation.empty() ? json(nullptr) : json(e.operation)},
            {"login", e.login.empty() ? json(nullptr) : json(e.login)},
            {"authenticated", e.authenticated},
            {"tns", e.tns},
            {"responseCode", e.response_code ? json(*e.response_code) : json(nullptr)},
            {"statusCodes", e.status_codes},
            {"httpStatus", e.http_status},
            {"durationMs", std::round(e.duration_ms * 1000) / 1000},
            {"result", e.result},
            {"fault", e.fault.empty() ? json(nullptr) : json(e.fault)},
            {"requestBody", e.request_body}};
  return j;
}

json RuleJson(const control::FaultRule& r) {
  json j = {{"id", r.id},
            {"operation", r.operation},
            {"login", r.login ? json(*r.login) : json(nullptr)},
            {"tn", r.tn ? json(*r.tn) : json(nullptr)},
            {"fault", control::FaultKindName(r.kind)},
            {"stateEffect", control::StateEffectName(r.effect)},
            {"times", r.times ? json(*r.times) : json(nullptr)},
            {"probability", r.probability},
            {"seed", r.seed},
            {"fired", r.fired},
            {"matched", r.matched}};
  switch (r.kind) {
    case control::FaultKind::kHttp:
      j["status"] = r.status;
      j["body"] = r.html_body ? "html" : "empty";
      break;
    case control::FaultKind::kSoapFault:
      j["faultCode"] = r.fault_code;
      j["faultString"] = r.fault_text;
      break;
    case control::FaultKind::kDelay:
    case control::FaultKind::kTimeout: j["delayMs"] = r.delay_ms; break;
    case control::FaultKind::kReset: break;
  }
  return j;
}

bool IsTnText(const std::string& s) {
  return !s.empty() && s.size() <= 32 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Reads a journal matcher from JSON-ish values (query text or JSON). The
// error message, or nullopt on success.
std::optional<std::string> ReadMatcher(const json& j, control::JournalFilter& f) {
  auto text = [&](const char* key, std::optional<std::string>& out) -> std::optional<std::string> {
    if (!j.contains(key)) return std::nullopt;
    if (!j[key].is_string() || j[key].get<std::string>().empty() || j[key].get<std::string>().size() > 200) {
      return std::string(key) + " must be a non-empty string";
    }
    out = j[key].get<std::string>();
    return std::nullopt;
  };
  if (auto e = text("operation", f.operation)) return e;
  if (auto e = text("login", f.login)) return e;
  if (auto e = text("tn", f.tn)) return e;
  if (j.contains("code")) {
    if (!j["code"].is_number_integer() || j["code"].get<std::int64_t>() < 0 ||
        j["code"].get<std::int64_t>() > 9999) {
      return std::string("code must be a responseCode (an integer, e.g. 100)");
    }
    f.response_code = j["code"].get<int>();
  }
  if (j.contains("statusCode")) {
    if (j["statusCode"].is_number_integer()) {
      f.status_code = std::to_string(j["statusCode"].get<std::int64_t>());
    } else if (auto e = text("statusCode", f.status_code)) {
      return e;
    }
  }
  if (j.contains("since")) {
    if (!j["since"].is_string()) return std::string("since must be an RFC 3339 time");
    auto t = ParseRfc3339(j["since"].get<std::string>());
    if (!t) return std::string("since must be an RFC 3339 time, e.g. 2026-12-01T10:00:00Z");
    f.since = *t;
  }
  return std::nullopt;
}

}  // namespace

ControlApi::ControlApi(core::Sandbox& sandbox, core::ControllableClock& clock, std::string profile_name,
                       ControlPlane plane)
    : sandbox_(sandbox),
      clock_(clock),
      profile_name_(std::move(profile_name)),
      start_(sandbox.Save()),
      started_at_(clock.base().Now()),
      plane_(std::move(plane)) {}

ControlAnswer ControlApi::ClockState() const {
  const core::ControllableClock::Reading r = clock_.Read();
  return {200,
          Dump({{"now", FormatRfc3339(r.now)},
                {"frozen", r.frozen},
                {"offsetSeconds", Whole<std::chrono::seconds>(r.offset)},
                {"offsetMs", Whole<std::chrono::milliseconds>(r.offset)}}),
          ""};
}

ControlAnswer ControlApi::Handle(const ControlRequest& request) const {
  const std::string_view method = request.method, path = request.path, body = request.body;
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
  if (route == "/requests") {
    if (method != "GET" && method != "DELETE") {
      ControlAnswer a = Error(405, "method_not_allowed", "/requests answers GET and DELETE");
      a.allow = "GET, DELETE";
      return a;
    }
    return Requests(request);
  }
  if (route == "/requests/count") {
    if (auto a = only("POST")) return *a;
    return CountRequests(request);
  }
  if (route == "/faults" || route.starts_with("/faults/")) {
    return Faults(request, route.size() > 8 ? route.substr(8) : std::string_view());
  }
  return Error(404, "not_found",
               "no control endpoint " + std::string(path.substr(0, 200)) + "; GET /_admin lists them");
}

ControlAnswer ControlApi::Requests(const ControlRequest& request) const {
  control::Journal& journal = *plane_.journal;
  if (request.method == "DELETE") {
    journal.Clear();
    return {200, Dump({{"status", "cleared"}}), ""};
  }
  json q = json::object();
  std::size_t limit = 100;
  for (const auto& [key, value] : request.query) {
    if (key == "limit") {
      char* end = nullptr;
      errno = 0;
      unsigned long long n = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || errno != 0 || value[0] == '-' || n < 1 || n > 100000) {
        return Error(400, "bad_request", "limit must be a whole number from 1 to 100000");
      }
      limit = static_cast<std::size_t>(n);
    } else if (key == "code") {
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 0 || n > 9999) {
        return Error(400, "bad_request", "code must be a responseCode (an integer, e.g. 100)");
      }
      q["code"] = n;
    } else if (key == "operation" || key == "login" || key == "tn" || key == "statusCode" || key == "since") {
      q[key] = value;
    } else {
      return Error(400, "bad_request",
                   "unknown parameter '" + key.substr(0, 40) +
                       "'; filters: operation, login, tn, code, statusCode, since, limit");
    }
  }
  control::JournalFilter filter;
  if (auto e = ReadMatcher(q, filter)) return Error(400, "bad_request", *e);
  std::size_t total = 0;
  json entries = json::array();
  for (const control::JournalEntry& e : journal.Query(filter, limit, &total)) entries.push_back(EntryJson(e));
  return {200,
          Dump({{"requests", std::move(entries)},
                {"total", total},
                {"journalSize", journal.capacity()},
                {"enabled", journal.enabled()}}),
          ""};
}

ControlAnswer ControlApi::CountRequests(const ControlRequest& request) const {
  std::optional<json> j = ParseObject(request.body.empty() ? std::string_view("{}") : request.body);
  if (!j) return Error(400, "bad_request", "expected a JSON object, e.g. {\"operation\": \"reserveDID\"}");
  if (auto unknown = UnknownField(*j, {"operation", "login", "tn", "code", "statusCode", "since"})) {
    return Error(400, "bad_request",
                 "unknown field '" + unknown->substr(0, 40) +
                     "'; a matcher has operation, login, tn, code, statusCode, since");
  }
  control::JournalFilter filter;
  if (auto e = ReadMatcher(*j, filter)) return Error(400, "bad_request", *e);
  return {200, Dump({{"count", plane_.journal->Count(filter)}}), ""};
}

ControlAnswer ControlApi::Faults(const ControlRequest& request, std::string_view id_text) const {
  control::FaultSet& faults = *plane_.faults;
  if (!id_text.empty()) {
    if (request.method != "DELETE") {
      ControlAnswer a = Error(405, "method_not_allowed", "/faults/{id} answers DELETE only");
      a.allow = "DELETE";
      return a;
    }
    char* end = nullptr;
    const std::string text(id_text);
    unsigned long long id = std::strtoull(text.c_str(), &end, 10);
    if (*end != '\0' || text[0] < '0' || text[0] > '9' || !faults.Remove(id)) {
      return Error(404, "not_found", "no fault rule " + text.substr(0, 40));
    }
    return {200, Dump({{"status", "removed"}, {"id", id}}), ""};
  }
  if (request.method == "GET") {
    json list = json::array();
    for (const control::FaultRule& r : faults.List()) list.push_back(RuleJson(r));
    return {200, Dump({{"faults", std::move(list)}}), ""};
  }
  if (request.method == "DELETE") {
    faults.Clear();
    return {200, Dump({{"status", "cleared"}}), ""};
  }
  if (request.method != "POST") {
    ControlAnswer a = Error(405, "method_not_allowed", "/faults answers GET, POST and DELETE");
    a.allow = "GET, POST, DELETE";
    return a;
  }
  std::optional<json> parsed = ParseObject(request.body);
  if (!parsed)
    return Error(400, "bad_request",
                 "expected a JSON object, e.g. {\"operation\":\"reserveDID\",\"fault\":\"http\"}");
  const json& j = *parsed;
  if (auto unknown =
          UnknownField(j, {"operation", "login", "tn", "fault", "status", "body", "delayMs", "faultCode",
                           "faultString", "stateEffect", "times", "probability", "seed"})) {
    return Error(400, "bad_request", "unknown field '" + unknown->substr(0, 40) + "'");
  }
  auto bad = [](std::string message) { return Error(400, "bad_request", std::move(message)); };
  control::FaultRule rule;
  if (!j.contains("operation") || !j["operation"].is_string() ||
      std::find(plane_.operations.begin(), plane_.operations.end(), j["operation"].get<std::string>()) ==
          plane_.operations.end()) {
    std::string names;
    for (const std::string& o : plane_.operations) names += (names.empty() ? "" : ", ") + o;
    return bad("operation must be one of " + names);
  }
  rule.operation = j["operation"].get<std::string>();
  if (j.contains("login")) {
    if (!j["login"].is_string() || j["login"].get<std::string>().empty())
      return bad("login must be a non-empty string");
    rule.login = j["login"].get<std::string>();
  }
  if (j.contains("tn")) {
    if (!j["tn"].is_string() || !IsTnText(j["tn"].get<std::string>()))
      return bad("tn must be a string of digits, e.g. \"4352154006\"");
    rule.tn = j["tn"].get<std::string>();
  }
  std::optional<control::FaultKind> kind = j.contains("fault") && j["fault"].is_string()
                                               ? control::ParseFaultKind(j["fault"].get<std::string>())
                                               : std::nullopt;
  if (!kind) return bad("fault must be one of http, soapFault, delay, reset, timeout");
  rule.kind = *kind;
  const bool delayed = rule.kind == control::FaultKind::kDelay || rule.kind == control::FaultKind::kTimeout;
  if (j.contains("status")) {
    if (rule.kind != control::FaultKind::kHttp) return bad("status applies to fault http only");
    if (!j["status"].is_number_integer() || j["status"].get<std::int64_t>() < 400 ||
        j["status"].get<std::int64_t>() > 599) {
      return bad("status must be an HTTP error status from 400 to 599");
    }
    rule.status = j["status"].get<int>();
  }
  if (j.contains("body")) {
    if (rule.kind != control::FaultKind::kHttp) return bad("body applies to fault http only");
    if (j["body"] != "empty" && j["body"] != "html") return bad("body must be \"empty\" or \"html\"");
    rule.html_body = j["body"] == "html";
  }
  if (j.contains("delayMs")) {
    if (!delayed) return bad("delayMs applies to faults delay and timeout only");
    if (!j["delayMs"].is_number_integer() || j["delayMs"].get<std::int64_t>() < 0 ||
        j["delayMs"].get<std::int64_t>() > 600000) {
      return bad("delayMs must be a whole number of milliseconds from 0 to 600000");
    }
    rule.delay_ms = j["delayMs"].get<std::int64_t>();
  } else if (rule.kind == control::FaultKind::kDelay) {
    return bad("fault delay needs delayMs");
  } else if (rule.kind == control::FaultKind::kTimeout) {
    rule.delay_ms = 60000;
  }
  if (j.contains("faultCode") || j.contains("faultString")) {
    if (rule.kind != control::FaultKind::kSoapFault)
      return bad("faultCode and faultString apply to fault soapFault only");
  }
  if (j.contains("faultCode")) {
    if (j["faultCode"] != "Client" && j["faultCode"] != "Server")
      return bad("faultCode must be \"Client\" or \"Server\"");
    rule.fault_code = j["faultCode"].get<std::string>();
  }
  if (j.contains("faultString")) {
    if (!j["faultString"].is_string() || j["faultString"].get<std::string>().size() > 2000) {
      return bad("faultString must be a string of at most 2000 bytes");
    }
    rule.fault_text = j["faultString"].get<std::string>();
  }
  rule.effect =
      rule.kind == control::FaultKind::kDelay ? control::StateEffect::kApplied : control::StateEffect::kNone;
  if (j.contains("stateEffect")) {
    if (j["stateEffect"] == "none") {
      rule.effect = control::StateEffect::kNone;
    } else if (j["stateEffect"] == "applied") {
      rule.effect = control::StateEffect::kApplied;
    } else {
      return bad("stateEffect must be \"none\" (the operation is not applied) or \"applied\"");
    }
    if (rule.kind == control::FaultKind::kDelay && rule.effect == control::StateEffect::kNone) {
      return bad("a delay answers late, so the operation is applied: stateEffect must be \"applied\"");
    }
  }
  if (j.contains("times")) {
    if (!j["times"].is_number_integer() || j["times"].get<std::int64_t>() < 1)
      return bad("times must be a whole number >= 1");
    rule.times = j["times"].get<std::uint64_t>();
  }
  if (j.contains("probability")) {
    if (!j["probability"].is_number() || !(j["probability"].get<double>() > 0) ||
        j["probability"].get<double>() > 1) {
      return bad("probability must be a number in (0, 1]");
    }
    rule.probability = j["probability"].get<double>();
  }
  if (j.contains("seed")) {
    if (!j["seed"].is_number_unsigned()) return bad("seed must be a whole number >= 0");
    rule.seed = j["seed"].get<std::uint64_t>();
  }
  const std::uint64_t id = faults.Add(rule);
  rule.id = id;
  json answer = RuleJson(rule);
  return {201, Dump(answer), ""};
}

}  // namespace vi::admin
