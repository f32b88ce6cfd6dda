// RFC 3339 times for the control API (https://www.rfc-editor.org/rfc/rfc3339#section-5.6):
// what JavaScript's Date.toISOString(), Java's Instant.toString() and
// Python's datetime.isoformat() write. Answers use one form, UTC with
// milliseconds ("2026-12-01T10:00:00.000Z"); requests may carry a `Z` or a
// numeric offset, any number of fraction digits (kept to .NET's 100 ns), or
// no zone at all (read as UTC, the emulator's own form).
#ifndef VI_MOCK_SERVER_ADMIN_RFC3339_H_
#define VI_MOCK_SERVER_ADMIN_RFC3339_H_

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "base/result.h"
#include "model/date_time.h"

namespace vi::admin {

// "yyyy-MM-ddTHH:mm:ss.fffZ", the instant floored to the millisecond.
// REQUIRES: model::InDateRange(t).
inline std::string FormatRfc3339(model::TimePoint t) {
  using namespace std::chrono;
  const model::TimePoint ms = floor<milliseconds>(t);
  const model::TimePoint whole = floor<seconds>(ms);
  char frac[24];
  std::snprintf(frac, sizeof frac, ".%03lld",
                static_cast<long long>(duration_cast<milliseconds>(ms - whole).count()));
  return model::FormatDateTime(whole) + frac + "Z";
}

// Reads yyyy-MM-ddTHH:mm:ss[.f+][Z|±hh:mm] (a 't' or 'z' in lower case
// too). Fraction digits past the seventh are dropped. kMalformed for any
// other shape; kOutOfRange when the instant is outside model's date range.
inline Result<model::TimePoint, model::DateTimeError> ParseRfc3339(std::string_view s) {
  const auto malformed = MakeUnexpected(model::DateTimeError::kMalformed);
  std::chrono::minutes offset{0};
  if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) {
    s.remove_suffix(1);
  } else if (s.size() >= 25 && (s[s.size() - 6] == '+' || s[s.size() - 6] == '-') && s[s.size() - 3] == ':') {
    const std::string_view z = s.substr(s.size() - 6);
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!digit(z[1]) || !digit(z[2]) || !digit(z[4]) || !digit(z[5])) return malformed;
    const int hh = (z[1] - '0') * 10 + (z[2] - '0'), mm = (z[4] - '0') * 10 + (z[5] - '0');
    if (hh > 23 || mm > 59) return malformed;
    offset = std::chrono::minutes(hh * 60 + mm) * (z[0] == '-' ? -1 : 1);
    s.remove_suffix(6);
  }
  std::string text(s);
  if (text.size() > 10 && text[10] == 't') text[10] = 'T';
  if (text.size() > 27 && text[19] == '.') {
    for (std::size_t i = 27; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return malformed;
    }
    text.resize(27);
  }
  Result<model::TimePoint, model::DateTimeError> t = model::ParseDateTime(text);
  if (!t) return t;
  const model::TimePoint utc = *t - offset;
  if (!model::InDateRange(utc)) return MakeUnexpected(model::DateTimeError::kOutOfRange);
  return utc;
}

}  // namespace vi::admin

#endif  // VI_MOCK_SERVER_ADMIN_RFC3339_H_
