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
  // Every 200 and 500 answer, faults included, starts with the XML
  // declaration; ASMX writes no body for any other status.
  if (r->status == 200 || r->status == 500) {
    REQUIRE(r->body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0) == 0);
  } else if (r->status != 405) {
    CHECK(r->body.empty());
  }
  CHECK(r->get_header_value("EXCEPTION_WHAT").empty());
  return {r->status, FirstText(r->body, "faultcode"), FirstText(r->body, "faultstring"), r->body};
}

// The SOAP 1.2 fault parts of `body`.
std::string Code12(const std::string& body) { return FirstText(body, "Value"); }
std::string Reason12(const std::string& body) { return FirstText(body, "Text"); }

constexpr const char* kSoap12Type = "application/soap+xml; charset=utf-8";
std::string Soap12Type(std::string_view action) {
  return std::string(kSoap12Type) + "; action=\"" + std::string(action) + "\"";
}

constexpr const char* kUpgrade =
    "<soap:Header><soap12:Upgrade xmlns:soap12=\"http://www.w3.org/2003/05/soap-envelope\">"
    "<soap12:SupportedEnvelope qname=\"soap:Envelope\" "
    "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" />"
    "<soap12:SupportedEnvelope qname=\"soap12:Envelope\" "
    "xmlns:soap12=\"http://www.w3.org/2003/05/soap-envelope\" "
    "/></soap12:Upgrade></soap:Header><soap:Body>";

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

TEST_CASE("A present but empty SOAPAction is an unknown action", "[soap][transport]") {
  RunningServer s;
  // SOAPAction: "" (what WSDL-driven clients send for an empty action), and
  // a SOAPAction with no value at all (which httplib 0.11.4 alone would
  // drop).
  for (const char* value : {"\"\"", ""}) {
    CAPTURE(value);
    Answer a = Post(s.client(), Envelope11(kQuery), {{"SOAPAction", value}});
    CHECK(a.status == 500);
    CHECK(a.faultcode == "soap:Client");
    CHECK(a.faultstring == "Server did not recognize the value of HTTP Header SOAPAction: .");
  }
}

TEST_CASE("An action naming another operation than the Body runs that operation without parameters",
          "[soap][transport]") {
  RunningServer s;
  // SOAP 1.1: the SOAPAction routes; the queryDID wrapper is skipped.
  Answer a = Post(s.client(), Envelope11(kQuery), {{"SOAPAction", "\"http://tempuri.org/auditDIDs\""}});
  CHECK(a.status == 200);
  CHECK(a.body.find("<auditDIDsResponse") != std::string::npos);
  CHECK(FirstText(a.body, "responseCode") == "902");
  // SOAP 1.2: the action parameter routes the same way.
  auto r = s.client().Post(kPath, Envelope12(kQuery), Soap12Type("http://tempuri.org/auditDIDs").c_str());
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == kSoap12Type);
  CHECK(r->body.find("<auditDIDsResponse") != std::string::npos);
  CHECK(FirstText(r->body, "responseCode") == "902");
}

TEST_CASE("An empty Body runs the routed operation without parameters", "[soap][transport]") {
  RunningServer s;
  for (const char* body : {"", "  "}) {
    Answer a = Post(s.client(), Envelope11(body), kAction);
    CHECK(a.status == 200);
    CHECK(FirstText(a.body, "responseCode") == "902");
    auto r = s.client().Post(kPath, Envelope12(body), Soap12Type("http://tempuri.org/queryDID").c_str());
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("<queryDIDResponse") != std::string::npos);
    CHECK(FirstText(r->body, "responseCode") == "902");
  }
  // With nothing to route it (no action, no element), the SOAP 1.2 rules
  // ask for an action, in the envelope's version.
  Answer none = Post(s.client(), Envelope11(""), {});
  CHECK(none.status == 500);
  CHECK(none.faultcode == "soap:Client");
  CHECK(none.faultstring ==
        "Unable to handle request without a valid action parameter. Please supply a valid soap action.");
}

