// What the service does with requests it cannot take (docs/behaviour.md
// §6, docs/hardening.md §4 X and S): the ASMX
// status, fault code and text, never a crash.
#include <catch2/catch.hpp>

#include "tests/testing/running_server.h"
#include "tests/testing/xml_equivalent.h"

using namespace vi;
using namespace vi::testing;

namespace {

constexpr const char* kPath = "/VOIP/Services/APIService.asmx";
const std::string kQuery =
    "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
    "<did>4352154006</did></queryDID>";

struct Answer {
  int status;
  std::string faultcode;  // "soap:Client", ... ("" when not a 1.1 fault)
  std::string faultstring;
  std::string body;
};

Answer Post(httplib::Client& c, const std::string& body, const httplib::Headers& headers,
            const char* content_type = "text/xml; charset=utf-8") {
  auto r = c.Post(kPath, headers, body, content_type);
  REQUIRE(r);
  INFO(r->body);
  // Every answer, faults included, starts with the XML declaration.
  if (r->status != 405) REQUIRE(r->body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0) == 0);
  CHECK(r->get_header_value("EXCEPTION_WHAT").empty());
  return {r->status, FirstText(r->body, "faultcode"), FirstText(r->body, "faultstring"), r->body};
}

const httplib::Headers kAction{{"SOAPAction", "\"http://tempuri.org/queryDID\""}};

}  // namespace

TEST_CASE("An unknown SOAPAction is a Client fault naming it", "[soap][transport]") {
  RunningServer s;
  Answer a = Post(s.client(), Envelope11(kQuery), {{"SOAPAction", "\"urn:nothing\""}});
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:Client");
  CHECK(a.faultstring == "Server did not recognize the value of HTTP Header SOAPAction: urn:nothing.");
  std::string diff;
  std::string fixture = ReadFixture("soap/fault/soap11-client-unknown-action/response.xml");
  std::string expected_action = FirstText(fixture, "faultstring");
  CHECK(expected_action.rfind("Server did not recognize the value of HTTP Header SOAPAction: ", 0) == 0);
}

TEST_CASE("The vendor's other operations get a fault naming the ten", "[soap][transport]") {
  RunningServer s;
  std::string body = Envelope11(
      "<GetCountries "
      "xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret></GetCountries>");
  Answer a = Post(s.client(), body, {{"SOAPAction", "\"http://tempuri.org/GetCountries\""}});
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:Client");
  CHECK(a.faultstring.find("GetCountries is not emulated") != std::string::npos);
  CHECK(a.faultstring.find("auditDIDs, queryDID, assignDID, getDIDs, configDID, releaseDID, "
                           "reserveDID, isPortable, getDIDCount, getPortDetails") != std::string::npos);
}

TEST_CASE("A SOAPAction that disagrees with the Body is a Client fault", "[soap][transport]") {
  RunningServer s;
  Answer a = Post(s.client(), Envelope11(kQuery), {{"SOAPAction", "\"http://tempuri.org/auditDIDs\""}});
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:Client");
  CHECK(a.faultstring ==
        "Server was unable to read request. ---> There is an error in XML document "
        "(1, 1). ---> <queryDID xmlns='http://tempuri.org/'> was not expected.");
}

