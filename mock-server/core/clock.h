// The one source of time for the emulator. Everything time-dependent
// (reservation expiry, release aging, expireDate on the wire) asks a Clock;
// nothing sleeps to make time pass. Only clock.cc reads the system clock.
#ifndef VI_MOCK_SERVER_CORE_CLOCK_H_
#define VI_MOCK_SERVER_CORE_CLOCK_H_

#include <chrono>
#include <mutex>
#include <optional>

#include "model/date_time.h"

namespace vi::core {

using TimePoint = model::TimePoint;
using Duration = std::chrono::system_clock::duration;

// Interface. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The real wall clock. Never destroyed; thread-safe.
const Clock& SystemClock();

// A clock that moves only when told (unit tests). Starts at `start`.
// Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start);
  TimePoint Now() const override;
  void Advance(Duration d);
  void Set(TimePoint t);

 private:
  mutable std::mutex mu_;
  TimePoint now_;
};

// The running emulator's clock: a base clock (real time by default) plus an
// adjustable offset, optionally frozen. Advance/Set move it; Freeze stops it
// at its current reading; Resume lets it run again from that reading.
// Thread-safe. REQUIRES: `base` outlives this clock.
class ControllableClock final : public Clock {
 public:
  explicit ControllableClock(const Clock& base = SystemClock());
  TimePoint Now() const override;

  // Moves the clock by `d` (may be negative); frozen clocks stay frozen.
  void Advance(Duration d);
  // Jumps to `t`; frozen clocks stay frozen at `t`.
  void Set(TimePoint t);
  void Freeze();
  void Resume();
  bool frozen() const;
  // Back to the base clock's time, running.
  void Reset();

 private:
  TimePoint NowLocked() const;

  const Clock& base_;
  mutable std::mutex mu_;
  Duration offset_{0};
  std::optional<TimePoint> frozen_at_;
};

}  // namespace vi::core

#endif  // VI_MOCK_SERVER_CORE_CLOCK_H_
