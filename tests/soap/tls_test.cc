// HTTPS (--tls-cert/--tls-key) end to end: the real server on an ephemeral
// port with a certificate from a CA made for the test (TestPki), driven by
// httplib's TLS client and by a raw OpenSSL client where the test needs the
// bytes on the wire (pipelining, close_notify), plus the binary's start-up
// errors.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/testing/running_server.h"
#include "tests/testing/small_world.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/test_pki.h"

using namespace vi;
using namespace vi::testing;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kPath = "/VOIP/Services/APIService.asmx";

server::SandboxServerConfig TlsConfig(const TestPki& pki) {
  server::SandboxServerConfig c = TestConfig();
  c.tls_cert_path = pki.path("server.pem");
  c.tls_key_path = pki.path("server.key");
  return c;
}

// TlsConfig with 60 s request, keep-alive and read deadlines: far beyond a
// test's waits, so only what the test provokes can close a connection.
server::SandboxServerConfig TlsConfigLongDeadlines(const TestPki& pki) {
  server::SandboxServerConfig c = TlsConfig(pki);
  c.limits.request_timeout = std::chrono::seconds(60);
  c.limits.keep_alive_timeout = std::chrono::seconds(60);
  c.limits.read_timeout = std::chrono::seconds(60);
  return c;
}

// A connected TCP socket to 127.0.0.1:`port`, or -1.
int ConnectTcp(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Waits up to `limit` for the server to close `fd`: true when recv() then
// reports EOF or a reset, false if the connection is still open (or sent
// bytes, which are dropped and waited past).
bool ClosedByServer(int fd, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left <= 0ms) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
}

// A blocking TLS client connection made with OpenSSL, verifying the server
// against the test's CA and the name 127.0.0.1.
class TlsConnection {
 public:
  TlsConnection(int port, const std::string& ca_path) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (ctx_ == nullptr || SSL_CTX_load_verify_locations(ctx_, ca_path.c_str(), nullptr) != 1) return;
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    fd_ = ConnectTcp(port);
    if (fd_ < 0) return;
    timeval tv{10, 0};  // no test hangs on a silent server
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    SSL_set1_host(ssl_, "127.0.0.1");
    ok_ = SSL_connect(ssl_) == 1;
    ERR_clear_error();
  }
  ~TlsConnection() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (fd_ >= 0) ::close(fd_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
  }
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;

  bool ok() const { return ok_; }
  bool Write(std::string_view bytes) {
    std::size_t written = 0;
    return SSL_write_ex(ssl_, bytes.data(), bytes.size(), &written) == 1 && written == bytes.size();
  }
  // Reads until `count` complete responses (head and Content-Length body)
  // have arrived, or the connection ends. Returns their bodies' statuses
  // ("200", ...) and bodies, in order.
  std::vector<std::pair<std::string, std::string>> ReadResponses(std::size_t count) {
    std::vector<std::pair<std::string, std::string>> out;
    while (out.size() < count) {
      const std::size_t head_end = pending_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const std::string head = pending_.substr(0, head_end);
        std::size_t length = 0;
        const std::size_t cl = head.find("Content-Length: ");
        if (cl != std::string::npos) length = std::stoul(head.substr(cl + 16));
        if (pending_.size() >= head_end + 4 + length) {
          out.emplace_back(head.substr(9, 3), pending_.substr(head_end + 4, length));
          pending_.erase(0, head_end + 4 + length);
          continue;
        }
      }
      if (!ReadMore()) break;
    }
    return out;
  }
  // Reads on until the server ends the session; true if it did so with
  // close_notify (SSL_ERROR_ZERO_RETURN), not with a bare close or a reset.
  bool EndsWithCloseNotify() {
    while (ReadMore()) {
    }
    return end_ == SSL_ERROR_ZERO_RETURN;
  }

 private:
  // Appends what one SSL_read gets; false once the session has ended (end_
  // says how: SSL_ERROR_ZERO_RETURN for close_notify).
  bool ReadMore() {
    if (end_ != 0) return false;
    char buf[16384];
    std::size_t n = 0;
    const int ret = SSL_read_ex(ssl_, buf, sizeof buf, &n);
    if (ret == 1) {
      pending_.append(buf, n);
      return true;
    }
    end_ = SSL_get_error(ssl_, ret);
    ERR_clear_error();
    return false;
  }

  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  int fd_ = -1;
  bool ok_ = false;
  int end_ = 0;
  std::string pending_;
};

