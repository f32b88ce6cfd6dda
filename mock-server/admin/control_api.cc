#include "mock-server/admin/control_api.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "mock-server/admin/dashboard.h"
#include "mock-server/admin/rfc3339.h"
#include "model/date_time.h"

namespace vi::admin {
namespace {

using nlohmann::json;

constexpr std::string_view kStateFormat = "vi-sandbox-state";
constexpr int kStateVersion = 1;
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
std::optional<json> ParseObject(std::string_view body, int max_depth = 8) {
  bool too_deep = false;
  json::parser_callback_t limit = [&](int depth, json::parse_event_t, json&) {
    if (depth > max_depth) too_deep = true;
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
    {"GET", "/_admin/ui", "the dashboard: an HTML page (also at /_admin/)"},
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
    {"GET", "/_admin/numbers/{tn}", "a number's inventory data and its holding"},
    {"PUT", "/_admin/numbers/{tn}",
     "puts a number into a state: {\"kind\": \"available\"|\"reserved\"|\"assigned\"|\"aging\", \"login\", "
     "\"until\", \"epg\"}"},
    {"GET", "/_admin/accounts", "the accounts, without secrets"},
    {"POST", "/_admin/accounts", "adds an account: {\"login\", \"secret\", \"endpointGroups\": [...]}"},
    {"GET", "/metrics", "Prometheus metrics (text format 0.0.4)"},
    {"GET", "/_admin/state", "all mutable state (accounts without secrets, holdings, clock)"},
    {"PUT", "/_admin/state", "restores a state document exactly"},
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

std::string_view KindName(core::HoldKind k) {
  switch (k) {
    case core::HoldKind::kAvailable: return "available";
    case core::HoldKind::kReserved: return "reserved";
    case core::HoldKind::kAssigned: return "assigned";
    case core::HoldKind::kAging: return "aging";
  }
  return "available";
}

std::optional<core::HoldKind> ParseKind(const json& j) {
  if (!j.is_string()) return std::nullopt;
  for (core::HoldKind k : {core::HoldKind::kAvailable, core::HoldKind::kReserved, core::HoldKind::kAssigned,
                           core::HoldKind::kAging}) {
    if (KindName(k) == j.get<std::string>()) return k;
  }
  return std::nullopt;
}

std::string SeedErrorText(core::SeedError e) {
  switch (e) {
    case core::SeedError::kUnknownNumber: return "the number is not in the inventory";
    case core::SeedError::kUnknownLogin: return "no account with that login";
    case core::SeedError::kEndpointGroup: return "the account does not own that endpoint group (epg)";
    case core::SeedError::kUntil: return "a reserved or aging number needs \"until\" (an RFC 3339 time)";
    case core::SeedError::kDuplicateLogin: return "an account with that login exists";
    case core::SeedError::kBadAccount: return "an account needs a non-empty login and secret";
    case core::SeedError::kDuplicateNumber: return "a number is listed twice";
  }
  return "refused";
}

// The holding as the control API writes it; secondsLeft for timed kinds.
json HoldingJson(const core::HoldingState& h, core::TimePoint now) {
  json j = {{"kind", KindName(h.kind)}};
  if (h.kind == core::HoldKind::kAvailable) return j;
  j["login"] = h.login;
  j["refId"] = h.ref_id;
  j["cnam"] = h.cnam_dip;
  if (h.kind == core::HoldKind::kAssigned) {
    j["epg"] = h.epg;
    if (h.until != core::TimePoint(model::kSentinelDate)) j["reservedUntil"] = FormatRfc3339(h.until);
  } else {
    j["until"] = FormatRfc3339(h.until);
    j["secondsLeft"] =
        std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::seconds>(h.until - now).count());
  }
  return j;
}

// Reads a holding {"kind", "login", "epg", "refId", "cnam", "until"}; the
// error message or the state. `tn` is for messages only.
Result<core::HoldingState, std::string> ReadHolding(const json& j) {
  if (!j.is_object()) return MakeUnexpected(std::string("a holding is a JSON object"));
  if (auto unknown = UnknownField(
          j, {"tn", "kind", "login", "epg", "refId", "cnam", "until", "reservedUntil", "secondsLeft"})) {
    return MakeUnexpected("unknown field '" + unknown->substr(0, 40) +
                          "'; a holding has kind, login, epg, refId, cnam, until");
  }
  core::HoldingState h;
  std::optional<core::HoldKind> kind = j.contains("kind") ? ParseKind(j["kind"]) : std::nullopt;
  if (!kind) return MakeUnexpected(std::string("kind must be available, reserved, assigned or aging"));
  h.kind = *kind;
  if (h.kind == core::HoldKind::kAvailable) {
    if (j.size() > 2 || (j.size() == 2 && !j.contains("tn"))) {
      return MakeUnexpected(std::string("an available number has no other fields"));
    }
    return h;
  }
  if (!j.contains("login") || !j["login"].is_string())
    return MakeUnexpected(std::string("login is required"));
  h.login = j["login"].get<std::string>();
  if (j.contains("refId")) {
    if (!j["refId"].is_string() || j["refId"].get<std::string>().size() > 200) {
      return MakeUnexpected(std::string("refId must be a string"));
    }
    h.ref_id = j["refId"].get<std::string>();
  }
  if (j.contains("cnam")) {
    if (!j["cnam"].is_boolean()) return MakeUnexpected(std::string("cnam must be true or false"));
    h.cnam_dip = j["cnam"].get<bool>();
  }
  const char* time_key = h.kind == core::HoldKind::kAssigned ? "reservedUntil" : "until";
  if (h.kind == core::HoldKind::kAssigned && j.contains("until")) {
    return MakeUnexpected(
        std::string("an assigned number has no until (reservedUntil: its reservation's expiry)"));
  }
  if (h.kind != core::HoldKind::kAssigned && j.contains("reservedUntil")) {
    return MakeUnexpected(std::string("reservedUntil is for assigned numbers"));
  }
  if (j.contains(time_key)) {
    auto t =
        j[time_key].is_string()
            ? ParseRfc3339(j[time_key].get<std::string>())
            : Result<core::TimePoint, model::DateTimeError>(MakeUnexpected(model::DateTimeError::kMalformed));
    if (!t || !model::InClockRange(*t)) {
      return MakeUnexpected(std::string(time_key) +
                            " must be an RFC 3339 time in the clock's range, e.g. "
                            "\"2026-12-01T10:00:00Z\"");
    }
    h.until = *t;
  } else if (h.kind != core::HoldKind::kAssigned) {
    return MakeUnexpected(std::string("a ") + std::string(KindName(h.kind)) +
                          " number needs until (an RFC 3339 time)");
  }
  if (h.kind == core::HoldKind::kAssigned) {
    if (!j.contains("epg") || !j["epg"].is_number_integer() || j["epg"].get<std::int64_t>() < 0 ||
        j["epg"].get<std::int64_t>() > INT32_MAX) {
      return MakeUnexpected(std::string("an assigned number needs epg (the account's endpoint group)"));
    }
    h.epg = j["epg"].get<int>();
  } else if (j.contains("epg")) {
    return MakeUnexpected(std::string("epg is for assigned numbers"));
  }
  return h;
}

json AccountJson(const core::Account& a, bool secret) {
  json j = {{"login", a.login},
            {"endpointGroups", a.endpoint_groups},
            {"tiers", a.allowed_tiers ? json(*a.allowed_tiers) : json("all")},
            {"tollFreeOrigination", a.toll_free_origination},
            {"standardOrigination", a.standard_origination}};
  if (secret) j["secret"] = a.secret;
  return j;
}

// Reads an account as fixtures/accounts.json writes one; `secret_required`
// false lets it be absent (the caller fills it in).
Result<core::Account, std::string> ReadAccount(const json& j, bool secret_required) {
  if (!j.is_object()) return MakeUnexpected(std::string("an account is a JSON object"));
  if (auto unknown = UnknownField(
          j, {"login", "secret", "endpointGroups", "tiers", "tollFreeOrigination", "standardOrigination"})) {
    return MakeUnexpected("unknown field '" + unknown->substr(0, 40) +
                          "'; an account has login, secret, endpointGroups, tiers, tollFreeOrigination, "
                          "standardOrigination");
  }
  core::Account a;
  auto text = [&](const char* key, std::string& out) -> bool {
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty() ||
        j[key].get<std::string>().size() > 200) {
      return false;
    }
    out = j[key].get<std::string>();
    return true;
  };
  if (!text("login", a.login)) return MakeUnexpected(std::string("login must be a non-empty string"));
  if (!text("secret", a.secret) && (secret_required || j.contains("secret"))) {
    return MakeUnexpected(std::string("secret must be a non-empty string"));
  }
  auto ints = [&](const json& v, std::vector<int>& out) -> bool {
    if (!v.is_array() || v.size() > 10000) return false;
    for (const json& e : v) {
      if (!e.is_number_integer() || e.get<std::int64_t>() < 0 || e.get<std::int64_t>() > INT32_MAX)
        return false;
      out.push_back(e.get<int>());
    }
    return true;
  };
  if (!j.contains("endpointGroups") || !ints(j["endpointGroups"], a.endpoint_groups)) {
    return MakeUnexpected(std::string("endpointGroups must be an array of endpoint group numbers"));
  }
  if (j.contains("tiers") && j["tiers"] != "all") {
    std::vector<int> tiers;
    if (!ints(j["tiers"], tiers))
      return MakeUnexpected(std::string("tiers must be \"all\" or an array of tiers"));
    a.allowed_tiers = std::move(tiers);
  }
  for (const char* key : {"tollFreeOrigination", "standardOrigination"}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_boolean()) return MakeUnexpected(std::string(key) + " must be true or false");
    (std::string_view(key) == "tollFreeOrigination" ? a.toll_free_origination : a.standard_origination) =
        j[key].get<bool>();
  }
  return a;
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

