// model/date_time.h: .NET's DateTime text, in 100 ns ticks, within a
// documented range; no input can overflow.
#include "model/date_time.h"

#include <catch2/catch.hpp>
#include <string>

using namespace vi;
using model::DateTimeError;
using model::ParseDateTime;

namespace {

model::TimePoint Day(int y, unsigned m, unsigned d) {
  return model::TimePoint(std::chrono::sys_days(std::chrono::year(y) / m / d));
}

// The error ParseDateTime gives `s`, or nullopt when it parses.
std::optional<DateTimeError> ErrorOf(std::string_view s) {
  auto t = ParseDateTime(s);
  if (t) return std::nullopt;
  return t.error();
}

}  // namespace

TEST_CASE("DateTime is written as .NET writes an unspecified-kind DateTime", "[model][date]") {
  const model::TimePoint t0 = Day(2026, 3, 1);
  CHECK(model::FormatDateTime(model::kSentinelDate) == "1900-01-01T00:00:00");
  auto t = ParseDateTime("2013-11-25T17:32:48.707");
  REQUIRE(t);
  CHECK(model::FormatDateTime(*t) == "2013-11-25T17:32:48.707");
  CHECK(model::FormatDateTime(t0 + std::chrono::minutes(30)) == "2026-03-01T00:30:00");
  CHECK(model::FormatDateTime(t0 + std::chrono::microseconds(1)) == "2026-03-01T00:00:00.000001");
  CHECK(model::FormatDateTime(t0 + model::Ticks(1)) == "2026-03-01T00:00:00.0000001");
  CHECK(model::FormatDateTime(t0 - model::Ticks(1)) == "2026-02-28T23:59:59.9999999");
}

TEST_CASE("The accepted ranges are the dotNET DateTime range and a narrower clock range", "[model][date]") {
  CHECK(model::FormatDateTime(model::kMinTime) == "0001-01-01T00:00:00");
  CHECK(model::FormatDateTime(model::kMaxTime) == "9999-12-31T23:59:59.9999999");
  CHECK(model::FormatDateTime(model::kClockMin) == "1900-01-01T00:00:00");
  CHECK(model::FormatDateTime(model::kClockMax) == "9998-01-01T00:00:00");
  CHECK(model::InDateRange(model::kMinTime));
  CHECK(model::InDateRange(model::kMaxTime));
  CHECK_FALSE(model::InDateRange(model::kMinTime - model::Ticks(1)));
  CHECK_FALSE(model::InDateRange(model::kMaxTime + model::Ticks(1)));
  CHECK(model::InClockRange(model::kClockMin));
  CHECK_FALSE(model::InClockRange(model::kClockMax));
  // What the emulator derives from its clock (release aging up to 365 days,
  // a 30-minute hold) stays formattable from the clock's last instant, with
  // most of a year of real time to spare.
  const model::TimePoint last = model::kClockMax - model::Ticks(1);
  CHECK(model::InDateRange(last + std::chrono::days(365) + std::chrono::days(364)));
  CHECK(model::FormatDateTime(last + std::chrono::days(365)) == "9998-12-31T23:59:59.9999999");
}

TEST_CASE("ParseDateTime round-trips FormatDateTime at the extremes", "[model][date]") {
  for (model::TimePoint t :
       {model::kMinTime, model::kMaxTime, model::kClockMin, model::kClockMax - model::Ticks(1),
        model::kMinTime + model::Ticks(1), model::kMaxTime - model::Ticks(1), Day(1969, 12, 31),
        Day(1970, 1, 1), Day(2000, 2, 29) + std::chrono::hours(23), Day(1677, 9, 21), Day(2262, 4, 12)}) {
    std::string text = model::FormatDateTime(t);
    CAPTURE(text);
    auto back = ParseDateTime(text);
    REQUIRE(back);
    CHECK(*back == t);
  }
}

