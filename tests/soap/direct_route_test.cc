// HardenedServer's direct routes (AddDirectPost) against httplib's own path:
// the same requests, sent as raw bytes to a server with direct routing on and
// to one with it off, must get byte-for-byte the same answers (the Date
// header masked). First on a bare HardenedServer whose handlers exercise
// every rule httplib applies when it writes a response, then on the real
// SandboxServer with a varied set of requests.
#include "mock-server/http/hardened_server.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/testing/running_server.h"

using namespace vi;
using namespace vi::testing;

namespace {

// Replaces the value of every Date header with a fixed text.
std::string MaskDate(std::string bytes) {
  std::size_t pos = 0;
  while ((pos = bytes.find("\r\nDate: ", pos)) != std::string::npos) {
    const std::size_t start = pos + 8;
    const std::size_t end = bytes.find("\r\n", start);
    if (end == std::string::npos) break;
    bytes.replace(start, end - start, "(date)");
    pos = start;
  }
  return bytes;
}

// MaskDate, and for a /metrics answer the request-duration figures (which
// differ from run to run) and so its Content-Length.
std::string MaskVolatile(std::string bytes) {
  bytes = MaskDate(std::move(bytes));
  if (bytes.find("\nvi_sandbox_request_duration_seconds") == std::string::npos) return bytes;
  std::string out;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t end = bytes.find('\n', pos);
    end = end == std::string::npos ? bytes.size() : end + 1;
    std::string line = bytes.substr(pos, end - pos);
    if (line.rfind("vi_sandbox_request_duration_seconds", 0) == 0 || line.rfind("Content-Length: ", 0) == 0) {
      line = line.substr(0, line.rfind(' ') + 1) + "(masked)\n";
    }
    out += line;
    pos = end;
  }
  return out;
}

// A HardenedServer with a direct route and the same handler on httplib's
// route, listening on a background thread.
class BareServer {
 public:
  explicit BareServer(bool direct) {
    http::ServerLimits limits;
    limits.worker_count = 4;
    limits.request_timeout = std::chrono::milliseconds(2000);
    limits.keep_alive_timeout = std::chrono::milliseconds(2000);
    limits.read_timeout = std::chrono::milliseconds(1000);
    limits.rejection_linger = std::chrono::milliseconds(100);
    server_ = std::make_unique<http::HardenedServer>(limits);
    server_->SetDirectRouting(direct);
    // X-Status sets the status; X-Body the body; X-Type the Content-Type;
    // X-Throw throws; X-Keep-Alive sets a Keep-Alive header; X-Echo-Empty
    // answers whether the empty SOAPAction reached the handler.
    const httplib::Server::Handler handler = [](const httplib::Request& req, httplib::Response& res) {
      if (req.has_header("X-Throw")) throw std::runtime_error("secret detail");
      if (req.has_header("X-Status")) res.status = std::stoi(req.get_header_value("X-Status"));
      if (req.has_header("X-Keep-Alive")) res.set_header("Keep-Alive", "timeout=1");
      if (req.has_header("X-Echo")) {
        std::string seen =
            "body=" + req.body + ";action=" +
            (req.has_header("SOAPAction") ? "[" + req.get_header_value("SOAPAction") + "]" : "none") +
            ";encoding=" + req.get_header_value("Accept-Encoding") +
            ";peer=" + (req.remote_addr == "127.0.0.1" ? "ok" : "bad") +
            ";header-peer=" + (req.get_header_value("REMOTE_ADDR") == req.remote_addr ? "ok" : "bad") +
            ";path=" + req.path + ";fields=";
        // Every field in the map's order (the ports differ per connection).
        for (const auto& [name, value] : req.headers) {
          seen += name + "=" + (name.ends_with("_PORT") ? std::string("*") : value) + ",";
        }
        res.set_content(seen, "text/plain");
        return;
      }
      if (req.has_header("X-Body")) {
        if (req.has_header("X-Type")) {
          res.set_content(req.get_header_value("X-Body"), req.get_header_value("X-Type").c_str());
        } else {
          res.body = req.get_header_value("X-Body");
        }
      }
    };
    server_->AddDirectPost("/svc", handler);
    server_->Post("/[Ss][Vv][Cc]", handler);
    server_->Get("/[Ss][Vv][Cc]", handler);
    server_->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!req.has_header("X-Pre")) return httplib::Server::HandlerResponse::Unhandled;
      res.status = 202;
      res.set_content("pre-routed, body length " + std::to_string(req.body.size()), "text/plain");
      return httplib::Server::HandlerResponse::Handled;
    });
    server_->set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
          if (res.status != 404 || !res.body.empty() || req.has_header("X-Plain-404")) {
            return httplib::Server::HandlerResponse::Unhandled;
          }
          res.set_content("nothing here", "text/plain; charset=utf-8");
          return httplib::Server::HandlerResponse::Handled;
        }));
    port_ = server_->BindEphemeral("127.0.0.1");
    if (port_ > 0) thread_ = std::thread([this] { server_->listen_after_bind(); });
  }
  ~BareServer() {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  BareServer(const BareServer&) = delete;
  BareServer& operator=(const BareServer&) = delete;

  bool Ready() const { return port_ > 0 && server_->WaitUntilRunning(std::chrono::seconds(2)); }
  int port() const { return port_; }
  std::uint64_t direct_requests() const { return server_->DirectRequests(); }

 private:
  std::unique_ptr<http::HardenedServer> server_;
  int port_ = -1;
  std::thread thread_;
};

