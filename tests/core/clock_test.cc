#include "mock-server/core/clock.h"

#include <catch2/catch.hpp>
#include <limits>

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

TEST_CASE("SystemClock reads the wall clock in whole ticks", "[core][clock]") {
  const core::TimePoint a = core::SystemClock().Now();
  const auto wall = std::chrono::system_clock::now();
  const core::TimePoint b = core::SystemClock().Now();
  CHECK(a <= b);
  CHECK(a <= wall);
  CHECK(model::InClockRange(a));
}

TEST_CASE("ControllableClock offsets, freezes and resumes over its base", "[core][clock]") {
  core::ManualClock base(kT0);
  core::ControllableClock c(base);
  CHECK(c.Now() == kT0);
  base.Advance(seconds(5));
  CHECK(c.Now() == kT0 + seconds(5));  // runs with the base
  CHECK(c.Advance(minutes(30)));
  CHECK(c.Now() == kT0 + seconds(5) + minutes(30));
  c.Freeze();
  CHECK(c.frozen());
  base.Advance(hours(1));
  CHECK(c.Now() == kT0 + seconds(5) + minutes(30));  // frozen
  CHECK(c.Advance(minutes(1)));
  CHECK(c.Now() == kT0 + seconds(5) + minutes(31));  // advance while frozen
  c.Resume();
  CHECK_FALSE(c.frozen());
  CHECK(c.Now() == kT0 + seconds(5) + minutes(31));  // resumes from the frozen reading
  base.Advance(seconds(1));
  CHECK(c.Now() == kT0 + seconds(6) + minutes(31));
  CHECK(c.Set(kT0));
  CHECK(c.Now() == kT0);
  c.Reset();
  CHECK(c.Now() == base.Now());
}

TEST_CASE("ControllableClock offset is its lead over the base and exactly 0 after a reset", "[core][clock]") {
  core::ManualClock base(kT0);
  core::ControllableClock c(base);
  CHECK(c.Read().offset == core::Duration{0});
  REQUIRE(c.Advance(minutes(30)));
  CHECK(c.Read().offset == minutes(30));
  REQUIRE(c.Set(kT0 - hours(2)));
  CHECK(c.Read().offset == -hours(2));
  c.Freeze();
  base.Advance(hours(5));
  c.Reset();
  const core::ControllableClock::Reading r = c.Read();
  CHECK(r.offset == core::Duration{0});
  CHECK(r.offset.count() == 0);
  CHECK_FALSE(r.frozen);
  CHECK(r.now == base.Now());
}

TEST_CASE("ControllableClock offset stays put while frozen and loses the frozen time on resume",
          "[core][clock]") {
  core::ManualClock base(kT0);
  core::ControllableClock c(base);
  REQUIRE(c.Advance(minutes(10)));
  c.Freeze();
  const core::ControllableClock::Reading at_freeze = c.Read();
  CHECK(at_freeze.frozen);
  CHECK(at_freeze.offset == minutes(10));
  base.Advance(hours(3));
  const core::ControllableClock::Reading later = c.Read();
  CHECK(later.offset == minutes(10));  // base time passing does not move it
  CHECK(later.now == at_freeze.now);
  REQUIRE(c.Advance(minutes(1)));
  CHECK(c.Read().offset == minutes(11));
  c.Resume();
  // Three hours passed on the base while the clock stood still.
  CHECK(c.Read().offset == minutes(11) - hours(3));
  CHECK(c.Now() == kT0 + minutes(11));
}

TEST_CASE("ControllableClock refuses to be set outside its range and keeps its state", "[core][clock]") {
  core::ManualClock base(kT0);
  core::ControllableClock c(base);
  REQUIRE(c.Advance(minutes(7)));
  const core::TimePoint before = c.Now();
  const core::TimePoint year_9999 = core::TimePoint(std::chrono::sys_days(std::chrono::year(9999) / 1 / 1));
  CHECK_FALSE(c.Set(year_9999));
  CHECK_FALSE(c.Set(model::kClockMax));
  CHECK_FALSE(c.Set(model::kClockMin - core::Duration(1)));
  CHECK_FALSE(c.Set(model::kMinTime));
  CHECK_FALSE(c.Set(model::kMaxTime));
  CHECK(c.Now() == before);
  CHECK(c.Read().offset == minutes(7));
  // The bounds themselves: kClockMin is in, the last tick before kClockMax is in.
  CHECK(c.Set(model::kClockMin));
  CHECK(c.Now() == model::kClockMin);
  CHECK(c.Set(model::kClockMax - core::Duration(1)));
  CHECK(c.Now() == model::kClockMax - core::Duration(1));
}

TEST_CASE("ControllableClock refuses an advance that would leave its range and keeps its state",
          "[core][clock]") {
  core::ManualClock base(kT0);
  core::ControllableClock c(base);
  REQUIRE(c.Set(model::kClockMax - hours(1)));
  CHECK_FALSE(c.Advance(hours(1)));  // would land exactly on the excluded bound
  CHECK(c.Now() == model::kClockMax - hours(1));
  CHECK(c.Advance(hours(1) - core::Duration(1)));
  CHECK(c.Now() == model::kClockMax - core::Duration(1));
  // Extreme durations are compared, never added: no overflow.
  CHECK_FALSE(c.Advance(core::Duration(std::numeric_limits<std::int64_t>::max())));
  CHECK_FALSE(c.Advance(core::Duration(std::numeric_limits<std::int64_t>::min())));
  CHECK(c.Now() == model::kClockMax - core::Duration(1));

  REQUIRE(c.Set(model::kClockMin + seconds(1)));
  CHECK_FALSE(c.Advance(-seconds(2)));
  CHECK(c.Now() == model::kClockMin + seconds(1));
  CHECK(c.Advance(-seconds(1)));
  CHECK(c.Now() == model::kClockMin);

  c.Freeze();
  CHECK_FALSE(c.Advance(model::kClockMax - model::kClockMin));
  CHECK(c.Now() == model::kClockMin);
  CHECK(c.frozen());
}
