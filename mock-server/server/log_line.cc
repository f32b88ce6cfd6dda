#include "mock-server/server/log_line.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "mock-server/admin/rfc3339.h"

namespace vi::server {
namespace {

void AppendDigits(std::string& out, long long v, int width) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  for (auto n = end - buf; n < width; ++n) out += '0';
  out.append(buf, end);
}

// model::FormatDateTime(t).substr(0, 19 + fraction_chars), without snprintf:
// yyyy-MM-ddTHH:mm:ss, then the fraction as FormatDateTime writes it (a dot
// and up to 7 digits, trailing zeros dropped), cut to `fraction_chars`.
void AppendDateTime(std::string& out, model::TimePoint t, std::size_t fraction_chars) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // outside the model's range: its own formatter
    out += model::FormatDateTime(t).substr(0, 19 + fraction_chars);
    return;
  }
  const std::int64_t tod = (t - day).count();
  const std::int64_t frac = tod % 10'000'000;
  const std::int64_t secs = tod / 10'000'000;
  AppendDigits(out, year, 4);
  out += '-';
  AppendDigits(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  AppendDigits(out, static_cast<unsigned>(ymd.day()), 2);
  out += 'T';
  AppendDigits(out, secs / 3600, 2);
  out += ':';
  AppendDigits(out, secs / 60 % 60, 2);
  out += ':';
  AppendDigits(out, secs % 60, 2);
  if (frac == 0 || fraction_chars == 0) return;
  char digits[7];
  std::int64_t f = frac;
  for (int i = 6; i >= 0; --i, f /= 10) digits[i] = static_cast<char>('0' + f % 10);
  std::size_t n = 7;
  while (digits[n - 1] == '0') --n;
  out += '.';
  out.append(digits, std::min(n, fraction_chars - 1));
}

// `"s"` as nlohmann::json dumps it (error_handler_t::replace). Strings of
// printable ASCII without '"' or '\' (every Printable field) are written as
// they are; anything else is left to nlohmann.
void AppendJsonString(std::string& out, std::string_view s) {
  const bool plain =
      std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; });
  if (!plain) {
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out.append(s);
  out += '"';
}

std::string Printable(std::string_view s, std::size_t max = 120) {
  std::string out;
  AppendPrintable(out, s, max);
  return out;
}

}  // namespace

void AppendPrintable(std::string& out, std::string_view s, std::size_t max) {
  const std::string_view kept = s.substr(0, max);
  const std::size_t start = out.size();
  out.append(kept);
  for (std::size_t i = start; i < out.size(); ++i) {
    const char c = out[i];
    if (!(c >= 0x20 && c < 0x7F)) out[i] = '?';
  }
  if (s.size() > max) out += "...";
}

std::string TextLogLine(const LogRecord& r, model::TimePoint wall, model::TimePoint virtual_now) {
  std::string line;
  line.reserve(256 + 16 * std::min<std::size_t>(r.tns.size(), 20) + 64 * r.notes.size());
  AppendDateTime(line, wall, 4);  // "yyyy-MM-ddTHH:mm:ss.fff"
  line += "Z vt=";
  AppendDateTime(line, std::chrono::floor<std::chrono::seconds>(virtual_now), 0);
  line += "Z ";
  AppendPrintable(line, r.method, 8);
  line += ' ';
  AppendPrintable(line, r.path);
  line += " op=";
  AppendPrintable(line, r.operation);
  line += " account=";
  AppendPrintable(line, r.account);
  line += " result=";
  AppendPrintable(line, r.result);
  line += " status=";
  line += std::to_string(r.status);
  // " %.3fms": to_chars with a precision is printf's %.3f, exactly rounded.
  char ms[400];
  ms[0] = ' ';
  auto [end, ec] = std::to_chars(ms + 1, ms + sizeof ms - 2, r.millis, std::chars_format::fixed, 3);
  if (ec != std::errc()) end = ms + 1;
  line.append(ms, end);
  line += "ms";
  if (!r.attempted.empty()) {
    line += " attempted-login=";
    AppendPrintable(line, r.attempted, 64);
  }
  auto append_list = [&line](std::string_view key, const std::vector<std::string>& items, std::size_t max) {
    if (items.empty()) return;
    line += key;
    for (std::size_t i = 0; i < items.size() && i < 20; ++i) {
      if (i) line += ',';
      AppendPrintable(line, items[i], max);
    }
    if (items.size() > 20) line += ",...";
  };
  append_list(" tns=", r.tns, 40);
  append_list(" codes=", r.codes, 12);
  if (!r.outcome.empty()) {
    line += " outcome=";
    line += r.outcome;
  }
  line += " peer=";
  AppendPrintable(line, r.peer, 64);
  for (const std::string& n : r.notes) {
    line += " note=\"";
    AppendPrintable(line, n, 200);
    line += '"';
  }
  return line;
}

std::string JsonLogLine(const LogRecord& r, model::TimePoint wall, model::TimePoint virtual_now) {
  std::string line;
  line.reserve(320 + 16 * r.tns.size() + 8 * r.codes.size() + 64 * r.notes.size());
  // nlohmann's default object is a std::map: keys come out in this order.
  line += "{\"account\":";
  AppendJsonString(line, Printable(r.account));
  if (!r.attempted.empty()) {
    line += ",\"attemptedLogin\":";
    AppendJsonString(line, Printable(r.attempted));
  }
  line += ",\"durationMs\":";
  line += nlohmann::json(std::round(r.millis * 1000) / 1000).dump();
  line += ",\"method\":";
  AppendJsonString(line, Printable(r.method, 8));
  if (!r.notes.empty()) {
    line += ",\"notes\":[";
    for (std::size_t i = 0; i < r.notes.size(); ++i) {
      if (i) line += ',';
      AppendJsonString(line, Printable(r.notes[i], 200));
    }
    line += ']';
  }
  line += ",\"operation\":";
  AppendJsonString(line, Printable(r.operation));
  if (!r.outcome.empty()) {
    line += ",\"outcome\":";
    AppendJsonString(line, r.outcome);
  }
  line += ",\"path\":";
  AppendJsonString(line, Printable(r.path));
  line += ",\"peer\":";
  AppendJsonString(line, Printable(r.peer, 64));
  line += ",\"result\":";
  AppendJsonString(line, Printable(r.result));
  line += ",\"status\":";
  line += std::to_string(r.status);
  if (!r.codes.empty()) {
    line += ",\"statusCodes\":[";
    for (std::size_t i = 0; i < r.codes.size(); ++i) {
      if (i) line += ',';
      AppendJsonString(line, r.codes[i]);
    }
    line += ']';
  }
  line += ",\"time\":\"";
  AppendDateTime(line, wall, 4);
  line += "Z\"";
  if (!r.tns.empty()) {
    line += ",\"tns\":[";
    for (std::size_t i = 0; i < r.tns.size(); ++i) {
      if (i) line += ',';
      AppendJsonString(line, Printable(r.tns[i], 40));
    }
    line += ']';
  }
  line += ",\"virtualTime\":";
  AppendJsonString(line, admin::FormatRfc3339(virtual_now));
  line += '}';
  return line;
}

}  // namespace vi::server
