// SandboxServer: the whole emulator wired together — data, clock, Sandbox,
// SOAP service, control API — behind one hardened HTTP server. main.cc and
// the HTTP-level tests build it the same way.
#ifndef VI_MOCK_SERVER_SERVER_SANDBOX_SERVER_H_
#define VI_MOCK_SERVER_SERVER_SANDBOX_SERVER_H_

#include <condition_variable>
#include <cstdio>
#include <memory>
#include <string>

#include "base/mutex.h"
#include "base/result.h"
#include "base/thread_annotations.h"
#include "mock-server/admin/control_api.h"
#include "mock-server/control/faults.h"
#include "mock-server/control/journal.h"
#include "mock-server/control/metrics.h"
#include "mock-server/core/clock.h"
#include "mock-server/core/sandbox.h"
#include "mock-server/data/sandbox_data.h"
#include "mock-server/http/hardened_server.h"
#include "mock-server/server/log_line.h"
#include "mock-server/server/request_log.h"
#include "mock-server/soap/soap_service.h"

namespace vi::server {

struct SandboxServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: a kernel-chosen port
  // soap.profile is the schema both service paths speak when
  // profile_per_path is false (--profile sandbox|production). By default each
  // path speaks its own, over one state, as the two real services did:
  // /VOIP/Services/APIService.asmx the sandbox schema, /Services/APIService.asmx
  // the production schema.
  soap::SoapServiceOptions soap;
  bool profile_per_path = true;
  data::DataOptions data;
  core::SandboxOptions sandbox;
  http::ServerLimits limits;
  bool admin = true;  // serve /_admin (and the journal and faults behind it)
  // SOAP requests the journal keeps (GET /_admin/requests); 0: no journal.
  std::size_t journal_size = 1000;
  bool iis_headers = true;  // Date, Cache-Control, Server, X-AspNet-Version, X-Powered-By
  std::FILE* log = stderr;  // one line per request; nullptr: no log
  bool log_json = false;    // --log-format json: one JSON object per line
  // --tls-cert / --tls-key: PEM files; both set serves HTTPS (on the same
  // port, /_admin too) and the WSDL, DISCO and help pages name https://
  // addresses. Both empty: plain HTTP. Create() refuses one without the other.
  std::string tls_cert_path;
  std::string tls_key_path;
  // Buffering of the log (server/request_log.h); `json` follows log_json.
  RequestLogOptions log_options;
  // SOAP POSTs are served on HardenedServer's direct route (no second parse
  // of the head, no regex routing); false sends every request through
  // httplib's own path, the reference the direct one is tested against.
  bool direct_routes = true;
};

// Not copyable. Configure, Bind, then Listen on one thread; Stop from any.
class SandboxServer {
 public:
  // Loads the TLS files (if any) and the data and builds everything. Fails
  // with a message naming the file on a bad one.
  // REQUIRES: `base_clock` outlives the server.
  static Result<std::unique_ptr<SandboxServer>, std::string> Create(
      const SandboxServerConfig& config, const core::Clock& base_clock = core::SystemClock());

  // Binds the configured host and port. Returns the bound port, or a
  // message (port taken, bad address).
  Result<int, std::string> Bind();
  // Serves until Stop(), then writes out the request log's buffered lines.
  // REQUIRES: Bind() succeeded.
  bool Listen();
  void Stop();
  // Waits until Listen() is serving; false after `timeout`.
  bool WaitUntilRunning(std::chrono::milliseconds timeout) const;

  // --state FILE. LoadStateFile restores a file SaveStateFile wrote
  // (PUT /_admin/state's document, secrets included); a file that is not
  // one, cut short, or for another inventory is refused with a message
  // naming it, and nothing changes. SaveStateFile writes the state to a
  // temporary file beside `path` (mode 0600: it holds the secrets), flushes
  // it to disk and renames it over `path`, so `path` is always either the
  // old file or the whole new one. Each returns nullopt on success.
  std::optional<std::string> LoadStateFile(const std::string& path);
  std::optional<std::string> SaveStateFile(const std::string& path) const;

  int port() const { return port_; }
  bool tls() const { return http_.tls(); }
  core::Sandbox& sandbox() { return *sandbox_; }
  core::ControllableClock& clock() { return clock_; }
  control::Journal& journal() { return *journal_; }
  control::FaultSet& faults() { return *faults_; }

 private:
  explicit SandboxServer(const SandboxServerConfig& config, const core::Clock& base_clock);
  void Route();
  // Answers one request to a service path through the SoapService and logs it.
  void ServeSoap(const httplib::Request& req, httplib::Response& res) const;
  // Turns the answer of a call that `rule` fired on into the fault's answer
  // (waiting first for delay and timeout); false when the connection was
  // reset instead (nothing is sent).
  bool ApplyFault(const control::FaultRule& rule, const httplib::Request& req, httplib::Response& res) const;
  // Waits `d`, or less if the server stops meanwhile.
  void WaitUnlessStopping(std::chrono::milliseconds d) const VI_EXCLUDES(stop_mu_);
  void Log(const httplib::Request& req, int status, std::string_view operation, std::string_view account,
           std::string_view result, double millis, const std::vector<std::string>& notes) const;
  void Log(const LogRecord& record) const;
  // Queues `line` (a newline is added) on the request log.
  // REQUIRES: config_.log != nullptr.
  void WriteLogLine(std::string_view line) const;

  SandboxServerConfig config_;
  core::ControllableClock clock_;
  std::unique_ptr<core::Sandbox> sandbox_;
  // Answers `<service>.asmx/<op>` as ASP.NET does: 500 with its HTML error page.
  void ServeOperationPath(const httplib::Request& req, httplib::Response& res) const;
  // The service answering `path` (one of the two service paths).
  const soap::SoapService& ServiceFor(std::string_view path) const;
  // The sandbox-schema and production-schema services over sandbox_; one
  // object serves both paths when a profile is forced (the other is null).
  std::unique_ptr<soap::SoapService> sandbox_soap_;
  std::unique_ptr<soap::SoapService> production_soap_;
  std::unique_ptr<admin::ControlApi> admin_;
  std::unique_ptr<control::Journal> journal_;
  std::unique_ptr<control::FaultSet> faults_;
  std::unique_ptr<control::Metrics> metrics_;
  mutable Mutex stop_mu_;
  mutable std::condition_variable stop_cv_;
  bool stopping_ VI_GUARDED_BY(stop_mu_) = false;
  // The request log over config_.log (null when there is none): buffered,
  // written by its own thread, flushed when Listen() returns and on
  // destruction, so no line is lost at exit.
  // Declared before http_, so it outlives the workers that log.
  std::unique_ptr<RequestLog> log_;
  http::HardenedServer http_;
  int port_ = 0;
};

}  // namespace vi::server

#endif  // VI_MOCK_SERVER_SERVER_SANDBOX_SERVER_H_
