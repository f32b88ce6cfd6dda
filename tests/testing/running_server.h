// RunningServer: the real SandboxServer on 127.0.0.1 and a kernel-chosen
// port, listening on a background thread, stopped and joined on
// destruction. Its clock runs on a ManualClock, so tests move time
// explicitly. Also: small helpers to post SOAP and read fixtures.
#ifndef VI_TESTS_TESTING_RUNNING_SERVER_H_
#define VI_TESTS_TESTING_RUNNING_SERVER_H_

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "mock-server/core/clock.h"
#include "mock-server/server/sandbox_server.h"

namespace vi::testing {

// Mutates a default config (small inventory, no log, short timeouts).
// `profile` is forced on both service paths.
server::SandboxServerConfig TestConfig(wire::Profile profile = wire::Profile::kSandbox);

class RunningServer {
 public:
  explicit RunningServer(server::SandboxServerConfig config = TestConfig());
  ~RunningServer();
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const;  // http://127.0.0.1:PORT (https:// when the config has TLS files)
  core::ManualClock& base_clock() { return base_clock_; }
  server::SandboxServer& server() { return *server_; }
  // A keep-alive client of this server. Over TLS it verifies the server's
  // certificate against the system's CAs: give it the test's CA first
  // (set_ca_cert_path).
  httplib::Client& client() { return *client_; }

 private:
  core::ManualClock base_clock_;
  std::unique_ptr<server::SandboxServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

// A SOAP 1.1 or 1.2 envelope around `payload` (the operation element).
std::string Envelope11(std::string_view payload);
std::string Envelope12(std::string_view payload);

// `<op xmlns="http://tempuri.org/"><login>L</login><secret>L</secret>INNER</op>`:
// an operation element for a shipped account (its secret is its login).
std::string OperationXml(std::string_view op, std::string_view login, std::string_view inner);
// `<didParams><DIDParam><tn>TN</tn><epg>E</epg></DIDParam></didParams>`; epg 0
// is left out.
std::string DidParamsXml(std::string_view tn, int epg = 0);

// POSTs a SOAP 1.1 request with SOAPAction "http://tempuri.org/<op>".
httplib::Result PostSoap11(httplib::Client& c, std::string_view op, std::string_view payload,
                           std::string_view path = "/VOIP/Services/APIService.asmx");
// POSTs a SOAP 1.2 request with the action parameter.
httplib::Result PostSoap12(httplib::Client& c, std::string_view op, std::string_view payload,
                           std::string_view path = "/VOIP/Services/APIService.asmx");

// Sends `request` (raw bytes) on a new connection to 127.0.0.1:`port`, half-
// closes, and returns everything the server sends until it closes (at most
// `timeout`). "" when the connection failed or was reset before any byte.
std::string RawExchange(int port, std::string_view request,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

// Everything written to `f` (a tmpfile() given to the server as its log):
// flushes it and reads it from the start.
std::string ReadStream(std::FILE* f);

// The bytes of fixtures/<relative>. Aborts the test when missing.
std::string ReadFixture(std::string_view relative);

// `<tag>text</tag>` text of the first element whose local name is `tag`
// ("" if absent): enough to pick values out of a response in tests.
std::string FirstText(std::string_view xml, std::string_view tag);
// How many elements with local name `tag` the document has.
std::size_t CountElements(std::string_view xml, std::string_view tag);

}  // namespace vi::testing

#endif  // VI_TESTS_TESTING_RUNNING_SERVER_H_