TEST_CASE("ParseDateTime rejects malformed and out-of-range text without overflowing", "[model][date]") {
  // Outside the range: year 0000 is well-formed but before 0001-01-01.
  CHECK(ErrorOf("0000-01-01T00:00:00") == DateTimeError::kOutOfRange);
  CHECK(ErrorOf("0000-12-31T23:59:59.9999999") == DateTimeError::kOutOfRange);
  // The extremes of four digits are in range, far beyond int64 nanoseconds.
  CHECK(ErrorOf("0001-01-01T00:00:00") == std::nullopt);
  CHECK(ErrorOf("9999-12-31T23:59:59.9999999") == std::nullopt);
  CHECK(ErrorOf("9999-01-01T00:00:00") == std::nullopt);
  CHECK(*ParseDateTime("9999-12-31T23:59:59.9999999") == model::kMaxTime);
  CHECK(*ParseDateTime("0001-01-01T00:00:00") == model::kMinTime);
  // Leap days: every fourth year, not centuries, except every fourth century.
  CHECK(ErrorOf("2024-02-29T00:00:00") == std::nullopt);
  CHECK(ErrorOf("2000-02-29T00:00:00") == std::nullopt);
  CHECK(ErrorOf("0004-02-29T00:00:00") == std::nullopt);
  CHECK(ErrorOf("9996-02-29T00:00:00") == std::nullopt);
  for (const char* bad : {
           "1900-02-29T00:00:00",           // not a leap year
           "2023-02-29T00:00:00",           //
           "2013-02-30T00:00:00",           //
           "2013-04-31T00:00:00",           //
           "2013-13-01T00:00:00",           // month 13
           "2013-00-01T00:00:00",           // month 0
           "2013-01-32T00:00:00",           // day 32
           "2013-01-00T00:00:00",           // day 0
           "2013-01-01T24:00:00",           // 24:00 is not an hour here
           "2013-01-01T23:60:00",           //
           "2013-01-01T23:59:60",           // no leap second
           "2013-11-25T17:32:48.",          // empty fraction
           "2013-11-25T17:32:48.12345678",  // 8 digits
           "2013-11-25T17:32:48.99999999999999999999",
           "2013-11-25T17:32:48.-1",     //
           "2013-11-25T17:32:48Z",       // a zone
           "2013-11-25T17:32:48+01:00",  //
           "2013-11-25 17:32:48",        //
           "10000-01-01T00:00:00",       // five-digit year
           "-001-01-01T00:00:00",        //
           "+999-01-01T00:00:00",        //
           "99999999999999999999",       //
           "2013-1-25T17:32:48",         //
           "",                           //
           "2013-11-25T17:32:4",         //
       }) {
    CAPTURE(bad);
    CHECK(ErrorOf(bad) == DateTimeError::kMalformed);
  }
  CHECK(ErrorOf(std::string("2013-11-25T17:32:48\0", 20)) == DateTimeError::kMalformed);
  CHECK(ErrorOf(std::string("2013-11-25T17:32:48.1\xff", 22)) == DateTimeError::kMalformed);
}

TEST_CASE("ParseDateTime accepts every field at its limits", "[model][date]") {
  // Every month's last day in a leap and a common year, and the largest
  // time of day, parse and write back unchanged.
  for (int y : {1, 1900, 1970, 2000, 2023, 2024, 9999}) {
    for (unsigned m = 1; m <= 12; ++m) {
      auto last = std::chrono::year_month_day_last(std::chrono::year(y),
                                                   std::chrono::month_day_last(std::chrono::month(m)));
      char text[40];
      std::snprintf(text, sizeof text, "%04d-%02u-%02uT23:59:59.9999999", y, m,
                    static_cast<unsigned>(last.day()));
      CAPTURE(text);
      auto t = ParseDateTime(text);
      REQUIRE(t);
      CHECK(model::FormatDateTime(*t) == text);
    }
  }
}
