#include "mock-server/server/sandbox_server.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/ascii.h"
#include "mock-server/server/iis_surface.h"
#include "mock-server/soap/operations.h"
#include "model/date_time.h"
#include "wire/asmx_texts.h"
#include "wire/response_writer.h"
#include "wire/xml_memory.h"

namespace vi::server {
namespace {

std::string_view ProfileName(wire::Profile p) {
  return p == wire::Profile::kSandbox ? "sandbox" : "production";
}

// Log fields come from the request (login, element names): keep them on one
// printable line (server/log_line.h).
std::string Printable(std::string_view s, std::size_t max = 120) {
  std::string out;
  AppendPrintable(out, s, max);
  return out;
}

// The service path `path` names in any letter case (IIS compares paths that
// way), or nullopt.
std::optional<std::string_view> ServicePathOf(std::string_view path) {
  for (std::string_view p : {soap::kSandboxPath, soap::kProductionPath}) {
    if (EqualsIgnoreCaseAscii(path, p)) return p;
  }
  return std::nullopt;
}

// The hint a 404 carries: where the caller probably meant to go.
std::string NotFoundHint(std::string_view path, bool admin) {
  const std::string lower = AsciiLower(path);
  const std::string service = "the SOAP service is at " + std::string(soap::kSandboxPath) +
                              " (sandbox schema) and " + std::string(soap::kProductionPath) +
                              " (production schema); its WSDL at ?wsdl";
  const std::string control = admin ? "the control API is under /_admin (GET /_admin lists its endpoints)"
                                    : "the control API and /metrics are off (--no-admin)";
  if (lower.find("asmx") != std::string::npos || lower.find("service") != std::string::npos ||
      lower.find("voip") != std::string::npos || lower.find("wsdl") != std::string::npos) {
    return service;
  }
  if (lower.find("admin") != std::string::npos || lower.find("metrics") != std::string::npos) return control;
  return service + "; " + control;
}

}  // namespace

namespace {

// The HTTP limits: the control API takes a POST without Content-Length as
// one without a body (curl -X POST, PHP's file_get_contents).
http::ServerLimits LimitsFor(const SandboxServerConfig& config) {
  http::ServerLimits limits = config.limits;
  if (config.admin) limits.bodiless_ok_path = std::string(admin::kPrefix);
  return limits;
}

}  // namespace

SandboxServer::SandboxServer(const SandboxServerConfig& config, const core::Clock& base_clock)
    : config_(config), clock_(base_clock), http_(LimitsFor(config)) {
  if (config.log != nullptr) {
    RequestLogOptions options = config.log_options;
    options.json = config.log_json;
    log_ = std::make_unique<RequestLog>(config.log, options);
  }
}

Result<std::unique_ptr<SandboxServer>, std::string> SandboxServer::Create(const SandboxServerConfig& config,
                                                                          const core::Clock& base_clock) {
  // Every request parses one document: its page is reused per worker.
  wire::RecycleXmlPages();
  std::shared_ptr<const http::TlsServerContext> tls;
  if (!config.tls_cert_path.empty() || !config.tls_key_path.empty()) {
    if (config.tls_cert_path.empty() || config.tls_key_path.empty()) {
      return MakeUnexpected(std::string("TLS needs both a certificate and a key (--tls-cert and --tls-key)"));
    }
    auto loaded = http::TlsServerContext::Load(config.tls_cert_path, config.tls_key_path);
    if (!loaded) return MakeUnexpected(loaded.error());
    tls = std::move(*loaded);
  }
  Result<core::SandboxData, std::string> data = data::LoadSandboxData(config.data);
  if (!data) return MakeUnexpected(data.error());
  std::unique_ptr<SandboxServer> s(new SandboxServer(config, base_clock));
  s->http_.SetTls(std::move(tls));
  s->sandbox_ = std::make_unique<core::Sandbox>(s->clock_, std::move(*data), config.sandbox);
  std::string profile_name;
  if (config.profile_per_path) {
    soap::SoapServiceOptions sandbox_options = config.soap, production_options = config.soap;
    sandbox_options.profile = wire::Profile::kSandbox;
    production_options.profile = wire::Profile::kProduction;
    s->sandbox_soap_ = std::make_unique<soap::SoapService>(*s->sandbox_, sandbox_options);
    s->production_soap_ = std::make_unique<soap::SoapService>(*s->sandbox_, production_options);
    profile_name = "per-path";
  } else {
    s->sandbox_soap_ = std::make_unique<soap::SoapService>(*s->sandbox_, config.soap);
    profile_name = std::string(ProfileName(config.soap.profile));
  }
  s->journal_ = std::make_unique<control::Journal>(config.admin ? config.journal_size : 0);
  s->faults_ = std::make_unique<control::FaultSet>();
  std::vector<std::string> operations;
  for (const soap::OperationInfo& info : soap::kOperations) operations.emplace_back(info.name);
  s->metrics_ = std::make_unique<control::Metrics>(operations);
  admin::ControlPlane plane{s->journal_.get(), s->faults_.get(), s->metrics_.get(), std::move(operations)};
  s->admin_ =
      std::make_unique<admin::ControlApi>(*s->sandbox_, s->clock_, std::move(profile_name), std::move(plane));
  s->Route();
  return s;
}

void SandboxServer::Route() {
  // Our own failure: a soap:Server fault, no internal detail.
  http_.SetInternalErrorRenderer([](const httplib::Request& req, httplib::Response& res) {
    bool v12 = req.get_header_value("Content-Type").find("soap+xml") != std::string::npos;
    wire::SoapVersion v = v12 ? wire::SoapVersion::k12 : wire::SoapVersion::k11;
    http::SetResponseBody(res, wire::WriteFault(wire::FaultCode::kServer, wire::asmx::kUnableToProcess, v),
                          v12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8");
  });

  // A POST that is not SOAP but has a SOAPAction is answered before its
  // body is read (routed by the header, then refused for its content type:
  // the body plays no part), so a large form-typed body meets our 415, not
  // httplib's hidden 8 KiB form limit. Without SOAPAction the service needs
  // the body to route by (the SOAP 1.2 rules).
  http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    bool service = ServicePathOf(req.path).has_value();
    if (!service || req.method != "POST") return httplib::Server::HandlerResponse::Unhandled;
    const std::string* content_type = http::FindHeader(req.headers, "Content-Type");
    if (soap::IsSoapMediaType(content_type ? *content_type : std::string_view()) ||
        http::FindHeader(req.headers, "SOAPAction") == nullptr) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    ServeSoap(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });

  // Overload is answered as IIS's listener answers it (docs/behaviour.md
  // §6.8); other refusals keep the server's short text.
  http_.SetRejectionRenderer([](int status, std::string_view reason, httplib::Response& res) {
    if (status == 503) {
      RenderHttpSysUnavailable(res);
    } else {
      res.set_content(std::string(reason) + "\n", "text/plain; charset=utf-8");
    }
  });

  // Requests the HTTP layer refuses before routing (framing, limits,
  // timeouts) are logged too, so a client can see why.
  if (config_.log != nullptr) {
    http_.SetRejectionObserver([this](int status, std::string_view reason, std::string_view peer) {
      LogRecord r;
      r.status = status;
      r.result = "rejected";
      r.peer = std::string(peer);
      r.notes.push_back(std::string(reason));
      Log(r);
    });
  }

  // A 404 for a path nothing serves names the right paths, in the answer
  // and in the log. Answers that have a body (SOAP, control API) are kept.
  http_.set_error_handler(
      httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
        if (res.status != 404 || !res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const std::string hint = NotFoundHint(req.path, config_.admin);
        http::SetResponseBody(res, "404 Not Found: " + Printable(req.path) + "\n" + hint + ".\n",
                              "text/plain; charset=utf-8");
        Log(req, 404, "-", "-", "404", 0, {hint});
        return httplib::Server::HandlerResponse::Handled;
      }));

