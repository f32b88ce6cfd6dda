// The XML input guard fed hand-corrupted documents: each refusal is named by
// its offset and XmlReader's words (wire/xml_guard.h lists them).
#include "wire/xml_guard.h"

#include <catch2/catch.hpp>
#include <pugixml.hpp>
#include <string>

using vi::wire::ParseGuardedXml;
using vi::wire::ReadLimits;
using vi::wire::XmlErrorAt;
using vi::wire::XmlRefusal;

namespace {

constexpr std::string_view kBadByte = "Invalid character in the given encoding.";
constexpr std::string_view kBadRef = "Invalid character reference.";
constexpr std::string_view kNoRoot = "Root element is missing.";

// The refusal of `text`; fails the test when the guard accepts it.
XmlRefusal Refusal(std::string_view text, const ReadLimits& limits = {}) {
  pugi::xml_document doc;
  auto root = ParseGuardedXml(text, limits, doc);
  INFO("text: " << text);
  REQUIRE_FALSE(root.has_value());
  return root.error();
}

// Checks that the guard refuses `text` at `offset` for `reason`.
void CheckRefusal(std::string_view text, std::size_t offset, std::string_view reason,
                  const ReadLimits& limits = {}) {
  XmlRefusal r = Refusal(text, limits);
  CHECK(r.offset == offset);
  CHECK(r.reason == reason);
}

// The root element's name; fails the test when the guard refuses `text`.
std::string RootName(std::string_view text, const ReadLimits& limits = {}) {
  pugi::xml_document doc;
  auto root = ParseGuardedXml(text, limits, doc);
  INFO("text: " << text);
  if (!root) FAIL("refused at " << root.error().offset << ": " << root.error().reason);
  return root->name();
}

}  // namespace

TEST_CASE("The guard accepts well-formed namespaced XML and returns its root", "[wire][xml_guard]") {
  CHECK(RootName("<a/>") == "a");
  CHECK(RootName("\n  <a>text</a>\n  ") == "a");
  CHECK(RootName(R"(<?xml version="1.0" encoding="utf-8"?><!-- c --><a/><?pi x?>)") == "a");
  CHECK(RootName(R"(<p:a xmlns:p="urn:x"><p:b p:c="1"/></p:a>)") == "p:a");
  CHECK(RootName(R"(<r xmlns:p="urn:x"><m><p:a/></m></r>)") == "r");
  CHECK(RootName(R"(<a xml:lang="en" xmlns:q="urn:q"/>)") == "a");
  CHECK(RootName("<a>caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xEF\xBF\xBD</a>") == "a");
  CHECK(RootName("<a>&#65;&#x41;&#9;&#xA;&#xD;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;</a>") == "a");
  CHECK(RootName("<a>&amp;&lt;&gt;&quot;&apos;</a>") == "a");
}

TEST_CASE("The guard refuses an empty or blank document at offset 0", "[wire][xml_guard]") {
  for (std::string_view blank : {"", " ", "\r\n\t "}) {
    CheckRefusal(blank, 0, kNoRoot);
  }
}

TEST_CASE("The guard refuses bytes that are not well-formed UTF-8 at their first byte", "[wire][xml_guard]") {
  struct Case {
    std::string_view what;
    std::string text;
    std::size_t offset;
  };
  const Case cases[] = {
      {"stray continuation byte", "<a>\x80</a>", 3},
      {"impossible lead byte", "<a>x\xFF</a>", 4},
      {"overlong two-byte slash", "<a>\xC0\xAF</a>", 3},
      {"overlong three-byte form", "<a>\xE0\x80\xAF</a>", 3},
      {"overlong four-byte form", "<a>\xF0\x80\x80\xAF</a>", 3},
      {"high surrogate in UTF-8", "<a>\xED\xA0\x80</a>", 3},
      {"low surrogate in UTF-8", "<a>ok\xED\xBF\xBF</a>", 5},
      {"above U+10FFFF", "<a>\xF4\x90\x80\x80</a>", 3},
      {"five-byte lead", "<a>\xF8\x88\x80\x80\x80</a>", 3},
      {"truncated before markup", "<a>\xE2\x82</a>", 3},
      {"truncated at the end", "<a/>\xF0\x9F\x98", 4},
      {"lead then ASCII", "<a>\xC3(</a>", 3},
      {"in an attribute value", "<a b=\"\xC3\"/>", 6},
      {"in a name", "<a\xC3/>", 2},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CheckRefusal(c.text, c.offset, kBadByte);
  }
}