std::string Post(std::string_view path, std::string_view headers, std::string_view body = "") {
  return "POST " + std::string(path) + " HTTP/1.1\r\nHost: example\r\n" + std::string(headers) +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

}  // namespace

TEST_CASE("A direct route answers every status as httplib's writer does", "[http][direct]") {
  BareServer direct(true), reference(false);
  REQUIRE(direct.Ready());
  REQUIRE(reference.Ready());
  std::string pipelined;
  for (int status = 100; status < 600; ++status) {
    pipelined += Post("/svc", "X-Status: " + std::to_string(status) + "\r\n" +
                                  (status % 3 == 0 ? "X-Body: b" + std::to_string(status) + "\r\n" : ""));
  }
  pipelined += Post("/svc", "Connection: close\r\n");
  const std::string got = RawExchange(direct.port(), pipelined);
  const std::string want = RawExchange(reference.port(), pipelined);
  REQUIRE(want.find("HTTP/1.1 599 Internal Server Error\r\n") != std::string::npos);
  CHECK(got == want);
  CHECK(direct.direct_requests() == 501);
  CHECK(reference.direct_requests() == 0);
}

TEST_CASE("A direct route keeps httplib's header rules and handler order", "[http][direct]") {
  const std::vector<std::string> requests = {
      Post("/svc", ""),
      Post("/svc", "X-Body: plain body\r\n"),
      Post("/svc", "X-Body: <a/>\r\nX-Type: text/xml; charset=utf-8\r\n"),
      Post("/SVC", "X-Echo: 1\r\nSOAPAction:\r\nAccept-Encoding: gzip, br\r\n", "the body"),
      Post("/svc", "X-Echo: 1\r\nSOAPAction: \"a\"\r\nSOAPAction:\r\n", "b"),
      Post("/svc",
           "X-Echo: 1\r\nzeta: 1\r\nAlpha: 2\r\nalpha: 3\r\nX-B: 4\r\nx-a: 5\r\nSOAPAction: s\r\n"
           "soapaction: t\r\nConnection: keep-alive\r\nContent-Type: text/xml\r\n~tilde: 6\r\n_u: 7\r\n",
           "c"),
      Post("/svc", "X-Keep-Alive: 1\r\nX-Body: k\r\n"),
      Post("/svc", "X-Throw: 1\r\n", "body"),
      Post("/svc", "X-Pre: 1\r\n", "unread body"),
      Post("/svc", "X-Status: 404\r\n"),
      Post("/svc", "X-Status: 404\r\nX-Plain-404: 1\r\n"),
      Post("/svc", "X-Status: 404\r\nX-Body: kept\r\n"),
      Post("/svc", "X-Status: 500\r\nX-Body: failed\r\nX-Type: text/xml\r\n"),
      Post("/svc", "Connection: keep-alive\r\nX-Body: x\r\n"),
      Post("/svc?q=1", "X-Echo: 1\r\n"),
      Post("/svc", "X-Echo: 1\r\nX-Pct: a%20b\r\n"),
      Post("/svc", "X-Echo: 1\r\nRange: bytes=0-1\r\n"),
      Post("/svc", "X-Echo: 1\r\nREMOTE_ADDR: 10.0.0.1\r\n"),
      Post("/svc", "X-Echo: 1\r\nContent-Type: application/x-www-form-urlencoded\r\n", "a=b"),
      Post("/other", "X-Body: x\r\n"),
      "GET /svc HTTP/1.1\r\nHost: example\r\nX-Body: get\r\n\r\n",
      "POST /svc HTTP/1.0\r\nHost: example\r\nX-Body: old\r\nContent-Length: 0\r\n\r\n",
      "POST /svc HTTP/1.1\r\nHost: example\r\nX-Echo: 1\r\nExpect: 100-continue\r\nContent-Length: "
      "2\r\n\r\nhi",
      Post("/svc", "X-Body: last\r\nConnection: close\r\n"),
  };
  BareServer direct(true), reference(false);
  REQUIRE(direct.Ready());
  REQUIRE(reference.Ready());
  for (const std::string& request : requests) {
    INFO(request);
    const std::string want = RawExchange(reference.port(), request);
    REQUIRE(want.rfind("HTTP/1.1 ", 0) == 0);
    CHECK(RawExchange(direct.port(), request) == want);
  }
  // All of them at once on one connection: pipelined answers in order.
  std::string all;
  for (const std::string& request : requests) all += request;
  CHECK(RawExchange(direct.port(), all) == RawExchange(reference.port(), all));
  // The simple POSTs took the direct route; the others went through httplib.
  CHECK(direct.direct_requests() >= 2 * 13);
  CHECK(reference.direct_requests() == 0);
}

