// The request log's lines (mock-server/server/log_line.h) are byte for byte
// what the log wrote before they were built by appending: the builder they
// replaced (snprintf, string concatenation, nlohmann::json) is kept here as
// the reference and both are run over many records, times and durations.
#include "mock-server/server/log_line.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "mock-server/admin/rfc3339.h"

using namespace vi;
using server::LogRecord;

namespace {

std::string RefPrintable(std::string_view s, std::size_t max = 120) {
  std::string out;
  for (char c : s.substr(0, max)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  if (s.size() > max) out += "...";
  return out;
}

std::string RefWall(model::TimePoint wall) { return model::FormatDateTime(wall).substr(0, 23) + "Z "; }

std::string RefText(const LogRecord& r, model::TimePoint wall_time, model::TimePoint virtual_now) {
  const std::string wall = RefWall(wall_time);
  std::string line = wall +
                     "vt=" + model::FormatDateTime(std::chrono::floor<std::chrono::seconds>(virtual_now)) +
                     "Z " + RefPrintable(r.method, 8) + " " + RefPrintable(r.path) +
                     " op=" + RefPrintable(r.operation) + " account=" + RefPrintable(r.account) +
                     " result=" + RefPrintable(r.result) + " status=" + std::to_string(r.status);
  char ms[400];
  std::snprintf(ms, sizeof ms, " %.3fms", r.millis);
  line += ms;
  if (!r.attempted.empty()) line += " attempted-login=" + RefPrintable(r.attempted, 64);
  if (!r.tns.empty()) {
    line += " tns=";
    for (std::size_t i = 0; i < r.tns.size() && i < 20; ++i)
      line += (i ? "," : "") + RefPrintable(r.tns[i], 40);
    if (r.tns.size() > 20) line += ",...";
  }
  if (!r.codes.empty()) {
    line += " codes=";
    for (std::size_t i = 0; i < r.codes.size() && i < 20; ++i)
      line += (i ? "," : "") + RefPrintable(r.codes[i], 12);
    if (r.codes.size() > 20) line += ",...";
  }
  if (!r.outcome.empty()) line += " outcome=" + r.outcome;
  line += " peer=" + RefPrintable(r.peer, 64);
  for (const std::string& n : r.notes) line += " note=\"" + RefPrintable(n, 200) + "\"";
  return line;
}

std::string RefJson(const LogRecord& r, model::TimePoint wall_time, model::TimePoint virtual_now) {
  const std::string wall = RefWall(wall_time);
  nlohmann::json j = {{"time", wall.substr(0, wall.size() - 1)},
                      {"virtualTime", admin::FormatRfc3339(virtual_now)},
                      {"method", RefPrintable(r.method, 8)},
                      {"path", RefPrintable(r.path)},
                      {"operation", RefPrintable(r.operation)},
                      {"account", RefPrintable(r.account)},
                      {"result", RefPrintable(r.result)},
                      {"status", r.status},
                      {"durationMs", std::round(r.millis * 1000) / 1000},
                      {"peer", RefPrintable(r.peer, 64)}};
  if (!r.attempted.empty()) j["attemptedLogin"] = RefPrintable(r.attempted);
  if (!r.tns.empty()) {
    nlohmann::json tns = nlohmann::json::array();
    for (const std::string& t : r.tns) tns.push_back(RefPrintable(t, 40));
    j["tns"] = std::move(tns);
  }
  if (!r.codes.empty()) j["statusCodes"] = r.codes;
  if (!r.outcome.empty()) j["outcome"] = r.outcome;
  if (!r.notes.empty()) {
    nlohmann::json notes = nlohmann::json::array();
    for (const std::string& n : r.notes) notes.push_back(RefPrintable(n, 200));
    j["notes"] = std::move(notes);
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A field: empty, short, long, or with quotes, backslashes, controls, DEL,
// UTF-8 and invalid UTF-8.
std::string RandomField(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {"sandbox",  "queryDID", "/VOIP/Services/APIService.asmx",
                                                  "\"",       "\\",       "\t",
                                                  "\n",       "\x01",     "\x7F",
                                                  "\xC3\xA9", "\xFF",     "\xE2\x82",
                                                  " ",        "100",      "4352154006",
                                                  "x"};
  std::string s;
  const int n =
      std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? 60 : std::uniform_int_distribution<int>(0, 6)(rng);
  for (int i = 0; i < n; ++i)
    s += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
  return s;
}

std::vector<std::string> RandomList(std::mt19937& rng) {
  std::vector<std::string> v(std::uniform_int_distribution<std::size_t>(0, 1)(rng)
                                 ? 0
                                 : std::uniform_int_distribution<std::size_t>(1, 25)(rng));
  for (std::string& s : v) s = RandomField(rng);
  return v;
}

model::TimePoint RandomTime(std::mt19937& rng) {
  // 2000-01-01 .. 2099-12-31, with fractions that end in zeros as often as not.
  const std::int64_t seconds = std::uniform_int_distribution<std::int64_t>(946684800, 4102444799)(rng);
  static const std::vector<std::int64_t> fractions = {0,       1,       7000000, 7070000, 7000001,
                                                      1230000, 9999999, 100,     5000000};
  std::int64_t frac =
      fractions[std::uniform_int_distribution<std::size_t>(0, fractions.size())(rng) % fractions.size()];
  if (std::uniform_int_distribution<int>(0, 2)(rng) == 0)
    frac = std::uniform_int_distribution<std::int64_t>(0, 9999999)(rng);
  return model::TimePoint(model::Ticks(seconds * 10'000'000 + frac));
}

}  // namespace

TEST_CASE("Log lines are byte for byte what the snprintf and nlohmann::json builder wrote", "[log][line]") {
  std::mt19937 rng(12);
  const std::vector<double> durations = {0,   0.0004,  0.0005,    0.0015,     0.1234567, 1.0,
                                         2.5, 12.3456, 1234.5675, 99999.9999, 1e-9};
  std::size_t compared = 0;
  for (int i = 0; i < 3000; ++i) {
    LogRecord r;
    if (i % 7 != 0) {
      r.method = RandomField(rng);
      r.path = RandomField(rng);
      r.operation = RandomField(rng);
      r.account = RandomField(rng);
      r.result = RandomField(rng);
      r.peer = RandomField(rng);
    }
    r.status = std::uniform_int_distribution<int>(-1, 600)(rng);
    r.millis = i % 3 == 0 ? durations[static_cast<std::size_t>(i) % durations.size()]
                          : std::uniform_real_distribution<double>(0, 5000)(rng);
    r.notes = RandomList(rng);
    r.attempted = i % 4 == 0 ? RandomField(rng) : "";
    r.tns = RandomList(rng);
    r.codes = RandomList(rng);
    r.outcome = i % 5 == 0 ? RandomField(rng) : (i % 5 == 1 ? "ok" : "");
    const model::TimePoint wall = RandomTime(rng), virtual_now = RandomTime(rng);
    const std::string text = server::TextLogLine(r, wall, virtual_now);
    const std::string json = server::JsonLogLine(r, wall, virtual_now);
    INFO("record " << i);
    REQUIRE(text == RefText(r, wall, virtual_now));
    REQUIRE(json == RefJson(r, wall, virtual_now));
    compared += 2;
  }
  CHECK(compared == 6000);
}