TEST_CASE("An envelope without a Body is a Client fault, or a Server fault when routing met it",
          "[soap][transport]") {
  RunningServer s;
  const std::string no_body11 =
      "<soap:Envelope "
      "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header/></soap:Envelope>";
  const std::string no_body12 = "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"/>";
  const std::string missing = "Request format is invalid: Missing required soap:Body element.";
  Answer a = Post(s.client(), no_body11, kAction);
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:Client");
  CHECK(a.faultstring == "Server was unable to read request. ---> " + missing);
  auto r = s.client().Post(kPath, no_body12, Soap12Type("http://tempuri.org/queryDID").c_str());
  REQUIRE(r);
  CHECK(r->status == 500);
  CHECK(Code12(r->body) == "soap:Sender");
  CHECK(Reason12(r->body) == "Server was unable to read request. ---> " + missing);
  // No action: the SOAP 1.2 rules look for the Body to route by, and the
  // exception surfaces as "unable to process" (Server), in the envelope's
  // version.
  Answer b = Post(s.client(), no_body11, {});
  CHECK(b.status == 500);
  CHECK(b.faultcode == "soap:Server");
  CHECK(b.faultstring == "Server was unable to process request. ---> " + missing);
  auto r12 = s.client().Post(kPath, no_body12, kSoap12Type);
  REQUIRE(r12);
  CHECK(r12->status == 500);
  CHECK(Code12(r12->body) == "soap:Receiver");
  CHECK(Reason12(r12->body) == "Server was unable to process request. ---> " + missing);
}

