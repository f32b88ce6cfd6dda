#include "mock-server/control/faults.h"

#include <algorithm>

namespace vi::control {

std::string_view FaultKindName(FaultKind k) {
  switch (k) {
    case FaultKind::kDelay: return "delay";
    case FaultKind::kHttp: return "http";
    case FaultKind::kSoapFault: return "soapFault";
    case FaultKind::kReset: return "reset";
    case FaultKind::kTimeout: return "timeout";
  }
  return "http";
}

std::optional<FaultKind> ParseFaultKind(std::string_view name) {
  for (FaultKind k :
       {FaultKind::kDelay, FaultKind::kHttp, FaultKind::kSoapFault, FaultKind::kReset, FaultKind::kTimeout}) {
    if (FaultKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::string_view StateEffectName(StateEffect e) { return e == StateEffect::kNone ? "none" : "applied"; }

double Draw(std::uint64_t seed, std::uint64_t n) {
  std::uint64_t z = seed + (n + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

namespace {

// Whether `r` can still fire.
bool Armed(const FaultRule& r) { return !r.times || r.fired < *r.times; }

}  // namespace

std::uint64_t FaultSet::Add(FaultRule rule) {
  MutexLock lock(mu_);
  rule.id = next_id_++;
  rule.matched = 0;
  rule.fired = 0;
  const bool armed = Armed(rule);
  rules_.push_back(std::move(rule));
  // Published after the rule is in place: a Fire that sees the count takes
  // the lock, which orders it after this Add.
  if (armed) armed_.fetch_add(1, std::memory_order_release);
  return rules_.back().id;
}

std::vector<FaultRule> FaultSet::List() const {
  MutexLock lock(mu_);
  return rules_;
}

bool FaultSet::Remove(std::uint64_t id) {
  MutexLock lock(mu_);
  auto it = std::find_if(rules_.begin(), rules_.end(), [id](const FaultRule& r) { return r.id == id; });
  if (it == rules_.end()) return false;
  if (Armed(*it)) armed_.fetch_sub(1, std::memory_order_relaxed);
  rules_.erase(it);
  return true;
}

void FaultSet::Clear() {
  MutexLock lock(mu_);
  rules_.clear();
  armed_.store(0, std::memory_order_relaxed);
}

std::optional<FaultRule> FaultSet::Fire(std::string_view operation, std::string_view login,
                                        const std::vector<std::string>& tns) {
  if (armed_.load(std::memory_order_acquire) == 0) return std::nullopt;
  MutexLock lock(mu_);
  for (FaultRule& r : rules_) {
    if (r.operation != operation) continue;
    if (r.login && *r.login != login) continue;
    if (r.tn && std::find(tns.begin(), tns.end(), *r.tn) == tns.end()) continue;
    if (r.times && r.fired >= *r.times) continue;
    const std::uint64_t n = r.matched++;
    if (r.probability < 1.0 && Draw(r.seed, n) >= r.probability) continue;
    ++r.fired;
    ++total_fired_;
    if (!Armed(r)) armed_.fetch_sub(1, std::memory_order_relaxed);
    return r;
  }
  return std::nullopt;
}

std::uint64_t FaultSet::total_fired() const {
  MutexLock lock(mu_);
  return total_fired_;
}

}  // namespace vi::control
