#include "wire/response_writer.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <climits>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "model/date_time.h"
#include "tests/testing/model_samples.h"
#include "tests/testing/xml_equivalent.h"
#include "wire/xml_text.h"

using namespace vi;
using wire::FaultCode;
using wire::Profile;
using wire::SoapVersion;

namespace {

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="utf-8"?>)";
constexpr std::string_view kEnvelope11 =
    R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>)";
constexpr std::string_view kEnvelope12 =
    R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>)";
constexpr std::string_view kEnvelopeEnd = "</soap:Body></soap:Envelope>";

std::string ReadFixture(const std::string& relative) {
  const std::string path = std::string(VI_FIXTURES_DIR) + "/soap/" + relative + "/response.xml";
  std::ifstream in(path, std::ios::binary);
  INFO("fixture " << path);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void CheckMatchesFixture(const std::string& written, const std::string& fixture) {
  std::string diff;
  const bool same = testing::XmlEquivalent(written, ReadFixture(fixture), &diff);
  INFO("fixture " << fixture << "\nfirst difference: " << diff << "\nwritten: " << written);
  CHECK(same);
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

using testing::At;

// The DID fields every recorded sandbox result shares: empty availability,
// rewrite and refId, endpointId 0, the sentinel expireDate, all flags false.
model::Did RecordedResultDid() {
  model::Did d;
  d.availability = "";
  d.rewrite = "";
  d.ref_id = "";
  d.endpoint_id = 0;
  d.expire_date = model::kSentinelDate;
  return d;
}

model::DidResponse Success() {
  model::DidResponse r;
  r.response_code = 100;
  r.response_message = "Success";
  return r;
}

// Local names of the element children of the first element named `name`
// (any namespace prefix) in `xml`.
std::vector<std::string> ChildNames(const std::string& xml, const char* name) {
  pugi::xml_document doc;
  REQUIRE(doc.load_buffer(xml.data(), xml.size()));
  pugi::xml_node e = doc.find_node([&](pugi::xml_node n) { return std::string_view(n.name()) == name; });
  REQUIRE(e);
  std::vector<std::string> out;
  for (pugi::xml_node c : e.children()) {
    if (c.type() == pugi::node_element) out.emplace_back(c.name());
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Against the recorded responses (fixtures/soap/README.md).

TEST_CASE("WriteDidResponse matches the recorded assignDID success (sandbox)", "[wire][writer][fixture]") {
  model::DidResponse r = Success();
  model::Did d = RecordedResultDid();
  d.tn = "4352154006";
  d.status = "Assigned to endpoint '8674' rewritten as '4352154006' Tier 2";
  d.status_code = "100";
  d.tier = "2";
  r.dids = {d};
  CheckMatchesFixture(WriteDidResponse("assignDID", r, Profile::kSandbox, SoapVersion::k11),
                      "assignDID/recorded-success");
}

TEST_CASE("WriteDidResponse matches the recorded auditDIDs dummy record (sandbox)",
          "[wire][writer][fixture]") {
  model::DidResponse r = Success();
  model::Did d = RecordedResultDid();
  d.tn = "";
  d.availability = "Unavailable";
  d.status = "UNKNOWN";
  d.status_code = "101200";
  d.tier = "-99999";
  r.dids = {d};
  CheckMatchesFixture(WriteDidResponse("auditDIDs", r, Profile::kSandbox, SoapVersion::k11),
                      "auditDIDs/recorded-empty");
}

TEST_CASE("WriteDidResponse matches the recorded configDID success (sandbox)", "[wire][writer][fixture]") {
  model::DidResponse r = Success();
  model::Did d = RecordedResultDid();
  d.tn = "4352154006";
  d.status = "Reconfigured to endpoint '8675' rewritten as '4352154006' Tier 2";
  d.status_code = "100";
  d.tier = "2";
  r.dids = {d};
  CheckMatchesFixture(WriteDidResponse("configDID", r, Profile::kSandbox, SoapVersion::k11),
                      "configDID/recorded-success");
}

TEST_CASE("WriteDidResponse matches the recorded releaseDID of an available number (sandbox)",
          "[wire][writer][fixture]") {
  model::DidResponse r = Success();
  model::Did d = RecordedResultDid();
  d.tn = "4352154974";
  d.status = "Number currently available";
  d.status_code = "106231";
  d.tier = "";
  r.dids = {d};
  CheckMatchesFixture(WriteDidResponse("releaseDID", r, Profile::kSandbox, SoapVersion::k11),
                      "releaseDID/recorded-currently-available");
}

TEST_CASE("WriteDidResponse matches the recorded getDIDs with three locators (sandbox)",
          "[wire][writer][fixture]") {
  model::DidResponse r = Success();
  r.did_locators = {
      {"4352016526", "RICHFIELD", "UT", "4", 660, true, true, std::nullopt, false},
      {"4352016527", "RICHFIELD", "UT", "4", 660, true, true, std::nullopt, false},
      {"4352165994", "ST GEORGE", "UT", "2", 660, true, true, std::nullopt, false},
  };
  CheckMatchesFixture(WriteDidResponse("getDIDs", r, Profile::kSandbox, SoapVersion::k11),
                      "getDIDs/recorded-three-locators");
}

TEST_CASE("WriteDidResponse matches the recorded reserveDID success (production)",
          "[wire][writer][fixture]") {
  model::DidResponse r = Success();
  model::Did d = RecordedResultDid();
  d.tn = "4358797726";
  d.status = "Reserved for 30 minutes -- Will be Tier 1";
  d.status_code = "100";
  d.tier = "1";
  d.ref_id = "bada55";
  r.dids = {d};
  r.did_groups = {};
  r.conference_line = model::ConferenceLine{false, std::nullopt};
  CheckMatchesFixture(WriteDidResponse("reserveDID", r, Profile::kProduction, SoapVersion::k11),
                      "reserveDID/recorded-success");
}

TEST_CASE("WriteDidResponse matches the recorded queryDID of an own number (production)",
          "[wire][writer][fixture]") {
  model::DidResponse r = Success();
  model::Did d;
  d.tn = "4353198001";
  d.availability = "assigned";
  d.rewrite = "4353198001";
  d.status =
      "Number currently assigned to you with refid '' rewritten as '4353198001' to endpoint "
      "'13550'";
  d.status_code = "100";
  d.tier = "1";
  d.ref_id = "";
  d.network = "Onvoy";
  d.endpoint_id = 13550;
  d.expire_date = At(2013, 11, 25, 17, 32, 48, 707);
  d.has411 = false;
  d.has911 = false;
  d.cnam = true;
  d.cnam_storage_active = false;
  d.cnam_storage_availability = true;
  d.t38 = true;
  r.dids = {d};
  r.conference_line = model::ConferenceLine{false, std::nullopt};
  CheckMatchesFixture(WriteDidResponse("queryDID", r, Profile::kProduction, SoapVersion::k11),
                      "queryDID/recorded-assigned");
}

TEST_CASE("WritePortResponse matches the recorded isPortable answer", "[wire][writer][fixture]") {
  model::PortResponse r;
  r.response_code = 100;
  r.response_message = "Success";
  r.port_details = model::PortDetail{};  // id 0, nil dates and group, no dids
  r.is_portable = true;
  CheckMatchesFixture(WritePortResponse("isPortable", r, Profile::kSandbox, SoapVersion::k11),
                      "isPortable/recorded-portable");
}

TEST_CASE("WritePortResponse matches the recorded getPortDetails of port 36623", "[wire][writer][fixture]") {
  model::PortResponse r;
  r.response_code = 100;
  r.response_message = "Success";
  model::PortDetail pd;
  pd.id = 36623;
  pd.status = "PENDING SIGNATURE";
  pd.end_user = "Rob  Richey";
  pd.billing_tn = "9999999999";
  pd.porting_from = "";
  pd.sales_rep = std::nullopt;
  pd.submitted_date = std::nullopt;
  pd.foc_date = std::nullopt;
  pd.requested_foc_date = std::nullopt;
  model::PortDid did;
  did.tn = "9999999999";
  did.tier = "0";
  did.rate_center = "TEST";
  did.state = "NA";
  did.lata = "999";
  did.endpoint_group = 8674;
  did.cnam = true;
  did.e911 = true;
  pd.dids = std::vector<model::PortDid>{did};
  pd.default_endpoint_group = 8674;
  r.port_details = pd;
  r.is_portable = false;
  CheckMatchesFixture(WritePortResponse("getPortDetails", r, Profile::kSandbox, SoapVersion::k11),
                      "getPortDetails/recorded-36623");
}

TEST_CASE("WriteFault matches the SOAP 1.1 Client and SOAP 1.2 Sender fault fixtures",
          "[wire][fault][fixture]") {
  const std::string message =
      "Server did not recognize the value of HTTP Header SOAPAction: "
      "http://tempuri.org/noSuchOperation.";
  CheckMatchesFixture(WriteFault(FaultCode::kClient, message, SoapVersion::k11),
                      "fault/soap11-client-unknown-action");
  CheckMatchesFixture(WriteFault(FaultCode::kClient, message, SoapVersion::k12),
                      "fault/soap12-sender-unknown-action");
}

// ---------------------------------------------------------------------------
// Exact bytes.

TEST_CASE("WriteDidResponse writes ASMX's exact bytes: declaration, no indentation, `<x />`",
          "[wire][writer][bytes]") {
  model::DidResponse r = Success();
  model::Did d = RecordedResultDid();
  d.tn = "";
  d.availability = "Unavailable";
  d.status = "UNKNOWN";
  d.status_code = "101200";
  d.tier = "-99999";
  r.dids = {d};
  const std::string expected =
      std::string(kEnvelope11) +
      R"(<auditDIDsResponse xmlns="http://tempuri.org/"><auditDIDsResult>)"
      "<responseCode>100</responseCode><responseMessage>Success</responseMessage>"
      "<DIDs><DID><tn /><availability>Unavailable</availability><rewrite /><status>UNKNOWN</status>"
      "<statusCode>101200</statusCode><tier>-99999</tier><refId /><endpointId>0</endpointId>"
      "<expireDate>1900-01-01T00:00:00</expireDate><has411>false</has411><has911>false</has911>"
      "<cnam>false</cnam><cnamStorageActive>false</cnamStorageActive>"
      "<cnamStorageAvailability>false</cnamStorageAvailability><t38>false</t38></DID></DIDs>"
      "<DIDLocators /><DIDCounts /></auditDIDsResult></auditDIDsResponse>" +
      std::string(kEnvelopeEnd);
  CHECK(WriteDidResponse("auditDIDs", r, Profile::kSandbox, SoapVersion::k11) == expected);
}

TEST_CASE("WritePortResponse writes the empty PortDetails with xsi:nil, exactly", "[wire][writer][bytes]") {
  model::PortResponse r;
  r.response_code = 100;
  r.response_message = "Success";
  r.is_portable = true;
  const std::string expected =
      std::string(kEnvelope12) +
      R"(<isPortableResponse xmlns="http://tempuri.org/"><isPortableResult>)"
      "<responseCode>100</responseCode><responseMessage>Success</responseMessage>"
      R"(<PortDetails><id>0</id><submittedDate xsi:nil="true" /><focDate xsi:nil="true" />)"
      R"(<requestedFocDate xsi:nil="true" /><defaultEndpointGroup xsi:nil="true" /></PortDetails>)"
      "<IsPortable>true</IsPortable></isPortableResult></isPortableResponse>" +
      std::string(kEnvelopeEnd);
  CHECK(WritePortResponse("isPortable", r, Profile::kSandbox, SoapVersion::k12) == expected);
}

TEST_CASE("Every response starts with exactly the XML declaration, no BOM", "[wire][writer][bytes]") {
  for (SoapVersion v : {SoapVersion::k11, SoapVersion::k12}) {
    for (Profile p : {Profile::kSandbox, Profile::kProduction}) {
      CHECK(WriteDidResponse("getDIDs", model::DidResponse{}, p, v).rfind(kDeclaration, 0) == 0);
      CHECK(WritePortResponse("isPortable", model::PortResponse{}, p, v).rfind(kDeclaration, 0) == 0);
    }
    CHECK(WriteFault(FaultCode::kServer, "x", v).rfind(kDeclaration, 0) == 0);
  }
}

TEST_CASE("SOAP 1.2 responses use the 2003/05 envelope namespace under the soap: prefix",
          "[wire][writer][bytes]") {
  const std::string out = WriteDidResponse("queryDID", Success(), Profile::kSandbox, SoapVersion::k12);
  CHECK(out.rfind(kEnvelope12, 0) == 0);
  CHECK(Contains(out, R"(<queryDIDResponse xmlns="http://tempuri.org/"><queryDIDResult>)"));
  CHECK(out.size() >= kEnvelopeEnd.size());
  CHECK(out.substr(out.size() - kEnvelopeEnd.size()) == kEnvelopeEnd);
  CHECK_FALSE(Contains(out, "schemas.xmlsoap.org"));
}

TEST_CASE("The payload inside soap:Body is the same bytes in SOAP 1.1 and 1.2", "[wire][writer][bytes]") {
  for (Profile p : {Profile::kSandbox, Profile::kProduction}) {
    const std::string a = WriteDidResponse("getDIDs", testing::FullDidResponse(), p, SoapVersion::k11);
    const std::string b = WriteDidResponse("getDIDs", testing::FullDidResponse(), p, SoapVersion::k12);
    REQUIRE(a.rfind(kEnvelope11, 0) == 0);
    REQUIRE(b.rfind(kEnvelope12, 0) == 0);
    CHECK(a.substr(kEnvelope11.size()) == b.substr(kEnvelope12.size()));
    const std::string c =
        WritePortResponse("getPortDetails", testing::FullPortResponse(), p, SoapVersion::k11);
    const std::string d =
        WritePortResponse("getPortDetails", testing::FullPortResponse(), p, SoapVersion::k12);
    CHECK(c.substr(kEnvelope11.size()) == d.substr(kEnvelope12.size()));
  }
}

TEST_CASE("Empty arrays are written `<DIDs />`, on success and on error alike", "[wire][writer][bytes]") {
  model::DidResponse r;
  r.response_code = 902;
  r.response_message = "Username/password/IP not found";
  const std::string sandbox = WriteDidResponse("getDIDs", r, Profile::kSandbox, SoapVersion::k11);
  CHECK(Contains(sandbox,
                 "<responseCode>902</responseCode><responseMessage>Username/password/IP not found"
                 "</responseMessage><DIDs /><DIDLocators /><DIDCounts /></getDIDsResult>"));
  const std::string production = WriteDidResponse("getDIDs", r, Profile::kProduction, SoapVersion::k11);
  CHECK(Contains(production,
                 "<DIDs /><DIDLocators /><DIDCounts /><DIDGroups /><ConferenceLine><Enabled>false"
                 "</Enabled></ConferenceLine></getDIDsResult>"));
}

TEST_CASE("A null string is omitted and an empty one is `<x />`", "[wire][writer][bytes]") {
  model::DidResponse r;
  r.response_code = 100;
  r.response_message = std::nullopt;
  model::Did d;  // every string null
  r.dids = {d};
  std::string out = WriteDidResponse("queryDID", r, Profile::kSandbox, SoapVersion::k11);
  CHECK(
      Contains(out, "<queryDIDResult><responseCode>100</responseCode><DIDs><DID><endpointId>0</endpointId>"));
  CHECK_FALSE(Contains(out, "responseMessage"));
  r.response_message = "";
  out = WriteDidResponse("queryDID", r, Profile::kSandbox, SoapVersion::k11);
  CHECK(Contains(out, "<responseCode>100</responseCode><responseMessage /><DIDs>"));
}

TEST_CASE("A null expireDate is `<expireDate xsi:nil=\"true\" />` and dates keep their fraction",
          "[wire][writer][bytes]") {
  model::DidResponse r = Success();
  model::Did d;
  d.expire_date = std::nullopt;
  r.dids = {d};
  CHECK(Contains(WriteDidResponse("queryDID", r, Profile::kSandbox, SoapVersion::k11),
                 R"(<endpointId>0</endpointId><expireDate xsi:nil="true" /><has411>)"));
  r.dids[0].expire_date = At(2013, 11, 25, 17, 32, 48, 707);
  CHECK(Contains(WriteDidResponse("queryDID", r, Profile::kSandbox, SoapVersion::k11),
                 "<expireDate>2013-11-25T17:32:48.707</expireDate>"));
  r.dids[0].expire_date = model::kSentinelDate;
  CHECK(Contains(WriteDidResponse("queryDID", r, Profile::kSandbox, SoapVersion::k11),
                 "<expireDate>" + model::FormatDateTime(model::kSentinelDate) + "</expireDate>"));
}

TEST_CASE("Ints are written in full, negative ones included", "[wire][writer][bytes]") {
  model::DidResponse r;
  r.response_code = INT_MIN;
  model::Did d;
  d.endpoint_id = INT_MAX;
  r.dids = {d};
  const std::string out = WriteDidResponse("queryDID", r, Profile::kSandbox, SoapVersion::k11);
  CHECK(Contains(out, "<responseCode>-2147483648</responseCode>"));
  CHECK(Contains(out, "<endpointId>2147483647</endpointId>"));
}

TEST_CASE("Text escapes < & >, writes CR raw, and non-XML input becomes U+FFFD", "[wire][writer][bytes]") {
  model::DidResponse r;
  r.response_message = std::string("<a & b> \"q\" 'a' \r\n\t\x01 \xC3\x28 \xED\xA0\x80 caf\xC3\xA9");
  const std::string out = WriteDidResponse("queryDID", r, Profile::kSandbox, SoapVersion::k11);
  CHECK(Contains(out,
                 "<responseMessage>&lt;a &amp; b&gt; \"q\" 'a' \r\n\t\xEF\xBF\xBD \xEF\xBF\xBD( "
                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD caf\xC3\xA9</responseMessage>"));

  // What a reader gets back: the same text minus the garbage, with CRLF
  // folded to LF by the parser (as on the real service).
  pugi::xml_document doc;
  REQUIRE(doc.load_buffer(out.data(), out.size()));
  pugi::xml_node message =
      doc.find_node([](pugi::xml_node n) { return std::string_view(n.name()) == "responseMessage"; });
  REQUIRE(message);
  CHECK(std::string(message.text().get()) ==
        "<a & b> \"q\" 'a' \n\t\xEF\xBF\xBD \xEF\xBF\xBD( \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
        "caf\xC3\xA9");
}

// ---------------------------------------------------------------------------
// Profiles: element names and order per WSDL.

TEST_CASE("The sandbox profile writes no production-only element, even when the model has them",
          "[wire][writer][profile]") {
  const std::string out =
      WriteDidResponse("getDIDs", testing::FullDidResponse(), Profile::kSandbox, SoapVersion::k11);
  CHECK(ChildNames(out, "getDIDsResult") ==
        std::vector<std::string>{"responseCode", "responseMessage", "DIDs", "DIDLocators", "DIDCounts"});
  CHECK(ChildNames(out, "DID") ==
        std::vector<std::string>{"tn", "availability", "rewrite", "status", "statusCode", "tier", "refId",
                                 "endpointId", "expireDate", "has411", "has911", "cnam", "cnamStorageActive",
                                 "cnamStorageAvailability", "t38"});
  CHECK(ChildNames(out, "DIDLocator") ==
        std::vector<std::string>{"tn", "rateCenter", "state", "tier", "lataId", "outboundCNAM", "t38"});
  CHECK(ChildNames(out, "DIDCount") ==
        std::vector<std::string>{"didCount", "rateCenter", "state", "tier", "lataId", "cnam", "t38"});
  for (std::string_view name : {"<failover", "<forward", "<cnamName", "<didGroupId", "<Network", "<network",
                                "<sms", "<DIDGroups", "<DIDGroup", "<ConferenceLine", "<Enabled", "<PIN"}) {
    INFO(name);
    CHECK_FALSE(Contains(out, name));
  }
}

TEST_CASE("The production profile writes every element in the production WSDL's order",
          "[wire][writer][profile]") {
  const std::string out =
      WriteDidResponse("getDIDs", testing::FullDidResponse(), Profile::kProduction, SoapVersion::k11);
  CHECK(ChildNames(out, "getDIDsResult") == std::vector<std::string>{"responseCode", "responseMessage",
                                                                     "DIDs", "DIDLocators", "DIDCounts",
                                                                     "DIDGroups", "ConferenceLine"});
  CHECK(ChildNames(out, "DID") == std::vector<std::string>{"tn",
                                                           "availability",
                                                           "rewrite",
                                                           "status",
                                                           "statusCode",
                                                           "tier",
                                                           "refId",
                                                           "failover",
                                                           "forward",
                                                           "cnamName",
                                                           "state",
                                                           "rateCenter",
                                                           "didGroupId",
                                                           "Network",
                                                           "endpointId",
                                                           "expireDate",
                                                           "has411",
                                                           "has911",
                                                           "cnam",
                                                           "cnamStorageActive",
                                                           "cnamStorageAvailability",
                                                           "t38"});
  CHECK(ChildNames(out, "DIDLocator") == std::vector<std::string>{"tn", "rateCenter", "state", "tier",
                                                                  "lataId", "outboundCNAM", "t38", "network",
                                                                  "sms"});
  CHECK(ChildNames(out, "DIDCount") ==
        std::vector<std::string>{"didCount", "rateCenter", "state", "tier", "lataId", "cnam", "t38", "sms"});
  CHECK(Contains(out, "<DIDGroups><DIDGroup><Name>Main</Name><ID>7</ID></DIDGroup></DIDGroups>"));
  CHECK(Contains(out, "<ConferenceLine><Enabled>true</Enabled><PIN>1234</PIN></ConferenceLine>"));
  CHECK(Contains(out, "<t38>true</t38><network>Onvoy</network><sms>true</sms></DIDLocator>"));
  CHECK(Contains(out, "<t38>false</t38><sms>true</sms></DIDCount>"));
  CHECK(Contains(out, "<didGroupId>12</didGroupId><Network>Onvoy</Network><endpointId>8674</endpointId>"));
}

TEST_CASE("The production profile omits unset optional fields and a null ConferenceLine",
          "[wire][writer][profile]") {
  model::DidResponse r = Success();
  model::Did d;
  d.tn = "4353198001";
  r.dids = {d};
  model::DidLocator l;
  l.tn = "4352016526";
  r.did_locators = {l};
  r.conference_line = std::nullopt;
  const std::string out = WriteDidResponse("queryDID", r, Profile::kProduction, SoapVersion::k11);
  CHECK(Contains(out, "<DID><tn>4353198001</tn><endpointId>0</endpointId>"));
  CHECK(Contains(out, "<t38>false</t38><sms>false</sms></DIDLocator>"));
  CHECK(Contains(out, "<DIDCounts /><DIDGroups /></queryDIDResult>"));
  CHECK_FALSE(Contains(out, "ConferenceLine"));
}

TEST_CASE("PortDetails: dids only when set, `<dids />` when empty, nil when null", "[wire][writer][port]") {
  model::PortResponse r = testing::FullPortResponse();
  std::string out = WritePortResponse("getPortDetails", r, Profile::kProduction, SoapVersion::k11);
  CHECK(ChildNames(out, "PortDetails") == std::vector<std::string>{"id", "status", "endUser", "billingTN",
                                                                   "portingFrom", "salesRep", "submittedDate",
                                                                   "focDate", "requestedFocDate", "dids",
                                                                   "defaultEndpointGroup"});
  CHECK(ChildNames(out, "PortDID") == std::vector<std::string>{"tn", "tier", "rateCenter", "state", "lata",
                                                               "endpointGroup", "cnam", "e911"});
  CHECK(Contains(out,
                 "<endUser>A &amp; B</endUser><billingTN /><portingFrom>X</portingFrom><salesRep>Y</salesRep>"
                 R"(<submittedDate>2016-03-01T09:30:00.25</submittedDate><focDate xsi:nil="true" />)"
                 "<requestedFocDate>1900-01-01T00:00:00</requestedFocDate><dids><PortDID><tn>1</tn>"));
  CHECK(Contains(out,
                 "<e911>false</e911></PortDID></dids><defaultEndpointGroup>8674</defaultEndpointGroup>"
                 "</PortDetails><IsPortable>true</IsPortable>"));

  r.port_details->dids = std::vector<model::PortDid>{};
  out = WritePortResponse("getPortDetails", r, Profile::kSandbox, SoapVersion::k11);
  CHECK(Contains(out, "</requestedFocDate><dids /><defaultEndpointGroup>"));

  r.port_details->dids = std::nullopt;
  r.port_details->default_endpoint_group = std::nullopt;
  out = WritePortResponse("getPortDetails", r, Profile::kSandbox, SoapVersion::k11);
  CHECK(Contains(out, R"(</requestedFocDate><defaultEndpointGroup xsi:nil="true" /></PortDetails>)"));

  r.port_details = std::nullopt;
  out = WritePortResponse("getPortDetails", r, Profile::kSandbox, SoapVersion::k11);
  CHECK(Contains(out, "<responseMessage>Success</responseMessage><IsPortable>true</IsPortable>"));
  CHECK_FALSE(Contains(out, "<PortDetails"));
}

// ---------------------------------------------------------------------------
// Faults.

TEST_CASE("WriteFault writes the ASMX SOAP 1.1 fault for each code", "[wire][fault][bytes]") {
  struct Case {
    FaultCode code;
    std::string_view text;
  };
  for (Case c : {Case{FaultCode::kClient, "soap:Client"}, Case{FaultCode::kServer, "soap:Server"}}) {
    INFO(c.text);
    CHECK(WriteFault(c.code, "Oops & <more>", SoapVersion::k11) ==
          std::string(kEnvelope11) + "<soap:Fault><faultcode>" + std::string(c.text) +
              "</faultcode><faultstring>Oops &amp; &lt;more&gt;</faultstring><detail "
              "/></soap:Fault>" +
              std::string(kEnvelopeEnd));
  }
}

TEST_CASE("WriteFault writes the ASMX SOAP 1.2 fault, Client as Sender and Server as Receiver",
          "[wire][fault][bytes]") {
  struct Case {
    FaultCode code;
    std::string_view text;
  };
  for (Case c : {Case{FaultCode::kClient, "soap:Sender"}, Case{FaultCode::kServer, "soap:Receiver"}}) {
    INFO(c.text);
    CHECK(WriteFault(c.code, "Oops", SoapVersion::k12) ==
          std::string(kEnvelope12) + "<soap:Fault><soap:Code><soap:Value>" + std::string(c.text) +
              R"(</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">Oops</soap:Text>)"
              "</soap:Reason><soap:Detail /></soap:Fault>" +
              std::string(kEnvelopeEnd));
  }
}

TEST_CASE("A VersionMismatch fault carries the SOAP 1.2 Upgrade header, as ASMX writes it",
          "[wire][fault][bytes]") {
  // SoapServerProtocol.CreateUpgradeHeader's XmlElement as XmlTextWriter
  // writes it: qname before each SupportedEnvelope's own xmlns declaration.
  const std::string upgrade =
      "<soap:Header><soap12:Upgrade xmlns:soap12=\"http://www.w3.org/2003/05/soap-envelope\">"
      "<soap12:SupportedEnvelope qname=\"soap:Envelope\" "
      "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" />"
      "<soap12:SupportedEnvelope qname=\"soap12:Envelope\" "
      "xmlns:soap12=\"http://www.w3.org/2003/05/soap-envelope\" />"
      "</soap12:Upgrade></soap:Header>";
  const std::string head11(
      kEnvelope11.substr(0, kEnvelope11.size() - std::string_view("<soap:Body>").size()));
  CHECK(
      WriteFault(FaultCode::kVersionMismatch, "Oops", SoapVersion::k11) ==
      head11 + upgrade +
          "<soap:Body><soap:Fault><faultcode>soap:VersionMismatch</faultcode><faultstring>Oops</faultstring>"
          "<detail /></soap:Fault>" +
          std::string(kEnvelopeEnd));
  const std::string head12(
      kEnvelope12.substr(0, kEnvelope12.size() - std::string_view("<soap:Body>").size()));
  CHECK(
      WriteFault(FaultCode::kVersionMismatch, "Oops", SoapVersion::k12) ==
      head12 + upgrade +
          "<soap:Body><soap:Fault><soap:Code><soap:Value>soap:VersionMismatch</soap:Value></soap:Code>"
          R"(<soap:Reason><soap:Text xml:lang="en">Oops</soap:Text></soap:Reason><soap:Detail /></soap:Fault>)" +
          std::string(kEnvelopeEnd));
  // No other fault has a Header.
  CHECK_FALSE(Contains(WriteFault(FaultCode::kClient, "x", SoapVersion::k11), "Header"));
}

TEST_CASE("A MustUnderstand fault has no detail element, as ASMX's SoapHeaderException",
          "[wire][fault][bytes]") {
  CHECK(WriteFault(FaultCode::kMustUnderstand, "SOAP header X was not understood.", SoapVersion::k11) ==
        std::string(kEnvelope11) +
            "<soap:Fault><faultcode>soap:MustUnderstand</"
            "faultcode><faultstring>SOAP header X was not "
            "understood.</faultstring></soap:Fault>" +
            std::string(kEnvelopeEnd));
  CHECK(WriteFault(FaultCode::kMustUnderstand, "SOAP header X was not understood.", SoapVersion::k12) ==
        std::string(kEnvelope12) +
            "<soap:Fault><soap:Code><soap:Value>soap:MustUnderstand</soap:Value></"
            "soap:Code><soap:Reason>"
            R"(<soap:Text xml:lang="en">SOAP header X was not understood.</soap:Text></soap:Reason>)"
            "</soap:Fault>" +
            std::string(kEnvelopeEnd));
}

TEST_CASE("WriteFault writes an empty message as an empty element and escapes any message",
          "[wire][fault][bytes]") {
  CHECK(Contains(WriteFault(FaultCode::kServer, "", SoapVersion::k11), "<faultstring /><detail />"));
  CHECK(Contains(WriteFault(FaultCode::kServer, "", SoapVersion::k12),
                 R"(<soap:Reason><soap:Text xml:lang="en" /></soap:Reason>)"));
  // A SOAPAction echoed back may hold anything a client sent.
  CHECK(Contains(WriteFault(FaultCode::kClient, "SOAPAction: \x01<x>\xFF", SoapVersion::k12),
                 ">SOAPAction: \xEF\xBF\xBD&lt;x&gt;\xEF\xBF\xBD</soap:Text>"));
}

// ---------------------------------------------------------------------------
// Well-formedness of every output shape.

TEST_CASE("Every writer output is well-formed XML with one SOAP envelope", "[wire][writer][wellformed]") {
  std::vector<std::string> outputs;
  for (SoapVersion v : {SoapVersion::k11, SoapVersion::k12}) {
    for (Profile p : {Profile::kSandbox, Profile::kProduction}) {
      outputs.push_back(WriteDidResponse("getDIDs", testing::FullDidResponse(), p, v));
      outputs.push_back(WriteDidResponse("auditDIDs", model::DidResponse{}, p, v));
      outputs.push_back(WritePortResponse("getPortDetails", testing::FullPortResponse(), p, v));
      outputs.push_back(WritePortResponse("isPortable", model::PortResponse{}, p, v));
    }
    for (FaultCode c :
         {FaultCode::kClient, FaultCode::kServer, FaultCode::kVersionMismatch, FaultCode::kMustUnderstand}) {
      outputs.push_back(WriteFault(c, "bad <input> \x02", v));
    }
  }
  for (const std::string& out : outputs) {
    INFO(out);
    pugi::xml_document doc;
    pugi::xml_parse_result parsed =
        doc.load_buffer(out.data(), out.size(), pugi::parse_default | pugi::parse_declaration);
    REQUIRE(parsed);
    CHECK(std::string_view(doc.document_element().name()) == "soap:Envelope");
    // No indentation of our own (text never holds a raw '>': it is escaped).
    CHECK(out.find(">\n") == std::string::npos);
    CHECK(out.find(">\t") == std::string::npos);
    // Nothing outside the XML 1.0 Char range (C0 controls other than tab/LF/CR).
    for (unsigned char ch : out) {
      if (ch < 0x20) CHECK((ch == '\t' || ch == '\n' || ch == '\r'));
    }
  }
}

// The writer copies text that needs no escaping as is and hands anything else
// to AppendXmlText: every special byte, at every position of an eight-byte
// word and across word boundaries, must come out as AppendXmlText writes it.
TEST_CASE("Element text is escaped as AppendXmlText escapes it, wherever the special byte falls",
          "[wire][response][escape]") {
  const std::vector<std::string> specials = {"&",    "<",        ">",    "\t",       "\n",
                                             "\r",   "\x01",     "\x7F", "\xC3\xA9", "\xEF\xBF\xBE",
                                             "\xFF", "\xE2\x82", "\"",   "'"};
  std::size_t checked = 0;
  for (const std::string& special : specials) {
    for (std::size_t at = 0; at <= 17; ++at) {
      std::string text = std::string(at, 'a') + special + std::string(17 - at, 'b');
      model::DidResponse r;
      r.response_code = 100;
      model::DidLocator l;
      l.rate_center = text;
      r.did_locators.push_back(l);
      const std::string body = wire::WriteDidResponse("getDIDs", r, Profile::kSandbox, SoapVersion::k11);
      std::string expected = "<rateCenter>";
      wire::AppendXmlText(expected, text);
      expected += "</rateCenter>";
      INFO("special byte(s) " << special.size() << " at " << at);
      CHECK(body.find(expected) != std::string::npos);
      ++checked;
    }
  }
  CHECK(checked == specials.size() * 18);
}