TEST_CASE("Unreadable XML is HTTP 400 with the ASMX reader's text", "[soap][transport]") {
  RunningServer s;
  auto& c = s.client();
  struct Case {
    const char* name;
    std::string body;
  };
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<a>";
  Case cases[] = {
      {"unclosed tag", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"},
      {"empty body", ""},
      {"whitespace only", "  \n "},
      {"DOCTYPE (billion laughs)",
       "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>" +
           Envelope11(kQuery).substr(38)},
      {"XXE", "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>"},
      {"two roots", Envelope11(kQuery) + "<x/>"},
      {"trailing text", Envelope11(kQuery) + "garbage"},
      {"invalid UTF-8",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><login>\xC3\x28</login></queryDID>")},
      {"NUL character reference",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did>555&#0;1234567</did></queryDID>")},
      {"surrogate reference",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did>&#xD800;</did></queryDID>")},
      {"too deep", Envelope11(kQuery.substr(0, kQuery.size() - 11) + deep)},
      {"two Bodies", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" +
                         kQuery + "</soap:Body><soap:Body/></soap:Envelope>"},
      {"Header after Body",
       "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" + kQuery +
           "</soap:Body><soap:Header/></soap:Envelope>"},
      {"two operations", Envelope11(kQuery + kQuery)},
      {"undeclared prefix on the operation",
       Envelope11("<t:queryDID><t:did>4352154006</t:did></t:queryDID>")},
      {"empty local name", Envelope11("<auditDIDs: xmlns=\"http://tempuri.org/\"/>")},
      {"undeclared attribute prefix",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did q:nil=\"true\"/></queryDID>")},
      {"UTF-16 body", std::string("\xFF\xFE<\0s\0/\0>\0", 10)},
      {"raw control character",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did>555\x01</did></queryDID>")},
      {"overlong UTF-8",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><did>\xC0\xAF</did></queryDID>")},
      // XmlReader refuses these; pugixml alone would not.
      {"duplicate attribute",
       Envelope11(
           "<queryDID xmlns=\"http://tempuri.org/\" a=\"1\" a=\"2\"><did>4352154006</did></queryDID>")},
      {"comment before the XML declaration", "<!-- c --><?xml version=\"1.0\"?>" + Envelope11(kQuery)},
      {"white space before the XML declaration", "\n<?xml version=\"1.0\"?>" + Envelope11(kQuery)},
      {"overlong name",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><" + std::string(2000, 'd') + "/></queryDID>")},
      {"overlong attribute value",
       Envelope11("<queryDID xmlns=\"http://tempuri.org/\" a=\"" + std::string(20'000, 'v') + "\"/>")},
  };
  for (const Case& k : cases) {
    CAPTURE(k.name);
    // ASMX writes a fault only for 500: a 400 has an empty body.
    auto r = c.Post(kPath, kAction, k.body, "text/xml; charset=utf-8");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(r->body.empty());
    CHECK(r->get_header_value("Content-Type") == "text/xml; charset=utf-8");
  }
  // SOAP 1.2 with an action that routes: the same, in 1.2's media type.
  const std::string cases12[] = {
      "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body>",
      "",
      "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>",
      Envelope12("<queryDID xmlns=\"http://tempuri.org/\"><login>\xC3\x28</login></queryDID>"),
      Envelope12(kQuery + kQuery),
      Envelope12("<queryDID xmlns=\"http://tempuri.org/\" a=\"1\" a=\"2\"><did>4352154006</did></queryDID>"),
      "<!-- c --><?xml version=\"1.0\"?>" + Envelope12(kQuery),
  };
  for (const std::string& body : cases12) {
    CAPTURE(body);
    auto r12 = c.Post(kPath, body, Soap12Type("http://tempuri.org/queryDID").c_str());
    REQUIRE(r12);
    CHECK(r12->status == 400);
    CHECK(r12->body.empty());
    CHECK(r12->get_header_value("Content-Type") == kSoap12Type);
  }
  // A SOAP 1.1 envelope that is readable up to its root but not beyond,
  // sent as application/soap+xml: the media type is checked first (415).
  auto mixed = c.Post(kPath, Envelope11(kQuery + kQuery), Soap12Type("http://tempuri.org/queryDID").c_str());
  REQUIRE(mixed);
  CHECK(mixed->status == 415);
  CHECK(mixed->body.empty());
  // The 10,000-element cap holds for siblings too.
  std::string many;
  for (int i = 0; i < 25'000; ++i) many += "<b/>";
  Answer a = Post(c, Envelope11("<queryDID xmlns=\"http://tempuri.org/\">" + many + "</queryDID>"), kAction);
  CHECK(a.status == 400);
}

TEST_CASE("A root outside the SOAP namespaces is a VersionMismatch with the Upgrade header",
          "[soap][transport]") {
  RunningServer s;
  struct Case {
    std::string body;
    std::string ns;
  };
  const Case cases[] = {
      {"<soap:Envelope xmlns:soap=\"urn:not-soap\"><soap:Body>" + kQuery + "</soap:Body></soap:Envelope>",
       "urn:not-soap"},
      {kQuery, "http://tempuri.org/"},  // not an Envelope at all
      {"<Envelope><Body>" + kQuery + "</Body></Envelope>", ""},
  };
  for (const Case& k : cases) {
    CAPTURE(k.body);
    // .NET formats an empty namespace as nothing: two spaces.
    const std::string expected = "Possible SOAP version mismatch: Envelope namespace " + k.ns +
                                 " was unexpected. Expecting http://schemas.xmlsoap.org/soap/envelope/.";
    for (bool soap12 : {false, true}) {
      CAPTURE(soap12);
      auto r = soap12 ? s.client().Post(kPath, k.body, Soap12Type("http://tempuri.org/queryDID").c_str())
                      : s.client().Post(kPath, kAction, k.body, "text/xml; charset=utf-8");
      REQUIRE(r);
      CHECK(r->status == 500);
      // Always the SOAP 1.1 form (CheckHelperVersion falls back to it).
      CHECK(r->get_header_value("Content-Type") == "text/xml; charset=utf-8");
      CHECK(FirstText(r->body, "faultcode") == "soap:VersionMismatch");
      CHECK(FirstText(r->body, "faultstring") == expected);
      CHECK(r->body.find(kUpgrade) != std::string::npos);
    }
  }
  // A root in a SOAP namespace that is not an Envelope.
  Answer b =
      Post(s.client(), "<soap:Body xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"/>", kAction);
  CHECK(b.status == 500);
  CHECK(b.faultcode == "soap:Client");
  CHECK(b.faultstring ==
        "Server was unable to read request. ---> Request format is invalid: Missing required soap:Envelope "
        "element.");
}

TEST_CASE("The envelope's namespace decides the version: a SOAP 1.2 envelope as text/xml is answered as 1.2",
          "[soap][transport]") {
  RunningServer s;
  for (const httplib::Headers& headers : {kAction, httplib::Headers{}}) {
    auto r = s.client().Post(kPath, headers, Envelope12(kQuery), "text/xml; charset=utf-8");
    REQUIRE(r);
    INFO(r->body);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == kSoap12Type);
    CHECK(r->body.find("<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"") !=
          std::string::npos);
    CHECK(FirstText(r->body, "responseCode") == "100");
  }
}

TEST_CASE("A wrong media type is 415 with no body, a form POST without SOAPAction a SOAP 1.2 fault",
          "[soap][transport]") {
  RunningServer s;
  for (const char* ct :
       {"application/json", "text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
    CAPTURE(ct);
    auto r = s.client().Post(kPath, kAction, Envelope11(kQuery), ct);
    REQUIRE(r);
    CHECK(r->status == 415);
    CHECK(r->body.empty());
    CHECK(r->get_header_value("Content-Type") == "text/xml; charset=utf-8");
    // Routing comes first: an unknown SOAPAction is still its fault.
    Answer a = Post(s.client(), Envelope11(kQuery), {{"SOAPAction", "urn:nothing"}}, ct);
    CHECK(a.status == 500);
    CHECK(a.faultstring == "Server did not recognize the value of HTTP Header SOAPAction: urn:nothing.");
  }
  // A SOAP 1.1 envelope sent as application/soap+xml.
  Answer a = Post(s.client(), Envelope11(kQuery), {}, "application/soap+xml; charset=utf-8");
  CHECK(a.status == 415);
  CHECK(a.body.empty());
  // A 9 KB form-typed body gets our 415, not httplib's hidden 8 KiB limit.
  Answer big = Post(s.client(), Envelope11(kQuery + std::string(9000, ' ')), kAction,
                    "application/x-www-form-urlencoded");
  CHECK(big.status == 415);
  // A form POST without SOAPAction: guessed to be SOAP 1.2, and reading it
  // to find the Body fails.
  auto form = s.client().Post(kPath, "login=sandbox&secret=sandbox", "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 500);
  CHECK(form->get_header_value("Content-Type") == kSoap12Type);
  CHECK(Code12(form->body) == "soap:Receiver");
  CHECK(Reason12(form->body) ==
        "Server was unable to process request. ---> Data at the root level is invalid. Line 1, position 1.");
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

TEST_CASE("A nil or empty int field is a Client fault placed where .NET's reader stands, in both versions",
          "[soap][transport]") {
  RunningServer s;
  auto& c = s.client();
  const std::string op =
      "<getPortDetails xmlns=\"http://tempuri.org/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
      "<login>sandbox</login><secret>sandbox</secret><portId xsi:nil=\"true\"/></getPortDetails>";
  // The reader stands on </getPortDetails>, at its name.
  auto fault_for = [](const std::string& body) {
    const std::size_t column = body.find("</getPortDetails>") + 3;
    return "Server was unable to read request. ---> There is an error in XML document (1, " +
           std::to_string(column) + "). ---> Input string was not in a correct format.";
  };
  const std::string v11 = Envelope11(op);
  Answer a = Post(c, v11, {{"SOAPAction", "\"http://tempuri.org/getPortDetails\""}});
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:Client");
  CHECK(a.faultstring == fault_for(v11));
  const std::string v12 = Envelope12(op);
  auto b = c.Post(kPath, v12, Soap12Type("http://tempuri.org/getPortDetails").c_str());
  REQUIRE(b);
  CHECK(b->status == 500);
  CHECK(b->get_header_value("Content-Type") == kSoap12Type);
  CHECK(Code12(b->body) == "soap:Sender");
  CHECK(Reason12(b->body) == fault_for(v12));
  // An empty epg in assignDID: nothing is assigned.
  Answer e = Post(c,
                  Envelope11("<assignDID xmlns=\"http://tempuri.org/\"><login>sandbox</login>"
                             "<secret>sandbox</secret><didParams><DIDParam><tn>4352154006</tn>"
                             "<epg></epg></DIDParam></didParams></assignDID>"),
                  {{"SOAPAction", "\"http://tempuri.org/assignDID\""}});
  CHECK(e.status == 500);
  CHECK(e.faultstring.find("Input string was not in a correct format.") != std::string::npos);
  auto q = PostSoap11(c, "queryDID", kQuery);
  REQUIRE(q);
  CHECK(FirstText(q->body, "availability") == "Available");
}

TEST_CASE("A string field holding an element is a Client fault, in both versions, and changes nothing",
          "[soap][transport]") {
  RunningServer s;
  auto& c = s.client();
  // XmlSerializer's ReadElementString stops on <b/>, at its name.
  auto fault_for = [](const std::string& body) {
    const std::string at = std::to_string(body.find("<b/>") + 2);
    return "Server was unable to read request. ---> There is an error in XML document (1, " + at +
           "). ---> Unexpected node type Element. ReadElementString method can only be called on elements "
           "with simple or empty content. Line 1, position " +
           at + ".";
  };
  const std::string query =
      "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
      "<did>43<b/>52154006</did></queryDID>";
  const std::string v11 = Envelope11(query);
  Answer a = Post(c, v11, kAction);
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:Client");
  CHECK(a.faultstring == fault_for(v11));
  const std::string v12 = Envelope12(query);
  auto b = c.Post(kPath, v12, Soap12Type("http://tempuri.org/queryDID").c_str());
  REQUIRE(b);
  CHECK(b->status == 500);
  CHECK(b->get_header_value("Content-Type") == kSoap12Type);
  CHECK(Code12(b->body) == "soap:Sender");
  CHECK(Reason12(b->body) == fault_for(v12));

  // In a DIDParam: the reservation is not made.
  const std::string reserve = Envelope11(
      "<reserveDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret><didParams>"
      "<DIDParam><tn>43<b/>52154006</tn></DIDParam></didParams></reserveDID>");
  Answer r = Post(c, reserve, {{"SOAPAction", "\"http://tempuri.org/reserveDID\""}});
  CHECK(r.status == 500);
  CHECK(r.faultstring == fault_for(reserve));
  // In the credentials, and an int field too.
  Answer login = Post(c,
                      Envelope11("<queryDID xmlns=\"http://tempuri.org/\"><login>sand<b/>box</login>"
                                 "<secret>sandbox</secret><did>4352154006</did></queryDID>"),
                      kAction);
  CHECK(login.status == 500);
  CHECK(login.faultstring.find("ReadElementString") != std::string::npos);
  Answer port = Post(c,
                     Envelope11("<getPortDetails xmlns=\"http://tempuri.org/\"><login>sandbox</login>"
                                "<secret>sandbox</secret><portId>1<b/></portId></getPortDetails>"),
                     {{"SOAPAction", "\"http://tempuri.org/getPortDetails\""}});
  CHECK(port.status == 500);
  CHECK(port.faultstring.find("ReadElementString") != std::string::npos);
  auto q = PostSoap11(c, "queryDID", kQuery);
  REQUIRE(q);
  CHECK(FirstText(q->body, "availability") == "Available");
}

TEST_CASE("The SOAP 1.2 rules route by the action, else the Body, else fault in the envelope's version",
          "[soap][transport]") {
  RunningServer s;
  auto& c = s.client();
  // An action that names nothing falls back to the Body's element.
  auto by_body = c.Post(kPath, Envelope12(kQuery), Soap12Type("urn:nothing").c_str());
  REQUIRE(by_body);
  CHECK(by_body->status == 200);
  CHECK(FirstText(by_body->body, "responseCode") == "100");
  // Neither names an operation.
  const std::string other = "<nothing xmlns=\"http://tempuri.org/\"/>";
  auto r = c.Post(kPath, Envelope12(other), Soap12Type("urn:nothing").c_str());
  REQUIRE(r);
  CHECK(r->status == 500);
  CHECK(r->get_header_value("Content-Type") == kSoap12Type);
  CHECK(Code12(r->body) == "soap:Sender");
  CHECK(Reason12(r->body) == "Unable to handle request. The action 'urn:nothing' was not recognized.");
  auto none = c.Post(kPath, Envelope12(other), kSoap12Type);
  REQUIRE(none);
  CHECK(none->status == 500);
  CHECK(Code12(none->body) == "soap:Sender");
  CHECK(Reason12(none->body) ==
        "Unable to handle request without a valid action parameter. Please supply a valid soap action.");
  // A SOAP 1.1 envelope without SOAPAction follows the same rules, answered
  // in 1.1.
  Answer a = Post(c, Envelope11(other), {});
  CHECK(a.status == 500);
  CHECK(a.faultcode == "soap:Client");
  CHECK(a.faultstring ==
        "Unable to handle request without a valid action parameter. Please supply a valid soap action.");
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

TEST_CASE("CR and LF reach the response raw, as XmlTextWriter writes element text", "[soap][transport]") {
  RunningServer s;
  // A refId sent with character references for CR and LF is echoed by
  // reserveDID; XmlTextWriter writes both characters as they are.
  std::string payload =
      "<reserveDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
      "<didParams><DIDParam><tn>4352154006</tn><refId>a&#xD;&#xA;b&#xD;c</refId><epg>0</epg></DIDParam>"
      "</didParams></reserveDID>";
  auto r11 = PostSoap11(s.client(), "reserveDID", payload);
  REQUIRE(r11);
  INFO(r11->body);
  CHECK(r11->body.find("<refId>a\r\nb\rc</refId>") != std::string::npos);
  CHECK(r11->body.find("&#xD;") == std::string::npos);
  auto r12 =
      PostSoap12(s.client(), "queryDID",
                 "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
                 "<did>4352154006</did></queryDID>");
  REQUIRE(r12);
  INFO(r12->body);
  CHECK(r12->body.find("<refId>a\r\nb\rc</refId>") != std::string::npos);
  CHECK(r12->body.find("&#xD;") == std::string::npos);
}

TEST_CASE("Faults that quote an XmlException give .NET's wording with the real line and position",
          "[soap][transport]") {
  RunningServer s;
  // The SOAP 1.2 rules with no action read the document to route it; the
  // XmlException surfaces unwrapped in a Receiver fault.
  const std::string open12 = "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\">";
  struct Case {
    std::string body;
    std::string says;
  };
  const Case cases[] = {
      {"", "Root element is missing."},
      {open12 + "\n<soap:Body></soap:Envelop>",
       "The 'soap:Body' start tag on line 2 position 2 does not match the end tag of 'soap:Envelop'. Line 2, "
       "position 14."},
      {open12 + "<soap:Body>",
       "Unexpected end of file has occurred. The following elements are not closed: soap:Body, "
       "soap:Envelope. "
       "Line 1, position " +
           std::to_string(open12.size() + 12) + "."},
      {open12 + "<soap:Body>\x01",
       "'\x01', hexadecimal value 0x01, is an invalid character. Line 1, position " +
           std::to_string(open12.size() + 12) + "."},
  };
  for (const Case& k : cases) {
    CAPTURE(k.body);
    auto r = s.client().Post(kPath, k.body, kSoap12Type);
    REQUIRE(r);
    CHECK(r->status == 500);
    CHECK(r->get_header_value("Content-Type") == kSoap12Type);
    CHECK(Code12(r->body) == "soap:Receiver");
    // The control character is not XML: the writer puts U+FFFD in its place.
    std::string says = k.says;
    if (std::size_t at = says.find('\x01'); at != std::string::npos) says.replace(at, 1, "\xEF\xBF\xBD");
    CHECK(Reason12(r->body) == "Server was unable to process request. ---> " + says);
  }
}