std::string HealthRequest() { return "GET /_admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"; }

// A TLS client of `s` that trusts the test's CA.
std::unique_ptr<httplib::Client> TrustingClient(const RunningServer& s, const TestPki& pki) {
  auto c = std::make_unique<httplib::Client>(s.base_url());
  c->set_ca_cert_path(pki.path("ca.pem").c_str());
  c->enable_server_certificate_verification(true);
  c->set_keep_alive(true);
  c->set_read_timeout(5, 0);
  return c;
}

}  // namespace

TEST_CASE("TLS: the WSDL and DISCO name https addresses, SOAP and /_admin work", "[tls][http]") {
  TestPki pki;
  REQUIRE(pki.ok());  // openssl is a test dependency (ci/install-deps.sh)
  RunningServer s(TlsConfig(pki));
  REQUIRE(s.server().tls());
  REQUIRE(s.base_url() == "https://127.0.0.1:" + std::to_string(s.port()));
  auto c = TrustingClient(s, pki);
  const std::string address = "https://127.0.0.1:" + std::to_string(s.port()) + std::string(kPath);

  auto wsdl = c->Get(std::string(kPath) + "?wsdl");
  REQUIRE(wsdl);
  REQUIRE(wsdl->status == 200);
  CHECK(wsdl->body.find("location=\"" + address + "\"") != std::string::npos);
  CHECK(wsdl->body.find("location=\"http://") == std::string::npos);
  auto disco = c->Get(std::string(kPath) + "?disco");
  REQUIRE(disco);
  CHECK(disco->body.find("\"" + address + "\"") != std::string::npos);
  CHECK(disco->body.find("address=\"http://") == std::string::npos);

  // reserveDID, then queryDID sees the reservation.
  auto reserved =
      PostSoap11(*c, "reserveDID", OperationXml("reserveDID", "sandbox", DidParamsXml("4352154006")));
  REQUIRE(reserved);
  INFO(reserved->body);
  REQUIRE(reserved->status == 200);
  CHECK(FirstText(reserved->body, "statusCode") == "100");
  auto queried = PostSoap12(*c, "queryDID", OperationXml("queryDID", "sandbox", "<did>4352154006</did>"));
  REQUIRE(queried);
  CHECK(queried->status == 200);
  CHECK(FirstText(queried->body, "tn") == "4352154006");

  auto health = c->Get("/_admin/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(health->body.find("\"status\":\"ok\"") != std::string::npos);
  auto dashboard = c->Get("/_admin/");
  REQUIRE(dashboard);
  CHECK(dashboard->status == 200);
}

TEST_CASE("TLS: plain HTTP keeps saying http:// (the scheme follows the transport)", "[tls][http]") {
  RunningServer s;
  REQUIRE_FALSE(s.server().tls());
  auto wsdl = s.client().Get(std::string(kPath) + "?wsdl");
  REQUIRE(wsdl);
  CHECK(wsdl->body.find("location=\"http://127.0.0.1:" + std::to_string(s.port()) + std::string(kPath) +
                        "\"") != std::string::npos);
  CHECK(wsdl->body.find("https://") == std::string::npos);
}

