// One schema per path, one state: by default /VOIP/Services/APIService.asmx
// speaks the sandbox schema and /Services/APIService.asmx the production
// schema at the same time, over the same holdings (a client that caches a
// WSDL by URL never sees one schema under the other's URL).
#include <catch2/catch.hpp>
#include <string>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {

constexpr const char* kSandbox = "/VOIP/Services/APIService.asmx";
constexpr const char* kProduction = "/Services/APIService.asmx";

server::SandboxServerConfig PerPath() {
  server::SandboxServerConfig c = TestConfig();
  c.profile_per_path = true;
  return c;
}

std::string Payload(const std::string& op, const std::string& children) {
  return "<" + op + " xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>" +
         children + "</" + op + ">";
}

std::string Post(httplib::Client& c, bool soap12, const std::string& op, const std::string& children,
                 const char* path) {
  auto r = soap12 ? PostSoap12(c, op, Payload(op, children), path)
                  : PostSoap11(c, op, Payload(op, children), path);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return r->body;
}

}  // namespace

TEST_CASE("Each service path serves its own schema by default", "[soap][profile]") {
  RunningServer s(PerPath());
  auto sandbox_wsdl = s.client().Get(std::string(kSandbox) + "?wsdl");
  auto production_wsdl = s.client().Get(std::string(kProduction) + "?wsdl");
  REQUIRE(sandbox_wsdl);
  REQUIRE(production_wsdl);
  CHECK(sandbox_wsdl->body.find("DIDGroups") == std::string::npos);
  CHECK(production_wsdl->body.find("DIDGroups") != std::string::npos);
  for (bool soap12 : {false, true}) {
    INFO((soap12 ? "SOAP 1.2" : "SOAP 1.1"));
    const std::string criteria = "<npa>435</npa><nxx>201</nxx>";
    std::string sandbox = Post(s.client(), soap12, "getDIDs", criteria, kSandbox);
    std::string production = Post(s.client(), soap12, "getDIDs", criteria, kProduction);
    CHECK(FirstText(sandbox, "responseCode") == "100");
    CHECK(FirstText(production, "responseCode") == "100");
    CHECK(CountElements(sandbox, "network") == 0);  // no production-only element
    CHECK(CountElements(sandbox, "DIDGroups") == 0);
    CHECK(CountElements(production, "network") > 0);
    CHECK(CountElements(production, "DIDGroups") == 1);
  }
  auto health = s.client().Get("/_admin/health");
  REQUIRE(health);
  CHECK(health->body.find("\"profile\":\"per-path\"") != std::string::npos);
}

TEST_CASE("Both service paths share one state", "[soap][profile]") {
  RunningServer s(PerPath());
  const std::string params = "<didParams><DIDParam><tn>4352154006</tn><epg>0</epg></DIDParam></didParams>";
  std::string r = Post(s.client(), false, "reserveDID", params, kSandbox);
  CHECK(FirstText(r, "statusCode") == "100");
  r = Post(s.client(), true, "auditDIDs", "", kProduction);
  CHECK(FirstText(r, "tn") == "4352154006");
  CHECK(FirstText(r, "availability") == "reserved");
  r = Post(s.client(), true, "reserveDID", params, kProduction);
  CHECK(FirstText(r, "statusCode") == "103220");  // already reserved for you, through the other path
}

TEST_CASE("A forced profile speaks one schema on both paths", "[soap][profile]") {
  RunningServer s(TestConfig(wire::Profile::kProduction));
  std::string r = Post(s.client(), false, "getDIDs", "<npa>435</npa><nxx>201</nxx>", kSandbox);
  CHECK(CountElements(r, "DIDGroups") == 1);
  auto wsdl = s.client().Get(std::string(kSandbox) + "?wsdl");
  REQUIRE(wsdl);
  CHECK(wsdl->body.find("DIDGroups") != std::string::npos);
}