  if (route.empty()) {
    if (auto a = only("GET")) return *a;
    return {200, Dump(Index()), ""};
  }
  if (route == "/" || route == "/ui") {
    if (auto a = only("GET")) return *a;
    return {200, std::string(DashboardPage()), "", "text/html; charset=utf-8"};
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
  if (route.starts_with("/numbers/")) return Number(request, route.substr(9));
  if (route == "/accounts") return Accounts(request);
  if (route == "/state") {
    if (method == "GET") return {200, StateDocument(/*secrets=*/false), ""};
    if (method != "PUT") {
      ControlAnswer a = Error(405, "method_not_allowed", "/state answers GET and PUT");
      a.allow = "GET, PUT";
      return a;
    }
    if (std::optional<std::string> why = RestoreState(body)) return Error(400, "bad_request", *why);
    return {200, Dump({{"status", "restored"}, {"holdings", sandbox_.HoldingCount()}}), ""};
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

ControlAnswer ControlApi::Number(const ControlRequest& request, std::string_view tn_text) const {
  std::optional<core::Tn> tn = core::ParseTn(tn_text);
  if (!tn) return Error(400, "bad_request", "expected a 10-digit number: /_admin/numbers/4352154006");
  const core::Inventory& inv = sandbox_.inventory();
  std::optional<core::Inventory::Index> i = inv.Find(*tn);
  if (!i) return Error(404, "not_found", "number " + core::FormatTn(*tn) + " is not in the inventory");
  if (request.method == "PUT") {
    std::optional<json> j = ParseObject(request.body);
    if (!j) return Error(400, "bad_request", "expected a JSON object, e.g. {\"kind\": \"available\"}");
    Result<core::HoldingState, std::string> h = ReadHolding(*j);
    if (!h) return Error(400, "bad_request", h.error());
    if (std::optional<core::SeedError> e = sandbox_.SetHolding(*tn, *h)) {
      return Error(*e == core::SeedError::kUnknownLogin ? 404 : 400,
                   *e == core::SeedError::kUnknownLogin ? "not_found" : "bad_request", SeedErrorText(*e));
    }
  } else if (request.method != "GET") {
    ControlAnswer a = Error(405, "method_not_allowed", "/numbers/{tn} answers GET and PUT");
    a.allow = "GET, PUT";
    return a;
  }
  const core::Inventory::Number& n = inv.number(*i);
  const core::RateCenter& rc = inv.rate_center(*i);
  const core::TimePoint now = clock_.Now();
  std::optional<core::HoldingState> h = sandbox_.HoldingOf(*tn);
  json j = {{"tn", core::FormatTn(*tn)},
            {"state", rc.state},
            {"lata", rc.lata},
            {"rateCenter", rc.name},
            {"tollFree", rc.toll_free},
            {"tier", inv.TierText(*i)},
            {"t38", (n.flags & core::Inventory::kT38) != 0},
            {"outboundCnam", (n.flags & core::Inventory::kOutboundCnam) != 0},
            {"sms", (n.flags & core::Inventory::kSms) != 0},
            {"network", inv.network_name(*i)},
            {"holding", HoldingJson(h.value_or(core::HoldingState{}), now)}};
  return {200, Dump(j), ""};
}

ControlAnswer ControlApi::Accounts(const ControlRequest& request) const {
  if (request.method == "GET") {
    json list = json::array();
    for (const core::Account& a : sandbox_.Accounts()) list.push_back(AccountJson(a, /*secret=*/false));
    return {200, Dump({{"accounts", std::move(list)}}), ""};
  }
  if (request.method != "POST") {
    ControlAnswer a = Error(405, "method_not_allowed", "/accounts answers GET and POST");
    a.allow = "GET, POST";
    return a;
  }
  std::optional<json> j = ParseObject(request.body);
  if (!j) {
    return Error(
        400, "bad_request",
        "expected a JSON object, e.g. {\"login\": \"ci-job-1\", \"secret\": \"s\", \"endpointGroups\": "
        "[5001]}");
  }
  Result<core::Account, std::string> a = ReadAccount(*j, /*secret_required=*/true);
  if (!a) return Error(400, "bad_request", a.error());
  const std::string login = a->login;
  if (std::optional<core::SeedError> e = sandbox_.AddAccount(std::move(*a))) {
    if (*e == core::SeedError::kDuplicateLogin) {
      return Error(409, "conflict", "an account with login '" + login.substr(0, 200) + "' exists");
    }
    return Error(400, "bad_request", SeedErrorText(*e));
  }
  for (const core::Account& added : sandbox_.Accounts()) {
    if (added.login == login) return {201, Dump(AccountJson(added, /*secret=*/false)), ""};
  }
  return Error(500, "internal", "the account vanished");
}

std::string ControlApi::MetricsText() const {
  std::string out = plane_.metrics->Render();
  const std::array<std::size_t, 4> held = sandbox_.LiveHoldingCounts();
  out += "# HELP vi_sandbox_holdings Numbers held now, by kind.\n# TYPE vi_sandbox_holdings gauge\n";
  for (core::HoldKind k : {core::HoldKind::kReserved, core::HoldKind::kAssigned, core::HoldKind::kAging}) {
    out += "vi_sandbox_holdings{kind=\"" + std::string(KindName(k)) + "\"} " +
           std::to_string(held[static_cast<std::size_t>(k)]) + "\n";
  }
  out +=
      "# HELP vi_sandbox_live_reservations Reservations not yet expired.\n"
      "# TYPE vi_sandbox_live_reservations gauge\n"
      "vi_sandbox_live_reservations " +
      std::to_string(held[static_cast<std::size_t>(core::HoldKind::kReserved)]) + "\n";
  out +=
      "# HELP vi_sandbox_journal_entries Requests in the journal.\n# TYPE vi_sandbox_journal_entries gauge\n"
      "vi_sandbox_journal_entries " +
      std::to_string(plane_.journal->size()) + "\n";
  out +=
      "# HELP vi_sandbox_journal_capacity --journal-size.\n# TYPE vi_sandbox_journal_capacity gauge\n"
      "vi_sandbox_journal_capacity " +
      std::to_string(plane_.journal->capacity()) + "\n";
  out +=
      "# HELP vi_sandbox_fault_rules Fault rules in force.\n# TYPE vi_sandbox_fault_rules gauge\n"
      "vi_sandbox_fault_rules " +
      std::to_string(plane_.faults->List().size()) + "\n";
  out +=
      "# HELP vi_sandbox_faults_fired_total Injected faults fired.\n# TYPE vi_sandbox_faults_fired_total "
      "counter\n"
      "vi_sandbox_faults_fired_total " +
      std::to_string(plane_.faults->total_fired()) + "\n";
  return out;
}

std::string ControlApi::StateDocument(bool secrets) const {
  const core::SandboxState state = sandbox_.ExportState();
  const core::ControllableClock::Reading clock = clock_.Read();
  json accounts = json::array();
  for (const core::Account& a : state.accounts) accounts.push_back(AccountJson(a, secrets));
  json holdings = json::array();
  for (const auto& [tn, h] : state.holdings) {
    json e = HoldingJson(h, clock.now);
    e.erase("secondsLeft");
    e["tn"] = core::FormatTn(tn);
    holdings.push_back(std::move(e));
  }
  return Dump({{"format", kStateFormat},
               {"version", kStateVersion},
               {"inventorySize", sandbox_.inventory().size()},
               {"clock",
                {{"now", FormatRfc3339(clock.now)},
                 {"frozen", clock.frozen},
                 {"offsetMs", Whole<std::chrono::milliseconds>(clock.offset)}}},
               {"accounts", std::move(accounts)},
               {"holdings", std::move(holdings)}});
}

std::optional<std::string> ControlApi::RestoreState(std::string_view document) const {
  std::optional<json> parsed = ParseObject(document);
  if (!parsed) return std::string("not a JSON object (a state document from GET /_admin/state)");
  const json& j = *parsed;
  if (auto unknown =
          UnknownField(j, {"format", "version", "inventorySize", "clock", "accounts", "holdings"})) {
    return "unknown field '" + unknown->substr(0, 40) + "' in the state document";
  }
  if (!j.contains("format") || j["format"] != kStateFormat) {
    return std::string("not a vi-sandbox state document (\"format\" must be \"") + std::string(kStateFormat) +
           "\")";
  }
  if (!j.contains("version") || j["version"] != kStateVersion) {
    return "unsupported state document version (this emulator reads version " +
           std::to_string(kStateVersion) + ")";
  }
  if (!j.contains("inventorySize") || j["inventorySize"] != sandbox_.inventory().size()) {
    return "the state was saved with another inventory (inventorySize " +
           (j.contains("inventorySize") ? j["inventorySize"].dump() : std::string("missing")) +
           ", this one has " + std::to_string(sandbox_.inventory().size()) +
           "): start with the same --inventory-size and --seed";
  }
  if (!j.contains("accounts") || !j["accounts"].is_array() || !j.contains("holdings") ||
      !j["holdings"].is_array()) {
    return std::string("the state document needs \"accounts\" and \"holdings\" arrays");
  }
  // Secrets: kept from the running emulator for accounts the document
  // names without one (GET /_admin/state never shows them).
  const std::vector<core::Account> current = sandbox_.Accounts();
  core::SandboxState state;
  for (std::size_t n = 0; n < j["accounts"].size(); ++n) {
    Result<core::Account, std::string> a = ReadAccount(j["accounts"][n], /*secret_required=*/false);
    if (!a) return "accounts[" + std::to_string(n) + "]: " + a.error();
    if (a->secret.empty()) {
      for (const core::Account& c : current) {
        if (c.login == a->login) a->secret = c.secret;
      }
      if (a->secret.empty()) {
        return "accounts[" + std::to_string(n) + "]: no secret, and no running account '" + a->login +
               "' to keep one from";
      }
    }
    state.accounts.push_back(std::move(*a));
  }
  for (std::size_t n = 0; n < j["holdings"].size(); ++n) {
    const json& e = j["holdings"][n];
    std::optional<core::Tn> tn = e.is_object() && e.contains("tn") && e["tn"].is_string()
                                     ? core::ParseTn(e["tn"].get<std::string>())
                                     : std::nullopt;
    if (!tn) return "holdings[" + std::to_string(n) + "]: tn must be a 10-digit number";
    Result<core::HoldingState, std::string> h = ReadHolding(e);
    if (!h) return "holdings[" + std::to_string(n) + "]: " + h.error();
    state.holdings.emplace_back(*tn, std::move(*h));
  }
  // The clock, read before anything changes.
  std::optional<core::Duration> offset;
  bool frozen = false;
  if (j.contains("clock")) {
    const json& c = j["clock"];
    if (!c.is_object() || !c.contains("offsetMs") || !c["offsetMs"].is_number_integer() ||
        (c.contains("frozen") && !c["frozen"].is_boolean())) {
      return std::string("clock must be {\"offsetMs\": N, \"frozen\": bool, \"now\": ...}");
    }
    offset = std::chrono::milliseconds(c["offsetMs"].get<std::int64_t>());
    frozen = c.value("frozen", false);
    if (frozen) {
      auto now = c.contains("now") && c["now"].is_string()
                     ? ParseRfc3339(c["now"].get<std::string>())
                     : Result<core::TimePoint, model::DateTimeError>(
                           MakeUnexpected(model::DateTimeError::kMalformed));
      if (!now || !model::InClockRange(*now)) return std::string("a frozen clock needs its \"now\"");
      offset = *now - clock_.base().Now();
    }
    const core::TimePoint would_be = clock_.base().Now() + *offset;
    if (!model::InClockRange(would_be)) return std::string("the clock would leave its range");
  }
  if (std::optional<std::string> why = sandbox_.ImportState(state)) return why;
  if (offset) {
    clock_.Reset();
    (void)clock_.Advance(*offset);
    if (frozen) clock_.Freeze();
  }
  return std::nullopt;
}

}  // namespace vi::admin