TEST_CASE("The guard refuses characters XML 1.0 does not allow even in valid UTF-8", "[wire][xml_guard]") {
  CHECK(Refusal(std::string("<a>\0</a>", 8)).offset == 3);
  CHECK(Refusal("<a>\x01</a>").offset == 3);
  CHECK(Refusal("<a>x\x1F</a>").offset == 4);
  CHECK(Refusal("<a>\x0B\x0C</a>").offset == 3);
  CHECK(Refusal("<a>\xEF\xBF\xBE</a>").offset == 3);  // U+FFFE
  CHECK(Refusal("<a>\xEF\xBF\xBF</a>").offset == 3);  // U+FFFF
  // Named as XmlReader names them.
  CHECK(Refusal("\x01<a/>").reason == "'\x01', hexadecimal value 0x01, is an invalid character.");
  CHECK(Refusal("<a>\xEF\xBF\xBE</a>").reason ==
        "'\xEF\xBF\xBE', hexadecimal value 0xFFFE, is an invalid character.");
  // The first bad byte wins over everything that comes later.
  CHECK(Refusal("<!DOCTYPE a><a>\x01</a>").reason ==
        "'\x01', hexadecimal value 0x01, is an invalid character.");
}

TEST_CASE("The guard refuses character references that name no XML character", "[wire][xml_guard]") {
  struct Case {
    std::string_view what;
    std::string_view text;
  };
  const Case cases[] = {
      {"NUL, which pugixml would turn into a truncating NUL", "<a>&#0;</a>"},
      {"NUL in hex", "<a>&#x0;</a>"},
      {"a C0 control", "<a>&#1;</a>"},
      {"a high surrogate", "<a>&#xD800;</a>"},
      {"a low surrogate", "<a>&#57343;</a>"},
      {"U+FFFE", "<a>&#xFFFE;</a>"},
      {"above U+10FFFF", "<a>&#x110000;</a>"},
      {"more than 8 digits", "<a>&#x0000000041;</a>"},
      {"no digits", "<a>&#;</a>"},
      {"no hex digits", "<a>&#x;</a>"},
      {"no terminating semicolon", "<a>&#65</a>"},
      {"a capital X", "<a>&#X41;</a>"},
      {"hex digits in a decimal reference", "<a>&#4A;</a>"},
      {"a sign", "<a>&#-1;</a>"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CheckRefusal(c.text, 3, kBadRef);
  }
  CHECK(Refusal("<a b=\"&#0;\"/>").offset == 6);
  // The check reads the text, not the markup: a reference spelled inside
  // CDATA or a comment is refused too (XmlReader reads both as text).
  CHECK(Refusal("<a><![CDATA[&#0;]]></a>").offset == 12);
  CHECK(Refusal("<a><!-- &#0; --></a>").offset == 8);
}

TEST_CASE("The guard refuses any DOCTYPE with .NET's DTD text", "[wire][xml_guard]") {
  const std::string dtd =
      "For security reasons DTD is prohibited in this XML document. To enable DTD processing set "
      "the DtdProcessing property on XmlReaderSettings to Parse.";
  CheckRefusal("<!DOCTYPE a><a/>", 0, dtd);
  XmlRefusal entity = Refusal("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>");
  CHECK(entity.offset == 22);
  CHECK(entity.reason == dtd);
  XmlRefusal bomb = Refusal(
      "<!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;\">]>"
      "<l>&c;</l>");
  CHECK(bomb.reason == dtd);
  // An undeclared entity reaches pugixml, which keeps it as text (XmlReader
  // would refuse it: "Reference to undeclared entity 'x'.").
  CHECK(RootName("<a>&x;</a>") == "a");
}

// Offsets and descriptions are pugixml's (1.13), passed on as they are.
TEST_CASE("The guard passes on what pugixml finds malformed", "[wire][xml_guard]") {
  CheckRefusal("<a b=1/>", 5, "Error parsing element attribute");
}

TEST_CASE("The guard words mismatched and unclosed tags as .NET's XmlReader does", "[wire][xml_guard]") {
  CheckRefusal("<a></b>", 5, "The 'a' start tag on line 1 position 2 does not match the end tag of 'b'.");
  CheckRefusal("<r>\n  <s:a x='>'><!-- </z> --><b/></s:b></r>", 36,
               "The 's:a' start tag on line 2 position 4 does not match the end tag of 's:b'.");
  CheckRefusal("<a><b>", 6,
               "Unexpected end of file has occurred. The following elements are not closed: b, a.");
  CheckRefusal("<a><![CDATA[</a>]]><b/>", 23,
               "Unexpected end of file has occurred. The following elements are not closed: a.");
  using vi::wire::XmlExceptionMessage;
  CHECK(XmlExceptionMessage("<a></b>", Refusal("<a></b>")) ==
        "The 'a' start tag on line 1 position 2 does not match the end tag of 'b'. Line 1, position 6.");
}

TEST_CASE("The guard wants exactly one root and nothing but whitespace beside it", "[wire][xml_guard]") {
  CheckRefusal("<a/><b/>", 8, "There are multiple root elements.");
  CheckRefusal("<a/>junk", 8, "Data at the root level is invalid.");
  CheckRefusal("x<a/>", 0, "Data at the root level is invalid.");
  CheckRefusal(" \n login=a&secret=b", 3, "Data at the root level is invalid.");
  CHECK(Refusal("<a/><![CDATA[x]]>").reason == "Data at the root level is invalid.");
  CheckRefusal("<!-- only a comment -->", 23, kNoRoot);
}

TEST_CASE("The guard refuses the first element beyond the depth or element limit", "[wire][xml_guard]") {
  const ReadLimits shallow{.max_depth = 2, .max_elements = 100};
  CHECK(RootName("<a><b/><b/></a>", shallow) == "a");
  // Elements are placed at their name, after the '<'.
  CheckRefusal("<a><b><c/></b></a>", 7,
               "The document exceeds the emulator's limits (2 levels, 100 elements).", shallow);

  const ReadLimits few{.max_depth = 64, .max_elements = 3};
  CHECK(RootName("<a><b/><c/></a>", few) == "a");
  CheckRefusal("<a><b/><c/><d/></a>", 12,
               "The document exceeds the emulator's limits (64 levels, 3 elements).", few);

  SECTION("the default limits hold 64 levels and refuse the 65th without recursing") {
    std::string ok, too_deep;
    for (int i = 0; i < 64; ++i) ok += "<a>";
    for (int i = 0; i < 64; ++i) ok += "</a>";
    CHECK(RootName(ok) == "a");
    for (int i = 0; i < 100'000; ++i) too_deep += "<a>";
    for (int i = 0; i < 100'000; ++i) too_deep += "</a>";
    CheckRefusal(too_deep, 64 * 3 + 1,
                 "The document exceeds the emulator's limits (64 levels, 20000 elements).");
  }
}

TEST_CASE("The guard caps names, attribute counts and attribute values", "[wire][xml_guard]") {
  const ReadLimits small{.max_name_bytes = 8, .max_attributes = 2, .max_attribute_value_bytes = 4};
  const std::string reason =
      "The document exceeds the emulator's limits (names of 8 bytes, 2 attributes per element, attribute "
      "values of 4 bytes).";
  CHECK(RootName(R"(<abcdefgh a="1234" b="x"><c/></abcdefgh>)", small) == "abcdefgh");
  CheckRefusal("<r><abcdefghi/></r>", 4, reason, small);                           // element name
  CheckRefusal(R"(<r><a abcdefghi="1"/></r>)", 4, reason, small);                  // attribute name
  CheckRefusal(R"(<r><a x="1" y="2" z="3"/></r>)", 4, reason, small);              // attribute count
  CheckRefusal(R"(<r><a x="12345"/></r>)", 4, reason, small);                      // attribute value
  CheckRefusal(R"(<r><a x="&amp;&amp;&amp;&amp;&amp;"/></r>)", 4, reason, small);  // as decoded

  SECTION("the defaults refuse a megabyte name or value but hold ordinary SOAP") {
    CHECK(RootName(R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" )"
                   R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:Body/></s:Envelope>)") ==
          "s:Envelope");
    CHECK(Refusal("<" + std::string(2000, 'a') + "/>").offset == 1);
    CHECK(Refusal(R"(<a x=")" + std::string(20'000, 'v') + R"("/>)").offset == 1);
    std::string many = "<a";
    for (int i = 0; i < 65; ++i) many += " a" + std::to_string(i) + "=\"\"";
    CHECK(Refusal(many + "/>").offset == 1);
  }
}

TEST_CASE("The guard refuses an attribute named twice on one element", "[wire][xml_guard]") {
  CheckRefusal(R"(<a x="1" x="2"/>)", 9, "'x' is a duplicate attribute name.");
  CheckRefusal(R"(<r><b  y='1'	z="2" y="3"/></r>)", 19, "'y' is a duplicate attribute name.");
  CheckRefusal(R"(<r xmlns:p="u" xmlns:p="u"/>)", 15, "'xmlns:p' is a duplicate attribute name.");
  CHECK(RootName(R"(<a x="1"><b x="2"/></a>)") == "a");  // one per element
}

TEST_CASE("The guard accepts an XML declaration only as the very first node", "[wire][xml_guard]") {
  const std::string reason =
      "Unexpected XML declaration. The XML declaration must be the first node in the document, and no white "
      "space characters are allowed to appear before it.";
  CHECK(RootName(R"(<?xml version="1.0" encoding="utf-8"?><a/>)") == "a");
  CHECK(RootName(R"(<?xml version="1.0"?><!-- <?xml version="1.0"?> --><a/>)") == "a");
  CHECK(RootName("<a><?xml-stylesheet href='x'?></a>") == "a");  // another target
  CheckRefusal(R"(<!-- c --><?xml version="1.0"?><a/>)", 12, reason);
  CheckRefusal(" <?xml version=\"1.0\"?><a/>", 3, reason);
  CheckRefusal("<a><?xml version='1.0'?></a>", 5, reason);
  CheckRefusal("<a/><?xml?>", 6, reason);
}

TEST_CASE("The guard refuses names that are not namespace-well-formed", "[wire][xml_guard]") {
  CheckRefusal("<p:a/>", 1, "'p' is an undeclared prefix.");
  CheckRefusal("<r><m><p:a/></m></r>", 7, "'p' is an undeclared prefix.");
  CheckRefusal(R"(<r><a q:x="1"/></r>)", 4, "'q' is an undeclared prefix.");  // the element's name
  // A declaration on a sibling is not in scope.
  CHECK(Refusal(R"(<r><a xmlns:p="u"/><p:b/></r>)").offset == 20);
  CHECK(Refusal(R"(<a:b:c xmlns:a="u"/>)").reason == "The name 'a:b:c' is not a valid qualified name.");
  CHECK(Refusal(R"(<op: xmlns:op="u"/>)").reason == "The name 'op:' is not a valid qualified name.");
  CHECK(Refusal(R"(<a :x="1"/>)").reason == "The name ':x' is not a valid qualified name.");
}

TEST_CASE("XmlErrorAt gives .NET's message with a one-based line and UTF-16 column", "[wire][xml_guard]") {
  CHECK(XmlErrorAt("<a/>", 0, "why") == "There is an error in XML document (1, 1). ---> why");
  CHECK(XmlErrorAt("<a>\n<b>", 5, "why") == "There is an error in XML document (2, 2). ---> why");
  CHECK(XmlErrorAt("\n\n", 2, "x") == "There is an error in XML document (3, 1). ---> x");
  // Beyond the end: the position after the last byte.
  CHECK(XmlErrorAt("ab", 99, "x") == "There is an error in XML document (1, 3). ---> x");
  // Columns count UTF-16 units: é is one, U+1F600 two.
  CHECK(XmlErrorAt("\xC3\xA9x", 2, "x") == "There is an error in XML document (1, 2). ---> x");
  CHECK(XmlErrorAt("\xF0\x9F\x98\x80x", 4, "x") == "There is an error in XML document (1, 3). ---> x");
  // CR LF and a lone CR each end one line.
  CHECK(XmlErrorAt("a\r\nb", 3, "x") == "There is an error in XML document (2, 1). ---> x");
  CHECK(XmlErrorAt("a\rb\r\n\nc", 6, "x") == "There is an error in XML document (4, 1). ---> x");
}

TEST_CASE("XmlExceptionMessage gives the XmlException's own message, positioned as .NET positions it",
          "[wire][xml_guard]") {
  using vi::wire::XmlExceptionMessage;
  using vi::wire::XmlRefusal;
  CHECK(XmlExceptionMessage("a=b&c=d", XmlRefusal{0, "Data at the root level is invalid."}) ==
        "Data at the root level is invalid. Line 1, position 1.");
  CHECK(XmlExceptionMessage("<a>\n<b>", XmlRefusal{5, "why"}) == "why Line 2, position 2.");
  // An empty document's exception carries no position.
  CHECK(XmlExceptionMessage("  ", XmlRefusal{0, "Root element is missing.", false}) ==
        "Root element is missing.");
}
