// The request dialects real clients send (docs/wire-contract.md §2.3):
// the server must accept all of them and read them alike.
#include <catch2/catch.hpp>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {

httplib::Result Raw(httplib::Client& c, const std::string& body, const httplib::Headers& headers,
                    const char* content_type = "text/xml; charset=utf-8",
                    const char* path = "/VOIP/Services/APIService.asmx") {
  return c.Post(path, headers, body, content_type);
}

const httplib::Headers kQueryAction{{"SOAPAction", "\"http://tempuri.org/queryDID\""}};

std::string CodeOf(const httplib::Result& r) {
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  return FirstText(r->body, "responseCode");
}

}  // namespace

TEST_CASE("Any envelope and payload prefixes are read alike", "[soap][dialect]") {
  RunningServer s;
  auto& c = s.client();
  const char* bodies[] = {
      // SOAP-ENV and tns prefixes
      R"(<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://tempuri.org/"><SOAP-ENV:Body><tns:queryDID><tns:login>sandbox</tns:login><tns:secret>sandbox</tns:secret><tns:did>4352154006</tns:did></tns:queryDID></SOAP-ENV:Body></SOAP-ENV:Envelope>)",
      // env / ns0, namespace declared on the envelope
      R"(<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns0="http://tempuri.org/"><env:Body><ns0:queryDID><ns0:login>sandbox</ns0:login><ns0:secret>sandbox</ns0:secret><ns0:did>4352154006</ns0:did></ns0:queryDID></env:Body></env:Envelope>)",
      // soap-env with a Header, default namespace on the operation
      R"(<?xml version="1.0"?><soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Header/><soap-env:Body><queryDID xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret><did>4352154006</did></queryDID></soap-env:Body></soap-env:Envelope>)",
      // default namespace on the envelope itself, rebound inside
      R"(<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><queryDID xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret><did>4352154006</did></queryDID></Body></Envelope>)",
      // login/secret last, xsi:type attributes, UTF-8 BOM
      "\xEF\xBB\xBF<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body><queryDID "
      "xmlns=\"http://tempuri.org/\"><did xsi:type=\"xsd:string\">4352154006</did><login "
      "xsi:type=\"xsd:string\">sandbox</login><secret>sandbox</secret></queryDID></soap:Body></"
      "soap:Envelope>",
  };
  for (const char* body : bodies) {
    CAPTURE(body);
    auto r = Raw(c, body, kQueryAction);
    CHECK(CodeOf(r) == "100");
    CHECK(FirstText(r->body, "availability") == "Available");
  }
}

TEST_CASE("SOAPAction quoted, unquoted or missing and SOAP 1.2 with and without action", "[soap][dialect]") {
  RunningServer s;
  auto& c = s.client();
  std::string body = Envelope11(
      "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
      "<did>4352154006</did></queryDID>");
  CHECK(CodeOf(Raw(c, body, {{"SOAPAction", "\"http://tempuri.org/queryDID\""}})) == "100");
  CHECK(CodeOf(Raw(c, body, {{"SOAPAction", "http://tempuri.org/queryDID"}})) == "100");
  CHECK(CodeOf(Raw(c, body, {})) == "100");  // the SOAP 1.2 rules: routed by the Body element
  CHECK(CodeOf(Raw(c, body, {{"SOAPAction", "\"http://tempuri.org/query%44ID\""}})) == "100");

  std::string body12 = Envelope12(
      "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
      "<did>4352154006</did></queryDID>");
  CHECK(CodeOf(Raw(c, body12, {},
                   "application/soap+xml; charset=utf-8; action=\"http://tempuri.org/queryDID\"")) == "100");
  CHECK(CodeOf(Raw(c, body12, {}, "application/soap+xml; charset=utf-8")) == "100");
  CHECK(CodeOf(Raw(c, body12, {}, "application/soap+xml; charset=utf-8; action=\"\"")) == "100");
  CHECK(CodeOf(Raw(c, body12, {}, "application/soap+xml;action=http://tempuri.org/queryDID;charset=utf-8")) ==
        "100");
}

TEST_CASE("Both service paths answer in either profile", "[soap][dialect]") {
  auto profile = GENERATE(wire::Profile::kSandbox, wire::Profile::kProduction);
  RunningServer s(TestConfig(profile));
  std::string payload =
      "<auditDIDs xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret></auditDIDs>";
  for (const char* path : {"/VOIP/Services/APIService.asmx", "/Services/APIService.asmx"}) {
    auto r = PostSoap11(s.client(), "auditDIDs", payload, path);
    CHECK(CodeOf(r) == "100");
  }
}

