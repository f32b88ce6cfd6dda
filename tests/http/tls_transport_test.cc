// HardenedServer over TLS at the transport level: TlsServerContext's checks,
// and the stream's one-write-per-response behaviour surviving the TLS seam.
// End-to-end HTTPS behaviour (WSDL scheme, parking, deadlines, Stop) is in
// tests/soap/tls_test.cc.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "mock-server/http/hardened_server.h"
#include "mock-server/http/tls_context.h"
#include "tests/testing/test_pki.h"

namespace vi::http {
namespace {

using namespace std::chrono_literals;
using vi::testing::TestPki;

TEST_CASE("TlsServerContext loads a matching certificate and key, and names the file at fault",
          "[http][tls]") {
  TestPki pki;
  REQUIRE(pki.ok());  // openssl is a test dependency (ci/install-deps.sh)
  auto good = TlsServerContext::Load(pki.path("server.pem"), pki.path("server.key"));
  REQUIRE(good);
  CHECK((*good)->get() != nullptr);

  auto missing_key = TlsServerContext::Load(pki.path("server.pem"), pki.path("nope.key"));
  REQUIRE_FALSE(missing_key);
  CHECK(missing_key.error() == "cannot read TLS key " + pki.path("nope.key") + ": No such file or directory");
  auto key_as_cert = TlsServerContext::Load(pki.path("server.key"), pki.path("server.key"));
  REQUIRE_FALSE(key_as_cert);
  CHECK(key_as_cert.error().rfind("TLS certificate " + pki.path("server.key") + " holds no PEM certificate",
                                  0) == 0);
  auto other_key = TlsServerContext::Load(pki.path("server.pem"), pki.path("ca.key"));
  REQUIRE_FALSE(other_key);
  CHECK(other_key.error() ==
        "TLS key " + pki.path("ca.key") + " does not match the certificate in " + pki.path("server.pem"));
}

TEST_CASE("HardenedServer over TLS sends each response, head and body, in one SSL_write",
          "[http][tls][hot-path]") {
  TestPki pki;
  REQUIRE(pki.ok());
  auto tls = TlsServerContext::Load(pki.path("server.pem"), pki.path("server.key"));
  REQUIRE(tls);
  ServerLimits limits;
  limits.worker_count = 4;
  HardenedServer server(limits);
  server.SetTls(*tls);
  REQUIRE(server.tls());
  server.Get("/hello",
             [](const httplib::Request&, httplib::Response& res) { res.set_content("hello", "text/plain"); });
  const int port = server.BindEphemeral("127.0.0.1");
  REQUIRE(port > 0);
  std::thread thread([&] { server.listen_after_bind(); });
  REQUIRE(server.WaitUntilRunning(2s));

  constexpr int kRequests = 10;
  {
    httplib::Client client("https://127.0.0.1:" + std::to_string(port));
    client.set_ca_cert_path(pki.path("ca.pem").c_str());
    client.enable_server_certificate_verification(true);
    client.set_keep_alive(true);
    for (int i = 0; i < kRequests; ++i) {
      auto r = client.Get("/hello");
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body == "hello");
    }
  }
  // The count is added when the server's end of the connection closes.
  const auto until = std::chrono::steady_clock::now() + 3s;
  while (server.SendCalls() == 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  server.Stop();
  thread.join();
  // The handshake's own writes are OpenSSL's, not the stream's: one
  // SSL_write per response.
  CHECK(server.SendCalls() == kRequests);
}

}  // namespace
}  // namespace vi::http
