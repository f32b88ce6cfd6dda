// Json: the body of an HTTP answer as JSON, for tests of the control API.
// REQUIREs (fails the current test case) when there is no answer or its
// body is not JSON. Header-only; needs Catch2, cpp-httplib and nlohmann.
#ifndef VI_TESTS_TESTING_JSON_BODY_H_
#define VI_TESTS_TESTING_JSON_BODY_H_

#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace vi::testing {

inline nlohmann::json Json(const httplib::Result& r) {
  REQUIRE(r);
  nlohmann::json j = nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
  REQUIRE(!j.is_discarded());
  return j;
}

}  // namespace vi::testing

#endif  // VI_TESTS_TESTING_JSON_BODY_H_
