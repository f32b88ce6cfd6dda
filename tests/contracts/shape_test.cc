// The structural comparison behind `shapeOf` and `--compare`: what it
// ignores (values, counts, prefixes' spelling of the XML declaration) and
// what it reports (names, order, namespaces, empty/nil, value kinds).
#include <catch2/catch.hpp>
#include <string>

#include "contracts/runner/shape.h"

namespace {

using vi::contracts::CompareShape;
using vi::contracts::ValueKind;

const std::string kHead =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
    "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soap:Body><r xmlns=\"http://tempuri.org/\">";
const std::string kTail = "</r></soap:Body></soap:Envelope>";

std::string Doc(const std::string& inner) { return kHead + inner + kTail; }

}  // namespace

TEST_CASE("shape: value kinds") {
  CHECK(ValueKind("") == "empty");
  CHECK(ValueKind("4352154006") == "int");
  CHECK(ValueKind("-99999") == "int");
  CHECK(ValueKind("true") == "bool");
  CHECK(ValueKind("0") == "int");
  CHECK(ValueKind("1900-01-01T00:00:00") == "dateTime");
  CHECK(ValueKind("2013-11-25T17:32:48.707") == "dateTime");
  CHECK(ValueKind("2013-11-25T17:32") == "string");
  CHECK(ValueKind("Success") == "string");
}

TEST_CASE("shape: values and item counts are volatile") {
  const std::string fixture =
      Doc("<code>100</code><list><i><tn>1</tn></i></list><d>2013-11-25T17:32:48.707</d>");
  const std::string answer =
      Doc("<code>944</code><list><i><tn>7</tn></i><i><tn>8</tn></i><i><tn>9</tn></i></"
          "list><d>1900-01-01T00:00:00</d>");
  CHECK(CompareShape(answer, fixture).empty());
  // Whitespace between elements and the declaration are not structure.
  CHECK(CompareShape("\n  " + answer.substr(answer.find("<soap:Envelope")), fixture).empty());
}

TEST_CASE("shape: what differs is reported with its path") {
  const std::string fixture = Doc("<code>100</code><msg>Success</msg><list /><t>true</t>");
  auto has = [](const std::vector<std::string>& diffs, const std::string& text) {
    for (const std::string& d : diffs) {
      if (d.find(text) != std::string::npos) return true;
    }
    return false;
  };
  auto order = CompareShape(Doc("<msg>Success</msg><code>100</code><list /><t>true</t>"), fixture);
  CHECK(has(order,
            "Envelope/Body/r: children [msg, code, list, t] where the fixture has [code, msg, list, t]"));
  auto missing = CompareShape(Doc("<code>100</code><msg>Success</msg><t>true</t>"), fixture);
  CHECK(has(missing, "children [code, msg, t]"));
  auto kind = CompareShape(Doc("<code>100</code><msg>Success</msg><list /><t>1</t>"), fixture);
  CHECK(has(kind, "Envelope/Body/r/t: value kind int ('1') where the fixture has bool"));
  auto filled = CompareShape(Doc("<code>100</code><msg>Success</msg><list><i /></list><t>true</t>"), fixture);
  CHECK(has(filled, "Envelope/Body/r/list: has children where the fixture is empty"));
  auto nil = CompareShape(Doc("<code>100</code><msg xsi:nil=\"true\" /><list /><t>true</t>"), fixture);
  CHECK(has(nil, "Envelope/Body/r/msg: value kind nil"));
  std::string prefixed = kHead + "<code>100</code><msg>Success</msg><list /><t>true</t>" + kTail;
  const std::string open = "<r xmlns=\"http://tempuri.org/\">";
  prefixed.replace(prefixed.find(open), open.size(), "<tns:r xmlns:tns=\"http://tempuri.org/\">");
  prefixed.replace(prefixed.find("</r>"), 4, "</tns:r>");
  auto prefix = CompareShape(prefixed, fixture);
  CHECK(has(prefix, "Envelope/Body: children [tns:r] where the fixture has [r]"));
  std::string other_ns = Doc("<code>100</code><msg>Success</msg><list /><t>true</t>");
  other_ns.replace(other_ns.find("http://tempuri.org/"), 19, "http://example.org/");
  CHECK(has(CompareShape(other_ns, fixture),
            "namespace 'http://example.org/' where the fixture has 'http://tempuri.org/'"));
  CHECK(has(CompareShape("<a><b></a>", fixture), "not well-formed"));
}
