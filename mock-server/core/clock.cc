#include "mock-server/core/clock.h"

namespace vi::core {
namespace {

class RealClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::floor<Duration>(std::chrono::system_clock::now()); }
};

}  // namespace

const Clock& SystemClock() {
  static const RealClock* const kClock = new RealClock();
  return *kClock;
}

ManualClock::ManualClock(TimePoint start) : now_(start) {}

TimePoint ManualClock::Now() const {
  MutexLock lock(mu_);
  return now_;
}

void ManualClock::Advance(Duration d) {
  MutexLock lock(mu_);
  now_ += d;
}

void ManualClock::Set(TimePoint t) {
  MutexLock lock(mu_);
  now_ = t;
}

ControllableClock::ControllableClock(const Clock& base) : base_(base) {}

TimePoint ControllableClock::BaseNowLocked() const { return frozen_base_ ? *frozen_base_ : base_.Now(); }

TimePoint ControllableClock::Now() const {
  MutexLock lock(mu_);
  return BaseNowLocked() + offset_;
}

ControllableClock::Reading ControllableClock::Read() const {
  MutexLock lock(mu_);
  return {BaseNowLocked() + offset_, frozen_base_.has_value(), offset_};
}

bool ControllableClock::Advance(Duration d) {
  MutexLock lock(mu_);
  const TimePoint now = BaseNowLocked() + offset_;
  // Compared as room left on either side, so a huge `d` cannot overflow.
  if (d >= model::kClockMax - now || d < model::kClockMin - now) return false;
  offset_ += d;
  return true;
}

bool ControllableClock::Set(TimePoint t) {
  if (!model::InClockRange(t)) return false;
  MutexLock lock(mu_);
  offset_ = t - BaseNowLocked();
  return true;
}

void ControllableClock::Freeze() {
  MutexLock lock(mu_);
  if (!frozen_base_) frozen_base_ = base_.Now();
}

void ControllableClock::Resume() {
  MutexLock lock(mu_);
  if (!frozen_base_) return;
  offset_ -= base_.Now() - *frozen_base_;
  frozen_base_.reset();
}

bool ControllableClock::frozen() const {
  MutexLock lock(mu_);
  return frozen_base_.has_value();
}

void ControllableClock::Reset() {
  MutexLock lock(mu_);
  offset_ = Duration{0};
  frozen_base_.reset();
}

}  // namespace vi::core
