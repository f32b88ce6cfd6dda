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
  // SOAP POSTs are served on HardenedServer's direct route (no second parse
  // of the head, no regex routing); false sends every request through
  // httplib's own path, the reference the direct one is tested against.
  bool direct_routes = true;
};

// Not copyable. Configure, Bind, then Listen on one thread; Stop from any.
class SandboxServer {
 public:
  // Loads the data and builds everything. Fails with a message on bad data.
  // REQUIRES: `base_clock` outlives the server.
  static Result<std::unique_ptr<SandboxServer>, std::string> Create(
      const SandboxServerConfig& config, const core::Clock& base_clock = core::SystemClock());

  // Binds the configured host and port. Returns the bound port, or a
  // message (port taken, bad address).
  Result<int, std::string> Bind();
  // Serves until Stop(). REQUIRES: Bind() succeeded.
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
  // One request-log line's fields (never the secret).
  struct LogRecord {
    std::string method = "-";
    std::string path = "-";
    int status = 0;
    std::string operation = "-";
    std::string account = "-";  // the authenticated login
    std::string result = "-";
    double millis = 0;
    std::string peer;
    std::vector<std::string> notes;
    std::string attempted;  // the login sent when it did not authenticate
    std::vector<std::string> tns;
    std::vector<std::string> codes;  // per-number statusCodes
    std::string outcome;             // ok | partial | failed, for per-number operations
  };
  void Log(const httplib::Request& req, int status, std::string_view operation, std::string_view account,
           std::string_view result, double millis, const std::vector<std::string>& notes) const;
  void Log(const LogRecord& record) const;
  // Appends `line` and a newline to the request log and flushes, as one unit
  // among concurrent workers. REQUIRES: config_.log != nullptr.
  void WriteLogLine(std::string line) const VI_EXCLUDES(log_mu_);

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
  http::HardenedServer http_;
  int port_ = 0;
  // Serializes writes to the request log, so lines from concurrent workers
  // never interleave. Taken last: nothing else is locked while it is held.
  mutable Mutex log_mu_;
  std::FILE* const log_ VI_PT_GUARDED_BY(log_mu_);  // config_.log
};

}  // namespace vi::server

#endif  // VI_MOCK_SERVER_SERVER_SANDBOX_SERVER_H_
