#include "wire/xml_text.h"

#include <catch2/catch.hpp>
#include <string>

using vi::wire::AppendXmlText;

namespace {

std::string Escaped(std::string_view text) {
  std::string out = "prefix:";
  AppendXmlText(out, text);
  REQUIRE(out.rfind("prefix:", 0) == 0);  // appends, never clears
  return out.substr(7);
}

const std::string kR = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

TEST_CASE("AppendXmlText leaves plain text, tab, LF, quotes and valid UTF-8 alone", "[wire][xml_text]") {
  CHECK(Escaped("") == "");
  CHECK(Escaped("Number currently Available") == "Number currently Available");
  CHECK(Escaped("a\tb\nc \"q\" 'a'") == "a\tb\nc \"q\" 'a'");
  CHECK(Escaped("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF") ==
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF");
  CHECK(Escaped("\x7F \xC2\x85 \xEF\xBF\xBD \xEF\xB7\x90") == "\x7F \xC2\x85 \xEF\xBF\xBD \xEF\xB7\x90");
}

TEST_CASE("AppendXmlText escapes & < > as entities", "[wire][xml_text]") {
  CHECK(Escaped("<&>") == "&lt;&amp;&gt;");
  CHECK(Escaped("a & b <c> d") == "a &amp; b &lt;c&gt; d");
  CHECK(Escaped("&amp;") == "&amp;amp;");
}

TEST_CASE("AppendXmlText writes CR and LF raw in element content, as XmlTextWriter does",
          "[wire][xml_text]") {
  CHECK(Escaped("line\r\nnext\r") == "line\r\nnext\r");
  CHECK(Escaped("\r") == "\r");
  CHECK(Escaped("a\rb\nc\r\n") == "a\rb\nc\r\n");
}

TEST_CASE("AppendXmlText replaces C0 controls and U+FFFE/U+FFFF with U+FFFD", "[wire][xml_text]") {
  CHECK(Escaped(std::string("a\0b", 3)) == "a" + kR + "b");
  CHECK(Escaped("\x01\x08\x0B\x0C\x1F") == kR + kR + kR + kR + kR);
  CHECK(Escaped("x\xEF\xBF\xBEy\xEF\xBF\xBFz") == "x" + kR + "y" + kR + "z");
}

TEST_CASE("AppendXmlText replaces each maximal ill-formed UTF-8 subpart with one U+FFFD",
          "[wire][xml_text]") {
  SECTION("stray continuation bytes and impossible leads, one each") {
    CHECK(Escaped("\x80") == kR);
    CHECK(Escaped("a\xBF\x80z") == "a" + kR + kR + "z");
    CHECK(Escaped("\xC0\xC1\xF5\xFF") == kR + kR + kR + kR);
  }
  SECTION("a lead followed by a non-continuation") {
    CHECK(Escaped("\xC3\x28") == kR + "(");
    CHECK(Escaped("\xE2\x28\xA1") == kR + "(" + kR);
  }
  SECTION("truncated sequences, inside and at the end") {
    CHECK(Escaped("\xE2\x82") == kR);
    CHECK(Escaped("\xE2\x82z") == kR + "z");
    CHECK(Escaped("\xF0\x9F\x98") == kR);
    CHECK(Escaped("\xF0\x9F\x98<") == kR + "&lt;");
  }
  SECTION("overlong forms") {
    CHECK(Escaped("\xC0\xAF") == kR + kR);
    CHECK(Escaped("\xE0\x80\xAF") == kR + kR + kR);
    CHECK(Escaped("\xF0\x80\x80\xAF") == kR + kR + kR + kR);
  }
  SECTION("surrogates encoded in UTF-8 (CESU-8 / WTF-8)") {
    CHECK(Escaped("\xED\xA0\x80") == kR + kR + kR);
    CHECK(Escaped("\xED\xA0\xBD\xED\xB8\x80") == kR + kR + kR + kR + kR + kR);
    CHECK(Escaped("\xED\x9F\xBF") == "\xED\x9F\xBF");  // U+D7FF is fine
  }
  SECTION("code points above U+10FFFF") { CHECK(Escaped("\xF4\x90\x80\x80") == kR + kR + kR + kR); }
}
