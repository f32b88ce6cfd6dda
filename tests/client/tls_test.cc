// TLS verification: a server whose certificate is signed by a CA made for
// this test (openssl, at run time) is refused unless that CA is given, and
// refused under a host name its certificate does not name.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "client/client.h"
#include "tests/testing/test_pki.h"

using namespace vi;
using vi::testing::TestPki;

namespace {

std::string Fixture(const std::string& relative) {
  std::ifstream in(std::string(VI_SOURCE_DIR) + "/fixtures/soap/" + relative + "/response.xml",
                   std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("client TLS: certificates are verified, and a CA bundle makes a private CA trusted") {
  TestPki pki;
  REQUIRE(pki.ok());  // openssl is a test dependency (ci/install-deps.sh)
  httplib::SSLServer server(pki.path("server.pem").c_str(), pki.path("server.key").c_str());
  REQUIRE(server.is_valid());
  const std::string answer = Fixture("queryDID/recorded-assigned");
  REQUIRE_FALSE(answer.empty());
  server.Post(".*", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(answer, "text/xml; charset=utf-8");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread thread([&] { server.listen_after_bind(); });
  for (int i = 0; i < 500 && !server.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));

  auto call = [&](const std::string& host, const std::string& ca) {
    client::ClientOptions o;
    o.endpoint = "https://" + host + ":" + std::to_string(port) + "/Services/APIService.asmx";
    o.credentials = {"me", "tls-secret"};
    o.transport.ca_bundle = ca;
    o.transport.total_timeout = std::chrono::seconds(5);
    auto c = client::Client::Create(o);
    REQUIRE(c.has_value());
    return c->QueryDid("4353198001");
  };

  auto untrusted = call("127.0.0.1", "");
  REQUIRE_FALSE(untrusted.has_value());
  CHECK(untrusted.error().kind == client::Error::Kind::kTransport);
  CHECK(untrusted.error().message.find("certificate") != std::string::npos);

  auto trusted = call("127.0.0.1", pki.path("ca.pem"));
  if (!trusted) FAIL_CHECK(trusted.error().message);
  REQUIRE(trusted.has_value());
  CHECK(trusted->dids.at(0).network == "Onvoy");

  // The certificate names 127.0.0.1, not localhost: refused even with its CA.
  auto wrong_name = call("localhost", pki.path("ca.pem"));
  REQUIRE_FALSE(wrong_name.has_value());
  CHECK(wrong_name.error().kind == client::Error::Kind::kTransport);

  server.stop();
  thread.join();
}
