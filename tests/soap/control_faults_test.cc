// Fault injection over HTTP, observed from a client's side: each fault kind,
// each stateEffect, times, probability with a seed, and the journal.
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "tests/testing/json_body.h"
#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;
using nlohmann::json;

namespace {

std::string Reserve(std::string_view tn) {
  return "<reserveDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
         "<didParams><DIDParam><tn>" +
         std::string(tn) + "</tn><epg>8674</epg></DIDParam></didParams></reserveDID>";
}

std::string Query(std::string_view tn) {
  return "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret><did>" +
         std::string(tn) + "</did></queryDID>";
}

const std::string kAudit =
    "<auditDIDs xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret></auditDIDs>";

std::uint64_t AddFault(httplib::Client& c, const json& rule) {
  auto r = c.Post("/_admin/faults", rule.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 201);
  return Json(r)["id"].get<std::uint64_t>();
}

std::string Availability(httplib::Client& c, std::string_view tn) {
  auto q = PostSoap11(c, "queryDID", Query(tn));
  REQUIRE(q);
  return FirstText(q->body, "availability");
}

}  // namespace

TEST_CASE("An http 500 with stateEffect applied: the reservation happened though the client saw an error",
          "[admin][http][faults]") {
  RunningServer s;
  auto& c = s.client();
  AddFault(c, {{"operation", "reserveDID"},
               {"fault", "http"},
               {"status", 500},
               {"stateEffect", "applied"},
               {"times", 1}});
  auto r = PostSoap11(c, "reserveDID", Reserve("4352154006"));
  REQUIRE(r);
  CHECK(r->status == 500);
  CHECK(r->body.empty());
  CHECK(Availability(c, "4352154006") == "reserved");
  auto audit = PostSoap11(c, "auditDIDs", kAudit);
  REQUIRE(audit);
  CHECK(FirstText(audit->body, "tn") == "4352154006");
  // times: 1 — the retry goes through (and finds the number already ours).
  auto again = PostSoap11(c, "reserveDID", Reserve("4352154006"));
  REQUIRE(again);
  CHECK(again->status == 200);
  json faults = Json(c.Get("/_admin/faults"));
  CHECK(faults["faults"][0]["fired"] == 1);
  json journal = Json(c.Get("/_admin/requests?operation=reserveDID"));
  CHECK(journal["requests"][1]["fault"] == "1:http");
  CHECK(journal["requests"][1]["httpStatus"] == 500);
  CHECK(journal["requests"][0]["fault"].is_null());
}

TEST_CASE("An http 503 with stateEffect none and an IIS HTML body: nothing was reserved",
          "[admin][http][faults]") {
  RunningServer s;
  auto& c = s.client();
  AddFault(c, {{"operation", "reserveDID"}, {"fault", "http"}, {"status", 503}, {"body", "html"}});
  auto r = PostSoap11(c, "reserveDID", Reserve("4352154006"));
  REQUIRE(r);
  CHECK(r->status == 503);
  CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(r->body.find("503 - Service Unavailable") != std::string::npos);
  CHECK(Availability(c, "4352154006") == "Available");
}

TEST_CASE("A soapFault with stateEffect none and applied, in the request's SOAP version",
          "[admin][http][faults]") {
  RunningServer s;
  auto& c = s.client();
  AddFault(c, {{"operation", "reserveDID"},
               {"tn", "4352154006"},
               {"fault", "soapFault"},
               {"faultCode", "Server"},
               {"faultString", "Database timeout"},
               {"times", 1}});
  auto r = PostSoap11(c, "reserveDID", Reserve("4352154006"));
  REQUIRE(r);
  CHECK(r->status == 500);
  CHECK(FirstText(r->body, "faultcode") == "soap:Server");
  CHECK(FirstText(r->body, "faultstring") == "Database timeout");
  CHECK(Availability(c, "4352154006") == "Available");
  // Another number is not matched by the rule's tn.
  auto other = PostSoap11(c, "reserveDID", Reserve("4352154007"));
  REQUIRE(other);
  CHECK(other->status == 200);

  AddFault(c, {{"operation", "reserveDID"},
               {"fault", "soapFault"},
               {"faultCode", "Client"},
               {"stateEffect", "applied"},
               {"times", 1}});
  auto v12 = PostSoap12(c, "reserveDID", Reserve("4358797726"));
  REQUIRE(v12);
  CHECK(v12->status == 500);
  CHECK(v12->get_header_value("Content-Type").find("application/soap+xml") != std::string::npos);
  CHECK(FirstText(v12->body, "Value") == "soap:Sender");
  CHECK(Availability(c, "4358797726") == "reserved");
}

TEST_CASE("A reset with stateEffect applied: no answer, the number is held", "[admin][http][faults]") {
  RunningServer s;
  auto& c = s.client();
  AddFault(c, {{"operation", "reserveDID"}, {"fault", "reset"}, {"stateEffect", "applied"}, {"times", 1}});
  httplib::Client fresh("127.0.0.1", s.port());
  auto r = PostSoap11(fresh, "reserveDID", Reserve("4352154006"));
  CHECK(!r);  // connection reset: no response at all
  CHECK(Availability(c, "4352154006") == "reserved");
  AddFault(c, {{"operation", "reserveDID"}, {"fault", "reset"}, {"times", 1}});
  httplib::Client fresh2("127.0.0.1", s.port());
  CHECK(!PostSoap11(fresh2, "reserveDID", Reserve("4353198001")));
  CHECK(Availability(c, "4353198001") == "Available");
  json journal = Json(c.Get("/_admin/requests?operation=reserveDID"));
  CHECK(journal["requests"][0]["httpStatus"] == 0);
  CHECK(journal["requests"][0]["fault"] == "2:reset");
}