  auto soap_handler = [this](const httplib::Request& req, httplib::Response& res) { ServeSoap(req, res); };
  auto operation_path_handler = [this](const httplib::Request& req, httplib::Response& res) {
    ServeOperationPath(req, res);
  };
  http_.SetDirectRouting(config_.direct_routes);
  for (std::string_view path : {soap::kSandboxPath, soap::kProductionPath}) {
    // The hot path: answered without httplib's second parse, as the Post()
    // route below would answer it.
    http_.AddDirectPost(std::string(path), soap_handler);
    const std::string p = CaseInsensitivePattern(path);
    http_.Get(p, soap_handler);
    http_.Post(p, soap_handler);
    http_.Put(p, soap_handler);
    http_.Delete(p, soap_handler);
    http_.Patch(p, soap_handler);
    http_.Options(p, soap_handler);
    http_.Get(p + "/.*", operation_path_handler);
    http_.Post(p + "/.*", operation_path_handler);
  }

  if (config_.admin) {
    auto admin_handler = [this](const httplib::Request& req, httplib::Response& res) {
      auto started = std::chrono::steady_clock::now();
      admin::ControlRequest cr{req.method, req.path, req.body, {}};
      for (const auto& [key, value] : req.params) cr.query.emplace_back(key, value);
      admin::ControlAnswer a = admin_->Handle(cr);
      res.status = a.status;
      if (!a.allow.empty()) res.set_header("Allow", a.allow);
      http::SetResponseBody(res, std::move(a.body), a.content_type);
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      Log(req, a.status, "admin", "-", std::to_string(a.status), ms, {});
    };
    http_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      http::SetResponseBody(res, admin_->MetricsText(), "text/plain; version=0.0.4; charset=utf-8");
    });
    for (const std::string& pattern : {std::string(admin::kPrefix), std::string(admin::kPrefix) + "/.*"}) {
      http_.Get(pattern, admin_handler);
      http_.Post(pattern, admin_handler);
      http_.Put(pattern, admin_handler);
      http_.Delete(pattern, admin_handler);
      http_.Patch(pattern, admin_handler);
      http_.Options(pattern, admin_handler);
    }
  }
}

