// DateTime as API 3.0 carries it: an xsd:dateTime without a zone, or nil.
#ifndef VI_MODEL_DATE_TIME_H_
#define VI_MODEL_DATE_TIME_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace vi::model {

using TimePoint = std::chrono::system_clock::time_point;

// nullopt is written as xsi:nil="true".
using DateTime = std::optional<TimePoint>;

// The value the real service writes when a date does not apply:
// 1900-01-01T00:00:00 (every sandbox capture shows it in expireDate).
inline constexpr TimePoint kSentinelDate =
    TimePoint(std::chrono::sys_days(std::chrono::year(1900) / 1 / 1));

// Writes `t` as .NET's XmlSerializer writes a DateTime of unspecified kind:
// yyyy-MM-ddTHH:mm:ss, then up to 7 fraction digits with trailing zeros
// dropped ("2013-11-25T17:32:48.707"), no zone. The emulator's times are UTC.
inline std::string FormatDateTime(TimePoint t) {
  using namespace std::chrono;
  auto ticks = duration_cast<duration<std::int64_t, std::ratio<1, 10'000'000>>>(t.time_since_epoch());
  auto day = floor<days>(t);
  year_month_day ymd{day};
  auto tod = ticks - duration_cast<decltype(ticks)>(day.time_since_epoch());
  std::int64_t total = tod.count();
  std::int64_t frac = total % 10'000'000;
  std::int64_t secs = total / 10'000'000;
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

// Reads yyyy-MM-ddTHH:mm:ss with an optional fraction (up to 7 digits) and
// no zone; nullopt on anything else.
inline std::optional<TimePoint> ParseDateTime(std::string_view s) {
  using namespace std::chrono;
  auto num = [&](std::size_t pos, std::size_t len) -> int {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) {
    return std::nullopt;
  }
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  std::int64_t frac = 0;
  if (s.size() > 19) {
    if (s[19] != '.' || s.size() == 20 || s.size() > 27) return std::nullopt;
    std::size_t digits = s.size() - 20;
    int f = num(20, digits);
    if (f < 0) return std::nullopt;
    frac = f;
    for (std::size_t i = digits; i < 7; ++i) frac *= 10;
  }
  TimePoint t = sys_days(ymd) + hours(h) + minutes(mi) + seconds(se);
  return t + duration_cast<system_clock::duration>(duration<std::int64_t, std::ratio<1, 10'000'000>>(frac));
}

}  // namespace vi::model

#endif  // VI_MODEL_DATE_TIME_H_
