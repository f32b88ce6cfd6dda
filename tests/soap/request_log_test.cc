// The request log: one line per request with operation, account, result and
// time; ignored elements explained; never a secret, never a spoofed peer.
#include <catch2/catch.hpp>
#include <cstdio>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {}  // namespace

TEST_CASE("The request log names operation, account and result, and never the secret", "[soap][log]") {
  std::FILE* log = std::tmpfile();
  REQUIRE(log != nullptr);
  {
    auto config = TestConfig();
    config.log = log;
    RunningServer s(config);
    auto& c = s.client();
    auto ok = PostSoap11(c, "queryDID",
                         "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login>"
                         "<secret>sandbox</secret><did>4352154006</did></queryDID>");
    REQUIRE(ok);
    // Unqualified children: ignored, and the log says why.
    httplib::Headers spoof{{"SOAPAction", "\"http://tempuri.org/auditDIDs\""}, {"REMOTE_ADDR", "6.6.6.6"}};
    auto ignored = c.Post("/VOIP/Services/APIService.asmx", spoof,
                          "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                          "<t:auditDIDs xmlns:t=\"http://tempuri.org/\"><login>sandbox</login>"
                          "<secret>TopSecret-42</secret></t:auditDIDs></s:Body></s:Envelope>",
                          "text/xml; charset=utf-8");
    REQUIRE(ignored);
    CHECK(FirstText(ignored->body, "responseCode") == "902");
    auto bad = c.Post("/VOIP/Services/APIService.asmx", {{"SOAPAction", "http://tempuri.org/queryDID"}},
                      "<oops", "text/xml");
    REQUIRE(bad);
    c.Get("/_admin/health");
    // Refused by the HTTP layer before routing: logged with its reason.
    httplib::Client raw("127.0.0.1", s.port());
    auto chunked = raw.Post("/VOIP/Services/APIService.asmx", {{"Transfer-Encoding", "chunked"}},
                            "5\r\nhello\r\n0\r\n\r\n", "text/xml");
    if (chunked) CHECK(chunked->status >= 400);
  }
  std::string text = ReadStream(log);
  std::fclose(log);
  INFO(text);
  CHECK(text.find("POST /VOIP/Services/APIService.asmx op=queryDID account=sandbox result=100 status=200") !=
        std::string::npos);
  CHECK(text.find("op=auditDIDs account=- result=902 status=200") != std::string::npos);
  CHECK(text.find("note=\"ignored: auditDIDs/login (no namespace; only http://tempuri.org/ is read)\"") !=
        std::string::npos);
  // A 400 has no body: the log says why.
  CHECK(text.find("result=400 status=400") != std::string::npos);
  CHECK(text.find("note=\"Server was unable to read request. ---> There is an error in XML document (1, ") !=
        std::string::npos);
  CHECK(text.find("op=admin") != std::string::npos);
  CHECK(text.find("TopSecret-42") == std::string::npos);
  CHECK(text.find("6.6.6.6") == std::string::npos);
  CHECK(text.find("peer=127.0.0.1") != std::string::npos);
  // One line per request.
  std::size_t lines = 0;
  for (char ch : text) lines += ch == '\n';
  CHECK(text.find("result=rejected status=") != std::string::npos);
  CHECK(lines == 5);
}

namespace {

// Runs `requests` against a logging server; the log's text.
template <typename Fn>
std::string LogOf(Fn requests, bool json = false) {
  std::FILE* log = std::tmpfile();
  REQUIRE(log != nullptr);
  {
    auto config = TestConfig();
    config.log = log;
    config.log_json = json;
    RunningServer s(config);
    requests(s);
  }
  std::string text = ReadStream(log);
  std::fclose(log);
  return text;
}

const char* kAllFailReserve =
    "<reserveDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret><didParams>"
    "<DIDParam><tn>2125550000</tn></DIDParam><DIDParam><tn>12</tn></DIDParam></didParams></reserveDID>";

}  // namespace

TEST_CASE("The request log explains outcomes: tns, per-number codes, attempted login, virtual time",
          "[soap][log]") {
  const std::string text = LogOf([](RunningServer& s) {
    auto& c = s.client();
    s.client().Post("/_admin/clock/set", R"({"now":"2027-03-04T05:06:07Z"})", "application/json");
    PostSoap11(c, "reserveDID", kAllFailReserve);
    PostSoap11(c, "reserveDID",
               "<reserveDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
               "<didParams><DIDParam><tn>4352154006</tn></DIDParam></didParams></reserveDID>");
    PostSoap11(
        c, "auditDIDs",
        "<auditDIDs xmlns=\"http://tempuri.org/\"><login>other</login><secret>Hunter-9</secret></auditDIDs>");
  });
  INFO(text);
  CHECK(text.find("vt=2027-03-04T05:06:07Z POST /VOIP/Services/APIService.asmx op=reserveDID") !=
        std::string::npos);
  CHECK(text.find("tns=2125550000,12 codes=") != std::string::npos);
  CHECK(text.find("outcome=failed") != std::string::npos);  // all numbers failed: not a success
  CHECK(text.find("tns=4352154006 codes=100 outcome=ok") != std::string::npos);
  CHECK(text.find("op=auditDIDs account=- result=902") != std::string::npos);
  CHECK(text.find("attempted-login=other") != std::string::npos);
  CHECK(text.find("Hunter-9") == std::string::npos);
}

TEST_CASE("The request log hints at the right path on a 404 and at the field meant for an ignored one",
          "[soap][log]") {
  std::string r404;
  const std::string text = LogOf([&](RunningServer& s) {
    auto& c = s.client();
    auto nf = c.Get("/VOIP/APIService.asmx");
    REQUIRE(nf);
    CHECK(nf->status == 404);
    r404 = nf->body;
    c.Get("/admin/health");
    PostSoap11(c, "queryDID",
               "<queryDID xmlns=\"http://tempuri.org/\"><login>sandbox</login><secret>sandbox</secret>"
               "<tn>4352154006</tn></queryDID>");
  });
  INFO(text);
  CHECK(r404.find("/VOIP/Services/APIService.asmx") != std::string::npos);
  CHECK(text.find("GET /VOIP/APIService.asmx op=- account=- result=404 status=404") != std::string::npos);
  CHECK(text.find("note=\"the SOAP service is at /VOIP/Services/APIService.asmx") != std::string::npos);
  CHECK(text.find("GET /admin/health op=- account=- result=404 status=404") != std::string::npos);
  CHECK(text.find("the control API is under /_admin") != std::string::npos);
  CHECK(text.find("note=\"ignored: queryDID/tn (not in the schema; did you mean did?)\"") !=
        std::string::npos);
}

TEST_CASE("Log format json writes one JSON object per request", "[soap][log]") {
  const std::string text =
      LogOf([](RunningServer& s) { PostSoap11(s.client(), "reserveDID", kAllFailReserve); },
            /*json=*/true);
  INFO(text);
  REQUIRE(!text.empty());
  const std::string line = text.substr(0, text.find('\n'));
  CHECK(line.front() == '{');
  CHECK(line.back() == '}');
  CHECK(line.find("\"operation\":\"reserveDID\"") != std::string::npos);
  CHECK(line.find("\"virtualTime\":\"2026-01-15T12:00:00.000Z\"") != std::string::npos);
  CHECK(line.find("\"outcome\":\"failed\"") != std::string::npos);
  CHECK(line.find("\"tns\":[\"2125550000\",\"12\"]") != std::string::npos);
  CHECK(line.find("sandbox</secret>") == std::string::npos);
}
