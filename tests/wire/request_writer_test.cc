// The request writer against its mirror image: every request it writes is
// read back by the emulator's own request reader (wire/request_reader.h)
// with nothing skipped, and one request is pinned byte for byte.
#include "wire/request_writer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "wire/request_reader.h"

using namespace vi;
using wire::Profile;
using wire::SoapVersion;

namespace {

const model::Credentials kCreds{"sandbox", "s3cr<t&"};

wire::SoapRequest ParseOk(const std::string& body) {
  auto r = wire::SoapRequest::Parse(body);
  INFO(body);
  REQUIRE(r.has_value());
  return std::move(r).value();
}

}  // namespace

TEST_CASE("request writer: SOAP 1.1 queryDID is written exactly as the WSDL says") {
  CHECK(
      wire::WriteQueryDidRequest({"me", "pw"}, "4352154006", SoapVersion::k11) ==
      R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body><queryDID xmlns="http://tempuri.org/"><login>me</login><secret>pw</secret><did>4352154006</did></queryDID></soap:Body></soap:Envelope>)");
}

TEST_CASE("request writer: headers carry the quoted SOAPAction (1.1) or the action parameter (1.2)") {
  wire::HttpRequestHeaders h11 = wire::RequestHeaders("reserveDID", SoapVersion::k11);
  CHECK(h11.content_type == "text/xml; charset=utf-8");
  CHECK(h11.soap_action == "\"http://tempuri.org/reserveDID\"");
  wire::HttpRequestHeaders h12 = wire::RequestHeaders("reserveDID", SoapVersion::k12);
  CHECK(h12.content_type == R"(application/soap+xml; charset=utf-8; action="http://tempuri.org/reserveDID")");
  CHECK(h12.soap_action.empty());
}

TEST_CASE("request writer: every request reads back through the request reader, nothing skipped") {
  for (SoapVersion v : {SoapVersion::k11, SoapVersion::k12}) {
    INFO("SOAP " << (v == SoapVersion::k11 ? "1.1" : "1.2"));
    {
      wire::SoapRequest r = ParseOk(wire::WriteAuditDidsRequest(kCreds, v));
      CHECK(r.version() == v);
      CHECK(r.operation() == "auditDIDs");
      CHECK(r.operation_namespace() == "http://tempuri.org/");
      CHECK(r.ReadCredentials().secret == "s3cr<t&");
      CHECK(r.ReadCredentials().login == "sandbox");
      CHECK(r.IgnoredElements().empty());
    }
    {
      wire::SoapRequest r = ParseOk(wire::WriteQueryDidRequest(kCreds, "4352154006", v));
      r.ReadCredentials();
      CHECK(r.ReadField("did") == "4352154006");
      CHECK(r.IgnoredElements().empty());
    }
    {
      wire::SoapRequest r = ParseOk(wire::WriteIsPortableRequest(kCreds, "4352154006", v));
      r.ReadCredentials();
      CHECK(r.operation() == "isPortable");
      CHECK(r.ReadField("tn") == "4352154006");
      CHECK(r.IgnoredElements().empty());
    }
    {
      wire::SoapRequest r = ParseOk(wire::WriteGetPortDetailsRequest(kCreds, 36623, v));
      r.ReadCredentials();
      auto port = r.ReadPortId();
      REQUIRE(port.has_value());
      CHECK(*port == 36623);
      CHECK(r.IgnoredElements().empty());
    }
    for (const char* op : {"reserveDID", "assignDID", "configDID", "releaseDID"}) {
      std::vector<model::DidParam> params(2);
      params[0].tn = "4352154006";
      params[0].cnam = "1";
      params[0].ref_id = "mine";
      params[0].epg = 8674;
      params[1].tn = "4352154974";  // no epg: written as 0
      wire::SoapRequest r = ParseOk(wire::WriteDidParamsRequest(op, kCreds, params, v));
      CHECK(r.operation() == op);
      r.ReadCredentials();
      auto read = r.ReadDidParams();
      REQUIRE(read.has_value());
      REQUIRE(read->size() == 2);
      CHECK((*read)[0].tn == "4352154006");
      CHECK((*read)[0].cnam == "1");
      CHECK((*read)[0].ref_id == "mine");
      CHECK((*read)[0].epg == 8674);
      CHECK((*read)[1].epg == 0);
      CHECK_FALSE((*read)[1].cnam.has_value());
      CHECK(r.IgnoredElements().empty());
    }
    for (const char* op : {"getDIDs", "getDIDCount"}) {
      model::SearchRequest s;
      s.state = "UT";
      s.lata = "660";
      s.rate_center = "ST GEORGE";
      s.npa = "435";
      s.nxx = "215";
      s.tier = "2";
      s.t38 = "1";
      s.cnam = "0";
      s.sms = "1";
      s.network = "VI";
      s.orderby = "tier";
      for (Profile p : {Profile::kSandbox, Profile::kProduction}) {
        const bool prod = p == Profile::kProduction;
        std::string body = wire::WriteSearchRequest(op, kCreds, s, p, v);
        wire::SoapRequest r = ParseOk(body);
        r.ReadCredentials();
        model::SearchRequest got = r.ReadSearch(prod);
        if (std::string_view(op) == "getDIDCount") CHECK(r.ReadField("orderby") == "tier");
        CHECK(got.state == "UT");
        CHECK(got.lata == "660");
        CHECK(got.rate_center == "ST GEORGE");
        CHECK(got.npa == "435");
        CHECK(got.nxx == "215");
        CHECK(got.tier == "2");
        CHECK(got.t38 == "1");
        CHECK(got.cnam == "0");
        CHECK(got.sms == (prod ? "1" : ""));
        CHECK(got.network == (prod ? "VI" : ""));
        CHECK((body.find("<sms>") != std::string::npos) == prod);
        CHECK(r.IgnoredElements().empty());
      }
    }
  }
}

TEST_CASE("request writer: children follow WSDL order and unset search strings are omitted") {
  model::SearchRequest s;
  s.npa = "435";
  s.state = "UT";
  s.orderby = "rateCenter";
  std::string body =
      wire::WriteSearchRequest("getDIDCount", {"a", "b"}, s, Profile::kProduction, SoapVersion::k11);
  CHECK(body.find(
            "<login>a</login><secret>b</secret><state>UT</state><npa>435</npa><orderby>rateCenter</orderby>"
            "</getDIDCount>") != std::string::npos);
  CHECK(body.find("<lata>") == std::string::npos);
  std::string dids = wire::WriteSearchRequest("getDIDs", {"a", "b"}, s, Profile::kSandbox, SoapVersion::k11);
  CHECK(dids.find("orderby") == std::string::npos);  // not a getDIDs parameter
  std::string p =
      wire::WriteDidParamsRequest("releaseDID", {"a", "b"}, {{"4352154006", {}, {}, {}}}, SoapVersion::k12);
  CHECK(p.find("<didParams><DIDParam><tn>4352154006</tn><epg>0</epg></DIDParam></didParams>") !=
        std::string::npos);
  CHECK(p.find(R"(xmlns:soap="http://www.w3.org/2003/05/soap-envelope")") != std::string::npos);
}
