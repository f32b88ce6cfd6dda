#include "tests/testing/running_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "tests/testing/small_world.h"

namespace vi::testing {

server::SandboxServerConfig TestConfig(wire::Profile profile) {
  server::SandboxServerConfig c;
  c.host = "127.0.0.1";
  c.port = 0;
  c.soap.profile = profile;
  c.profile_per_path = false;  // both paths speak `profile`; per-path tests set it true
  c.data.inventory.size = 5000;
  c.log = nullptr;
  c.limits.worker_count = 8;
  c.limits.request_timeout = std::chrono::milliseconds(2000);
  // Longer than any pause a test makes between two requests on its keep-alive
  // client (a headless browser run takes seconds on a loaded CI machine): a
  // server closing the idle connection just as the client reuses it fails the
  // request (the keep-alive race every HTTP client has). Tests of the idle
  // timeout itself set their own.
  c.limits.keep_alive_timeout = std::chrono::milliseconds(30000);
  c.limits.read_timeout = std::chrono::milliseconds(1000);
  c.limits.rejection_linger = std::chrono::milliseconds(100);
  return c;
}

RunningServer::RunningServer(server::SandboxServerConfig config) : base_clock_(kStart) {
  auto s = server::SandboxServer::Create(config, base_clock_);
  if (!s) FAIL("server: " << s.error());
  server_ = std::move(*s);
  auto port = server_->Bind();
  if (!port) FAIL("bind: " << port.error());
  port_ = *port;
  thread_ = std::thread([this] { server_->Listen(); });
  if (!server_->WaitUntilRunning(std::chrono::seconds(5))) FAIL("server did not start");
  client_ = std::make_unique<httplib::Client>(base_url());
  client_->set_keep_alive(true);
  client_->set_tcp_nodelay(true);
  client_->set_read_timeout(5, 0);
}

RunningServer::~RunningServer() {
  client_.reset();
  server_->Stop();
  if (thread_.joinable()) thread_.join();
}

std::string RunningServer::base_url() const {
  return std::string(server_->tls() ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::string RawExchange(int port, std::string_view request, std::chrono::milliseconds timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
    ::shutdown(fd, SHUT_WR);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    for (;;) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return out;
}

std::string Envelope11(std::string_view payload) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
         "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soap:Body>" +
         std::string(payload) + "</soap:Body></soap:Envelope>";
}

std::string Envelope12(std::string_view payload) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap12:Envelope "
         "xmlns:soap12=\"http://www.w3.org/2003/05/soap-envelope\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soap12:Body>" +
         std::string(payload) + "</soap12:Body></soap12:Envelope>";
}

httplib::Result PostSoap11(httplib::Client& c, std::string_view op, std::string_view payload,
                           std::string_view path) {
  httplib::Headers h{{"SOAPAction", "\"http://tempuri.org/" + std::string(op) + "\""}};
  return c.Post(std::string(path).c_str(), h, Envelope11(payload), "text/xml; charset=utf-8");
}

httplib::Result PostSoap12(httplib::Client& c, std::string_view op, std::string_view payload,
                           std::string_view path) {
  return c.Post(
      std::string(path).c_str(), Envelope12(payload),
      ("application/soap+xml; charset=utf-8; action=\"http://tempuri.org/" + std::string(op) + "\"").c_str());
}

std::string ReadStream(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

std::string ReadFixture(std::string_view relative) {
  std::string path = std::string(VI_SOURCE_DIR) + "/fixtures/" + std::string(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) FAIL("missing fixture " << path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

std::string_view Local(const char* name) {
  std::string_view n = name;
  std::size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

}  // namespace

std::string FirstText(std::string_view xml, std::string_view tag) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return "";
  pugi::xpath_node_set all = doc.select_nodes("//*");
  for (const pugi::xpath_node& n : all) {
    if (Local(n.node().name()) == tag) return n.node().child_value();
  }
  return "";
}

std::size_t CountElements(std::string_view xml, std::string_view tag) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return 0;
  std::size_t count = 0;
  for (const pugi::xpath_node& n : doc.select_nodes("//*")) count += Local(n.node().name()) == tag;
  return count;
}

std::string OperationXml(std::string_view op, std::string_view login, std::string_view inner) {
  return "<" + std::string(op) + " xmlns=\"http://tempuri.org/\"><login>" + std::string(login) +
         "</login><secret>" + std::string(login) + "</secret>" + std::string(inner) + "</" + std::string(op) +
         ">";
}

std::string DidParamsXml(std::string_view tn, int epg) {
  return "<didParams><DIDParam><tn>" + std::string(tn) + "</tn>" +
         (epg ? "<epg>" + std::to_string(epg) + "</epg>" : std::string()) + "</DIDParam></didParams>";
}

}  // namespace vi::testing