TEST_CASE("Unreadable XML is HTTP 400 with the ASMX reader's text", "[soap][transport]") {
  RunningServer s;
  auto& c = s.client();
  struct Case {
    const char* name;
    std::string body;
    const char* says;
  };
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<a>";
  Case cases[] = {
      {"unclosed tag", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>",
       "There is an error in XML document"},
      {"empty body", "", "Root element is missing."},
      {"whitespace only", "  \n ", "Root element is missing."},
      {"DOCTYPE (billion laughs)",
       "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>" +
           Envelope11(kQuery).substr(38),
       "DTD is prohibited"},
      {"XXE", "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>", "DTD is prohibited"},
      {"not an envelope", "<queryDID xmlns=\"http://tempuri.org/\"/>", "not a SOAP envelope"},
      {"two roots", Envelope11(kQuery) + "<x/>", "multiple root elements"},
      {"trailing text", Envelope11(kQuery) + "garbage", "Data at the root level is invalid."},
      {"invalid UTF-8",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><login>\xC3\x28</login></queryDID>"),
       "Invalid character"},
      {"NUL character reference",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did>555&#0;1234567</did></queryDID>"),
       "Invalid character reference"},
      {"surrogate reference",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did>&#xD800;</did></queryDID>"),
       "Invalid character reference"},
      {"too deep", Envelope11(kQuery.substr(0, kQuery.size() - 11) + deep),
       "There is an error in XML document"},
      {"no Body", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"></soap:Envelope>",
       "no Body"},
      {"two Bodies",
       "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" + kQuery +
           "</soap:Body><soap:Body/></soap:Envelope>",
       "Unexpected element"},
      {"Header after Body",
       "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" + kQuery +
           "</soap:Body><soap:Header/></soap:Envelope>",
       "Unexpected element"},
      {"two operations", Envelope11(kQuery + kQuery), "more than one element"},
      {"undeclared prefix on the operation", Envelope11("<t:queryDID><t:did>4352154006</t:did></t:queryDID>"),
       "'t' is an undeclared prefix."},
      {"empty local name", Envelope11("<auditDIDs: xmlns=\"http://tempuri.org/\"/>"),
       "not a valid qualified name"},
      {"undeclared attribute prefix",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did q:nil=\"true\"/></queryDID>"),
       "'q' is an undeclared prefix."},
      {"UTF-16 body", std::string("\xFF\xFE<\0s\0/\0>\0", 10), "Invalid character"},
      {"raw control character",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did>555\x01</did></queryDID>"),
       "Invalid character"},
      {"overlong UTF-8", Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did>\xC0\xAF</did></queryDID>"),
       "Invalid character"},
  };
  for (const Case& k : cases) {
    CAPTURE(k.name);
    Answer a = Post(c, k.body, kAction);
    CHECK(a.status == 400);
    CHECK(a.faultcode == "soap:Client");
    CHECK(a.faultstring.rfind("Server was unable to read request. ---> ", 0) == 0);
    CHECK(a.faultstring.find(k.says) != std::string::npos);
    CHECK(a.body.find("root:") == std::string::npos);  // never /etc/passwd
  }
  // The 10,000-element cap holds for siblings too.
  std::string many;
  for (int i = 0; i < 25'000; ++i) many += "<b/>";
  Answer a = Post(c, Envelope11("<queryDID xmlns=\"http://tempuri.org/\">" + many + "</queryDID>"), kAction);
  CHECK(a.status == 400);
  CHECK(a.faultstring.find("limits") != std::string::npos);
}

TEST_CASE("An envelope in neither SOAP namespace is a VersionMismatch", "[soap][transport]") {
  RunningServer s;
  std::string body =
      "<soap:Envelope xmlns:soap=\"urn:not-soap\"><soap:Body>" + kQuery + "</soap:Body></soap:Envelope>";
  Answer a = Post(s.client(), body, kAction);
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:VersionMismatch");
  // A SOAP 1.2 envelope sent as text/xml (SOAP 1.1) is one too.
  Answer b = Post(s.client(), Envelope12(kQuery), kAction);
  CHECK(b.status == 500);
  CHECK(b.faultcode == "soap:VersionMismatch");
}

