// DateTime as API 3.0 carries it: an xsd:dateTime without a zone, or nil.
// Time is counted in .NET's 100 ns ticks, which is what the wire carries (7
// fraction digits) and what a 64-bit count holds for about ±29,000 years, so
// no accepted date can overflow. The accepted ranges are defined here, once.
#ifndef VI_MODEL_DATE_TIME_H_
#define VI_MODEL_DATE_TIME_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <ratio>
#include <string>
#include <string_view>

#include "base/result.h"

namespace vi::model {

// One .NET tick: 100 ns.
using Ticks = std::chrono::duration<std::int64_t, std::ratio<1, 10'000'000>>;
// A UTC instant in ticks since 1970-01-01T00:00:00.
using TimePoint = std::chrono::time_point<std::chrono::system_clock, Ticks>;

// nullopt is written as xsi:nil="true".
using DateTime = std::optional<TimePoint>;

// The range of dates the emulator reads (data files, clock/set): .NET's
// DateTime range, 0001-01-01T00:00:00 to 9999-12-31T23:59:59.9999999, both
// inclusive. Every instant in it has a 4-digit year, so it formats and parses
// back exactly.
inline constexpr TimePoint kMinTime = TimePoint(std::chrono::sys_days(std::chrono::year(1) / 1 / 1));
inline constexpr TimePoint kMaxTime =
    TimePoint(std::chrono::sys_days(std::chrono::year(10000) / 1 / 1)) - Ticks(1);

// The value the real service writes when a date does not apply:
// 1900-01-01T00:00:00 (every sandbox capture shows it in expireDate).
inline constexpr TimePoint kSentinelDate = TimePoint(std::chrono::sys_days(std::chrono::year(1900) / 1 / 1));

// The range the emulator's clock may be set or advanced to: [kClockMin,
// kClockMax), 1900-01-01T00:00:00 (the sentinel: an earlier "now" would put
// real dates before the "does not apply" date) up to, excluding,
// 9998-01-01T00:00:00. Instants derived from the clock are at most 365 days
// later (release aging; a reservation's expiry is 30 minutes), so they stay
// inside [kMinTime, kMaxTime] even after the clock has run on in real time
// for most of a year past kClockMax.
inline constexpr TimePoint kClockMin = kSentinelDate;
inline constexpr TimePoint kClockMax = TimePoint(std::chrono::sys_days(std::chrono::year(9998) / 1 / 1));

inline constexpr bool InDateRange(TimePoint t) { return kMinTime <= t && t <= kMaxTime; }
inline constexpr bool InClockRange(TimePoint t) { return kClockMin <= t && t < kClockMax; }

// Writes `t` as .NET's XmlSerializer writes a DateTime of unspecified kind:
// yyyy-MM-ddTHH:mm:ss, then up to 7 fraction digits with trailing zeros
// dropped ("2013-11-25T17:32:48.707"), no zone. The emulator's times are UTC.
// REQUIRES: InDateRange(t) (outside it the year is not 4 digits).
inline std::string FormatDateTime(TimePoint t) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const std::int64_t tod = (t - day).count();  // ticks into the day, >= 0
  const std::int64_t frac = tod % 10'000'000;
  const std::int64_t secs = tod / 10'000'000;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  std::string out(buf);
  if (frac != 0) {
    char f[16];
    std::snprintf(f, sizeof f, ".%07lld", static_cast<long long>(frac));
    std::string fs(f);
    while (fs.back() == '0') fs.pop_back();
    out += fs;
  }
  return out;
}

enum class DateTimeError {
  kMalformed,   // not yyyy-MM-ddTHH:mm:ss[.f{1,7}], or no such day or time
  kOutOfRange,  // well-formed, but outside [kMinTime, kMaxTime] (year 0000)
};

// Reads yyyy-MM-ddTHH:mm:ss with an optional fraction (1 to 7 digits) and no
// zone. Hours are 00-23 (no 24:00), seconds 00-59 (no leap second), the day
// must exist (2013-02-29 does not). On success the instant is in
// [kMinTime, kMaxTime]. Never overflows: every field is bounded before any
// arithmetic.
inline Result<TimePoint, DateTimeError> ParseDateTime(std::string_view s) {
  using namespace std::chrono;
  auto num = [&](std::size_t pos, std::size_t len) -> int {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const auto malformed = MakeUnexpected(DateTimeError::kMalformed);
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') {
    return malformed;
  }
  int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) {
    return malformed;
  }
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return malformed;
  std::int64_t frac = 0;
  if (s.size() > 19) {
    if (s[19] != '.' || s.size() == 20 || s.size() > 27) return malformed;
    std::size_t digits = s.size() - 20;
    int f = num(20, digits);
    if (f < 0) return malformed;
    frac = f;
    for (std::size_t i = digits; i < 7; ++i) frac *= 10;
  }
  // Years 0000-9999 are a few thousand years from 1970: far inside Ticks.
  TimePoint t = TimePoint(sys_days(ymd)) + hours(h) + minutes(mi) + seconds(se) + Ticks(frac);
  if (!InDateRange(t)) return MakeUnexpected(DateTimeError::kOutOfRange);
  return t;
}

}  // namespace vi::model

#endif  // VI_MODEL_DATE_TIME_H_
