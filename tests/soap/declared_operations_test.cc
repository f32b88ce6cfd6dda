// The vendor's other operations: each path's WSDL declares every operation
// the vendor's WSDL of its schema declared (30 sandbox, 48 production), in
// that WSDL's order; the help page lists them all, sorted; ?op= of one the
// emulator does not serve says so; calling one is a 500 Client fault
// (docs/behaviour.md §1.4).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <string>
#include <vector>

#include "mock-server/soap/declared_operations.h"
#include "mock-server/soap/operations.h"
#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {

constexpr const char* kSandbox = "/VOIP/Services/APIService.asmx";
constexpr const char* kProduction = "/Services/APIService.asmx";

// The vendor's WSDLs' operation order (docs/wire-contract.md: the 2014
// snapshots), written out here so the test pins it independently of the
// server's own list.
const std::vector<std::string> kSandboxOps = {
    "addLocation",       "assignDID",         "audit911",      "auditDIDs",      "configDID",
    "getDIDCount",       "getDIDs",           "getLocations",  "getPortDetails", "getProvisioningHistory",
    "insert911",         "provisionLocation", "query911",      "queryDID",       "releaseDID",
    "remove911",         "removeLocation",    "reserveDID",    "update911",      "validate911",
    "isPortable",        "GetCountries",      "AssignIntlDID", "ReleaseIntlDID", "GetCNAMDisplay",
    "UpdateCNAMDisplay", "RemoveCNAM",        "SetFaxToEmail", "GetFaxToEmail",  "RemoveFaxToEmail"};

std::vector<std::string> ProductionOps() {
  std::vector<std::string> ops = kSandboxOps;
  ops.insert(std::find(ops.begin(), ops.end(), "configDID"), "AuditDIDGroup");
  ops.insert(std::find(ops.begin(), ops.end(), "GetCNAMDisplay"), "AuditIntlDIDs");
  for (const char* op : {"Add911Alert", "Remove911Alert", "Query911Alert", "UpdateDIDFailover",
                         "GetDIDFailover", "GetDIDForward", "SetDIDForward", "RemoveDIDForward",
                         "GetDIDGroup", "SetDIDGroup", "RemoveDIDGroup", "GetDIDGroups", "SetConferenceLine",
                         "GetConferenceLine", "RemoveConferenceLine", "GetPrepaidBalance"}) {
    ops.push_back(op);
  }
  return ops;
}

server::SandboxServerConfig PerPath() {
  server::SandboxServerConfig c = TestConfig();
  c.profile_per_path = true;
  return c;
}

// The values of `attr="..."` after each occurrence of `open` in `text`.
std::vector<std::string> Names(const std::string& text, const std::string& open, const std::string& attr) {
  std::vector<std::string> out;
  for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, at + 1)) {
    std::size_t v = text.find(attr + "=\"", at);
    REQUIRE(v != std::string::npos);
    v += attr.size() + 2;
    out.push_back(text.substr(v, text.find('"', v) - v));
  }
  return out;
}

// The text between `begin` and the next `end` after it.
std::string Between(const std::string& text, const std::string& begin, const std::string& end) {
  std::size_t b = text.find(begin);
  REQUIRE(b != std::string::npos);
  std::size_t e = text.find(end, b);
  REQUIRE(e != std::string::npos);
  return text.substr(b, e - b);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The ?op= links of the help page, in page order.
std::vector<std::string> HelpLinks(const std::string& page) {
  std::vector<std::string> out;
  const std::string key = "?op=";
  for (std::size_t at = page.find(key); at != std::string::npos; at = page.find(key, at + 1)) {
    std::size_t v = at + key.size();
    out.push_back(page.substr(v, page.find('"', v) - v));
  }
  return out;
}

}  // namespace

TEST_CASE("Each path's WSDL declares the vendor's operations in the vendor's order", "[soap][declared]") {
  RunningServer s(PerPath());
  for (const auto& [path, want] :
       {std::pair{kSandbox, kSandboxOps}, std::pair{kProduction, ProductionOps()}}) {
    INFO(path);
    auto r = s.client().Get(std::string(path) + "?wsdl");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(want.size() == (std::string(path) == kSandbox ? 30u : 48u));
    const std::string port_type =
        Between(r->body, "<wsdl:portType name=\"APIServiceSoap\">", "</wsdl:portType>");
    CHECK(Names(port_type, "<wsdl:operation ", "name") == want);
    for (const char* binding : {"APIServiceSoap", "APIServiceSoap12"}) {
      INFO(binding);
      const std::string b =
          Between(r->body, "<wsdl:binding name=\"" + std::string(binding) + "\"", "</wsdl:binding>");
      CHECK(Names(b, "<wsdl:operation ", "name") == want);
      std::vector<std::string> actions;
      for (const std::string& op : want) actions.push_back("http://tempuri.org/" + op);
      CHECK(Names(b, "operation soapAction", "soapAction") == actions);
    }
    std::vector<std::string> messages;
    for (const std::string& op : want) {
      messages.push_back(op + "SoapIn");
      messages.push_back(op + "SoapOut");
    }
    CHECK(Names(r->body, "<wsdl:message ", "name") == messages);
    // Each request and response element is declared once.
    for (const std::string& op : want) {
      INFO(op);
      CHECK(Names(r->body, "<s:element name=\"" + op + "\"", "name").size() == 1);
      CHECK(Names(r->body, "<s:element name=\"" + op + "Response\"", "name").size() == 1);
    }
  }
}