TEST_CASE("TLS: keep-alive, a parked connection and pipelined requests on one session", "[tls][http]") {
  TestPki pki;
  REQUIRE(pki.ok());
  RunningServer s(TlsConfig(pki));
  TlsConnection conn(s.port(), pki.path("ca.pem"));
  REQUIRE(conn.ok());
  // Two requests one after the other on the session.
  for (int i = 0; i < 2; ++i) {
    REQUIRE(conn.Write(HealthRequest()));
    auto r = conn.ReadResponses(1);
    REQUIRE(r.size() == 1);
    CHECK(r[0].first == "200");
  }
  // Idle past idle_yield_after: the connection is parked without a worker and
  // handed back when its next record arrives.
  std::this_thread::sleep_for(400ms);
  // Three requests in one TLS record (pipelined), answered in order.
  const std::string query = Envelope11(OperationXml("queryDID", "sandbox", "<did>4352154006</did>"));
  const std::string post = "POST " + std::string(kPath) +
                           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
                           "SOAPAction: \"http://tempuri.org/queryDID\"\r\nContent-Length: " +
                           std::to_string(query.size()) + "\r\n\r\n" + query;
  REQUIRE(conn.Write(HealthRequest() + post + HealthRequest()));
  auto r = conn.ReadResponses(3);
  REQUIRE(r.size() == 3);
  CHECK(r[0].first == "200");
  CHECK(r[0].second.find("\"status\":\"ok\"") != std::string::npos);
  CHECK(r[1].first == "200");
  CHECK(r[1].second.find("<queryDIDResponse") != std::string::npos);
  CHECK(r[2].first == "200");
  CHECK(r[2].second.find("\"status\":\"ok\"") != std::string::npos);
  // Two requests in two records, sent back to back.
  REQUIRE(conn.Write(HealthRequest()));
  REQUIRE(conn.Write(HealthRequest()));
  CHECK(conn.ReadResponses(2).size() == 2);
}

TEST_CASE("TLS: requests OpenSSL has decrypted but not handed out are served, not stranded in the park",
          "[tls][http]") {
  TestPki pki;
  REQUIRE(pki.ok());
  server::SandboxServerConfig config = TlsConfig(pki);
  config.limits.idle_yield_after = 0ms;  // every wait for the peer parks at once
  RunningServer s(config);
  TlsConnection conn(s.port(), pki.path("ca.pem"));
  REQUIRE(conn.ok());
  // One request with a 64,500-byte head (under the 64 KiB cap), then 31
  // small ones, sent as TLS records of 10,000 x 5 and 16,000 bytes. The
  // server reads one record per receive into at most 64 KiB of head buffer:
  // after 50,000 bytes it has room for 15,536 of the last record, so 464
  // bytes (the last small requests) stay decrypted inside OpenSSL, where no
  // epoll sees them.
  const std::size_t head_size = 64500;
  std::string head = "GET /_admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; head.size() + 8000 < head_size; ++i) {
    head += "X-Pad-" + std::to_string(i) + ": " + std::string(6000, 'a') + "\r\n";
  }
  const std::size_t last_field = head_size - head.size() - std::string("X-Pad-last: \r\n\r\n").size();
  head += "X-Pad-last: " + std::string(last_field, 'b') + "\r\n\r\n";
  REQUIRE(head.size() == head_size);
  std::string small;
  std::size_t small_count = 0;
  while (head.size() + small.size() + HealthRequest().size() <= 66000) {
    small += HealthRequest();
    ++small_count;
  }
  const std::string bytes = head + small;
  std::size_t at = 0;
  for (int i = 0; i < 5; ++i, at += 10000) REQUIRE(conn.Write(std::string_view(bytes).substr(at, 10000)));
  REQUIRE(conn.Write(std::string_view(bytes).substr(at)));  // one record of the rest (<= 16,384)
  REQUIRE(bytes.size() - at <= 16384);
  auto r = conn.ReadResponses(1 + small_count);
  CHECK(r.size() == 1 + small_count);
  for (const auto& [status, body] : r) CHECK(status == "200");
}

