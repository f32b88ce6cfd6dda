// Direct tests of the framing decision on hand-written header sets, without
// a request line or a socket.
#include "mock-server/http/framing.h"

#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>

namespace vi::http {
namespace {

constexpr std::uint64_t kLimit = 100;

// Collects `fields` in order; a rejection by AddFramingField is returned as
// its status, so tests can tell a collection failure from a decision.
struct Collected {
  FramingFields framing;
  int status = 0;
};

Collected Collect(std::initializer_list<HeaderField> fields) {
  Collected out;
  for (const HeaderField& field : fields) {
    if (std::optional<HeadRejection> bad = AddFramingField(field, out.framing)) {
      out.status = bad->status;
      return out;
    }
  }
  return out;
}

// The status DecideFraming answers (0 on acceptance).
int Decision(std::string_view method, std::initializer_list<HeaderField> fields) {
  const Collected collected = Collect(fields);
  REQUIRE(collected.status == 0);
  const Result<std::uint64_t, HeadRejection> length = DecideFraming(method, collected.framing, kLimit);
  return length ? 0 : length.error().status;
}

TEST_CASE("AddFramingField records the framing headers under any ASCII case", "[http][framing]") {
  const Collected c = Collect({{"content-LENGTH", "42"},
                               {"TRANSFER-encoding", "chunked"},
                               {"Content-Encoding", "gzip"},
                               {"eXpEcT", "100-continue"},
                               {"Host", "a"}});
  REQUIRE(c.status == 0);
  CHECK(c.framing.content_length == std::optional<std::uint64_t>(42));
  CHECK(c.framing.transfer_encoding);
  CHECK(c.framing.content_encoding);
  CHECK(c.framing.expect == std::optional<std::string_view>("100-continue"));
}

TEST_CASE("AddFramingField ignores look-alike names", "[http][framing]") {
  // A non-ASCII byte must never fold onto an ASCII letter, whatever the
  // locale: "Content-Lengt\xC8" is not Content-Length.
  const Collected c = Collect({{"Content-Lengt\xC8", "abc"}, {"Content-Length2", "x"}, {"Expected", "x"}});
  REQUIRE(c.status == 0);
  CHECK_FALSE(c.framing.content_length);
  CHECK_FALSE(c.framing.expect);
}

TEST_CASE("AddFramingField refuses invalid or conflicting Content-Length", "[http][framing]") {
  for (const char* bad : {"", "abc", "-1", "+5", "5 5", "0x10", "99999999999999999999"}) {
    CAPTURE(bad);
    CHECK(Collect({{"Content-Length", bad}}).status == 400);
  }
  CHECK(Collect({{"Content-Length", "9999999999999999999"}}).status == 0);  // 19 digits fit
  CHECK(Collect({{"Content-Length", "5"}, {"content-length", "5"}}).status == 0);
  CHECK(Collect({{"Content-Length", "5"}, {"Content-Length", "6"}}).status == 400);
}

TEST_CASE("DecideFraming answers the body length of an accepted head", "[http][framing]") {
  const Collected with_length = Collect({{"Content-Length", "42"}});
  const Result<std::uint64_t, HeadRejection> length = DecideFraming("POST", with_length.framing, kLimit);
  REQUIRE(length);
  CHECK(*length == 42);
  const Result<std::uint64_t, HeadRejection> none = DecideFraming("GET", FramingFields(), kLimit);
  REQUIRE(none);
  CHECK(*none == 0);
}

TEST_CASE("DecideFraming refuses Transfer-Encoding and Content-Encoding", "[http][framing]") {
  CHECK(Decision("POST", {{"Transfer-Encoding", "chunked"}}) == 501);
  CHECK(Decision("POST", {{"Transfer-Encoding", "chunked"}, {"Content-Length", "3"}}) == 400);
  CHECK(Decision("POST", {{"Content-Length", "3"}, {"Content-Encoding", "identity"}}) == 415);
  // Transfer-Encoding is decided before Content-Encoding.
  CHECK(Decision("POST", {{"Content-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}}) == 501);
}

TEST_CASE("DecideFraming requires a length for POST PUT and PATCH only", "[http][framing]") {
  for (const char* method : {"POST", "PUT", "PATCH"}) {
    CAPTURE(method);
    CHECK(Decision(method, {}) == 411);
    CHECK(Decision(method, {{"Content-Length", "0"}}) == 0);
  }
  for (const char* method : {"GET", "DELETE", "OPTIONS", "post"}) {
    CAPTURE(method);
    CHECK(Decision(method, {}) == 0);
  }
}

TEST_CASE("DecideFraming with an optional length reads no body (RFC 9112 section 6.3)", "[http][framing]") {
  FramingFields none;
  for (const char* method : {"POST", "PUT", "PATCH"}) {
    CAPTURE(method);
    auto length = DecideFraming(method, none, 1024, /*length_optional=*/true);
    REQUIRE(length);
    CHECK(*length == 0);
  }
  FramingFields te;
  te.transfer_encoding = true;
  auto refused = DecideFraming("POST", te, 1024, /*length_optional=*/true);
  REQUIRE(!refused);
  CHECK(refused.error().status == 501);  // the other rules still hold
}

TEST_CASE("DecideFraming refuses oversized bodies and unknown expectations", "[http][framing]") {
  CHECK(Decision("POST", {{"Content-Length", "100"}}) == 0);
  CHECK(Decision("POST", {{"Content-Length", "101"}}) == 413);
  CHECK(Decision("POST", {{"Content-Length", "101"}, {"Expect", "100-continue"}}) == 417);
  CHECK(Decision("POST", {{"Content-Length", "100"}, {"Expect", "100-Continue"}}) == 0);
  CHECK(Decision("GET", {{"Expect", "teapot"}}) == 417);
  // The last Expect counts.
  CHECK(Decision("GET", {{"Expect", "teapot"}, {"Expect", "100-continue"}}) == 0);
}

}  // namespace
}  // namespace vi::http
