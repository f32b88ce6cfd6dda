// The response reader against recorded answers of the real service
// (fixtures/soap, both profiles), against the response writer in both
// profiles and SOAP versions, and against answers that are not results.
#include "wire/response_reader.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "model/date_time.h"
#include "tests/testing/model_samples.h"
#include "wire/response_writer.h"

using namespace vi;
using wire::Profile;
using wire::ResponseError;
using wire::SoapVersion;

namespace {

std::string Fixture(const std::string& relative) {
  const std::string path = std::string(VI_FIXTURES_DIR) + "/soap/" + relative + "/response.xml";
  std::ifstream in(path, std::ios::binary);
  INFO("fixture " << path);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

model::DidResponse DidOk(const std::string& body, std::string_view op) {
  auto r = wire::ReadDidResponse(body, op);
  if (!r) FAIL_CHECK("read failed: " << r.error().message);
  REQUIRE(r.has_value());
  return std::move(r).value();
}

model::PortResponse PortOk(const std::string& body, std::string_view op) {
  auto r = wire::ReadPortResponse(body, op);
  if (!r) FAIL_CHECK("read failed: " << r.error().message);
  REQUIRE(r.has_value());
  return std::move(r).value();
}

ResponseError DidFails(const std::string& body, std::string_view op = "queryDID") {
  auto r = wire::ReadDidResponse(body, op);
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

constexpr std::string_view kOpen11 =
    R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>)";
constexpr std::string_view kClose = "</soap:Body></soap:Envelope>";

std::string Wrap(std::string_view payload) {
  return std::string(kOpen11) + std::string(payload) + std::string(kClose);
}

}  // namespace

TEST_CASE("response reader: recorded sandbox assignDID (one-item list, sentinel date)") {
  model::DidResponse r = DidOk(Fixture("assignDID/recorded-success"), "assignDID");
  CHECK(r.response_code == 100);
  CHECK(r.response_message == "Success");
  REQUIRE(r.dids.size() == 1);
  CHECK(r.dids[0].tn == "4352154006");
  CHECK(r.dids[0].status_code == "100");
  CHECK(r.dids[0].tier == "2");
  CHECK(r.dids[0].endpoint_id == 0);
  CHECK(r.dids[0].expire_date == model::kSentinelDate);
  CHECK(r.did_locators.empty());
  CHECK(r.did_counts.empty());
  CHECK_FALSE(r.conference_line.has_value());  // sandbox shape: no ConferenceLine
}

TEST_CASE("response reader: recorded production queryDID (Network, milliseconds, ConferenceLine)") {
  model::DidResponse r = DidOk(Fixture("queryDID/recorded-assigned"), "queryDID");
  REQUIRE(r.dids.size() == 1);
  const model::Did& d = r.dids[0];
  CHECK(d.tn == "4353198001");
  CHECK(d.availability == "assigned");
  CHECK(d.network == "Onvoy");
  CHECK(d.ref_id == "");
  CHECK(d.endpoint_id == 13550);
  REQUIRE(d.expire_date.has_value());
  CHECK(model::FormatDateTime(*d.expire_date) == "2013-11-25T17:32:48.707");
  CHECK(d.cnam);
  CHECK(d.cnam_storage_availability);
  CHECK(d.t38);
  CHECK_FALSE(d.has411);
  CHECK(r.did_groups.empty());
  REQUIRE(r.conference_line.has_value());
  CHECK_FALSE(r.conference_line->enabled);
}

TEST_CASE("response reader: recorded production reserveDID echoes refId") {
  model::DidResponse r = DidOk(Fixture("reserveDID/recorded-success"), "reserveDID");
  CHECK(r.response_code == 100);
  REQUIRE(r.dids.size() == 1);
  CHECK(r.dids[0].ref_id == "bada55");
  CHECK(r.conference_line.has_value());
}

TEST_CASE("response reader: recorded auditDIDs dummy record and releaseDID 106231") {
  model::DidResponse audit = DidOk(Fixture("auditDIDs/recorded-empty"), "auditDIDs");
  CHECK(audit.response_code == 100);
  REQUIRE(audit.dids.size() == 1);
  CHECK(audit.dids[0].tn == "");
  CHECK(audit.dids[0].status_code == "101200");
  CHECK(audit.dids[0].status == "UNKNOWN");
  CHECK(audit.dids[0].tier == "-99999");
  model::DidResponse release = DidOk(Fixture("releaseDID/recorded-currently-available"), "releaseDID");
  REQUIRE(release.dids.size() == 1);
  CHECK(release.dids[0].status_code == "106231");
  CHECK(release.dids[0].status == "Number currently available");
  model::DidResponse config = DidOk(Fixture("configDID/recorded-success"), "configDID");
  CHECK(config.dids.size() == 1);
}

TEST_CASE("response reader: recorded getDIDs (three locators, empty DIDs and DIDCounts)") {
  model::DidResponse r = DidOk(Fixture("getDIDs/recorded-three-locators"), "getDIDs");
  CHECK(r.dids.empty());
  CHECK(r.did_counts.empty());
  REQUIRE(r.did_locators.size() == 3);
  CHECK(r.did_locators[0].tn == "4352016526");
  CHECK(r.did_locators[0].rate_center == "RICHFIELD");
  CHECK(r.did_locators[0].lata_id == 660);
  CHECK(r.did_locators[0].outbound_cnam);
  CHECK(r.did_locators[2].rate_center == "ST GEORGE");
}

TEST_CASE("response reader: recorded isPortable (nil dates) and getPortDetails 36623") {
  model::PortResponse p = PortOk(Fixture("isPortable/recorded-portable"), "isPortable");
  CHECK(p.is_portable);
  REQUIRE(p.port_details.has_value());
  CHECK(p.port_details->id == 0);
  CHECK_FALSE(p.port_details->submitted_date.has_value());
  CHECK_FALSE(p.port_details->foc_date.has_value());
  CHECK_FALSE(p.port_details->default_endpoint_group.has_value());
  CHECK_FALSE(p.port_details->dids.has_value());

  model::PortResponse d = PortOk(Fixture("getPortDetails/recorded-36623"), "getPortDetails");
  CHECK_FALSE(d.is_portable);
  REQUIRE(d.port_details.has_value());
  CHECK(d.port_details->id == 36623);
  CHECK(d.port_details->status == "PENDING SIGNATURE");
  CHECK(d.port_details->end_user == "Rob  Richey");
  CHECK_FALSE(d.port_details->sales_rep.has_value());
  CHECK(d.port_details->porting_from == "");
  REQUIRE(d.port_details->dids.has_value());
  REQUIRE(d.port_details->dids->size() == 1);
  CHECK((*d.port_details->dids)[0].lata == "999");
  CHECK((*d.port_details->dids)[0].rate_center == "TEST");
}

TEST_CASE("response reader: SOAP 1.1 and 1.2 faults give code and text") {
  ResponseError e11 = DidFails(Fixture("fault/soap11-client-unknown-action"));
  CHECK(e11.kind == ResponseError::Kind::kFault);
  CHECK(e11.fault_code == "soap:Client");
  CHECK(e11.message ==
        "Server did not recognize the value of HTTP Header SOAPAction: http://tempuri.org/noSuchOperation.");
  ResponseError e12 = DidFails(Fixture("fault/soap12-sender-unknown-action"));
  CHECK(e12.kind == ResponseError::Kind::kFault);
  CHECK(e12.fault_code == "soap:Sender");
  CHECK(e12.message.starts_with("Server did not recognize"));
  auto f = wire::ReadFault(Fixture("fault/soap12-sender-unknown-action"));
  REQUIRE(f.has_value());
  CHECK(f->code == "soap:Sender");
  CHECK_FALSE(wire::ReadFault(Fixture("queryDID/recorded-assigned")).has_value());
}

TEST_CASE("response reader: what the writer writes reads back, both profiles and versions") {
  for (SoapVersion v : {SoapVersion::k11, SoapVersion::k12}) {
    for (Profile p : {Profile::kSandbox, Profile::kProduction}) {
      model::DidResponse full = testing::FullDidResponse();
      for (model::Did& d : full.dids) {
        d.ref_id = "ref";  // the sample's refId holds bytes the writer replaces
        d.expire_date = model::kSentinelDate + model::Ticks(1'234'567);
      }
      model::DidResponse r = DidOk(wire::WriteDidResponse("getDIDs", full, p, v), "getDIDs");
      if (p == Profile::kProduction) {
        CHECK(r == full);
      } else {
        CHECK(r.dids.size() == full.dids.size());
        CHECK(r.dids[0].status == full.dids[0].status);
        CHECK(r.dids[0].expire_date == full.dids[0].expire_date);
        CHECK_FALSE(r.dids[0].network.has_value());
        CHECK(r.did_groups.empty());
        CHECK_FALSE(r.conference_line.has_value());
        CHECK(r.did_locators.size() == 1);
        CHECK(r.did_counts.size() == 1);
      }
      model::PortResponse port = testing::FullPortResponse();
      CHECK(PortOk(wire::WritePortResponse("getPortDetails", port, p, v), "getPortDetails") == port);
    }
  }
}

TEST_CASE("response reader: lenient about prefixes, order, unknown elements and missing lists") {
  model::DidResponse r = DidOk(
      Wrap(R"(<t:queryDIDResponse xmlns:t="http://tempuri.org/"><t:queryDIDResult>)"
           R"(<t:futureField>x</t:futureField><t:DIDs><t:DID><t:statusCode>100</t:statusCode>)"
           R"(<t:tn>1</t:tn><t:expireDate xsi:nil="true"/><t:extra><t:tn>2</t:tn></t:extra></t:DID></t:DIDs>)"
           R"(<t:responseCode> 101 </t:responseCode></t:queryDIDResult></t:queryDIDResponse>)"),
      "queryDID");
  CHECK(r.response_code == 101);
  CHECK_FALSE(r.response_message.has_value());
  REQUIRE(r.dids.size() == 1);
  CHECK(r.dids[0].tn == "1");
  CHECK_FALSE(r.dids[0].expire_date.has_value());
  CHECK(r.did_locators.empty());
}

TEST_CASE("response reader: malformed answers are errors, never half-filled values") {
  const std::string good = Fixture("queryDID/recorded-assigned");
  struct Case {
    const char* what;
    std::string body;
  };
  const Case cases[] = {
      {"empty body", ""},
      {"whitespace only", "  \r\n"},
      {"truncated XML", good.substr(0, good.size() / 2)},
      {"HTML error page",
       "<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' "
       "Application.</h1></body></html>"},
      {"wrong root", R"(<?xml version="1.0"?><Envelope><Body/></Envelope>)"},
      {"not XML at all", "Service Unavailable"},
      {"no Body", R"(<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>)"},
      {"empty Body", Wrap("")},
      {"another operation's response",
       Wrap(
           R"(<auditDIDsResponse xmlns="http://tempuri.org/"><auditDIDsResult><responseCode>100</responseCode></auditDIDsResult></auditDIDsResponse>)")},
      {"response without result", Wrap(R"(<queryDIDResponse xmlns="http://tempuri.org/"/>)")},
      {"result without responseCode",
       Wrap(R"(<queryDIDResponse xmlns="http://tempuri.org/"><queryDIDResult/></queryDIDResponse>)")},
      {"responseCode not a number",
       Wrap(
           R"(<queryDIDResponse xmlns="http://tempuri.org/"><queryDIDResult><responseCode>ok</responseCode></queryDIDResult></queryDIDResponse>)")},
      {"bool not a bool",
       Wrap(
           R"(<queryDIDResponse xmlns="http://tempuri.org/"><queryDIDResult><responseCode>100</responseCode><DIDs><DID><t38>yes</t38></DID></DIDs></queryDIDResult></queryDIDResponse>)")},
      {"DOCTYPE", R"(<!DOCTYPE x [<!ENTITY a "b">]><x/>)"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    ResponseError e = DidFails(c.body);
    CHECK(e.kind == ResponseError::Kind::kMalformed);
    CHECK_FALSE(e.message.empty());
    CHECK(e.fault_code.empty());
  }
  auto port = wire::ReadPortResponse("<html/>", "isPortable");
  REQUIRE_FALSE(port.has_value());
  CHECK(port.error().kind == ResponseError::Kind::kMalformed);
}