TEST_CASE("The help page lists every declared operation, sorted without regard to case", "[soap][declared]") {
  RunningServer s(PerPath());
  for (const auto& [path, declared] :
       {std::pair{kSandbox, kSandboxOps}, std::pair{kProduction, ProductionOps()}}) {
    INFO(path);
    std::vector<std::string> want = declared;
    std::ranges::sort(want, [](const std::string& a, const std::string& b) { return Lower(a) < Lower(b); });
    CHECK(want.front() == (std::string(path) == kSandbox ? "addLocation" : "Add911Alert"));
    auto r = s.client().Get(path);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(HelpLinks(r->body) == want);
    // The ten keep their summaries; the others say they are not emulated.
    CHECK(r->body.find(">queryDID</a><br>Returns key information about one DID.") != std::string::npos);
    CHECK(r->body.find(">GetCountries</a><br>Declared as the vendor's WSDL declares it; not emulated by "
                       "vi-sandbox.") != std::string::npos);
  }
}

TEST_CASE("?op= of a declared operation the emulator does not serve says so", "[soap][declared]") {
  RunningServer s(PerPath());
  for (const char* path : {kSandbox, kProduction}) {
    INFO(path);
    auto r = s.client().Get(std::string(path) + "?op=insert911");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(r->body.find("<h2>insert911</h2>") != std::string::npos);
    CHECK(r->body.find("insert911 is declared in this service's") != std::string::npos);
    CHECK(r->body.find("not emulated by vi-sandbox") != std::string::npos);
  }
  // An operation only the production WSDL declares: a page on the
  // production path, unknown on the sandbox one.
  auto prod = s.client().Get(std::string(kProduction) + "?op=GetPrepaidBalance");
  REQUIRE(prod);
  CHECK(prod->status == 200);
  CHECK(prod->body.find("GetPrepaidBalance is declared") != std::string::npos);
  auto sandbox = s.client().Get(std::string(kSandbox) + "?op=GetPrepaidBalance");
  REQUIRE(sandbox);
  CHECK(sandbox->status == 404);
  // An emulated operation keeps its page with the sample requests.
  auto emulated = s.client().Get(std::string(kSandbox) + "?op=queryDID");
  REQUIRE(emulated);
  CHECK(emulated->status == 200);
  CHECK(emulated->body.find("SOAPAction: \"http://tempuri.org/queryDID\"") != std::string::npos);
}

TEST_CASE("Calling a declared operation the emulator does not serve is a 500 Client fault",
          "[soap][declared]") {
  RunningServer s(PerPath());
  const std::string payload =
      "<validate911 xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
      "<address1>1 Main St</address1></validate911>";
  for (const char* path : {kSandbox, kProduction}) {
    for (bool soap12 : {false, true}) {
      INFO(path << (soap12 ? " SOAP 1.2" : " SOAP 1.1"));
      auto r = soap12 ? PostSoap12(s.client(), "validate911", payload, path)
                      : PostSoap11(s.client(), "validate911", payload, path);
      REQUIRE(r);
      CHECK(r->status == 500);
      if (soap12) {
        CHECK(FirstText(r->body, "Value") == "soap:Sender");
        CHECK(FirstText(r->body, "Text").find("validate911 is not emulated by vi-sandbox") !=
              std::string::npos);
      } else {
        CHECK(FirstText(r->body, "faultcode") == "soap:Client");
        CHECK(FirstText(r->body, "faultstring").find("validate911 is not emulated by vi-sandbox") !=
              std::string::npos);
      }
    }
  }
}

TEST_CASE("The declared lists hold the ten and the vendor's other operations", "[soap][declared]") {
  const std::vector<std::string> production = ProductionOps();
  CHECK(std::vector<std::string>(soap::kSandboxDeclaredOperations.begin(),
                                 soap::kSandboxDeclaredOperations.end()) == kSandboxOps);
  CHECK(std::vector<std::string>(soap::kProductionDeclaredOperations.begin(),
                                 soap::kProductionDeclaredOperations.end()) == production);
  // Every emulated operation is declared on both paths; every other declared
  // one is answered with the not-emulated fault, and that list is exactly
  // production's others.
  std::size_t emulated = 0;
  for (const std::string& op : production) {
    INFO(op);
    const bool ten = soap::FindOperation(op) != nullptr;
    CHECK(ten != soap::IsOtherVendorOperation(op));
    if (ten) ++emulated;
  }
  CHECK(emulated == soap::kOperations.size());
  CHECK(production.size() == soap::kOperations.size() + soap::kOtherVendorOperations.size());
  for (const soap::OperationInfo& info : soap::kOperations) {
    CHECK(soap::IsDeclaredOperation(wire::Profile::kSandbox, info.name));
  }
}
