// The request log: one line per request with operation, account, result and
// time; ignored elements explained; never a secret, never a spoofed peer.
#include <catch2/catch.hpp>
#include <cstdio>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {

std::string ReadAll(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

}  // namespace

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
  std::string text = ReadAll(log);
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
