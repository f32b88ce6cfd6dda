// The one source of time for the emulator. Everything time-dependent
// (reservation expiry, release aging, expireDate on the wire) asks a Clock;
// nothing sleeps to make time pass. Only clock.cc reads the system clock.
// Time is counted in .NET ticks (model/date_time.h), which cannot overflow
// in any range the emulator accepts.
#ifndef VI_MOCK_SERVER_CORE_CLOCK_H_
#define VI_MOCK_SERVER_CORE_CLOCK_H_

#include <chrono>
#include <optional>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "model/date_time.h"

namespace vi::core {

using TimePoint = model::TimePoint;
using Duration = model::Ticks;

// Interface. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The real wall clock, truncated to ticks. Never destroyed; thread-safe.
const Clock& SystemClock();

// A clock that moves only when told (unit tests). Starts at `start`. It does
// not bound its time: tests own what they set. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start);
  TimePoint Now() const override;
  void Advance(Duration d);
  void Set(TimePoint t);

 private:
  mutable Mutex mu_;
  TimePoint now_ VI_GUARDED_BY(mu_);
};

// The running emulator's clock: a base clock (real time by default) plus an
// adjustable offset, optionally frozen. Advance/Set move it; Freeze stops it
// at its current reading; Resume lets it run again from that reading.
//
// Bounds: Advance and Set refuse (return false, change nothing) a reading
// outside [model::kClockMin, model::kClockMax). No caller can move the clock
// out of that range; only the base clock's own running can carry it past
// kClockMax, which the range leaves a year of room for.
//
// Offset: how far this clock is ahead of its base (negative: behind). A
// frozen clock is compared with the base's reading when it froze, so the
// offset is exactly 0 after Reset and does not change while frozen; on
// Resume the time spent frozen is taken off it.
//
// Thread-safe; the state is read and changed under one internal mutex, a
// leaf lock (it calls only the base clock's Now while held). REQUIRES:
// `base` outlives this clock.
class ControllableClock final : public Clock {
 public:
  explicit ControllableClock(const Clock& base = SystemClock());
  TimePoint Now() const override;

  // One consistent reading of the whole state.
  struct Reading {
    TimePoint now;
    bool frozen = false;
    Duration offset{0};
  };
  Reading Read() const;

  // Moves the clock by `d` (may be negative); frozen clocks stay frozen.
  // False, and no change, when the new reading would leave the clock range.
  [[nodiscard]] bool Advance(Duration d);
  // Jumps to `t`; frozen clocks stay frozen at `t`. False, and no change,
  // when `t` is outside the clock range.
  [[nodiscard]] bool Set(TimePoint t);
  void Freeze();
  void Resume();
  bool frozen() const;
  // Back to the base clock's time, running, with an offset of exactly 0.
  void Reset();

  // The clock this one runs over (real time in the running emulator).
  const Clock& base() const { return base_; }

 private:
  // The base reading this clock is offset from: the live base clock, or
  // the base's reading at the moment it froze.
  TimePoint BaseNowLocked() const VI_REQUIRES(mu_);

  const Clock& base_;
  mutable Mutex mu_;
  Duration offset_ VI_GUARDED_BY(mu_) = Duration{0};
  std::optional<TimePoint> frozen_base_ VI_GUARDED_BY(mu_);  // set while frozen
};

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_CLOCK_H_