TEST_CASE("Non-SOAP content types and a 1.1 envelope as soap+xml are 415", "[soap][transport]") {
  RunningServer s;
  for (const char* ct :
       {"application/json", "text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
    CAPTURE(ct);
    Answer a = Post(s.client(), Envelope11(kQuery), kAction, ct);
    CHECK(a.status == 415);
    CHECK(a.faultcode == "soap:Client");
  }
  Answer a = Post(s.client(), Envelope11(kQuery), {}, "application/soap+xml; charset=utf-8");
  CHECK(a.status == 415);
  // A 9 KB form-typed body gets our 415, not httplib's hidden 8 KiB limit.
  Answer big = Post(s.client(), Envelope11(kQuery + std::string(9000, ' ')), kAction,
                    "application/x-www-form-urlencoded");
  CHECK(big.status == 415);
}

TEST_CASE("A non-numeric int field is a Client fault", "[soap][transport]") {
  RunningServer s;
  auto& c = s.client();
  Answer a = Post(c,
                  Envelope11("<getPortDetails xmlns=\"http://tempuri.org/\"><login>sandbox</login>"
                             "<secret>sandbox</secret><portId>abc</portId></getPortDetails>"),
                  {{"SOAPAction", "\"http://tempuri.org/getPortDetails\""}});
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:Client");
  CHECK(a.faultstring.find("Input string was not in a correct format.") != std::string::npos);
  Answer b = Post(c,
                  Envelope11("<assignDID xmlns=\"http://tempuri.org/\"><login>sandbox</login>"
                             "<secret>sandbox</secret><didParams><DIDParam><tn>4352154006</tn>"
                             "<epg>86x4</epg></DIDParam></didParams></assignDID>"),
                  {{"SOAPAction", "\"http://tempuri.org/assignDID\""}});
  CHECK(b.status == 500);
  CHECK(b.faultstring.find("Input string was not in a correct format.") != std::string::npos);
  // Nothing was assigned by the failed request.
  auto q = PostSoap11(c, "queryDID", kQuery);
  REQUIRE(q);
  CHECK(FirstText(q->body, "availability") == "Available");
  Answer big =
      Post(c,
           Envelope11(
               "<getPortDetails xmlns=\"http://tempuri.org/\"><portId>99999999999</portId></getPortDetails>"),
           {{"SOAPAction", "\"http://tempuri.org/getPortDetails\""}});
  CHECK(big.status == 500);
  CHECK(big.faultstring.find("too large or too small for an Int32") != std::string::npos);
}

TEST_CASE("SOAP 1.2 faults use Sender and the 1.2 content type", "[soap][transport]") {
  RunningServer s;
  auto r = s.client().Post(kPath, Envelope12(kQuery),
                           "application/soap+xml; charset=utf-8; action=\"urn:nothing\"");
  REQUIRE(r);
  CHECK(r->status == 500);
  CHECK(r->get_header_value("Content-Type") == "application/soap+xml; charset=utf-8");
  CHECK(FirstText(r->body, "Value") == "soap:Sender");
  CHECK(FirstText(r->body, "Text") ==
        "Server did not recognize the value of HTTP Header SOAPAction: urn:nothing.");
}

TEST_CASE("mustUnderstand headers we do not know are refused", "[soap][transport]") {
  RunningServer s;
  std::string body =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header>"
      "<Auth xmlns=\"urn:x\" soap:mustUnderstand=\"1\"/></soap:Header><soap:Body>" +
      kQuery + "</soap:Body></soap:Envelope>";
  Answer a = Post(s.client(), body, kAction);
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:MustUnderstand");
  CHECK(a.faultstring == "SOAP header Auth was not understood.");
}

TEST_CASE("With --strict-soapaction, a missing SOAPAction is a fault on a missing SOAPAction",
          "[soap][transport]") {
  auto config = TestConfig();
  config.soap.strict_soapaction = true;
  RunningServer s(config);
  Answer a = Post(s.client(), Envelope11(kQuery), {});
  CHECK(a.status == 500);
  CHECK(a.faultstring ==
        "Unable to handle request without a valid action parameter. Please supply a valid soap action.");
}

TEST_CASE("GET serves the WSDL and the help pages and other methods are 405", "[soap][transport]") {
  auto profile = GENERATE(wire::Profile::kSandbox, wire::Profile::kProduction);
  RunningServer s(TestConfig(profile));
  auto& c = s.client();
  for (const char* q : {"?wsdl", "?WSDL"}) {
    auto w = c.Get((std::string(kPath) + q).c_str());
    REQUIRE(w);
    CHECK(w->status == 200);
    CHECK(w->body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0) == 0);
    std::string addr = "location=\"http://127.0.0.1:" + std::to_string(s.port()) + kPath + "\"";
    CHECK(w->body.find("<soap:address " + addr) != std::string::npos);
    CHECK(w->body.find("<soap12:address " + addr) != std::string::npos);
    CHECK(w->body.find("@SERVICE_URL@") == std::string::npos);
    bool production_types = w->body.find("name=\"ConferenceLine\"") != std::string::npos;
    CHECK(production_types == (profile == wire::Profile::kProduction));
  }
  auto w2 = c.Get("/Services/APIService.asmx?wsdl");
  REQUIRE(w2);
  CHECK(w2->body.find("location=\"http://127.0.0.1:" + std::to_string(s.port()) +
                      "/Services/APIService.asmx\"") != std::string::npos);
  // A Host header that is not a plain host[:port] is not echoed.
  auto evil = c.Get((std::string(kPath) + "?wsdl").c_str(), {{"Host", "a\"b<c>"}});
  REQUIRE(evil);
  CHECK(evil->body.find("a\"b<c>") == std::string::npos);

  auto page = c.Get(kPath);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find("?op=getPortDetails") != std::string::npos);
  auto op = c.Get((std::string(kPath) + "?op=reserveDID").c_str());
  REQUIRE(op);
  CHECK(op->status == 200);
  CHECK(op->body.find("SOAPAction: \"http://tempuri.org/reserveDID\"") != std::string::npos);
  auto none = c.Get((std::string(kPath) + "?op=nothing").c_str());
  REQUIRE(none);
  CHECK(none->status == 404);
  auto put = c.Put(kPath, "x", "text/xml");
  REQUIRE(put);
  CHECK(put->status == 405);
  CHECK(put->get_header_value("Allow") == "GET, POST");
  auto del = c.Delete(kPath);
  REQUIRE(del);
  CHECK(del->status == 405);
}

TEST_CASE("A server that binds a taken port fails loudly", "[soap][transport]") {
  RunningServer first;
  auto config = TestConfig();
  config.port = first.port();
  auto second = server::SandboxServer::Create(config);
  REQUIRE(second);
  auto bound = (*second)->Bind();
  REQUIRE_FALSE(bound);
  CHECK(bound.error().find("cannot bind 127.0.0.1:" + std::to_string(first.port())) == 0);
}