TEST_CASE("Unset parameters omitted, empty or nil with epg or none", "[soap][dialect]") {
  RunningServer s;
  auto& c = s.client();
  auto call = [&](std::string_view op, std::string_view children) {
    std::string payload =
        "<" + std::string(op) +
        " xmlns=\"http://tempuri.org/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        "<login>sandbox</login><secret>sandbox</secret>" +
        std::string(children) + "</" + std::string(op) + ">";
    auto r = PostSoap11(c, op, payload);
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    return r->body;
  };
  // getDIDs with empty and nil criteria beside the ones that count; a
  // 6-digit NPA+NXX in nxx; tier 0; flags as 1, true or false. The pinned
  // number 4352016526 (Tier 4, t38 and outbound CNAM: fixtures/pinned_numbers.tsv)
  // is among the answers exactly when its flags match, whatever the generator
  // adds around it.
  std::string r = call("getDIDs",
                       "<state></state><lata xsi:nil=\"true\"/><rateCenter/><npa></npa>"
                       "<nxx>435201</nxx><tier xsi:nil=\"true\"/><t38>true</t38><cnam>1</cnam>");
  CHECK(FirstText(r, "responseCode") == "100");
  CHECK(r.find("<tn>4352016526</tn>") != std::string::npos);
  r = call("getDIDs", "<nxx>435201</nxx><t38>true</t38><cnam>false</cnam><tier>4</tier>");
  CHECK(r.find("<tn>4352016526</tn>") == std::string::npos);
  // Tier 0 parses, and finds nothing: it is only ever a ported number's tier.
  r = call("getDIDs", "<npa>801</npa><tier>0</tier>");
  CHECK(FirstText(r, "responseCode") == "101");
  r = call("getDIDs", "<npa>801</npa><tier>1</tier>");
  CHECK(FirstText(r, "responseCode") == "100");
  CHECK(FirstText(r, "tier") == "1");
  // DIDParam children in any order; none at all for a release by tn.
  r = call("assignDID",
           "<didParams><DIDParam><epg>8674</epg><refId>x</refId><tn>4352154006</tn></DIDParam></didParams>");
  CHECK(FirstText(r, "statusCode") == "100");
  r = call("configDID", "<didParams><DIDParam><tn>4352154006</tn><epg>8675</epg></DIDParam></didParams>");
  CHECK(FirstText(r, "status") == "Reconfigured to endpoint '8675' rewritten as '4352154006' Tier 2");
  r = call("releaseDID", "<didParams><DIDParam><tn>4352154006</tn></DIDParam></didParams>");
  CHECK(FirstText(r, "statusCode") == "100");
  // epg 0, as WSDL-driven clients send it when unused, on a reserve.
  r = call("reserveDID",
           "<didParams><DIDParam><tn>4352154006</tn><cnam "
           "xsi:nil=\"true\"/><refId/><epg>0</epg></DIDParam></didParams>");
  CHECK(FirstText(r, "statusCode") == "100");
  // Several DIDParams: one DID each, in request order.
  r = call("reserveDID",
           "<didParams><DIDParam><tn>4352016526</tn><epg>0</epg></DIDParam>"
           "<DIDParam><tn>4352154006</tn><epg>0</epg></DIDParam></didParams>");
  CHECK(CountElements(r, "DID") == 2);
  CHECK(r.find("<statusCode>100</statusCode>") < r.find("<statusCode>103220</statusCode>"));
}

TEST_CASE("Children outside http://tempuri.org/ are ignored, as the real deserializer does",
          "[soap][dialect]") {
  RunningServer s;
  // Unqualified login/secret (no default namespace in scope): 902, exactly
  // what the live service answers.
  std::string body =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
      "<tns:queryDID xmlns:tns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
      "<tns:did>4352154006</tns:did></tns:queryDID></soap:Body></soap:Envelope>";
  CHECK(CodeOf(Raw(s.client(), body, kQueryAction)) == "902");
  // Unknown elements in the right namespace are ignored too.
  std::string extra = Envelope11(
      "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
      "<did>4352154006</did><color>blue</color></queryDID>");
  CHECK(CodeOf(Raw(s.client(), extra, kQueryAction)) == "100");
}