TEST_CASE("SandboxServer answers the same bytes with and without direct routes", "[soap][direct]") {
  const std::string query = OperationXml("queryDID", "sandbox", "<did>4352154006</did>");
  const std::string reserve = OperationXml("reserveDID", "sandbox", DidParamsXml("4352154006"));
  const std::string soap11 = "Content-Type: text/xml; charset=utf-8\r\nSOAPAction: \"http://tempuri.org/";
  const std::string soap12 =
      "Content-Type: application/soap+xml; charset=utf-8; action=\"http://tempuri.org/";
  const std::string path = "/VOIP/Services/APIService.asmx";
  const std::vector<std::string> requests = {
      Post(path, soap11 + "queryDID\"\r\n", Envelope11(query)),
      Post(path, soap12 + "queryDID\"\r\n", Envelope12(query)),
      Post("/voip/services/apiservice.ASMX", soap11 + "queryDID\"\r\n", Envelope11(query)),
      Post("/Services/APIService.asmx", soap11 + "queryDID\"\r\n", Envelope11(query)),
      Post(path, soap11 + "reserveDID\"\r\n", Envelope11(reserve)),
      Post(path, soap11 + "queryDID\"\r\nConnection: close\r\n", Envelope11(query)),
      Post(path, soap11 + "queryDID\"\r\nAccept-Encoding: gzip, deflate, br\r\n", Envelope11(query)),
      Post(path, "Content-Type: text/xml; charset=utf-8\r\nSOAPAction:\r\n", Envelope11(query)),
      Post(path, "Content-Type: text/xml; charset=utf-8\r\n", Envelope11(query)),
      Post(path, "Content-Type: text/plain\r\nSOAPAction: \"http://tempuri.org/queryDID\"\r\n", "not soap"),
      Post(path, soap11 + "queryDID\"\r\n", "<not-xml"),
      Post(path, soap11 + "queryDID\"\r\n", Envelope11(OperationXml("queryDID", "nobody", "<did>1</did>"))),
      Post(path, soap11 + "queryDID\"\r\n"),
      Post(path + "?op=queryDID", soap11 + "queryDID\"\r\n", Envelope11(query)),
      Post(path + "/queryDID", "Content-Type: application/x-www-form-urlencoded\r\n", "did=1"),
      Post("/nope", soap11 + "queryDID\"\r\n", Envelope11(query)),
      "GET " + path + "?wsdl HTTP/1.1\r\nHost: example\r\n\r\n",
      "GET " + path + "?op=queryDID HTTP/1.1\r\nHost: example\r\n\r\n",
      "GET " + path + " HTTP/1.1\r\nHost: example\r\n\r\n",
      "HEAD " + path + " HTTP/1.1\r\nHost: example\r\n\r\n",
      "OPTIONS " + path + " HTTP/1.1\r\nHost: example\r\n\r\n",
      "DELETE " + path + " HTTP/1.1\r\nHost: example\r\n\r\n",
      "GET /_admin HTTP/1.1\r\nHost: example\r\n\r\n",
      "GET /metrics HTTP/1.1\r\nHost: example\r\n\r\n",
      "GET /nothing HTTP/1.1\r\nHost: example\r\n\r\n",
      "POST " + path + " HTTP/1.0\r\nHost: example\r\n" + soap11 + "queryDID\"\r\nContent-Length: " +
          std::to_string(Envelope11(query).size()) + "\r\n\r\n" + Envelope11(query),
  };
  RunningServer direct, reference([] {
    server::SandboxServerConfig c = TestConfig();
    c.direct_routes = false;
    return c;
  }());
  for (const std::string& request : requests) {
    INFO(request);
    const std::string want = MaskVolatile(RawExchange(reference.port(), request));
    REQUIRE(want.rfind("HTTP/1.1 ", 0) == 0);
    CHECK(MaskVolatile(RawExchange(direct.port(), request)) == want);
  }
  // Pipelined on one connection, up to a last request that closes it.
  std::string all;
  for (const std::string& request : requests) {
    const bool closes = request.find("Connection: close") != std::string::npos ||
                        request.find(" HTTP/1.0\r\n") != std::string::npos;
    if (!closes && request.find("/metrics") == std::string::npos) all += request;
  }
  all += requests[5];
  const std::string want = MaskDate(RawExchange(reference.port(), all));
  CHECK(want.find("Connection: close") != std::string::npos);
  CHECK(want.find("<responseCode>100</responseCode>") != std::string::npos);
  CHECK(MaskDate(RawExchange(direct.port(), all)) == want);
}
