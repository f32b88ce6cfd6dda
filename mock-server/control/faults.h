// Fault rules: make chosen SOAP calls fail on purpose, and say what happened
// to the state. A rule names an operation (and optionally a login and a
// number), what happens (FaultKind), how often (times, probability with a
// seed), and its StateEffect: whether the operation was applied before the
// answer was lost. The server consults the set before each operation runs;
// the core never sees it.
#ifndef VI_MOCK_SERVER_CONTROL_FAULTS_H_
#define VI_MOCK_SERVER_CONTROL_FAULTS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace vi::control {

enum class FaultKind {
  kDelay,      // the answer is sent delay_ms late (the operation is applied)
  kHttp,       // an HTTP status with an empty or IIS-style HTML body
  kSoapFault,  // a SOAP fault (500) with the given code and text
  kReset,      // the connection is reset, no answer
  kTimeout,    // no answer for delay_ms, then the connection is reset
};

enum class StateEffect {
  kNone,     // the operation is not applied
  kApplied,  // the operation is applied, then the answer is lost or late
};

std::string_view FaultKindName(FaultKind k);
std::optional<FaultKind> ParseFaultKind(std::string_view name);
std::string_view StateEffectName(StateEffect e);

// One rule. Plain value type.
struct FaultRule {
  std::uint64_t id = 0;   // set by FaultSet::Add
  std::string operation;  // wire name, e.g. "reserveDID"
  std::optional<std::string> login;
  std::optional<std::string> tn;  // one of the numbers the request names
  FaultKind kind = FaultKind::kHttp;
  int status = 500;                   // kHttp
  bool html_body = false;             // kHttp: IIS's HTML error page instead of an empty body
  std::int64_t delay_ms = 0;          // kDelay, kTimeout
  std::string fault_code = "Server";  // kSoapFault: Client or Server
  std::string fault_text = "Server was unable to process request.";
  StateEffect effect = StateEffect::kNone;
  std::optional<std::uint64_t> times;  // fires at most this often; nullopt: always
  double probability = 1.0;            // of firing on a matching call
  std::uint64_t seed = 0;              // the draws' seed: the same seed, the same sequence
  std::uint64_t matched = 0;           // matching calls seen (draws made)
  std::uint64_t fired = 0;
};

// Thread-safe. Rules are tried in the order they were added; the first that
// matches and fires wins. Fire takes no lock while no rule is armed (none,
// or all with their times used up), the usual case: a rule added while a
// call is in Fire may or may not fire for that call, but a rule's matched
// and fired counts, and its times, are kept exactly under the lock.
class FaultSet {
 public:
  std::uint64_t Add(FaultRule rule) VI_EXCLUDES(mu_);
  std::vector<FaultRule> List() const VI_EXCLUDES(mu_);
  bool Remove(std::uint64_t id) VI_EXCLUDES(mu_);
  void Clear() VI_EXCLUDES(mu_);

  // The rule that fires for a call of `operation` by `login` naming `tns`,
  // counted as fired; nullopt when none does. A rule whose times are used up
  // does not match.
  std::optional<FaultRule> Fire(std::string_view operation, std::string_view login,
                                const std::vector<std::string>& tns) VI_EXCLUDES(mu_);

  std::uint64_t total_fired() const VI_EXCLUDES(mu_);
  // How many rules can still fire (their times not used up).
  std::size_t armed() const { return armed_.load(std::memory_order_acquire); }

 private:
  mutable Mutex mu_;
  std::vector<FaultRule> rules_ VI_GUARDED_BY(mu_);
  std::uint64_t next_id_ VI_GUARDED_BY(mu_) = 1;
  std::uint64_t total_fired_ VI_GUARDED_BY(mu_) = 0;
  // How many of rules_ can still fire (times not used up). Written under
  // mu_, read by Fire without it.
  std::atomic<std::size_t> armed_{0};
};

// The n-th draw (0, 1, ...) of a rule seeded `seed`, uniform in [0, 1):
// SplitMix64 of seed and n, so a rule's sequence depends on nothing else.
double Draw(std::uint64_t seed, std::uint64_t n);

}  // namespace vi::control

#endif  // VI_MOCK_SERVER_CONTROL_FAULTS_H_