void SandboxServer::ServeOperationPath(const httplib::Request& req, httplib::Response& res) const {
  auto started = std::chrono::steady_clock::now();
  const std::size_t slash = req.path.find('/', req.path.find(".asmx") + 1);
  const std::string tail = slash == std::string::npos ? std::string() : req.path.substr(slash + 1);
  res.status = 500;
  if (config_.iis_headers) AddIisHeaders(res, clock_.Now());
  http::SetResponseBody(res, UnrecognizedFormatPage(tail), "text/html; charset=utf-8");
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  Log(req, 500, "-", "-", "500", ms, {"no HttpGet/HttpPost binding: SOAP only"});
}

const soap::SoapService& SandboxServer::ServiceFor(std::string_view path) const {
  if (production_soap_ && path == soap::kProductionPath) return *production_soap_;
  return *sandbox_soap_;
}

void SandboxServer::ServeSoap(const httplib::Request& req, httplib::Response& res) const {
  auto started = std::chrono::steady_clock::now();
  soap::ServiceRequest sr;
  sr.method = req.method;
  sr.path = ServicePathOf(req.path).value_or(soap::kSandboxPath);
  sr.wsdl = HasQueryKey(req, "wsdl");
  sr.disco = !sr.wsdl && HasQueryKey(req, "disco");
  std::optional<std::string> op_param = QueryValue(req, "op");
  if (op_param) sr.op_page = *op_param;
  // Views into req's fields, which outlive the call.
  if (const std::string* content_type = http::FindHeader(req.headers, "Content-Type")) {
    sr.content_type = *content_type;
  }
  if (const std::string* action = http::FindHeader(req.headers, "SOAPAction")) sr.soap_action = *action;
  if (const std::string* host = http::FindHeader(req.headers, "Host")) sr.host = *host;
  sr.https = http_.tls();
  sr.body = req.body;
  const core::TimePoint virtual_time = clock_.Now();
  const core::TimePoint wall_time = clock_.base().Now();
  // Fault rules are consulted once the call's operation, login and numbers
  // are read, before any rule of the Sandbox runs.
  std::optional<control::FaultRule> fired;
  const soap::DispatchGate gate = [&](const soap::CallInfo& call) {
    fired = faults_->Fire(call.operation, call.login, *call.tns);
    return !fired || fired->effect == control::StateEffect::kApplied;
  };
  if (config_.admin) sr.gate = &gate;
  soap::ServiceResponse out = ServiceFor(sr.path).Handle(sr);
  res.status = out.status;
  if (!out.allow.empty()) res.set_header("Allow", out.allow);
  if (config_.iis_headers) AddIisHeaders(res, clock_.Now());
  http::SetResponseBody(res, std::move(out.body), out.content_type);
  int http_status = out.status;
  std::string fault_text;
  if (fired) {
    fault_text = std::to_string(fired->id) + ":" + std::string(control::FaultKindName(fired->kind));
    http_status = ApplyFault(*fired, req, res) ? res.status : 0;
    out.notes.push_back("injected fault " + fault_text + " (stateEffect " +
                        std::string(control::StateEffectName(fired->effect)) + ")");
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (config_.admin && req.method == "POST") {
    metrics_->Observe(out.operation == "-" ? "" : out.operation, out.response_code, http_status, ms / 1000);
  }
  // The log line is composed first (copying), so the journal entry can take
  // `out`'s strings and lists instead of copying them again.
  std::optional<LogRecord> record;
  if (log_) {
    record.emplace();
    record->method = req.method;
    record->path = req.path;
    record->status = http_status;
    record->operation = out.operation;
    record->account = out.account;
    record->result = fired ? "fault:" + fault_text : out.result;
    record->millis = ms;
    record->peer = req.remote_addr;
    record->notes = std::move(out.notes);
    if (out.account == "-" && !out.login.empty()) record->attempted = out.login;
    record->tns = out.tns;
    record->codes = out.status_codes;
    if (out.response_code && !out.tns.empty() && out.operation != "queryDID" &&
        out.operation != "isPortable") {
      const auto ok = std::count(out.status_codes.begin(), out.status_codes.end(), "100");
      record->outcome = *out.response_code != 100 || ok == 0                         ? "failed"
                        : ok == static_cast<std::ptrdiff_t>(out.status_codes.size()) ? "ok"
                                                                                     : "partial";
    }
  }
  if (journal_->enabled() && req.method == "POST") {
    control::JournalEntry e;
    e.time = wall_time;
    e.virtual_time = virtual_time;
    e.method = req.method;
    e.path = req.path;
    if (out.operation != "-") e.operation = std::move(out.operation);
    e.authenticated = out.account != "-";
    e.login = std::move(out.login);
    e.tns = std::move(out.tns);
    e.response_code = out.response_code;
    e.status_codes = std::move(out.status_codes);
    e.http_status = http_status;
    e.duration_ms = ms;
    e.result = fired ? "fault:" + fault_text : std::move(out.result);
    e.fault = std::move(fault_text);
    e.request_body = control::MaskSecrets(std::string_view(req.body).substr(0, 64 * 1024));
    journal_->Record(std::move(e));
  }
  if (record) Log(*record);
}

bool SandboxServer::ApplyFault(const control::FaultRule& rule, const httplib::Request& req,
                               httplib::Response& res) const {
  switch (rule.kind) {
    case control::FaultKind::kDelay:
      WaitUnlessStopping(std::chrono::milliseconds(rule.delay_ms));
      return true;
    case control::FaultKind::kHttp:
      res.status = rule.status;
      http::SetResponseBody(res, rule.html_body ? IisErrorPage(rule.status) : std::string(),
                            "text/html; charset=utf-8");
      return true;
    case control::FaultKind::kSoapFault: {
      const bool v12 = req.get_header_value("Content-Type").find("soap+xml") != std::string::npos;
      const wire::SoapVersion v = v12 ? wire::SoapVersion::k12 : wire::SoapVersion::k11;
      res.status = 500;
      http::SetResponseBody(
          res,
          wire::WriteFault(rule.fault_code == "Client" ? wire::FaultCode::kClient : wire::FaultCode::kServer,
                           rule.fault_text, v),
          v12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8");
      return true;
    }
    case control::FaultKind::kTimeout:
      WaitUnlessStopping(std::chrono::milliseconds(rule.delay_ms));
      http::AbortConnection();
      return false;
    case control::FaultKind::kReset: http::AbortConnection(); return false;
  }
  return true;
}

void SandboxServer::WaitUnlessStopping(std::chrono::milliseconds d) const {
  const auto until = std::chrono::steady_clock::now() + d;
  MutexLock lock(stop_mu_);
  stop_mu_.AwaitUntil(stop_cv_, until, [this]() VI_REQUIRES(stop_mu_) { return stopping_; });
}

void SandboxServer::Log(const httplib::Request& req, int status, std::string_view operation,
                        std::string_view account, std::string_view result, double millis,
                        const std::vector<std::string>& notes) const {
  if (config_.log == nullptr) return;
  LogRecord r;
  r.method = req.method;
  r.path = req.path;
  r.status = status;
  r.operation = std::string(operation);
  r.account = std::string(account);
  r.result = std::string(result);
  r.millis = millis;
  r.peer = req.remote_addr;
  r.notes = notes;
  Log(r);
}

void SandboxServer::Log(const LogRecord& r) const {
  if (config_.log == nullptr) return;
  const core::TimePoint virtual_now = clock_.Now();
  const core::TimePoint wall = core::SystemClock().Now();
  WriteLogLine(config_.log_json ? JsonLogLine(r, wall, virtual_now) : TextLogLine(r, wall, virtual_now));
}

void SandboxServer::WriteLogLine(std::string_view line) const { log_->Append(line); }

std::optional<std::string> SandboxServer::LoadStateFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read state file " + path + ": " + std::strerror(errno);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return "cannot read state file " + path;
  if (std::optional<std::string> why = admin_->RestoreState(text.str())) {
    return "state file " + path + " refused (nothing loaded): " + *why;
  }
  return std::nullopt;
}

std::optional<std::string> SandboxServer::SaveStateFile(const std::string& path) const {
  const std::string doc = admin_->StateDocument(/*secrets=*/true) + "\n";
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot write " + tmp + ": " + std::strerror(errno);
  std::size_t done = 0;
  while (done < doc.size()) {
    const ssize_t n = ::write(fd, doc.data() + done, doc.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return "cannot write " + tmp + ": " + why;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return "cannot flush " + tmp + ": " + why;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return "cannot rename " + tmp + " to " + path + ": " + why;
  }
  return std::nullopt;
}

Result<int, std::string> SandboxServer::Bind() {
  if (config_.port == 0) {
    errno = 0;
    int p = http_.BindEphemeral(config_.host);
    if (p < 0) {
      const int reason = errno;
      return MakeUnexpected("cannot bind " + config_.host + " on an ephemeral port: " +
                            (reason != 0 ? std::strerror(reason) : "not a local address"));
    }
    port_ = p;
  } else {
    errno = 0;
    if (!http_.Bind(config_.host, config_.port)) {
      const int reason = errno;  // bind()'s, or getaddrinfo's when the host does not resolve
      return MakeUnexpected("cannot bind " + config_.host + ":" + std::to_string(config_.port) + ": " +
                            (reason != 0 ? std::strerror(reason) : "not a local address"));
    }
    port_ = config_.port;
  }
  return port_;
}

bool SandboxServer::Listen() {
  const bool served = http_.listen_after_bind();
  if (log_) log_->Flush();
  return served;
}

void SandboxServer::Stop() {
  {
    MutexLock lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  http_.Stop();
}

bool SandboxServer::WaitUntilRunning(std::chrono::milliseconds timeout) const {
  return http_.WaitUntilRunning(timeout);
}

}  // namespace vi::server
