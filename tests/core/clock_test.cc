#include "mock-server/core/clock.h"

#include <catch2/catch.hpp>

#include "model/date_time.h"

using namespace vi;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {
const core::TimePoint kT0 = core::TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 3 / 1));
}

TEST_CASE("ManualClock moves only when told", "[core][clock]") {
  core::ManualClock c(kT0);
  CHECK(c.Now() == kT0);
  c.Advance(minutes(30));
  CHECK(c.Now() == kT0 + minutes(30));
  c.Set(kT0 - hours(1));
  CHECK(c.Now() == kT0 - hours(1));
}

TEST_CASE("ControllableClock offsets, freezes and resumes over its base", "[core][clock]") {
  core::ManualClock base(kT0);
  core::ControllableClock c(base);
  CHECK(c.Now() == kT0);
  base.Advance(seconds(5));
  CHECK(c.Now() == kT0 + seconds(5));  // runs with the base
  c.Advance(minutes(30));
  CHECK(c.Now() == kT0 + seconds(5) + minutes(30));
  c.Freeze();
  CHECK(c.frozen());
  base.Advance(hours(1));
  CHECK(c.Now() == kT0 + seconds(5) + minutes(30));  // frozen
  c.Advance(minutes(1));
  CHECK(c.Now() == kT0 + seconds(5) + minutes(31));  // advance while frozen
  c.Resume();
  CHECK_FALSE(c.frozen());
  CHECK(c.Now() == kT0 + seconds(5) + minutes(31));  // resumes from the frozen reading
  base.Advance(seconds(1));
  CHECK(c.Now() == kT0 + seconds(6) + minutes(31));
  c.Set(kT0);
  CHECK(c.Now() == kT0);
  c.Reset();
  CHECK(c.Now() == base.Now());
}

TEST_CASE("DateTime is written as .NET writes an unspecified-kind DateTime", "[core][clock][wire]") {
  CHECK(model::FormatDateTime(model::kSentinelDate) == "1900-01-01T00:00:00");
  auto t = model::ParseDateTime("2013-11-25T17:32:48.707");
  REQUIRE(t);
  CHECK(model::FormatDateTime(*t) == "2013-11-25T17:32:48.707");
  CHECK(model::FormatDateTime(kT0 + minutes(30)) == "2026-03-01T00:30:00");
  CHECK(model::FormatDateTime(kT0 + std::chrono::microseconds(1)) == "2026-03-01T00:00:00.000001");
  CHECK_FALSE(model::ParseDateTime("2013-11-25 17:32:48").has_value());
  CHECK_FALSE(model::ParseDateTime("2013-02-30T00:00:00").has_value());
  CHECK_FALSE(model::ParseDateTime("2013-11-25T17:32:48.").has_value());
}