TEST_CASE("A timeout holds the answer past the client's patience", "[admin][http][faults]") {
  RunningServer s;
  auto& c = s.client();
  AddFault(
      c, {{"operation", "reserveDID"}, {"fault", "timeout"}, {"delayMs", 60000}, {"stateEffect", "applied"}});
  httplib::Client impatient("127.0.0.1", s.port());
  impatient.set_read_timeout(0, 300'000);  // 300 ms
  auto r = PostSoap11(impatient, "reserveDID", Reserve("4352154006"));
  CHECK(!r);
  CHECK(r.error() == httplib::Error::Read);
  CHECK(Availability(c, "4352154006") == "reserved");
  // The server still stops at once (the held request is let go): the
  // destructor would hang for 60 s otherwise.
}

TEST_CASE("A delay answers late, with the operation applied", "[admin][http][faults]") {
  RunningServer s;
  auto& c = s.client();
  AddFault(c, {{"operation", "queryDID"}, {"fault", "delay"}, {"delayMs", 300}});
  const auto started = std::chrono::steady_clock::now();
  auto r = PostSoap11(c, "queryDID", Query("4352154006"));
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(FirstText(r->body, "availability") == "Available");
  CHECK(took >= std::chrono::milliseconds(300));
  json journal = Json(c.Get("/_admin/requests"));
  CHECK(journal["requests"][0]["durationMs"].get<double>() >= 300);
}

TEST_CASE("probability with a seed fires the same calls every run", "[admin][http][faults]") {
  auto pattern = [] {
    RunningServer s;
    auto& c = s.client();
    AddFault(
        c,
        {{"operation", "queryDID"}, {"fault", "http"}, {"status", 500}, {"probability", 0.5}, {"seed", 42}});
    std::string seen;
    for (int i = 0; i < 40; ++i) {
      auto r = PostSoap11(c, "queryDID", Query("4352154006"));
      REQUIRE(r);
      seen += r->status == 500 ? 'x' : '.';
    }
    json faults = Json(c.Get("/_admin/faults"));
    CHECK(faults["faults"][0]["fired"] == std::count(seen.begin(), seen.end(), 'x'));
    return seen;
  };
  const std::string first = pattern();
  CAPTURE(first);
  CHECK(first == pattern());
  const auto fired = std::count(first.begin(), first.end(), 'x');
  CHECK(fired > 5);
  CHECK(fired < 35);
}

TEST_CASE("Fault rules are listed, removed and refused when malformed", "[admin][http][faults]") {
  RunningServer s;
  auto& c = s.client();
  const std::uint64_t a = AddFault(c, {{"operation", "reserveDID"}, {"fault", "http"}});
  AddFault(c, {{"operation", "queryDID"}, {"login", "other"}, {"fault", "reset"}});
  json list = Json(c.Get("/_admin/faults"));
  REQUIRE(list["faults"].size() == 2);
  CHECK(list["faults"][0]["stateEffect"] == "none");
  CHECK(list["faults"][0]["status"] == 500);
  CHECK(list["faults"][1]["login"] == "other");
  CHECK(list["faults"][1]["fired"] == 0);
  // A rule for another login does not fire for sandbox.
  auto q = PostSoap11(c, "queryDID", Query("4352154006"));
  REQUIRE(q);
  CHECK(q->status == 200);

  for (const char* bad :
       {"{", R"({"operation":"reserveDID"})", R"({"operation":"reserveDid","fault":"http"})",
        R"({"operation":"reserveDID","fault":"explode"})",
        R"({"operation":"reserveDID","fault":"http","status":200})",
        R"({"operation":"reserveDID","fault":"http","status":"500"})",
        R"({"operation":"reserveDID","fault":"http","stateEffect":"maybe"})",
        R"({"operation":"reserveDID","fault":"http","times":0})",
        R"({"operation":"reserveDID","fault":"http","probability":1.5})",
        R"({"operation":"reserveDID","fault":"http","seed":-1})",
        R"({"operation":"reserveDID","fault":"delay"})",
        R"({"operation":"reserveDID","fault":"delay","delayMs":100,"stateEffect":"none"})",
        R"({"operation":"reserveDID","fault":"delay","delayMs":9999999})",
        R"({"operation":"reserveDID","fault":"http","delayMs":5})",
        R"({"operation":"reserveDID","fault":"soapFault","faultCode":"Nope"})",
        R"({"operation":"reserveDID","fault":"http","tn":"43521x"})",
        R"({"operation":"reserveDID","fault":"http","colour":"red"})"}) {
    CAPTURE(bad);
    auto r = c.Post("/_admin/faults", bad, "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(Json(r)["error"]["code"] == "bad_request");
  }
  CHECK(Json(c.Get("/_admin/faults"))["faults"].size() == 2);  // nothing added

  auto removed = c.Delete("/_admin/faults/" + std::to_string(a));
  REQUIRE(removed);
  CHECK(removed->status == 200);
  auto missing = c.Delete("/_admin/faults/" + std::to_string(a));
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(Json(c.Get("/_admin/faults"))["faults"].size() == 1);
  auto cleared = c.Delete("/_admin/faults");
  REQUIRE(cleared);
  CHECK(Json(c.Get("/_admin/faults"))["faults"].empty());
}
