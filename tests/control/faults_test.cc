#include "mock-server/control/faults.h"

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

}  // namespace
}  // namespace vi::control
