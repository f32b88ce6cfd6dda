// SoapRequest::Parse and the field readers on hand-written envelopes. The
// namespaces and fault texts are spelled here on purpose, not taken from
// wire/: the test pins the bytes a client sends and receives.
#include "wire/request_reader.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

using vi::wire::ReadError;
using vi::wire::ReadFailure;
using vi::wire::ReadLimits;
using vi::wire::SoapRequest;
using vi::wire::SoapVersion;

namespace {

constexpr std::string_view kSoap11 = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr std::string_view kSoap12 = "http://www.w3.org/2003/05/soap-envelope";
constexpr std::string_view kUnable = "Server was unable to read request. ---> ";

// A SOAP 1.1 envelope around `body` (the Body's content), with soap: and
// xsi: declared on the Envelope.
std::string Envelope11(std::string_view body, std::string_view header = "") {
  return "<soap:Envelope xmlns:soap=\"" + std::string(kSoap11) +
         "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" + std::string(header) + "<soap:Body>" +
         std::string(body) + "</soap:Body></soap:Envelope>";
}

// `fields` inside <op xmlns="http://tempuri.org/">, in a 1.1 envelope.
std::string Operation(std::string_view op, std::string_view fields) {
  return Envelope11("<" + std::string(op) + " xmlns=\"http://tempuri.org/\">" + std::string(fields) + "</" +
                    std::string(op) + ">");
}

SoapRequest Parsed(std::string_view body) {
  auto r = SoapRequest::Parse(body);
  INFO("body: " << body);
  if (!r) FAIL("refused: " << r.error().message);
  return std::move(r).value();
}

ReadError Refused(std::string_view body, const ReadLimits& limits = {}) {
  auto r = SoapRequest::Parse(body, limits);
  INFO("body: " << body);
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

// Columns on line 1 of an element's name, or of text, right after `before`.
int NameColumn(std::string_view before) { return static_cast<int>(before.size()) + 2; }
int TextColumn(std::string_view before) { return static_cast<int>(before.size()) + 1; }

// The message of an unreadable document refused at (line, column).
std::string Unreadable(int line, int column, std::string_view why) {
  return std::string(kUnable) + "There is an error in XML document (" + std::to_string(line) + ", " +
         std::to_string(column) + "). ---> " + std::string(why);
}

}  // namespace

TEST_CASE("SoapRequest reads a SOAP 1.1 envelope and its operation's fields", "[wire][request_reader]") {
  SoapRequest req =
      Parsed("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" +
             Operation("queryDID", "<login>user</login><secret>pw</secret><did>5551234567</did>"));
  CHECK(req.version() == SoapVersion::k11);
  CHECK(req.operation() == "queryDID");
  CHECK(req.operation_namespace() == "http://tempuri.org/");
  CHECK(req.ReadCredentials().login == "user");
  CHECK(req.ReadCredentials().secret == "pw");
  CHECK(req.ReadField("did") == "5551234567");
  CHECK(req.ReadField("absent") == "");
  CHECK(req.IgnoredElements().empty());
}

TEST_CASE("SoapRequest reads a SOAP 1.2 envelope with prefixed operation and fields",
          "[wire][request_reader]") {
  SoapRequest req = Parsed("<env:Envelope xmlns:env=\"" + std::string(kSoap12) +
                           "\"><env:Body><t:isPortable xmlns:t=\"http://tempuri.org/\"><t:login>u</t:login>"
                           "<t:tn>5551234567</t:tn></t:isPortable></env:Body></env:Envelope>");
  CHECK(req.version() == SoapVersion::k12);
  CHECK(req.operation() == "isPortable");
  CHECK(req.operation_namespace() == "http://tempuri.org/");
  CHECK(req.ReadField("tn") == "5551234567");
  CHECK(req.ReadCredentials().login == "u");
}

TEST_CASE("SoapRequest skips a UTF-8 BOM and counts positions after it", "[wire][request_reader]") {
  CHECK(Parsed("\xEF\xBB\xBF" + Operation("auditDIDs", "")).operation() == "auditDIDs");
  ReadError e = Refused("\xEF\xBB\xBF<a>\x01</a>");
  CHECK(e.kind == ReadFailure::kUnreadable);
  CHECK(e.message == Unreadable(1, 4, "'\x01', hexadecimal value 0x01, is an invalid character."));
}

TEST_CASE("SoapRequest reports the guard's refusals as unreadable with their position",
          "[wire][request_reader]") {
  CHECK(Refused("").message == Unreadable(1, 1, "Root element is missing."));
  ReadError bad_byte = Refused(Operation("queryDID", "<did>\n555\xC0\xAF</did>"));
  CHECK(bad_byte.kind == ReadFailure::kUnreadable);
  CHECK(bad_byte.message == Unreadable(2, 4, "Invalid character in the given encoding."));
  // The XmlException's own message, for faults that quote it unwrapped.
  CHECK(bad_byte.xml_exception == "Invalid character in the given encoding. Line 2, position 4.");
  CHECK(Refused("").xml_exception == "Root element is missing.");
  CHECK(Refused(Operation("queryDID", "<did>&#0;</did>")).message.ends_with("Invalid character reference."));
  CHECK(Refused("<!DOCTYPE x>" + Operation("auditDIDs", "")).kind == ReadFailure::kUnreadable);
  ReadError undeclared = Refused("<soap:Envelope><soap:Body/></soap:Envelope>");
  CHECK(undeclared.kind == ReadFailure::kUnreadable);
  CHECK(undeclared.message == Unreadable(1, 2, "'soap' is an undeclared prefix."));
  ReadError deep = Refused(Operation("auditDIDs", "<a><b/></a>"), ReadLimits{.max_depth = 4});
  CHECK(deep.message.ends_with("The document exceeds the emulator's limits (4 levels, 20000 elements)."));
}

TEST_CASE("SoapRequest answers a root outside the SOAP namespaces with a version mismatch, whatever its name",
          "[wire][request_reader]") {
  // ASMX picks the protocol helper by the root's namespace before it looks
  // at the root's name (GetHelper, then CheckHelperVersion).
  ReadError op = Refused("<queryDID xmlns=\"http://tempuri.org/\"/>");
  CHECK(op.kind == ReadFailure::kVersionMismatch);
  CHECK(op.message ==
        "Possible SOAP version mismatch: Envelope namespace http://tempuri.org/ was unexpected. Expecting "
        "http://schemas.xmlsoap.org/soap/envelope/.");
  CHECK_FALSE(op.envelope.has_value());
}

TEST_CASE("SoapRequest refuses a root in a SOAP namespace that is not an Envelope",
          "[wire][request_reader]") {
  ReadError body = Refused("<soap:Body xmlns:soap=\"" + std::string(kSoap11) + "\"/>");
  CHECK(body.kind == ReadFailure::kMissingEnvelope);
  CHECK(body.message ==
        std::string(kUnable) + "Request format is invalid: Missing required soap:Envelope element.");
}

TEST_CASE("SoapRequest answers an Envelope in another namespace with a version mismatch",
          "[wire][request_reader]") {
  ReadError other = Refused("<s:Envelope xmlns:s=\"urn:other\"><s:Body><a/></s:Body></s:Envelope>");
  CHECK(other.kind == ReadFailure::kVersionMismatch);
  CHECK(other.message ==
        "Possible SOAP version mismatch: Envelope namespace urn:other was unexpected. Expecting "
        "http://schemas.xmlsoap.org/soap/envelope/.");
  // No namespace at all: the namespace reads as empty.
  ReadError none = Refused("<Envelope><Body><a/></Body></Envelope>");
  CHECK(none.kind == ReadFailure::kVersionMismatch);
  CHECK(none.message ==
        "Possible SOAP version mismatch: Envelope namespace  was unexpected. Expecting "
        "http://schemas.xmlsoap.org/soap/envelope/.");
}

TEST_CASE("SoapRequest wants an optional Header then exactly one Body in the Envelope",
          "[wire][request_reader]") {
  const std::string open = "<soap:Envelope xmlns:soap=\"" + std::string(kSoap11) + "\">";
  const std::string close = "</soap:Envelope>";
  const std::string op = "<auditDIDs xmlns=\"http://tempuri.org/\"/>";
  SECTION("a Header with entries we need not understand is accepted") {
    CHECK(Parsed(Envelope11(op, "<soap:Header><Trace xmlns=\"urn:t\">1</Trace></soap:Header>")).operation() ==
          "auditDIDs");
    CHECK(Parsed(Envelope11(op, "<soap:Header><T xmlns=\"urn:t\" soap:mustUnderstand=\"0\"/></soap:Header>"))
              .operation() == "auditDIDs");
    // mustUnderstand outside the envelope namespace is just an attribute.
    CHECK(Parsed(Envelope11(op, "<soap:Header><T xmlns=\"urn:t\" mustUnderstand=\"1\"/></soap:Header>"))
              .operation() == "auditDIDs");
  }
  SECTION("a Header entry that must be understood is a MustUnderstand failure") {
    ReadError e = Refused(Envelope11(op,
                                     "<soap:Header><x:Auth xmlns:x=\"urn:a\" soap:mustUnderstand=\"1\"/>"
                                     "</soap:Header>"));
    CHECK(e.kind == ReadFailure::kMustUnderstand);
    CHECK(e.message == "SOAP header Auth was not understood.");
    ReadError v12 = Refused("<e:Envelope xmlns:e=\"" + std::string(kSoap12) +
                            "\"><e:Header><A e:mustUnderstand=\"true\"/></e:Header><e:Body>" + op +
                            "</e:Body></e:Envelope>");
    CHECK(v12.kind == ReadFailure::kMustUnderstand);
    CHECK(v12.message == "SOAP header A was not understood.");
  }
  SECTION("no Body") {
    for (const std::string& doc : {open + "<soap:Header/>" + close, open + close,
                                   "<soap:Envelope xmlns:soap=\"" + std::string(kSoap11) + "\"/>"}) {
      CAPTURE(doc);
      ReadError e = Refused(doc);
      CHECK(e.kind == ReadFailure::kMissingBody);
      CHECK(e.message ==
            std::string(kUnable) + "Request format is invalid: Missing required soap:Body element.");
      CHECK(e.envelope == SoapVersion::k11);
    }
  }
  SECTION("a Header after the Body, a second Body, or another element") {
    const std::string before = open + "<soap:Body>" + op + "</soap:Body>";
    CHECK(Refused(before + "<soap:Header/>" + close).message ==
          Unreadable(1, NameColumn(before), "Unexpected element <soap:Header> in the Envelope."));
    CHECK(Refused(before + "<soap:Body/>" + close).message ==
          Unreadable(1, NameColumn(before), "Unexpected element <soap:Body> in the Envelope."));
    CHECK(Refused(open + "<Body>" + op + "</Body>" + close).message ==
          Unreadable(1, NameColumn(open), "Unexpected element <Body> in the Envelope."));
  }
  SECTION("text beside the Body") {
    CHECK(Refused(open + "x<soap:Body>" + op + "</soap:Body>" + close).message ==
          Unreadable(1, TextColumn(open), "Text is not allowed inside the Envelope."));
  }
}

TEST_CASE("SoapRequest reads an empty Body as no operation and wants at most one element in it",
          "[wire][request_reader]") {
  for (const std::string& empty : {Envelope11("  "), Envelope11("")}) {
    SoapRequest req = Parsed(empty);
    CHECK(req.operation().empty());
    CHECK(req.operation_namespace().empty());
    CHECK(req.ReadField("login").empty());
  }
  const std::string body_open = Envelope11("").substr(0, Envelope11("").find("</soap:Body>"));
  const std::string first = "<a xmlns=\"http://tempuri.org/\"/>";
  CHECK(Refused(Envelope11(first + "<b/>")).message ==
        Unreadable(1, NameColumn(body_open + first), "The Body holds more than one element."));
  CHECK(Refused(Envelope11("text<a/>")).message ==
        Unreadable(1, TextColumn(body_open), "Text is not allowed inside the Body."));
  // Whitespace, comments and processing instructions around it are fine.
  CHECK(Parsed(Envelope11("\n  <!-- c --><auditDIDs xmlns=\"http://tempuri.org/\"/>\n")).operation() ==
        "auditDIDs");
}

TEST_CASE("SoapRequest reads only children in http://tempuri.org/ and lists the others",
          "[wire][request_reader]") {
  SECTION("a child in another namespace") {
    SoapRequest req = Parsed(Operation("queryDID", "<x:did xmlns:x=\"urn:x\">9</x:did>"));
    CHECK(req.ReadField("did") == "");
    CHECK(req.IgnoredElements() ==
          std::vector<std::string>{
              "ignored: queryDID/x:did (namespace 'urn:x'; only http://tempuri.org/ is read)"});
  }
  SECTION("unqualified children of a prefixed operation are in no namespace") {
    SoapRequest req =
        Parsed(Envelope11("<t:queryDID xmlns:t=\"http://tempuri.org/\"><did>9</did></t:queryDID>"));
    CHECK(req.ReadField("did") == "");
    CHECK(req.IgnoredElements() ==
          std::vector<std::string>{"ignored: queryDID/did (no namespace; only http://tempuri.org/ is read)"});
  }
  SECTION("an operation outside the target namespace is still read") {
    SoapRequest req = Parsed(Envelope11("<queryDID xmlns=\"urn:other\"><did>9</did></queryDID>"));
    CHECK(req.operation() == "queryDID");
    CHECK(req.operation_namespace() == "urn:other");
    CHECK(req.ReadField("did") == "");
    CHECK(req.IgnoredElements().size() == 1);
  }
  SECTION("unknown children in the namespace are skipped and listed, with a hint for another case") {
    SoapRequest req = Parsed(Operation("queryDID", "<colour>red</colour><DID>8</DID><did>9</did>"));
    CHECK(req.ReadField("did") == "9");
    CHECK(req.IgnoredElements() ==
          std::vector<std::string>{"ignored: queryDID/colour (not in the schema)",
                                   "ignored: queryDID/DID (not in the schema; did you mean did?)"});
  }
  SECTION("a repeated child: the first one counts, the others are listed") {
    SoapRequest req = Parsed(Operation("queryDID", "<did>1</did><did>2</did>"));
    CHECK(req.ReadField("did") == "1");
    CHECK(req.IgnoredElements() ==
          std::vector<std::string>{"ignored: queryDID/did (repeated; the first one counts)"});
  }
}

TEST_CASE("SoapRequest reads empty and nil fields as empty", "[wire][request_reader]") {
  SoapRequest req = Parsed(
      Operation("getDIDs",
                "<state/><lata></lata><npa xsi:nil=\"true\">212</npa><nxx xsi:nil=\"1\"/>"
                "<tier xsi:nil=\"false\">1</tier><t38 n:nil=\"true\" xmlns:n=\"urn:not-xsi\">Y</t38>"
                "<cnam x:nil=\"true\" xmlns:x=\"http://www.w3.org/2001/XMLSchema-instance\">N</cnam>"));
  CHECK(req.ReadField("state") == "");
  CHECK(req.ReadField("lata") == "");
  CHECK(req.ReadField("npa") == "");
  CHECK(req.ReadField("nxx") == "");
  CHECK(req.ReadField("tier") == "1");
  CHECK(req.ReadField("t38") == "Y");  // nil in another namespace is no nil
  CHECK(req.ReadField("cnam") == "");  // any prefix bound to xsi
}

TEST_CASE("SoapRequest reads mixed content as its concatenated text", "[wire][request_reader]") {
  SoapRequest req = Parsed(
      Operation("queryDID", "<did>555<!-- note -->123<![CDATA[4567]]></did><tn> 555 &amp; &#x41; </tn>"));
  CHECK(req.ReadField("did") == "5551234567");
  CHECK(req.ReadField("tn") == " 555 & A ");
}

TEST_CASE("SoapRequest reads search criteria with sms and network only in production",
          "[wire][request_reader]") {
  SoapRequest req = Parsed(Operation(
      "getDIDs",
      "<state>NY</state><lata>132</lata><rateCenter>NWYRCYZN01</rateCenter><npa>212</npa><nxx>555</nxx>"
      "<tier>1</tier><t38>Y</t38><cnam>N</cnam><orderby>npa</orderby><sms>Y</sms><network>A</network>"));
  vi::model::SearchRequest sandbox = req.ReadSearch(false);
  CHECK(sandbox.state == "NY");
  CHECK(sandbox.lata == "132");
  CHECK(sandbox.rate_center == "NWYRCYZN01");
  CHECK(sandbox.npa == "212");
  CHECK(sandbox.nxx == "555");
  CHECK(sandbox.tier == "1");
  CHECK(sandbox.t38 == "Y");
  CHECK(sandbox.cnam == "N");
  CHECK(sandbox.orderby == "npa");
  CHECK(sandbox.sms == "");
  CHECK(sandbox.network == "");
  vi::model::SearchRequest production = req.ReadSearch(true);
  CHECK(production.sms == "Y");
  CHECK(production.network == "A");
}

TEST_CASE("SoapRequest reads didParams in document order", "[wire][request_reader]") {
  SoapRequest req = Parsed(Operation(
      "reserveDID",
      "<didParams>"
      "<DIDParam><tn>5551230001</tn><cnam>Y</cnam><refId>r1</refId><epg> +42 </epg></DIDParam>"
      "<DIDParam xsi:nil=\"true\"/>"
      "<Other><tn>1</tn></Other>"
      "<DIDParam><tn>5551230002</tn><endpointId>7</endpointId><x:tn xmlns:x=\"urn:x\">9</x:tn></DIDParam>"
      "<DIDParam><tn xsi:nil=\"true\"/></DIDParam>"
      "</didParams>"));
  auto params = req.ReadDidParams();
  REQUIRE(params.has_value());
  REQUIRE(params->size() == 3);
  CHECK((*params)[0].tn == "5551230001");
  CHECK((*params)[0].cnam == "Y");
  CHECK((*params)[0].ref_id == "r1");
  CHECK((*params)[0].epg == 42);
  CHECK((*params)[1].tn == "5551230002");
  CHECK_FALSE((*params)[1].epg.has_value());  // endpointId is not epg
  CHECK((*params)[2].tn == "");
  CHECK(req.IgnoredElements() ==
        std::vector<std::string>{
            "ignored: didParams/Other (not in the schema)",
            "ignored: DIDParam/endpointId (not in the schema; did you mean epg?)",
            "ignored: DIDParam/x:tn (namespace 'urn:x'; only http://tempuri.org/ is read)"});
  CHECK(Parsed(Operation("reserveDID", "")).ReadDidParams()->empty());
  CHECK(Parsed(Operation("reserveDID", "<didParams xsi:nil=\"true\"/>")).ReadDidParams()->empty());
}

TEST_CASE("SoapRequest does not read endpointId as epg, as XmlSerializer does not",
          "[wire][request_reader]") {
  for (std::string_view prefix : {"", "t:"}) {
    CAPTURE(prefix);
    std::string endpoint =
        "<" + std::string(prefix) + "endpointId>8674</" + std::string(prefix) + "endpointId>";
    SoapRequest req = Parsed(Envelope11(
        "<t:assignDID xmlns:t=\"http://tempuri.org/\"><t:didParams><t:DIDParam><t:tn>4352154006</t:tn>" +
        (prefix.empty() ? "<endpointId xmlns=\"http://tempuri.org/\">8674</endpointId>" : endpoint) +
        "</t:DIDParam></t:didParams></t:assignDID>"));
    auto params = req.ReadDidParams();
    REQUIRE(params.has_value());
    REQUIRE(params->size() == 1);
    CHECK((*params)[0].tn == "4352154006");
    CHECK_FALSE((*params)[0].epg.has_value());
    CHECK(req.IgnoredElements() ==
          std::vector<std::string>{"ignored: DIDParam/" + std::string(prefix) +
                                   "endpointId (not in the schema; did you mean epg?)"});
  }
  // Not even beside an epg, and not as a fault when it is no number.
  SoapRequest both = Parsed(Operation(
      "assignDID", "<didParams><DIDParam><endpointId>x</endpointId><epg>8675</epg></DIDParam></didParams>"));
  auto params = both.ReadDidParams();
  REQUIRE(params.has_value());
  CHECK((*params)[0].epg == 8675);
}

TEST_CASE("SoapRequest reads the first of repeated children everywhere and lists the rest",
          "[wire][request_reader]") {
  SECTION("login, secret and a single-number field") {
    SoapRequest req = Parsed(Operation("isPortable",
                                       "<login>first</login><secret>s1</secret><login>second</login>"
                                       "<tn>4352154006</tn><secret>s2</secret><tn>8772207304</tn>"));
    CHECK(req.ReadCredentials().login == "first");
    CHECK(req.ReadCredentials().secret == "s1");
    CHECK(req.ReadField("tn") == "4352154006");
    CHECK(req.IgnoredElements() ==
          std::vector<std::string>{"ignored: isPortable/login (repeated; the first one counts)",
                                   "ignored: isPortable/secret (repeated; the first one counts)",
                                   "ignored: isPortable/tn (repeated; the first one counts)"});
  }
  SECTION("an empty or nil first one still counts") {
    SoapRequest req =
        Parsed(Operation("queryDID", "<did xsi:nil=\"true\"/><did>4352154006</did><login/><login>x</login>"));
    CHECK(req.ReadField("did") == "");
    CHECK(req.ReadCredentials().login == "");
  }
  SECTION("search criteria") {
    SoapRequest req = Parsed(
        Operation("getDIDCount",
                  "<state>UT</state><npa>435</npa><state>NY</state><npa>212</npa><tier>2</tier><tier>4</tier>"
                  "<orderby>tier</orderby><orderby>rc</orderby><sms>1</sms><sms>0</sms>"));
    vi::model::SearchRequest s = req.ReadSearch(true);
    CHECK(s.state == "UT");
    CHECK(s.npa == "435");
    CHECK(s.tier == "2");
    CHECK(s.orderby == "tier");
    CHECK(s.sms == "1");
    CHECK(req.IgnoredElements().size() == 5);
  }
  SECTION("sms and network are not in the sandbox schema") {
    SoapRequest req = Parsed(Operation("getDIDs", "<state>UT</state><sms>1</sms>"));
    CHECK(req.ReadSearch(false).sms == "");
    CHECK(req.IgnoredElements() == std::vector<std::string>{"ignored: getDIDs/sms (not in the schema)"});
  }
  SECTION("didParams and DIDParam members; a repeated epg is never parsed") {
    SoapRequest req = Parsed(Operation(
        "assignDID",
        "<didParams><DIDParam><tn>4352154006</tn><epg>8674</epg><cnam>1</cnam><refId>a</refId>"
        "<tn>4352016526</tn><epg>not-a-number</epg><cnam>0</cnam><refId>b</refId></DIDParam></didParams>"
        "<didParams><DIDParam><tn>8772207304</tn></DIDParam></didParams>"));
    auto params = req.ReadDidParams();
    REQUIRE(params.has_value());
    REQUIRE(params->size() == 1);
    CHECK((*params)[0].tn == "4352154006");
    CHECK((*params)[0].epg == 8674);
    CHECK((*params)[0].cnam == "1");
    CHECK((*params)[0].ref_id == "a");
    CHECK(req.IgnoredElements() ==
          std::vector<std::string>{"ignored: DIDParam/tn (repeated; the first one counts)",
                                   "ignored: DIDParam/epg (repeated; the first one counts)",
                                   "ignored: DIDParam/cnam (repeated; the first one counts)",
                                   "ignored: DIDParam/refId (repeated; the first one counts)",
                                   "ignored: assignDID/didParams (repeated; the first one counts)"});
  }
}

// The fault text for an Int32 field that fails to convert, .NET's reader
// standing at (line, column).
std::string IntFault(int line, int column, std::string_view why) {
  return std::string(kUnable) + "There is an error in XML document (" + std::to_string(line) + ", " +
         std::to_string(column) + "). ---> " + std::string(why);
}

constexpr std::string_view kFormat = "Input string was not in a correct format.";
constexpr std::string_view kRange = "Value was either too large or too small for an Int32.";

// The one-based column of the first character after `marker` in `text` (a
// one-line document).
int ColumnAfter(const std::string& text, std::string_view marker) {
  std::size_t at = text.find(marker);
  REQUIRE(at != std::string::npos);
  return static_cast<int>(at + marker.size()) + 1;
}

TEST_CASE("SoapRequest refuses an epg or portId that is not an Int32, nil and empty included",
          "[wire][request_reader]") {
  for (std::string_view epg : {"<epg></epg>", "<epg/>", "<epg xsi:nil=\"true\"/>", "<epg>abc</epg>",
                               "<epg>1.5</epg>", "<epg>0x10</epg>", "<epg>--1</epg>", "<epg>1 2</epg>"}) {
    INFO("epg: " << epg);
    const std::string body = Operation(
        "assignDID", "<didParams><DIDParam><tn>1</tn>" + std::string(epg) + "</DIDParam></didParams>");
    auto params = Parsed(body).ReadDidParams();
    REQUIRE_FALSE(params.has_value());
    CHECK(params.error().kind == ReadFailure::kClient);
    // The reader stands on </DIDParam>, at its name.
    CHECK(params.error().message == IntFault(1, ColumnAfter(body, "</DIDParam") - 8, kFormat));
  }
  const std::string big_body =
      Operation("assignDID", "<didParams><DIDParam><epg>2147483648</epg><tn>1</tn></DIDParam></didParams>");
  auto big = Parsed(big_body).ReadDidParams();
  REQUIRE_FALSE(big.has_value());
  // The next node is <tn>, at its name.
  CHECK(big.error().message == IntFault(1, ColumnAfter(big_body, "</epg><"), kRange));

  CHECK(*Parsed(Operation("getPortDetails", "")).ReadPortId() == 0);
  CHECK(*Parsed(Operation("getPortDetails", "<portId>\n-17 </portId>")).ReadPortId() == -17);
  CHECK(*Parsed(Operation("getPortDetails", "<portId>-2147483648</portId>")).ReadPortId() == INT32_MIN);
  for (std::string_view port : {"<portId>seven</portId>", "<portId xsi:nil=\"true\"/>", "<portId />"}) {
    INFO("portId: " << port);
    const std::string body = Operation("getPortDetails", std::string(port) + "<!-- after -->");
    auto id = Parsed(body).ReadPortId();
    REQUIRE_FALSE(id.has_value());
    CHECK(id.error().kind == ReadFailure::kClient);
    // The next node is a comment: the position of its text.
    CHECK(id.error().message == IntFault(1, ColumnAfter(body, "<!--"), kFormat));
  }
  const std::string range_body = Operation("getPortDetails", "<portId>-2147483649</portId>");
  CHECK(Parsed(range_body).ReadPortId().error().message ==
        IntFault(1, ColumnAfter(range_body, "</getPortDetails") - 14, kRange));
  // Pretty-printed: the whitespace after </portId> is the next node, on the
  // line of portId (CR LF ends a line once).
  const std::string pretty =
      "<?xml version=\"1.0\"?>\r\n<soap:Envelope "
      "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\r\n"
      "  <soap:Body>\r\n    <getPortDetails xmlns=\"http://tempuri.org/\">\r\n"
      "      <portId>x</portId>\r\n    </getPortDetails>\r\n  </soap:Body>\r\n</soap:Envelope>";
  CHECK(Parsed(pretty).ReadPortId().error().message == IntFault(5, 25, kFormat));
  // Columns count UTF-16 units: the é before the field is one.
  const std::string accented = Operation("getPortDetails", "<login>\xC3\xA9</login><portId>x</portId>");
  CHECK(Parsed(accented).ReadPortId().error().message ==
        IntFault(1, ColumnAfter(accented, "</getPortDetails") - 14 - 1, kFormat));
}
