#include "base/utf8.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using vi::DecodeUtf8;
using vi::Utf8Sequence;

namespace {

// The sizes DecodeUtf8 takes, sequence after sequence, with "!" marking an
// invalid one: "1 2 !1 3" and so on.
std::string Walk(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    Utf8Sequence seq = DecodeUtf8(s);
    if (!out.empty()) out += ' ';
    if (!seq.valid) out += '!';
    out += std::to_string(seq.size);
    s.remove_prefix(seq.size);
  }
  return out;
}

}  // namespace

TEST_CASE("DecodeUtf8 decodes one to four byte sequences to their code points", "[base][utf8]") {
  struct Case {
    std::string bytes;
    char32_t code_point;
  };
  const std::vector<Case> cases = {
      {"A", U'A'},
      {std::string(1, '\0'), 0},
      {"\x7F", 0x7F},
      {"\xC2\x80", 0x80},
      {"\xC3\xA9", 0xE9},
      {"\xDF\xBF", 0x7FF},
      {"\xE0\xA0\x80", 0x800},
      {"\xE2\x82\xAC", 0x20AC},
      {"\xED\x9F\xBF", 0xD7FF},
      {"\xEE\x80\x80", 0xE000},
      {"\xEF\xBF\xBF", 0xFFFF},
      {"\xF0\x90\x80\x80", 0x10000},
      {"\xF0\x9F\x98\x80", 0x1F600},
      {"\xF4\x8F\xBF\xBF", 0x10FFFF},
  };
  for (const Case& c : cases) {
    Utf8Sequence seq = DecodeUtf8(c.bytes + "tail");
    INFO("code point " << static_cast<unsigned long>(c.code_point));
    CHECK(seq.valid);
    CHECK(seq.size == c.bytes.size());
    CHECK(seq.code_point == c.code_point);
  }
}

TEST_CASE("DecodeUtf8 takes each maximal ill-formed subpart as one invalid sequence", "[base][utf8]") {
  SECTION("stray continuation bytes and impossible leads") {
    CHECK(Walk("\x80") == "!1");
    CHECK(Walk("\xBF\x80") == "!1 !1");
    CHECK(Walk("\xC0\xC1\xF5\xF8\xFF") == "!1 !1 !1 !1 !1");
  }
  SECTION("overlong forms") {
    CHECK(Walk("\xC0\xAF") == "!1 !1");
    CHECK(Walk("\xC1\xBF") == "!1 !1");
    CHECK(Walk("\xE0\x80\xAF") == "!1 !1 !1");
    CHECK(Walk("\xE0\x9F\xBF") == "!1 !1 !1");
    CHECK(Walk("\xF0\x80\x80\xAF") == "!1 !1 !1 !1");
    CHECK(Walk("\xF0\x8F\xBF\xBF") == "!1 !1 !1 !1");
  }
  SECTION("surrogates encoded in UTF-8") {
    CHECK(Walk("\xED\xA0\x80") == "!1 !1 !1");
    CHECK(Walk("\xED\xBF\xBF") == "!1 !1 !1");
  }
  SECTION("code points above U+10FFFF") {
    CHECK(Walk("\xF4\x90\x80\x80") == "!1 !1 !1 !1");
    CHECK(Walk("\xF7\xBF\xBF\xBF") == "!1 !1 !1 !1");
  }
  SECTION("truncated sequences take the bytes that could still begin one") {
    CHECK(Walk("\xC3") == "!1");
    CHECK(Walk("\xE2\x82") == "!2");
    CHECK(Walk("\xE2\x82z") == "!2 1");
    CHECK(Walk("\xF0\x9F\x98") == "!3");
    CHECK(Walk("\xF0\x9F\x98<") == "!3 1");
    CHECK(Walk("\xC3\x28") == "!1 1");
    CHECK(Walk("\xE2\x28\xA1") == "!1 1 !1");
  }
  SECTION("an invalid sequence reads as U+FFFD") {
    CHECK(DecodeUtf8("\xE2\x82").code_point == U'\uFFFD');
    CHECK(DecodeUtf8("\xFF").code_point == U'\uFFFD');
  }
}

TEST_CASE("DecodeUtf8 is usable in constant expressions", "[base][utf8]") {
  static_assert(DecodeUtf8("\xE2\x82\xAC").code_point == 0x20AC);
  static_assert(!DecodeUtf8("\xED\xA0\x80").valid);
  constexpr Utf8Sequence bom = DecodeUtf8(vi::kUtf8Bom);
  CHECK(bom.valid);
  CHECK(bom.code_point == 0xFEFF);
  CHECK(bom.size == vi::kUtf8Bom.size());
}