// The 2018 production bug: a client sent endpointId instead of epg. The real
// deserializer skips it like any unknown element, epg stays unset, and the
// assignment fails; the emulator must fail it too, and say why in its log.
TEST_CASE("endpointId is not epg: assignDID and configDID fail as on the real service", "[soap][dialect]") {
  std::FILE* log = std::tmpfile();
  REQUIRE(log != nullptr);
  auto v12 = GENERATE(false, true);
  CAPTURE(v12);
  {
    auto config = TestConfig();
    config.log = log;
    RunningServer s(config);
    auto call = [&](std::string_view op, std::string_view param) {
      std::string payload = "<" + std::string(op) +
                            " xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
                            "<didParams><DIDParam>" +
                            std::string(param) + "</DIDParam></didParams></" + std::string(op) + ">";
      auto r = v12 ? PostSoap12(s.client(), op, payload) : PostSoap11(s.client(), op, payload);
      REQUIRE(r);
      INFO(r->body);
      REQUIRE(r->status == 200);
      CHECK(FirstText(r->body, "responseCode") == "100");
      return r->body;
    };
    std::string r = call("assignDID", "<tn>4352154006</tn><endpointId>8674</endpointId>");
    CHECK(FirstText(r, "statusCode") == "104258");
    CHECK(FirstText(r, "status") == "You do not own the specified Endpoint Group");
    r = call("assignDID", "<tn>4352154006</tn><epg>8674</epg>");
    REQUIRE(FirstText(r, "statusCode") == "100");
    r = call("configDID", "<tn>4352154006</tn><endpointId>8675</endpointId>");
    CHECK(FirstText(r, "statusCode") == "105258");
    r = call("releaseDID", "<tn>4352154006</tn><epg>0</epg>");
    CHECK(FirstText(r, "statusCode") == "100");
  }
  std::fflush(log);
  std::rewind(log);
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, log)) > 0;) text.append(buf, n);
  std::fclose(log);
  INFO(text);
  CHECK(text.find("op=assignDID account=sandbox result=100 status=200") != std::string::npos);
  CHECK(text.find("note=\"ignored: DIDParam/endpointId (not in the schema; did you mean epg?)\"") !=
        std::string::npos);
  CHECK(text.find("op=configDID account=sandbox result=100 status=200") != std::string::npos);
}

// XmlSerializer reads each parameter once: the first of repeated children
// counts, the rest are skipped.
TEST_CASE("Repeated children: the first one counts", "[soap][dialect]") {
  auto v12 = GENERATE(false, true);
  CAPTURE(v12);
  RunningServer s;
  auto call = [&](std::string_view op, std::string_view children) {
    std::string payload = "<" + std::string(op) + " xmlns=\"http://tempuri.org/\">" + std::string(children) +
                          "</" + std::string(op) + ">";
    auto r = v12 ? PostSoap12(s.client(), op, payload) : PostSoap11(s.client(), op, payload);
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    return r->body;
  };
  // The first login is wrong: 902, though a right one follows.
  std::string r = call(
      "queryDID", "<login>nobody</login><login>sandbox</login><secret>sandbox</secret><did>4352154006</did>");
  CHECK(FirstText(r, "responseCode") == "902");
  // The first did counts: the recorded toll-free locator, not 4352154006.
  r = call("reserveDID",
           "<login>sandbox</login><secret>sandbox</secret><login>other</login><secret>other</secret>"
           "<didParams><DIDParam><tn>8772207304</tn><epg>0</epg><tn>4352154006</tn><epg>x</epg></DIDParam>"
           "</didParams>");
  CHECK(FirstText(r, "responseCode") == "100");
  CHECK(FirstText(r, "tn") == "8772207304");
  CHECK(FirstText(r, "statusCode") == "100");
  r = call("queryDID",
           "<login>sandbox</login><secret>sandbox</secret><did>4352154006</did><did>8772207304</did>");
  CHECK(FirstText(r, "tn") == "4352154006");
  CHECK(FirstText(r, "availability") == "Available");
  // Search criteria: npa 435 first, then 212 (no stock): answers from 435.
  r = call("getDIDs",
           "<login>sandbox</login><secret>sandbox</secret><npa>435</npa><npa>212</npa><nxx>201</nxx>");
  CHECK(FirstText(r, "responseCode") == "100");
  CHECK(r.find("<tn>4352016526</tn>") != std::string::npos);
}

TEST_CASE("Text split by comments or wrapped in CDATA reads whole", "[soap][dialect]") {
  RunningServer s;
  for (const char* did : {"435<!-- split -->2154006", "<![CDATA[4352154006]]>", "4352<?pi x?>154006"}) {
    CAPTURE(did);
    std::string body = Envelope11(std::string("<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login>"
                                              "<secret>sandbox</secret><did>") +
                                  did + "</did></queryDID>");
    auto r = Raw(s.client(), body, kQueryAction);
    CHECK(CodeOf(r) == "100");
    CHECK(FirstText(r->body, "tn") == "4352154006");
  }
  // A NUL reference never truncates the number to a shorter valid one.
  std::string nul = Envelope11(
      "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login>"
      "<secret>sandbox</secret><did>435&#0;2154006</did></queryDID>");
  auto r = Raw(s.client(), nul, kQueryAction);
  REQUIRE(r);
  CHECK(r->status == 400);
}
