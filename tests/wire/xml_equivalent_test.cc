// Tests of the test helper itself: an oracle that always says "equal" would
// make every fixture test pass.
#include "tests/testing/xml_equivalent.h"

#include <catch2/catch.hpp>
#include <string>

using vi::testing::XmlEquivalent;

namespace {

constexpr const char* kCompact =
    R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><isPortableResponse xmlns="http://tempuri.org/"><isPortableResult><responseCode>100</responseCode><PortDetails><id>0</id><focDate xsi:nil="true" /><dids /></PortDetails></isPortableResult></isPortableResponse></soap:Body></soap:Envelope>)";

// The same document: other prefixes, namespaces declared elsewhere, other
// attribute order, indentation, <x></x> for <x />, a comment.
constexpr const char* kPretty = R"(<env:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:i="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <!-- recorded -->
  <env:Body>
    <t:isPortableResponse xmlns:t="http://tempuri.org/">
      <t:isPortableResult>
        <t:responseCode>100</t:responseCode>
        <PortDetails xmlns="http://tempuri.org/">
          <id>0</id>
          <focDate i:nil="true"/>
          <dids></dids>
        </PortDetails>
      </t:isPortableResult>
    </t:isPortableResponse>
  </env:Body>
</env:Envelope>
)";

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  const std::size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  return s;
}

// Asserts `b` differs from kCompact and that the reported difference
// contains `expected`.
void CheckDiffers(const std::string& b, std::string_view expected) {
  std::string diff;
  CHECK_FALSE(XmlEquivalent(kCompact, b, &diff));
  INFO("diff: " << diff);
  CHECK(diff.find(expected) != std::string::npos);
}

}  // namespace

TEST_CASE("XmlEquivalent ignores prefixes, declarations, attribute order and indentation", "[testing][xml]") {
  std::string diff;
  CHECK(XmlEquivalent(kCompact, kPretty, &diff));
  CHECK(XmlEquivalent(kPretty, kCompact, nullptr));
  CHECK(XmlEquivalent("<a x='1' y='2'/>", "<a y=\"2\" x=\"1\"></a>", nullptr));
}

TEST_CASE("XmlEquivalent compares namespace URIs, not prefixes", "[testing][xml]") {
  CheckDiffers(Replace(kCompact, R"(xmlns="http://tempuri.org/")", R"(xmlns="http://tempuri.org")"),
               "/soap:Envelope/soap:Body/isPortableResponse: element differs: "
               "{http://tempuri.org/}isPortableResponse vs {http://tempuri.org}isPortableResponse");
  CheckDiffers(Replace(kCompact, "http://schemas.xmlsoap.org/soap/envelope/",
                       "http://www.w3.org/2003/05/soap-envelope"),
               "/soap:Envelope: element differs");
  // The same prefix bound elsewhere is a different attribute.
  CheckDiffers(Replace(kCompact, R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance")",
                       R"(xmlns:xsi="http://www.w3.org/1999/XMLSchema-instance")"),
               "PortDetails/focDate: attribute {http://www.w3.org/2001/XMLSchema-instance}nil only in A");
}

TEST_CASE("XmlEquivalent reports text, order, missing and extra elements with a path", "[testing][xml]") {
  CheckDiffers(Replace(kCompact, "<responseCode>100<", "<responseCode>101<"),
               "/soap:Envelope/soap:Body/isPortableResponse/isPortableResult/responseCode: text differs: "
               "\"100\" vs \"101\"");
  CheckDiffers(
      Replace(kCompact, "<id>0</id><focDate xsi:nil=\"true\" />", "<focDate xsi:nil=\"true\" /><id>0</id>"),
      "PortDetails/id: element differs");
  CheckDiffers(Replace(kCompact, "<dids />", ""), "/PortDetails: element dids (child 3) only in A");
  CheckDiffers(Replace(kCompact, "<dids />", "<dids /><x />"), "/PortDetails: element x (child 4) only in B");
  CheckDiffers(Replace(kCompact, "<dids />", "<dids>t</dids>"), "PortDetails/dids: text \"t\" only in B");
  CheckDiffers(Replace(kCompact, "<id>0</id>", "<id><n>0</n></id>"),
               "PortDetails/id: text \"0\" in A where B has element n");
}

TEST_CASE("XmlEquivalent compares attributes such as xsi:nil", "[testing][xml]") {
  CheckDiffers(Replace(kCompact, R"(<focDate xsi:nil="true" />)", "<focDate />"),
               "PortDetails/focDate: attribute {http://www.w3.org/2001/XMLSchema-instance}nil only in A");
  CheckDiffers(Replace(kCompact, R"(xsi:nil="true")", R"(xsi:nil="false")"),
               "attribute {http://www.w3.org/2001/XMLSchema-instance}nil differs: \"true\" vs \"false\"");
  CheckDiffers(Replace(kCompact, R"(<dids />)", R"(<dids lang="en" />)"),
               "PortDetails/dids: attribute lang only in B");
}

TEST_CASE("XmlEquivalent keeps significant whitespace and decoded characters", "[testing][xml]") {
  CHECK_FALSE(XmlEquivalent("<a>Rob  Richey</a>", "<a>Rob Richey</a>", nullptr));
  CHECK_FALSE(XmlEquivalent("<a> x</a>", "<a>x</a>", nullptr));
  CHECK(XmlEquivalent("<a>&lt;&amp;</a>", "<a><![CDATA[<&]]></a>", nullptr));
  CHECK(XmlEquivalent("<a>&#xD;</a>", "<a>&#13;</a>", nullptr));
  CHECK_FALSE(XmlEquivalent("<a>x&#xD;</a>", "<a>x\n</a>", nullptr));
  CHECK(XmlEquivalent("<a>x\r\n</a>", "<a>x\n</a>", nullptr));  // end-of-line normalisation
}

TEST_CASE("XmlEquivalent numbers same-named siblings in the path", "[testing][xml]") {
  std::string diff;
  CHECK_FALSE(XmlEquivalent("<r><d><tn>1</tn></d><d><tn>2</tn></d></r>",
                            "<r><d><tn>1</tn></d><d><tn>3</tn></d></r>", &diff));
  CHECK(diff == "/r/d[2]/tn: text differs: \"2\" vs \"3\"");
}

TEST_CASE("XmlEquivalent rejects unparsable documents and unbound prefixes", "[testing][xml]") {
  std::string diff;
  CHECK_FALSE(XmlEquivalent("<a>", "<a/>", &diff));
  CHECK(diff.rfind("document A does not parse", 0) == 0);
  CHECK_FALSE(XmlEquivalent("<a/>", "<a/><b/>", &diff));
  CHECK(diff.rfind("document B", 0) == 0);
  CHECK_FALSE(XmlEquivalent("<p:a/>", "<p:a/>", &diff));
  CHECK(diff == "/p:a: unbound prefix in element p:a of A");
  CHECK(XmlEquivalent("<a xml:lang='en'/>", "<a xmlns:x='http://www.w3.org/XML/1998/namespace' x:lang='en'/>",
                      nullptr));
}
