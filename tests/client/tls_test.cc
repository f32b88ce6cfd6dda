// TLS verification: a server whose certificate is signed by a CA made for
// this test (openssl, at run time) is refused unless that CA is given, and
// refused under a host name its certificate does not name.
#include <httplib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "client/client.h"

using namespace vi;

namespace {

// A scratch directory with ca.pem, server.pem and server.key (CN and
// subjectAltName 127.0.0.1), removed on destruction.
class TestPki {
 public:
  TestPki() {
    dir_ = std::filesystem::temp_directory_path() / ("vi_tls_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "ext.cnf") << "subjectAltName=IP:127.0.0.1\n";
    const std::string d = dir_.string();
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    const std::string cmd = "cd " + d + " && openssl req -x509" + ec +
                            " -keyout ca.key -out ca.pem -days 2 -subj '/CN=vi test CA'" + " && openssl req" +
                            ec + " -keyout server.key -out server.csr -subj '/CN=127.0.0.1'" +
                            " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                            "-out server.pem -days 2" +
                            " -extfile ext.cnf";
    ok_ = std::system(("(" + cmd + ") >/dev/null 2>&1").c_str()) == 0;
  }
  ~TestPki() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  bool ok() const { return ok_; }
  std::string path(const char* name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
  bool ok_ = false;
};

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