TEST_CASE("TLS: a client that does not trust the CA is refused", "[tls][http]") {
  TestPki pki;
  REQUIRE(pki.ok());
  RunningServer s(TlsConfig(pki));
  httplib::Client untrusting(s.base_url());
  untrusting.enable_server_certificate_verification(true);  // the system's CAs only
  auto r = untrusting.Get("/_admin/health");
  REQUIRE_FALSE(r);
  CHECK(r.error() == httplib::Error::SSLServerVerification);
  // The server is unharmed.
  auto ok = TrustingClient(s, pki)->Get("/_admin/health");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("TLS: plain HTTP sent to the TLS port is closed and the server keeps serving", "[tls][http]") {
  TestPki pki;
  REQUIRE(pki.ok());
  // Far beyond the wait below: only the protocol error can close it in time.
  server::SandboxServerConfig config = TlsConfigLongDeadlines(pki);
  RunningServer s(config);
  const int fd = ConnectTcp(s.port());
  REQUIRE(fd >= 0);
  const std::string plain = HealthRequest();
  REQUIRE(::send(fd, plain.data(), plain.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(plain.size()));
  CHECK(ClosedByServer(fd, 20s));
  ::close(fd);
  for (int i = 0; i < 2; ++i) {
    auto r = TrustingClient(s, pki)->Get("/_admin/health");
    REQUIRE(r);
    CHECK(r->status == 200);
  }
}

TEST_CASE("TLS: connections that never send a ClientHello hold no worker and are closed at the deadline",
          "[tls][http]") {
  TestPki pki;
  REQUIRE(pki.ok());
  server::SandboxServerConfig config = TlsConfig(pki);
  config.limits.worker_count = 1;  // a silent connection holding it would starve everyone
  RunningServer s(config);
  std::vector<int> silent;
  for (int i = 0; i < 4; ++i) {
    const int fd = ConnectTcp(s.port());
    REQUIRE(fd >= 0);
    silent.push_back(fd);
  }
  // Others are served meanwhile, over TLS, on the single worker.
  for (int i = 0; i < 3; ++i) {
    TlsConnection conn(s.port(), pki.path("ca.pem"));
    REQUIRE(conn.ok());
    REQUIRE(conn.Write(HealthRequest()));
    auto r = conn.ReadResponses(1);
    REQUIRE(r.size() == 1);
    CHECK(r[0].first == "200");
  }
  // The silent ones are closed when their first request's deadline (2 s in
  // the test config) passes; the bound here only keeps a regression from
  // hanging the test.
  for (int fd : silent) {
    CHECK(ClosedByServer(fd, 20s));
    ::close(fd);
  }
}

TEST_CASE("TLS: Stop() ends open TLS sessions with close_notify and returns", "[tls][http]") {
  TestPki pki;
  REQUIRE(pki.ok());
  server::SandboxServerConfig config = TlsConfigLongDeadlines(pki);
  core::ManualClock clock(kStart);
  auto created = server::SandboxServer::Create(config, clock);
  REQUIRE(created);
  std::unique_ptr<server::SandboxServer> server = std::move(*created);
  auto port = server->Bind();
  REQUIRE(port);
  std::future<bool> listening = std::async(std::launch::async, [&] { return server->Listen(); });
  REQUIRE(server->WaitUntilRunning(5s));

  TlsConnection idle(*port, pki.path("ca.pem"));  // served once, then idle
  REQUIRE(idle.ok());
  REQUIRE(idle.Write(HealthRequest()));
  REQUIRE(idle.ReadResponses(1).size() == 1);
  const int silent = ConnectTcp(*port);  // no ClientHello yet
  REQUIRE(silent >= 0);
  std::this_thread::sleep_for(300ms);  // both parked or waiting on a worker

  server->Stop();
  // With every deadline at 60 s, only the stop can end them this soon.
  REQUIRE(listening.wait_for(20s) == std::future_status::ready);
  CHECK(listening.get());
  CHECK(idle.EndsWithCloseNotify());
  CHECK(ClosedByServer(silent, 20s));
  ::close(silent);
}

TEST_CASE("TLS: a reset fault resets the session instead of closing it", "[tls][http][faults]") {
  TestPki pki;
  REQUIRE(pki.ok());
  RunningServer s(TlsConfig(pki));
  auto admin = TrustingClient(s, pki);
  auto added = admin->Post("/_admin/faults", R"({"operation": "queryDID", "fault": "reset", "times": 1})",
                           "application/json");
  REQUIRE(added);
  REQUIRE(added->status == 201);
  TlsConnection conn(s.port(), pki.path("ca.pem"));
  REQUIRE(conn.ok());
  const std::string query = Envelope11(OperationXml("queryDID", "sandbox", "<did>4352154006</did>"));
  REQUIRE(conn.Write("POST " + std::string(kPath) +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
                     "SOAPAction: \"http://tempuri.org/queryDID\"\r\nContent-Length: " +
                     std::to_string(query.size()) + "\r\n\r\n" + query));
  // No answer, and no close_notify: the connection is reset.
  CHECK(conn.ReadResponses(1).empty());
  CHECK_FALSE(conn.EndsWithCloseNotify());
  // The next session is answered.
  TlsConnection next(s.port(), pki.path("ca.pem"));
  REQUIRE(next.ok());
  REQUIRE(next.Write(HealthRequest()));
  CHECK(next.ReadResponses(1).size() == 1);
}

TEST_CASE("TLS: start-up errors exit 1 (bad files) or 2 (one flag alone), naming the problem", "[tls][cli]") {
  TestPki pki;
  REQUIRE(pki.ok());
  const std::string bin = VI_SANDBOX_BINARY;
  const std::vector<std::string> base = {"--port", "0", "--inventory-size", "100", "--quiet"};
  auto run = [&](std::vector<std::string> extra, std::vector<std::string> env = {}) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return RunProgram(bin, args, env);
  };

  ProgramRun only_cert = run({"--tls-cert", pki.path("server.pem")});
  CHECK(only_cert.exit_code == 2);
  CHECK(only_cert.err.find("--tls-cert needs --tls-key") != std::string::npos);
  ProgramRun only_key = run({}, {"VI_SANDBOX_TLS_KEY=" + pki.path("server.key")});
  CHECK(only_key.exit_code == 2);
  CHECK(only_key.err.find("--tls-key needs --tls-cert") != std::string::npos);

  const std::string missing = pki.path("missing.pem");
  ProgramRun no_file = run({"--tls-cert", missing, "--tls-key", pki.path("server.key")});
  CHECK(no_file.exit_code == 1);
  CHECK(no_file.err.find("cannot read TLS certificate " + missing + ": No such file") != std::string::npos);

  const std::string not_pem = pki.path("ext.cnf");  // a text file, no PEM in it
  ProgramRun bad_cert = run({"--tls-cert", not_pem, "--tls-key", pki.path("server.key")});
  CHECK(bad_cert.exit_code == 1);
  CHECK(bad_cert.err.find("TLS certificate " + not_pem + " holds no PEM certificate") != std::string::npos);
  ProgramRun bad_key = run({"--tls-cert", pki.path("server.pem"), "--tls-key", pki.path("server.pem")});
  CHECK(bad_key.exit_code == 1);
  CHECK(bad_key.err.find("TLS key " + pki.path("server.pem") + " holds no unencrypted PEM private key") !=
        std::string::npos);
  // The CA's key is a valid key, but not the certificate's.
  ProgramRun mismatch = run({"--tls-cert", pki.path("server.pem"), "--tls-key", pki.path("ca.key")});
  CHECK(mismatch.exit_code == 1);
  CHECK(mismatch.err.find("TLS key " + pki.path("ca.key") + " does not match the certificate in " +
                          pki.path("server.pem")) != std::string::npos);

  ProgramRun help = run({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--tls-cert FILE") != std::string::npos);
  CHECK(help.out.find("--tls-key FILE") != std::string::npos);
}

TEST_CASE("TLS: a WSDL-driven client (python3-zeep) trusting the CA calls the https address",
          "[tls][interop]") {
  TestPki pki;
  REQUIRE(pki.ok());
  RunningServer s(TlsConfig(pki));
  // zeep loads the WSDL over https with the CA as requests' `verify`, then
  // calls the address the WSDL names; without the CA the WSDL is refused.
  const std::string script = R"(import sys
import requests, zeep, zeep.transports
wsdl, ca = sys.argv[1], sys.argv[2]
session = requests.Session()
session.trust_env = False  # REQUESTS_CA_BUNDLE would win over `verify`
session.verify = ca
client = zeep.Client(wsdl, transport=zeep.transports.Transport(session=session),
                     settings=zeep.Settings(strict=True))
service = client.bind("APIService", "APIServiceSoap")
print("address " + service._binding_options["address"])
res = service.queryDID(login="sandbox", secret="sandbox", did="4352154006")
print("responseCode %s tn %s" % (res.responseCode, res.DIDs.DID[0].tn))
try:
    zeep.Client(wsdl)
    print("untrusted: loaded")
except requests.exceptions.SSLError:
    print("untrusted: refused")
)";
  const std::string wsdl = s.base_url() + std::string(kPath) + "?wsdl";
  ProgramRun run = RunProgram(VI_ZEEP_PYTHON, {"-c", script, wsdl, pki.path("ca.pem")});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("address " + s.base_url() + std::string(kPath) + "\n") != std::string::npos);
  CHECK(run.out.find("responseCode 100 tn 4352154006\n") != std::string::npos);
  CHECK(run.out.find("untrusted: refused\n") != std::string::npos);
}
