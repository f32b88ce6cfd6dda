#include "mock-server/control/faults.h"

#include <array>
#include <atomic>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

namespace vi::control {
namespace {

TEST_CASE("Draw is uniform-ish and depends only on seed and index", "[control][faults]") {
  CHECK(Draw(42, 7) == Draw(42, 7));
  CHECK(Draw(42, 7) != Draw(43, 7));
  int below = 0;
  for (std::uint64_t n = 0; n < 10000; ++n) {
    const double d = Draw(1, n);
    REQUIRE(d >= 0.0);
    REQUIRE(d < 1.0);
    if (d < 0.5) ++below;
  }
  CHECK(below > 4700);
  CHECK(below < 5300);
}

TEST_CASE("A rule fires at most `times` and only for its operation, login and number", "[control][faults]") {
  FaultSet set;
  FaultRule r;
  r.operation = "reserveDID";
  r.login = "a";
  r.tn = "1";
  r.times = 2;
  const std::uint64_t id = set.Add(r);
  CHECK(!set.Fire("queryDID", "a", {"1"}));
  CHECK(!set.Fire("reserveDID", "b", {"1"}));
  CHECK(!set.Fire("reserveDID", "a", {"2"}));
  CHECK(set.Fire("reserveDID", "a", {"2", "1"}));
  CHECK(set.Fire("reserveDID", "a", {"1"}));
  CHECK(!set.Fire("reserveDID", "a", {"1"}));
  CHECK(set.total_fired() == 2);
  CHECK(set.List()[0].fired == 2);
  CHECK(set.Remove(id));
  CHECK(!set.Remove(id));
}

TEST_CASE("The armed count follows Add, Remove, Clear and used-up times", "[control][faults]") {
  FaultSet set;
  CHECK(set.armed() == 0);
  CHECK(!set.Fire("queryDID", "a", {}));
  FaultRule once;
  once.operation = "queryDID";
  once.times = 1;
  FaultRule never = once;
  never.times = 0;
  FaultRule always = once;
  always.operation = "reserveDID";
  always.times.reset();
  set.Add(never);
  CHECK(set.armed() == 0);
  const std::uint64_t once_id = set.Add(once);
  const std::uint64_t always_id = set.Add(always);
  CHECK(set.armed() == 2);
  CHECK(set.Fire("queryDID", "a", {}));
  CHECK(set.armed() == 1);
  CHECK(!set.Fire("queryDID", "a", {}));
  CHECK(set.Remove(once_id));  // used up: the count stays
  CHECK(set.armed() == 1);
  CHECK(set.Remove(always_id));
  CHECK(set.armed() == 0);
  CHECK(!set.Fire("reserveDID", "a", {}));
  set.Add(always);
  set.Add(once);
  CHECK(set.armed() == 2);
  set.Clear();
  CHECK(set.armed() == 0);
  set.Add(once);
  CHECK(set.Fire("queryDID", "a", {}));
}

TEST_CASE("Rules armed while many threads fire keep exact counts", "[control][faults]") {
  constexpr int kThreads = 4;
  constexpr int kBefore = 2000;   // calls each thread makes before the rules exist
  constexpr int kAfter = 100000;  // calls each thread makes once it sees them added
  constexpr std::uint64_t kTimes = 1000;
  FaultSet set;
  std::atomic<int> ready{0};
  std::atomic<bool> added{false};
  // Per thread: fires of the limited rule, of the unlimited one, and any
  // fire before the rules were added (must stay 0).
  std::array<std::uint64_t, kThreads> limited{}, unlimited{}, early{};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto call = [&] {
        if (set.Fire("reserveDID", "a", {"1"})) ++limited[t];
        if (set.Fire("queryDID", "b", {"2"})) ++unlimited[t];
      };
      for (int i = 0; i < kBefore; ++i) {
        if (set.Fire("reserveDID", "a", {"1"}) || set.Fire("queryDID", "b", {"2"})) ++early[t];
      }
      ready.fetch_add(1);
      while (!added.load()) call();
      for (int i = 0; i < kAfter; ++i) call();
    });
  }
  while (ready.load() < kThreads) std::this_thread::yield();
  FaultRule limited_rule;
  limited_rule.operation = "reserveDID";
  limited_rule.times = kTimes;
  FaultRule unlimited_rule;
  unlimited_rule.operation = "queryDID";
  set.Add(limited_rule);
  set.Add(unlimited_rule);
  added.store(true);
  for (std::thread& th : threads) th.join();

  std::uint64_t limited_sum = 0, unlimited_sum = 0, early_sum = 0;
  for (int t = 0; t < kThreads; ++t) {
    limited_sum += limited[t];
    unlimited_sum += unlimited[t];
    early_sum += early[t];
  }
  const std::vector<FaultRule> rules = set.List();
  REQUIRE(rules.size() == 2);
  CHECK(early_sum == 0);
  CHECK(limited_sum == kTimes);
  CHECK(rules[0].fired == kTimes);
  CHECK(rules[0].matched == kTimes);
  CHECK(set.armed() == 1);
  CHECK(unlimited_sum >= static_cast<std::uint64_t>(kThreads) * kAfter);
  CHECK(rules[1].fired == unlimited_sum);
  CHECK(rules[1].matched == unlimited_sum);
  CHECK(set.total_fired() == kTimes + unlimited_sum);
}

}  // namespace
}  // namespace vi::control
