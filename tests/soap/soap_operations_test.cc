// Every operation over HTTP, in both profiles and both SOAP versions, against
// the real server on an ephemeral port. Where a recorded real response
// exists, the answer is pinned to the fixture written from it.
#include <catch2/catch.hpp>

#include "model/date_time.h"
#include "tests/testing/running_server.h"
#include "tests/testing/xml_equivalent.h"

using namespace vi;
using namespace vi::testing;

namespace {

constexpr std::string_view kCreds = "<login>sandbox</login><secret>sandbox</secret>";

std::string Op(std::string_view op, std::string_view children) {
  return "<" + std::string(op) + " xmlns=\"http://tempuri.org/\">" + std::string(kCreds) +
         std::string(children) + "</" + std::string(op) + ">";
}

std::string Params(std::string_view tn, int epg, std::string_view ref_id = "") {
  return "<didParams><DIDParam><tn>" + std::string(tn) + "</tn><cnam>0</cnam><refId>" + std::string(ref_id) +
         "</refId><epg>" + std::to_string(epg) + "</epg></DIDParam></didParams>";
}

void RequireEquivalent(const std::string& got, std::string_view fixture) {
  std::string diff;
  INFO("fixture " << fixture << "\nresponse: " << got);
  bool same = XmlEquivalent(got, ReadFixture(fixture), &diff);
  INFO("first difference: " << diff);
  REQUIRE(same);
}

// Posts in the given SOAP version and checks the envelope basics.
std::string Call(httplib::Client& c, wire::SoapVersion v, std::string_view op, std::string_view children) {
  auto res =
      v == wire::SoapVersion::k11 ? PostSoap11(c, op, Op(op, children)) : PostSoap12(c, op, Op(op, children));
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  REQUIRE(res->body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope ", 0) == 0);
  if (v == wire::SoapVersion::k11) {
    CHECK(res->get_header_value("Content-Type") == "text/xml; charset=utf-8");
    CHECK(res->body.find("xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"") != std::string::npos);
  } else {
    CHECK(res->get_header_value("Content-Type") == "application/soap+xml; charset=utf-8");
    CHECK(res->body.find("xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"") != std::string::npos);
  }
  CHECK(res->body.find("<" + std::string(op) + "Response xmlns=\"http://tempuri.org/\"><" + std::string(op) +
                       "Result>") != std::string::npos);
  return res->body;
}

// The SOAP 1.2 version of a 1.1 fixture: only the envelope namespace differs.
std::string As12(std::string xml) {
  const std::string from = "http://schemas.xmlsoap.org/soap/envelope/";
  xml.replace(xml.find(from), from.size(), "http://www.w3.org/2003/05/soap-envelope");
  return xml;
}

void RequireEquivalentIn(wire::SoapVersion v, const std::string& got, std::string_view fixture) {
  if (v == wire::SoapVersion::k11) return RequireEquivalent(got, fixture);
  std::string diff;
  bool same = XmlEquivalent(got, As12(ReadFixture(fixture)), &diff);
  INFO("fixture " << fixture << " (as SOAP 1.2)\nresponse: " << got << "\nfirst difference: " << diff);
  REQUIRE(same);
}

}  // namespace

TEST_CASE("The recorded sandbox flow, answer for answer, in SOAP 1.1 and 1.2", "[soap][http][fixtures]") {
  auto v = GENERATE(wire::SoapVersion::k11, wire::SoapVersion::k12);
  RunningServer s;
  auto& c = s.client();

  // auditDIDs with nothing held: the recorded dummy record.
  RequireEquivalentIn(v, Call(c, v, "auditDIDs", ""), "soap/auditDIDs/recorded-empty/response.xml");
  // assignDID 4352154006 to 8674, then configDID to 8675: recorded.
  RequireEquivalentIn(v, Call(c, v, "assignDID", Params("4352154006", 8674)),
                      "soap/assignDID/recorded-success/response.xml");
  RequireEquivalentIn(v, Call(c, v, "configDID", Params("4352154006", 8675)),
                      "soap/configDID/recorded-success/response.xml");
  // releaseDID of a number nobody holds: top-level Success, DID 106231.
  RequireEquivalentIn(v, Call(c, v, "releaseDID", Params("4352154974", 0)),
                      "soap/releaseDID/recorded-currently-available/response.xml");
  // isPortable: true with the empty PortDetails shape.
  RequireEquivalentIn(v, Call(c, v, "isPortable", "<tn>4352010000</tn>"),
                      "soap/isPortable/recorded-portable/response.xml");
  // getPortDetails of port 36623.
  RequireEquivalentIn(v, Call(c, v, "getPortDetails", "<portId>36623</portId>"),
                      "soap/getPortDetails/recorded-36623/response.xml");
}

TEST_CASE("The recorded production answers: reserveDID and the production-only elements",
          "[soap][http][fixtures][production]") {
  auto v = GENERATE(wire::SoapVersion::k11, wire::SoapVersion::k12);
  RunningServer s(TestConfig(wire::Profile::kProduction));  // the default: the sentinel, as recorded
  std::string got = Call(s.client(), v, "reserveDID", Params("4358797726", 0, "bada55"));
  RequireEquivalentIn(v, got, "soap/reserveDID/recorded-success/response.xml");
  // Its own reservation in queryDID and auditDIDs: the sentinel too.
  CHECK(FirstText(Call(s.client(), v, "queryDID", "<did>4358797726</did>"), "expireDate") ==
        "1900-01-01T00:00:00");
  CHECK(FirstText(Call(s.client(), v, "auditDIDs", ""), "expireDate") == "1900-01-01T00:00:00");
}

TEST_CASE("queryDID of one's own number has the recorded production shape", "[soap][http][production]") {
  auto v = GENERATE(wire::SoapVersion::k11, wire::SoapVersion::k12);
  RunningServer s(TestConfig(wire::Profile::kProduction));
  auto& c = s.client();
  // Reserved 30 minutes before the recorded expireDate and assigned a little
  // later: the number shows the expiry its reservation had (our reading of
  // the recorded value), to the millisecond.
  auto reserved_at = model::ParseDateTime("2013-11-25T17:02:48.707");
  REQUIRE(reserved_at.has_value());
  s.base_clock().Set(*reserved_at);
  REQUIRE(FirstText(Call(c, v, "reserveDID", Params("4353198001", 0)), "statusCode") == "100");
  s.base_clock().Advance(std::chrono::minutes(7));
  Call(c, v, "assignDID", Params("4353198001", 8674));
  std::string got = Call(c, v, "queryDID", "<did>4353198001</did>");
  // The recorded answer, with our account's endpoint group and no CNAM dip.
  std::string want = ReadFixture("soap/queryDID/recorded-assigned/response.xml");
  for (auto [from, to] :
       {std::pair<std::string, std::string>{"13550", "8674"}, {"<cnam>true</cnam>", "<cnam>false</cnam>"}}) {
    for (std::size_t at = want.find(from); at != std::string::npos; at = want.find(from, at + to.size())) {
      want.replace(at, from.size(), to);
    }
  }
  if (v == wire::SoapVersion::k12) want = As12(want);
  std::string diff;
  INFO(got);
  bool same = XmlEquivalent(got, want, &diff);
  INFO(diff);
  CHECK(same);
  // Later, and long after the expiry itself: unchanged.
  s.base_clock().Advance(std::chrono::hours(24));
  CHECK(FirstText(Call(c, v, "queryDID", "<did>4353198001</did>"), "expireDate") ==
        "2013-11-25T17:32:48.707");
}

TEST_CASE("expireDate options: real shows reservations' expiry, sentinel shows nothing else",
          "[soap][http]") {
  auto v = GENERATE(wire::SoapVersion::k11, wire::SoapVersion::k12);
  SECTION("real") {
    auto config = TestConfig();
    config.sandbox.expire_date = core::ExpireDate::kReal;
    RunningServer s(config);
    std::string r = Call(s.client(), v, "reserveDID", Params("4352154006", 0));
    CHECK(FirstText(r, "expireDate") == "2026-01-15T12:30:00");  // the manual clock + 30 min
    r = Call(s.client(), v, "queryDID", "<did>4352154006</did>");
    CHECK(FirstText(r, "expireDate") == "2026-01-15T12:30:00");
  }
  SECTION("sentinel") {
    auto config = TestConfig();
    config.sandbox.expire_date = core::ExpireDate::kSentinel;
    RunningServer s(config);
    Call(s.client(), v, "reserveDID", Params("4352154006", 0));
    Call(s.client(), v, "assignDID", Params("4352154006", 8674));
    std::string r = Call(s.client(), v, "queryDID", "<did>4352154006</did>");
    CHECK(FirstText(r, "availability") == "assigned");
    CHECK(FirstText(r, "expireDate") == "1900-01-01T00:00:00");
  }
}

TEST_CASE("getDIDs locators have the recorded structure in each profile", "[soap][http]") {
  auto profile = GENERATE(wire::Profile::kSandbox, wire::Profile::kProduction);
  auto v = GENERATE(wire::SoapVersion::k11, wire::SoapVersion::k12);
  RunningServer s(TestConfig(profile));
  std::string got = Call(s.client(), v, "getDIDs", "<state>UT</state><npa>435</npa><nxx>201</nxx>");
  CHECK(FirstText(got, "responseCode") == "100");
  CHECK(CountElements(got, "DIDLocator") >= 2);
  // The recorded locator of 4352016526, byte for byte up to the profile's
  // extra fields.
  CHECK(got.find("<DIDLocator><tn>4352016526</tn><rateCenter>RICHFIELD</rateCenter><state>UT</state>"
                 "<tier>4</tier><lataId>660</lataId><outboundCNAM>true</outboundCNAM><t38>true</t38>") !=
        std::string::npos);
  // Each profile writes only what its WSDL declares.
  if (profile == wire::Profile::kSandbox) {
    CHECK(got.find("<sms>") == std::string::npos);
    CHECK(got.find("<network>") == std::string::npos);
    CHECK(got.find("DIDGroups") == std::string::npos);
    CHECK(got.find("ConferenceLine") == std::string::npos);
    CHECK(got.find("<t38>true</t38></DIDLocator>") != std::string::npos);
  } else {
    CHECK(got.find("<sms>") != std::string::npos);
    CHECK(got.find("<DIDGroups />") != std::string::npos);
    CHECK(got.find("<ConferenceLine><Enabled>false</Enabled></ConferenceLine>") != std::string::npos);
  }
}

TEST_CASE("Every operation answers in both profiles and SOAP versions", "[soap][http]") {
  auto profile = GENERATE(wire::Profile::kSandbox, wire::Profile::kProduction);
  auto v = GENERATE(wire::SoapVersion::k11, wire::SoapVersion::k12);
  RunningServer s(TestConfig(profile));
  auto& c = s.client();
  std::string tn = "4352016526";

  std::string r = Call(c, v, "getDIDCount", "<state>UT</state><orderby>rc</orderby>");
  CHECK(FirstText(r, "responseCode") == "100");
  CHECK(CountElements(r, "DIDCount") >= 1);
  CHECK(FirstText(r, "state") == "UT");

  r = Call(c, v, "queryDID", "<did>" + tn + "</did>");
  CHECK(FirstText(r, "availability") == "Available");
  r = Call(c, v, "reserveDID", Params(tn, 0, "ref-1"));
  CHECK(FirstText(r, "statusCode") == "100");
  CHECK(FirstText(r, "status") == "Reserved for 30 minutes -- Will be Tier 4");
  CHECK(FirstText(r, "refId") == "ref-1");
  CHECK(FirstText(r, "expireDate") == "1900-01-01T00:00:00");  // as recorded
  r = Call(c, v, "auditDIDs", "");
  CHECK(FirstText(r, "tn") == tn);
  CHECK(FirstText(r, "availability") == "reserved");
  r = Call(c, v, "assignDID", Params(tn, 8674));
  CHECK(FirstText(r, "status") == "Assigned to endpoint '8674' rewritten as '4352016526' Tier 4");
  r = Call(c, v, "configDID", Params(tn, 8675));
  CHECK(FirstText(r, "status") == "Reconfigured to endpoint '8675' rewritten as '4352016526' Tier 4");
  r = Call(c, v, "queryDID", "<did>" + tn + "</did>");
  CHECK(FirstText(r, "endpointId") == "8675");
  CHECK(FirstText(r, "status") ==
        "Number currently assigned to you with refid 'ref-1' rewritten as '4352016526' to endpoint '8675'");
  r = Call(c, v, "releaseDID", Params(tn, 0));
  CHECK(FirstText(r, "statusCode") == "100");
  CHECK(FirstText(r, "status") == "Released");
  r = Call(c, v, "isPortable", "<tn>8772207304</tn>");
  CHECK(FirstText(r, "IsPortable") == "false");
  r = Call(c, v, "getPortDetails", "<portId>1</portId>");
  CHECK(FirstText(r, "responseCode") == "101");
  CHECK(FirstText(r, "id") == "0");
}

TEST_CASE("Application failures are HTTP 200 with the API's codes", "[soap][http]") {
  RunningServer s;
  auto& c = s.client();
  auto bad = PostSoap11(c, "queryDID",
                        "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login>"
                        "<secret>nope</secret><did>4352154006</did></queryDID>");
  REQUIRE(bad);
  CHECK(bad->status == 200);
  CHECK(FirstText(bad->body, "responseCode") == "902");
  CHECK(FirstText(bad->body, "responseMessage") == "Username/password/IP not found");
  CHECK(bad->body.find("<DIDs /><DIDLocators /><DIDCounts />") != std::string::npos);

  std::string r = Call(c, wire::SoapVersion::k11, "getDIDs", "");
  CHECK(FirstText(r, "responseCode") == "302490");
  CHECK(FirstText(r, "responseMessage") == "No search criteria defined");
  r = Call(c, wire::SoapVersion::k11, "getDIDs", "<npa>4x5</npa>");
  CHECK(FirstText(r, "responseCode") == "900");
  CHECK(FirstText(r, "responseMessage") == "Invalid value for npa: '4x5'");
  r = Call(c, wire::SoapVersion::k11, "queryDID", "<did>12</did>");
  CHECK(FirstText(r, "responseCode") == "944");
  r = Call(c, wire::SoapVersion::k11, "reserveDID", Params("nope&lt;&amp;&gt;", 0));
  CHECK(FirstText(r, "statusCode") == "944");
  CHECK(FirstText(r, "tn") == "nope<&>");  // escaped on the wire, intact when read
}

TEST_CASE("TNs with 1 or +1 prefixes are 944 Invalid Number unless the server accepts them",
          "[soap][http][tn]") {
  auto v = GENERATE(wire::SoapVersion::k11, wire::SoapVersion::k12);
  SECTION("by default: invalid, top level for queryDID and isPortable, per DID in lists, echoed as sent") {
    RunningServer s;
    auto& c = s.client();
    for (std::string_view tn : {"+14352154006", "14352154006"}) {
      CAPTURE(tn);
      std::string r = Call(c, v, "queryDID", "<did>" + std::string(tn) + "</did>");
      CHECK(FirstText(r, "responseCode") == "944");
      CHECK(FirstText(r, "responseMessage") == "Invalid Number");
      CHECK(CountElements(r, "DID") == 0);
      r = Call(c, v, "isPortable", "<tn>" + std::string(tn) + "</tn>");
      CHECK(FirstText(r, "responseCode") == "944");
      r = Call(c, v, "reserveDID", Params(tn, 0, "r1"));
      CHECK(FirstText(r, "responseCode") == "100");
      CHECK(FirstText(r, "statusCode") == "944");
      CHECK(FirstText(r, "status") == "Invalid Number");
      CHECK(FirstText(r, "tn") == std::string(tn));
      CHECK(FirstText(r, "refId") == "r1");
      r = Call(c, v, "assignDID", Params(tn, 8674));
      CHECK(FirstText(r, "statusCode") == "944");
    }
    CHECK(s.server().sandbox().HoldingCount() == 0);
  }
  SECTION("accepted: normalised to the 10 digits") {
    auto config = TestConfig();
    config.sandbox.tn_prefix = core::TnPrefix::kAccept;
    RunningServer s(config);
    auto& c = s.client();
    std::string r = Call(c, v, "reserveDID", Params("+14352154006", 0));
    CHECK(FirstText(r, "statusCode") == "100");
    CHECK(FirstText(r, "tn") == "4352154006");
    r = Call(c, v, "queryDID", "<did>14352154006</did>");
    CHECK(FirstText(r, "responseCode") == "100");
    CHECK(FirstText(r, "availability") == "reserved");
    r = Call(c, v, "isPortable", "<tn>+14352154006</tn>");
    CHECK(FirstText(r, "responseCode") == "100");
  }
}

TEST_CASE("The 30-minute hold expires on the control API's clock", "[soap][http][clock]") {
  RunningServer s;
  auto& c = s.client();
  std::string r = Call(c, wire::SoapVersion::k11, "reserveDID", Params("4352154006", 0));
  REQUIRE(FirstText(r, "statusCode") == "100");
  auto adv = c.Post("/_admin/clock/advance", R"({"seconds": 1799.999})", "application/json");
  REQUIRE(adv);
  CHECK(adv->status == 200);
  CHECK(adv->body.find("\"now\":\"2026-01-15T12:29:59.999Z\"") != std::string::npos);
  r = Call(c, wire::SoapVersion::k11, "queryDID", "<did>4352154006</did>");
  CHECK(FirstText(r, "availability") == "reserved");
  c.Post("/_admin/clock/advance", R"({"seconds": 0.001})", "application/json");
  r = Call(c, wire::SoapVersion::k11, "queryDID", "<did>4352154006</did>");
  CHECK(FirstText(r, "availability") == "Available");
}
