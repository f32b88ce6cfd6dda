#include "mock-server/core/clock.h"

namespace vi::core {
namespace {

class RealClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace

const Clock& SystemClock() {
  static const RealClock* const kClock = new RealClock();
  return *kClock;
}

ManualClock::ManualClock(TimePoint start) : now_(start) {}

TimePoint ManualClock::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

void ManualClock::Advance(Duration d) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += d;
}

void ManualClock::Set(TimePoint t) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ = t;
}

ControllableClock::ControllableClock(const Clock& base) : base_(base) {}

TimePoint ControllableClock::NowLocked() const {
  return frozen_at_ ? *frozen_at_ : base_.Now() + offset_;
}

TimePoint ControllableClock::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return NowLocked();
}

void ControllableClock::Advance(Duration d) {
  std::lock_guard<std::mutex> lock(mu_);
  if (frozen_at_) {
    *frozen_at_ += d;
  } else {
    offset_ += d;
  }
}

void ControllableClock::Set(TimePoint t) {
  std::lock_guard<std::mutex> lock(mu_);
  if (frozen_at_) {
    frozen_at_ = t;
  } else {
    offset_ = t - base_.Now();
  }
}

void ControllableClock::Freeze() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!frozen_at_) frozen_at_ = NowLocked();
}

void ControllableClock::Resume() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!frozen_at_) return;
  offset_ = *frozen_at_ - base_.Now();
  frozen_at_.reset();
}

bool ControllableClock::frozen() const {
  std::lock_guard<std::mutex> lock(mu_);
  return frozen_at_.has_value();
}

void ControllableClock::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  offset_ = Duration{0};
  frozen_at_.reset();
}

}  // namespace vi::core
