// What IIS and ASP.NET put around the SOAP service: paths and query keys in
// any letter case, ?disco, the HttpGet/HttpPost operation paths' error page,
// and the IIS/ASP.NET headers on every service answer.
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {

const std::string kAudit =
    "<auditDIDs xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret></auditDIDs>";

}  // namespace

TEST_CASE("The service path and its query keys match in any letter case", "[soap][iis]") {
  RunningServer s;
  for (bool soap12 : {false, true}) {
    INFO((soap12 ? "SOAP 1.2" : "SOAP 1.1"));
    auto r = soap12 ? PostSoap12(s.client(), "auditDIDs", kAudit, "/voip/services/apiservice.ASMX")
                    : PostSoap11(s.client(), "auditDIDs", kAudit, "/voip/services/apiservice.ASMX");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(FirstText(r->body, "responseCode") == "100");
  }
  for (const char* query : {"?wsdl", "?WSDL", "?Wsdl"}) {
    auto r = s.client().Get(std::string("/Services/apiservice.asmx") + query);
    REQUIRE(r);
    INFO(query);
    CHECK(r->status == 200);
    CHECK(r->body.find("<wsdl:definitions") != std::string::npos);
  }
  auto op = s.client().Get("/VOIP/Services/APIService.asmx?OP=queryDID");
  REQUIRE(op);
  CHECK(op->status == 200);
  CHECK(op->body.find("<h2>queryDID</h2>") != std::string::npos);
}

TEST_CASE("disco answers the DISCO document of the path", "[soap][iis]") {
  RunningServer s;
  httplib::Headers host = {{"Host", "example.test:8080"}};
  auto r = s.client().Get("/VOIP/Services/APIService.asmx?disco", host);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/xml; charset=utf-8");
  CHECK(r->body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0) == 0);
  CHECK(r->body.find("<contractRef ref=\"http://example.test:8080/VOIP/Services/APIService.asmx?wsdl\"") !=
        std::string::npos);
  CHECK(r->body.find("binding=\"q1:APIServiceSoap\"") != std::string::npos);
  CHECK(r->body.find("binding=\"q2:APIServiceSoap12\"") != std::string::npos);
}

TEST_CASE("The HttpGet and HttpPost operation paths answer ASP.NET's 500 page", "[soap][iis]") {
  RunningServer s;
  auto get = s.client().Get("/VOIP/Services/APIService.asmx/queryDID?login=a&secret=b&did=4352154006");
  REQUIRE(get);
  CHECK(get->status == 500);
  CHECK(get->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(get->body.find("Request format is unrecognized for URL unexpectedly ending in '/queryDID'.") !=
        std::string::npos);
  auto post = s.client().Post("/Services/APIService.asmx/reserveDID", "login=a&secret=b",
                              "application/x-www-form-urlencoded");
  REQUIRE(post);
  CHECK(post->status == 500);
  CHECK(post->body.find("unexpectedly ending in '/reserveDID'.") != std::string::npos);
}

TEST_CASE("Service answers carry the IIS and ASP.NET headers unless turned off", "[soap][iis]") {
  RunningServer s;
  for (bool soap12 : {false, true}) {
    INFO((soap12 ? "SOAP 1.2" : "SOAP 1.1"));
    auto r =
        soap12 ? PostSoap12(s.client(), "auditDIDs", kAudit) : PostSoap11(s.client(), "auditDIDs", kAudit);
    REQUIRE(r);
    CHECK(r->get_header_value("Cache-Control") == "private, max-age=0");
    CHECK(r->get_header_value("Server") == "Microsoft-IIS/8.5");
    CHECK(r->get_header_value("X-AspNet-Version") == "4.0.30319");
    CHECK(r->get_header_value("X-Powered-By") == "ASP.NET");
    // The server's clock is the test's manual clock, so Date is exact.
    CHECK(r->get_header_value("Date") == "Thu, 15 Jan 2026 12:00:00 GMT");
    // IIS keeps HTTP/1.1 connections open without a Keep-Alive header.
    CHECK_FALSE(r->has_header("Keep-Alive"));
  }
  server::SandboxServerConfig config = TestConfig();
  config.iis_headers = false;
  RunningServer plain(config);
  auto r = PostSoap11(plain.client(), "auditDIDs", kAudit);
  REQUIRE(r);
  CHECK_FALSE(r->has_header("Server"));
  CHECK_FALSE(r->has_header("X-Powered-By"));
  CHECK_FALSE(r->has_header("Date"));
  CHECK_FALSE(r->has_header("Keep-Alive"));
}

TEST_CASE("Overload is answered with HTTP.sys's 503 page", "[soap][iis][shedding]") {
  server::SandboxServerConfig config = TestConfig();
  config.limits.worker_count = 1;
  config.limits.shed_queue_depth = 1;
  RunningServer s(config);
  // The only worker is held by a queryDID that an injected delay keeps busy.
  auto fault = s.client().Post("/_admin/faults",
                               R"({"operation":"queryDID","fault":"delay","delayMs":1500,"times":1})",
                               "application/json");
  REQUIRE(fault);
  REQUIRE(fault->status == 201);
  const std::string query = Envelope11(
      "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
      "<did>4352154006</did></queryDID>");
  const std::string post =
      "POST /VOIP/Services/APIService.asmx HTTP/1.1\r\nHost: t\r\n"
      "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"http://tempuri.org/queryDID\"\r\n"
      "Connection: close\r\nContent-Length: " +
      std::to_string(query.size()) + "\r\n\r\n" + query;
  auto held =
      std::async(std::launch::async, [&] { return RawExchange(s.port(), post, std::chrono::seconds(10)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the holder reaches the worker
  // Three more wait for the one worker; past a queue of one they are shed.
  std::vector<std::future<std::string>> waiting;
  for (int i = 0; i < 3; ++i) {
    waiting.push_back(std::async(std::launch::async,
                                 [&] { return RawExchange(s.port(), post, std::chrono::seconds(10)); }));
  }
  waiting.push_back(std::move(held));
  int served = 0, shed = 0;
  for (auto& w : waiting) {
    const std::string answer = w.get();
    if (answer.rfind("HTTP/1.1 200", 0) == 0) ++served;
    if (answer.rfind("HTTP/1.1 503", 0) != 0) continue;
    ++shed;
    CHECK(answer.find("Content-Type: text/html; charset=us-ascii") != std::string::npos);
    CHECK(answer.find("Server: Microsoft-HTTPAPI/2.0") != std::string::npos);
    CHECK(answer.find("<p>HTTP Error 503. The service is unavailable.</p>") != std::string::npos);
  }
  CHECK(served >= 1);
  CHECK(shed >= 1);
}
