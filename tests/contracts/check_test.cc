// The wire checks every SOAP answer meets (contracts/runner/check.h), one
// rule at a time on a hand-written answer, and the path expectations.
#include <catch2/catch.hpp>
#include <string>

#include "contracts/runner/check.h"

namespace {

using vi::contracts::Answer;
using vi::contracts::CheckAnswer;
using vi::contracts::CheckContext;
using vi::contracts::Json;

const std::string kDecl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
const std::string kEnv =
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">";

std::string Did(const std::string& t38 = "false") {
  return "<DID><tn>4352154006</tn><availability /><rewrite "
         "/><status>Success</status><statusCode>100</statusCode>"
         "<tier>2</tier><refId /><endpointId>0</endpointId><expireDate>1900-01-01T00:00:00</expireDate>"
         "<has411>false</has411><has911>false</has911><cnam>false</cnam><cnamStorageActive>false</"
         "cnamStorageActive>"
         "<cnamStorageAvailability>false</cnamStorageAvailability><t38>" +
         t38 + "</t38></DID>";
}

std::string QueryAnswer(const std::string& result_inner) {
  return kDecl + kEnv + "<soap:Body><queryDIDResponse xmlns=\"http://tempuri.org/\"><queryDIDResult>" +
         result_inner + "</queryDIDResult></queryDIDResponse></soap:Body></soap:Envelope>";
}

const std::string kGood = "<responseCode>100</responseCode><responseMessage>Success</responseMessage><DIDs>" +
                          Did() + "</DIDs><DIDLocators /><DIDCounts />";

std::vector<std::string> Check(const std::string& body, const Json& expect = Json::object(),
                               long status = 200, const std::string& ct = "text/xml; charset=utf-8") {
  CheckContext ctx;
  ctx.operation = "queryDID";
  return CheckAnswer(expect, Answer{status, ct, body}, ctx);
}

bool Has(const std::vector<std::string>& v, const std::string& text) {
  for (const std::string& s : v) {
    if (s.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("check: a faithful answer meets every wire rule") {
  std::vector<std::string> f = Check(QueryAnswer(kGood));
  INFO(f.size());
  CHECK(f.empty());
}

TEST_CASE("check: each wire rule fails on its own") {
  CHECK(Has(Check("\n" + QueryAnswer(kGood)), "does not start with <?xml"));
  CHECK(Has(Check(QueryAnswer(kGood), {}, 200, "text/xml"), "Content-Type 'text/xml'"));
  std::string prefixed = QueryAnswer(kGood);
  prefixed.replace(prefixed.find("<queryDIDResponse xmlns="), 24, "<tns:queryDIDResponse xmlns:tns=");
  prefixed.replace(prefixed.find("</queryDIDResponse>"), 19, "</tns:queryDIDResponse>");
  CHECK(Has(Check(prefixed), "expected <queryDIDResponse> without a prefix"));
  CHECK(Has(
      Check(QueryAnswer("<responseCode>100</responseCode><responseMessage>Success</responseMessage><DIDs />"
                        "<DIDLocators />")),
      "holds [responseCode, responseMessage, DIDs, DIDLocators], the WSDL says"));
  std::string swapped = kGood;
  swapped.replace(swapped.find("<status>Success</status><statusCode>100</statusCode>"), 52,
                  "<statusCode>100</statusCode><status>Success</status>");
  CHECK(Has(Check(QueryAnswer(swapped)), "<status> out of the WSDL's order"));
  std::string kind = kGood;
  kind.replace(kind.find("<t38>false</t38>"), 16, "<t38>0</t38>");
  CHECK(Has(Check(QueryAnswer(kind)), "DID/t38: value '0' is of kind int, the WSDL says bool"));
  std::string prod_only = kGood;
  prod_only.replace(prod_only.find("<endpointId>"), 12, "<Network>Onvoy</Network><endpointId>");
  CHECK(Has(Check(QueryAnswer(prod_only)), "<Network> is not in the sandbox schema's DID"));
  std::string missing = kGood;
  missing.replace(missing.find("<has411>false</has411>"), 22, "");
  CHECK(Has(Check(QueryAnswer(missing)), "required <has411> missing"));
  const std::string fault =
      kDecl + kEnv +
      "<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>x</faultstring>"
      "<detail /></soap:Fault></soap:Body></soap:Envelope>";
  CHECK(
      Has(Check(fault, {{"fault", {{"code", "soap:Client"}}}}, 200), "a fault sent with HTTP 200, not 500"));
  CHECK(Check(fault, {{"fault", {{"code", "soap:Client"}, {"text", "^x$"}}}}, 500).empty());
  CHECK(Has(Check(fault, {}, 500), "an unexpected SOAP fault"));
}

TEST_CASE("check: path expectations") {
  const std::string body = QueryAnswer(kGood);
  CHECK(Check(body, {{"equals", {{"DIDs/DID/tn", "4352154006"}, {"DIDs/DID[0]/tier", "2"}}}}).empty());
  CHECK(Has(Check(body, {{"equals", {{"responseCode", "902"}}}}),
            "equals responseCode: '100', expected '902'"));
  CHECK(Has(Check(body, {{"matches", {{"DIDs/DID/status", "^Fail"}}}}), "does not match /^Fail/"));
  CHECK(Has(Check(body, {{"count", {{"DIDs/DID", 2}}}}), "count DIDs/DID: 1, expected 2"));
  CHECK(Has(Check(body, {{"kinds", {{"DIDs/DID/tier", "bool"}}}}), "is int, expected bool"));
  CHECK(Has(Check(body, {{"present", {"DIDGroups"}}}), "present DIDGroups: missing"));
  CHECK(Has(Check(body, {{"absent", {"DIDCounts"}}}), "absent DIDCounts: present"));
  CHECK(Check(body, {{"equals", {{"/Envelope/Body/queryDIDResponse/queryDIDResult/responseCode", "100"}}}})
            .empty());
  CHECK(Has(Check(body, {{"http", 500}}), "http: status 200, expected 500"));
}
