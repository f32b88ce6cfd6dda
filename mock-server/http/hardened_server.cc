#include "mock-server/http/hardened_server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <exception>
#include <optional>
#include <thread>
#include <utility>

#include "base/ascii.h"
#include "mock-server/http/tls_transport.h"

namespace vi::http {
namespace {

using Clock = ConnectionStream::Clock;

// How often a connection that keeps its worker while waiting for its peer
// checks whether other connections wait for a worker.
constexpr std::chrono::milliseconds kIdleCheckInterval{10};

// httplib's ThreadPool, plus a count of jobs (accepted connections) that wait
// for a worker, which HardenedServer reads to shed load. 0.11.4's
// TaskQueue::enqueue returns void and cannot refuse a job without leaking its
// socket, so the shedding itself happens in process_and_close_socket.
// Thread-safe.
class CountingThreadPool final : public httplib::TaskQueue {
 public:
  // `before_shutdown` runs when httplib shuts the pool down (its accept
  // loop has ended), before the workers are joined.
  CountingThreadPool(std::size_t workers, std::atomic<std::size_t>& queued,
                     std::function<void()> before_shutdown)
      : queued_(queued), before_shutdown_(std::move(before_shutdown)), pool_(workers) {}

  void enqueue(std::function<void()> fn) override {
    queued_.fetch_add(1, std::memory_order_relaxed);
    pool_.enqueue([this, fn = std::move(fn)] {
      queued_.fetch_sub(1, std::memory_order_relaxed);
      fn();
    });
  }

  void shutdown() override {
    if (before_shutdown_) before_shutdown_();
    pool_.shutdown();
  }

 private:
  std::atomic<std::size_t>& queued_;
  const std::function<void()> before_shutdown_;
  httplib::ThreadPool pool_;
};

const char* StatusText(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

void RenderDefaultRejection(int /*status*/, std::string_view reason, httplib::Response& res) {
  SetResponseBody(res, std::string(reason) + "\n", "text/plain; charset=utf-8");
}

void RenderDefaultInternalError(const httplib::Request& /*req*/, httplib::Response& res) {
  res.set_content("Internal Server Error\n", "text/plain; charset=utf-8");
}

// A header a renderer may not set on a closing response: the server frames
// the response itself.
bool IsFramingHeader(std::string_view name) {
  return EqualsIgnoreCaseAscii(name, "Content-Length") || EqualsIgnoreCaseAscii(name, "Transfer-Encoding") ||
         EqualsIgnoreCaseAscii(name, "Connection") || EqualsIgnoreCaseAscii(name, "Keep-Alive");
}

bool IsSafeHeaderText(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// The bytes of `res` as a complete HTTP/1.1 response that announces the
// connection will close.
std::string SerializeClosingResponse(int status, const httplib::Response& res) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + StatusText(status) + "\r\n";
  for (const auto& [name, value] : res.headers) {
    if (IsFramingHeader(name) || !IsSafeHeaderText(name) || !IsSafeHeaderText(value)) {
      continue;
    }
    out += name + ": " + value + "\r\n";
  }
  out += "Content-Length: " + std::to_string(res.body.size()) + "\r\nConnection: close\r\n\r\n";
  out += res.body;
  return out;
}

bool WriteAll(ConnectionStream& strm, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = strm.write(bytes.data(), bytes.size());
    if (n < 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void ReplaceHeader(httplib::Request& req, const std::string& name, const std::string& value) {
  req.headers.erase(name);  // every copy: Headers compares case-insensitively
  req.headers.emplace(name, value);
}

// httplib 0.11.4 drops header fields with an empty value; a client's
// `SOAPAction:` is one, and means "an action that names nothing". Runs after
// UseSocketAddresses, so a field the server set is never replaced.
void RestoreEmptyFields(httplib::Request& req, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (!req.has_header(name)) req.headers.emplace(name, "");
  }
}

// httplib appends its own REMOTE_ADDR etc. after the client's headers, and
// get_header_value returns the first, the client's (CVE-2025-66570). Runs
// after httplib has filled req.remote_addr from the stream.
// When the client sent none of them, httplib's own copies are the only ones
// and hold the socket's values: nothing is rewritten (the common case, and a
// per-request cost).
void UseSocketAddresses(httplib::Request& req) {
  const std::string remote_port = std::to_string(req.remote_port);
  const std::string local_port = std::to_string(req.local_port);
  const std::pair<const char*, const std::string*> fields[] = {{"REMOTE_ADDR", &req.remote_addr},
                                                               {"REMOTE_PORT", &remote_port},
                                                               {"LOCAL_ADDR", &req.local_addr},
                                                               {"LOCAL_PORT", &local_port}};
  for (const auto& [name, value] : fields) {
    if (req.get_header_value_count(name) == 1 && req.get_header_value(name) == *value) continue;
    ReplaceHeader(req, name, *value);
  }
}

// httplib 0.11.4, built with zlib and brotli as Debian ships it, compresses
// every text/* answer a client accepts gzip or br for. IIS compresses no
// dynamic answer unless its Dynamic Content Compression module is installed
// and enabled (it is not by default), and brotli at httplib's level costs
// about a second of CPU per 176 KB getDIDs answer: a client could keep every
// worker busy. So no request reaches httplib asking for an encoding.
void AnswerUncompressed(httplib::Request& req) { req.headers.erase("Accept-Encoding"); }

// The reason phrase cpp-httplib 0.11.4 writes for `status` (its
// detail::status_message, which the .so does not export); unknown codes get
// "Internal Server Error", as there. The direct-route differential test
// compares every code from 100 to 599 with httplib's own answer.
const char* HttplibStatusText(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocol";
    case 102: return "Processing";
    case 103: return "Early Hints";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 207: return "Multi-Status";
    case 208: return "Already Reported";
    case 226: return "IM Used";
    case 300: return "Multiple Choice";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 305: return "Use Proxy";
    case 306: return "unused";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 418: return "I'm a teapot";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 506: return "Variant Also Negotiates";
    case 507: return "Insufficient Storage";
    case 508: return "Loop Detected";
    case 510: return "Not Extended";
    case 511: return "Network Authentication Required";
    default: return "Internal Server Error";
  }
}

// A header field a request may carry and still take a direct route: one
// that httplib would treat specially (ranges, 100-continue, forms, the
// socket-address fields it sets itself, percent-decoded values) sends the
// request through httplib instead.
bool DirectSafeField(const HeaderField& f) {
  if (f.value.find('%') != std::string_view::npos) return false;
  // Only names starting with these letters can be special (a per-request
  // cost: most fields are skipped on their first byte).
  switch (f.name.empty() ? '\0' : static_cast<char>(f.name[0] | 0x20)) {
    case 'r':
      return !EqualsIgnoreCaseAscii(f.name, "Range") && !EqualsIgnoreCaseAscii(f.name, "REMOTE_ADDR") &&
             !EqualsIgnoreCaseAscii(f.name, "REMOTE_PORT");
    case 'l':
      return !EqualsIgnoreCaseAscii(f.name, "LOCAL_ADDR") && !EqualsIgnoreCaseAscii(f.name, "LOCAL_PORT");
    case 'e': return !EqualsIgnoreCaseAscii(f.name, "Expect");
    case 't': return !EqualsIgnoreCaseAscii(f.name, "Transfer-Encoding");
    case 'c':
      if (!EqualsIgnoreCaseAscii(f.name, "Content-Type")) return true;
      for (std::size_t i = 0; i + 4 <= f.value.size(); ++i) {
        if ((f.value[i] | 0x20) == 'f' && EqualsIgnoreCaseAscii(f.value.substr(i, 4), "form")) return false;
      }
      return true;
    default: return true;
  }
}

// Appends `s` up to its first NUL: httplib writes header fields with
// printf's %s.
void AppendCString(std::string& out, const std::string& s) {
  const std::size_t nul = s.find('\0');
  out.append(s, 0, nul == std::string::npos ? s.size() : nul);
}

time_t WholeSecondsAtLeastOne(std::chrono::milliseconds d) {
  return static_cast<time_t>(
      std::max<std::chrono::seconds::rep>(1, std::chrono::ceil<std::chrono::seconds>(d).count()));
}

}  // namespace

namespace {
// The connection whose request this worker thread is handling.
thread_local ConnectionStream* current_stream = nullptr;
}  // namespace

void AbortConnection() {
  if (current_stream != nullptr) current_stream->Abort();
}

const std::string* FindHeader(const httplib::Headers& headers, std::string_view name) {
  // The map is ordered case-insensitively, so equal names are adjacent and
  // in insertion order: the first match is the one equal_range starts at.
  for (const auto& [field, value] : headers) {
    if (EqualsIgnoreCaseAscii(field, name)) return &value;
  }
  return nullptr;
}

void SetResponseBody(httplib::Response& res, std::string body, const std::string& content_type) {
  res.body = std::move(body);
  res.headers.erase("Content-Type");  // every copy: Headers compares case-insensitively
  // set_header's rule (a value with CR or LF is not added), without building
  // the name as a std::string twice.
  if (content_type.find_first_of("\r\n") == std::string::npos)
    res.headers.emplace("Content-Type", content_type);
}

HardenedServer::HardenedServer(const ServerLimits& limits)
    : limits_(limits),
      head_limits_{limits.max_header_line_bytes, limits.max_header_count, limits.payload_max_length,
                   limits.bodiless_ok_path},
      stream_timeouts_{limits.read_timeout, limits.write_timeout, limits.response_timeout},
      internal_error_renderer_(RenderDefaultInternalError),
      rejection_renderer_(RenderDefaultRejection) {
  assert(limits.worker_count > 0);
  assert(limits.keep_alive_max_count > 0);
  assert(limits.max_header_bytes > 0);

  const std::size_t workers = limits_.worker_count;
  new_task_queue = [this, workers]() -> httplib::TaskQueue* {
    // Parked connections are handed to this pool; the park stops before the
    // pool does, so nothing is enqueued into a pool that is going away.
    auto* pool = new CountingThreadPool(workers, queued_connections_, [this] {
      park_.Stop();
      pool_.store(nullptr, std::memory_order_release);
    });
    pool_.store(pool, std::memory_order_release);
    return pool;
  };
  set_tcp_nodelay(true);
  // httplib's default is SO_REUSEPORT, which lets a second process bind the
  // same port and steal half the connections (docs/hardening.md §0.6).
  set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // These mostly feed httplib's Keep-Alive response header and its own
  // checks; ConnectionStream enforces the real limits.
  set_keep_alive_max_count(limits_.keep_alive_max_count);
  set_keep_alive_timeout(WholeSecondsAtLeastOne(limits_.keep_alive_timeout));
  set_read_timeout(limits_.read_timeout);
  set_write_timeout(limits_.write_timeout);
  set_payload_max_length(limits_.payload_max_length);
  // httplib 0.11.4 adds `Keep-Alive: timeout=N, max=M` to every response it
  // keeps the connection open for; IIS sends no such header (HTTP/1.1 needs
  // none). The post-routing handler runs after httplib has added it, for
  // routed, unrouted (404) and thrown-from (500) requests alike.
  httplib::Server::set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& res) { res.headers.erase("Keep-Alive"); });
  exception_handler_copy_ = [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    const std::string version = res.version;
    res = httplib::Response();
    res.version = version;
    res.status = 500;
    try {
      internal_error_renderer_(req, res);
    } catch (...) {
      res = httplib::Response();
      res.version = version;
      RenderDefaultInternalError(req, res);
    }
    res.status = 500;
  };
  set_exception_handler(exception_handler_copy_);
}

HardenedServer::~HardenedServer() { Stop(); }

void HardenedServer::SetInternalErrorRenderer(InternalErrorRenderer renderer) {
  internal_error_renderer_ = renderer ? std::move(renderer) : RenderDefaultInternalError;
}

void HardenedServer::SetTls(std::shared_ptr<const TlsServerContext> tls) { tls_ = std::move(tls); }

void HardenedServer::AddDirectPost(std::string path, Handler handler) {
  direct_routes_.push_back(DirectRoute{std::move(path), std::move(handler)});
}

httplib::Server& HardenedServer::set_pre_routing_handler(HandlerWithResponse handler) {
  pre_routing_copy_ = handler;
  return httplib::Server::set_pre_routing_handler(std::move(handler));
}

httplib::Server& HardenedServer::set_error_handler(HandlerWithResponse handler) {
  error_handler_copy_ = handler;
  return httplib::Server::set_error_handler(std::move(handler));
}

void HardenedServer::SetRejectionObserver(RejectionObserver observer) {
  rejection_observer_ = std::move(observer);
}

void HardenedServer::SetRejectionRenderer(RejectionRenderer renderer) {
  rejection_renderer_ = renderer ? std::move(renderer) : RenderDefaultRejection;
}

int HardenedServer::BindEphemeral(const std::string& host) {
  if (stop_signal_.raised()) return -1;
  const int port = bind_to_any_port(host);
  if (port < 0) return -1;
  if (stop_signal_.raised()) {  // Stop() raced with the bind
    Stop();
    return -1;
  }
  RaiseBacklog();
  return port;
}

bool HardenedServer::Bind(const std::string& host, int port) {
  if (stop_signal_.raised()) return false;
  if (!bind_to_port(host, port)) return false;
  if (stop_signal_.raised()) {
    Stop();
    return false;
  }
  RaiseBacklog();
  return true;
}

void HardenedServer::RaiseBacklog() {
  // Linux accepts a second listen() on a listening socket to change the
  // backlog; httplib's CPPHTTPLIB_LISTEN_BACKLOG (5) is baked into the .so.
  const socket_t sock = svr_sock_;
  if (sock != INVALID_SOCKET) ::listen(sock, limits_.listen_backlog);
}

void HardenedServer::Stop() {
  // Wakes every connection waiting for a peer's bytes (ConnectionStream
  // polls the signal's fd), so idle keep-alive connections close at once;
  // parked ones are closed by the park.
  stop_signal_.Raise();
  park_.Stop();
  // httplib's stop() does this only once is_running() is true; before that
  // it is a no-op and a later listen_after_bind() never returns.
  const socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
  if (sock != INVALID_SOCKET) {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
}

bool HardenedServer::WaitUntilRunning(std::chrono::milliseconds timeout) const {
  const Clock::time_point until = Clock::now() + timeout;
  while (!is_running()) {
    if (Clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

bool HardenedServer::Stopping() const { return stop_signal_.raised() || svr_sock_ == INVALID_SOCKET; }

// One accepted connection and where its service stands. It moves between
// workers and the park; whoever drops the last reference closes it.
struct HardenedServer::Connection {
  Connection(socket_t socket, const StreamTimeouts& timeouts, HardenedServer& server)
      : sock(socket),
        owner(server),
        strm(
            socket, timeouts, [&server] { return server.Stopping(); }, server.stop_signal_.fd(),
            server.tls_ ? std::make_unique<TlsTransport>(server.tls_, socket) : nullptr),
        service_start(Clock::now()) {}
  ~Connection() {
    owner.send_calls_.fetch_add(strm.send_calls(), std::memory_order_relaxed);
    strm.Shutdown();  // not after Abort(): an aborted one is reset by close
    ::close(sock);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const socket_t sock;
  HardenedServer& owner;
  ConnectionStream strm;
  const Clock::time_point service_start;
  std::size_t served = 0;           // requests answered
  Clock::time_point idle_until;     // while no byte of the next request has come
  bool head_started = false;        // a byte of the next request has come
  Clock::time_point request_start;  // its whole-request clock
  Clock::time_point last_progress;  // its last byte
  std::size_t scanned = 0;          // head bytes searched for the end already
};

bool HardenedServer::process_and_close_socket(socket_t sock) {
  const int yes = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  try {
    auto conn = std::make_shared<Connection>(sock, stream_timeouts_, *this);
    if (limits_.shed_queue_depth > 0 && QueuedConnections() > limits_.shed_queue_depth) {
      conn->strm.BeginExchange(Clock::now() + limits_.request_timeout);
      Reject(conn->strm, 503, "server overloaded", /*linger=*/false);
      return true;
    }
    // A connection's first request gets no separate idle allowance: its
    // whole-request deadline counts from the start of service.
    conn->idle_until = conn->service_start + std::min(limits_.keep_alive_timeout, limits_.request_timeout);
    Serve(std::move(conn), ParkWake::kReadable);
  } catch (...) {
    // Only allocation failures or a throwing logger get here; there is
    // nothing sensible left to tell the peer, so just close.
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
  return true;
}

void HardenedServer::Resume(const std::shared_ptr<Connection>& conn, ParkWake why) {
  if (why == ParkWake::kStopped) return;  // dropping `conn` closes it
  httplib::TaskQueue* pool = pool_.load(std::memory_order_acquire);
  if (pool == nullptr) return;
  pool->enqueue([this, conn, why]() mutable {
    try {
      Serve(std::move(conn), why);
    } catch (...) {
      // As in process_and_close_socket: close.
    }
  });
}

void HardenedServer::Serve(std::shared_ptr<Connection> conn, ParkWake why) {
  Connection& c = *conn;
  ConnectionStream& strm = c.strm;
  if (why == ParkWake::kExpired) {
    // A head that stopped coming is answered; an idle connection just closes.
    if (c.head_started) Reject(strm, 408, "request timeout", /*linger=*/false);
    return;
  }
  // After a wake from the park (or for a new connection) bytes are likely
  // ready: take them before any wait.
  bool try_now = true;
  bool cannot_park = false;
  Clock::time_point waiting_since = Clock::now();
  while (c.served < limits_.keep_alive_max_count) {
    if (Stopping()) return;
    const std::string_view buffered = strm.buffered();
    if (!c.head_started && !buffered.empty()) {
      c.head_started = true;
      c.request_start = c.served == 0 ? c.service_start : Clock::now();
      c.last_progress = Clock::now();
      c.scanned = 0;
      strm.BeginExchange(c.request_start + limits_.request_timeout);
    }
    if (c.head_started) {
      const std::size_t head_length = FindRequestHeadEnd(buffered, c.scanned);
      if (head_length != kHeadIncomplete) {
        c.head_started = false;
        const bool last = c.served + 1 == limits_.keep_alive_max_count;
        ++c.served;
        if (!ServeRequest(strm, c.request_start, head_length, last)) return;
        c.idle_until = Clock::now() + limits_.keep_alive_timeout;
        waiting_since = Clock::now();
        try_now = false;  // the next request is rarely there yet: wait first
        continue;
      }
      c.scanned = buffered.size();
      if (buffered.size() >= limits_.max_header_bytes) {
        const HeadRejection rejection = OversizedHeadRejection(buffered);
        Reject(strm, rejection.status, rejection.reason);
        return;
      }
    }
    // More bytes are needed: by when, and how long this worker may wait.
    const Clock::time_point now = Clock::now();
    const Clock::time_point deadline = c.head_started ? std::min(c.request_start + limits_.request_timeout,
                                                                 c.last_progress + limits_.read_timeout)
                                                      : c.idle_until;
    if (now >= deadline || (c.head_started && QueuedConnections() > 0 &&
                            now - c.request_start >= limits_.head_timeout_under_load)) {
      if (c.head_started) Reject(strm, 408, "request timeout", /*linger=*/false);
      return;  // idle timeout: close quietly
    }
    strm.set_stoppable(true);
    if (try_now) {
      try_now = false;
      if (strm.ReceiveAvailable(limits_.max_header_bytes)) {
        c.last_progress = Clock::now();
        continue;
      }
      if (strm.status() != ConnectionStream::Status::kTimedOut) return;  // EOF, error
      strm.ClearTimeout();
    }
    // Keep the worker (the cheapest wait) only while no other connection
    // waits for one, and not for long; otherwise park the connection.
    if (cannot_park || (QueuedConnections() == 0 && now - waiting_since < limits_.idle_yield_after)) {
      strm.set_read_deadline(std::min(deadline, now + kIdleCheckInterval));
      if (strm.Fill(limits_.max_header_bytes)) {
        c.last_progress = Clock::now();
        continue;
      }
      if (strm.status() != ConnectionStream::Status::kTimedOut) return;  // EOF, stop, error
      strm.ClearTimeout();
      continue;
    }
    // Plaintext TLS has already decrypted never makes the socket readable:
    // take it now rather than strand it in the park.
    if (strm.InputPending()) {
      try_now = true;
      continue;
    }
    // The park holds the connection now. It refuses only once stopped (or
    // if epoll is unavailable): then this worker keeps waiting.
    if (park_.Park(c.sock, deadline, [this, conn](ParkWake w) { Resume(conn, w); })) return;
    if (Stopping()) return;
    cannot_park = true;
  }
}

bool HardenedServer::ServeRequest(ConnectionStream& strm, Clock::time_point request_start,
                                  std::size_t head_length, bool last) {
  const Clock::time_point request_deadline = request_start + limits_.request_timeout;
  strm.set_read_deadline(request_deadline);
  const std::string_view head_bytes = strm.buffered().substr(0, head_length);
  if (head_length > limits_.max_header_bytes) {
    const HeadRejection rejection = OversizedHeadRejection(head_bytes);
    Reject(strm, rejection.status, rejection.reason);
    return false;
  }
  const Result<RequestHead, HeadRejection> head = ParseRequestHead(head_bytes, head_limits_);
  if (!head) {
    Reject(strm, head.error().status, head.error().reason);
    return false;
  }
  // httplib re-reads the head from the buffer, then exactly the body. The
  // request is in flight now: a stop no longer interrupts its body.
  strm.set_read_budget(head_length + head->content_length);
  strm.set_stoppable(false);
  // During a stop the answer says the connection closes, which it then does.
  bool connection_closed = false;
  current_stream = &strm;
  bool answered = false;
  if (const Handler* direct = DirectRouteFor(*head)) {
    direct_requests_.fetch_add(1, std::memory_order_relaxed);
    answered = ServeDirect(strm, *head, head_length, *direct, last || Stopping(), connection_closed);
  } else {
    const std::function<void(httplib::Request&)> setup_request = [&head](httplib::Request& req) {
      UseSocketAddresses(req);
      RestoreEmptyFields(req, head->empty_fields);
      AnswerUncompressed(req);
    };
    answered = process_request(strm, last || Stopping(), connection_closed, setup_request);
  }
  current_stream = nullptr;
  // The response's head and body leave together, in one call where the
  // socket takes them.
  answered = strm.Flush() && answered;
  if (!answered || connection_closed || last || strm.status() != ConnectionStream::Status::kOk) {
    return false;
  }
  // A body the handler did not read (a GET with a body, a pre-routing
  // rejection by the SOAP layer) must not be parsed as the next request.
  return strm.DiscardBudget();
}

const httplib::Server::Handler* HardenedServer::DirectRouteFor(const RequestHead& head) const {
  if (!direct_routing_ || direct_routes_.empty() || head.method != "POST" || head.version != "HTTP/1.1" ||
      !head.has_content_length || head.target.find_first_of("?%") != std::string::npos) {
    return nullptr;
  }
  const DirectRoute* route = nullptr;
  for (const DirectRoute& r : direct_routes_) {
    if (EqualsIgnoreCaseAscii(head.target, r.path)) {
      route = &r;
      break;
    }
  }
  if (route == nullptr || !std::all_of(head.fields.begin(), head.fields.end(), DirectSafeField))
    return nullptr;
  return &route->handler;
}

// Mirrors httplib 0.11.4's Server::process_request, routing and
// write_response_core for the requests DirectRouteFor admits; the
// differential test (tests/http/direct_route_test.cc) holds the two to the
// same bytes.
bool HardenedServer::ServeDirect(ConnectionStream& strm, const RequestHead& head, std::size_t head_length,
                                 const Handler& handler, bool close_connection, bool& connection_closed) {
  httplib::Request req;
  httplib::Response res;
  res.version = "HTTP/1.1";
  req.method = head.method;
  req.target = head.target;
  req.path = head.target;
  req.version = head.version;
  // httplib keeps only fields with a value; RestoreEmptyFields below puts
  // the empty ones back as the httplib path does. httplib's
  // get_header_value("Connection") is the first such field: found in this
  // pass rather than by a tree lookup (its comparator calls libc tolower per
  // character).
  bool close_asked = false, connection_seen = false;
  for (const HeaderField& f : head.fields) {
    if (f.value.empty()) continue;
    if (!connection_seen && EqualsIgnoreCaseAscii(f.name, "Connection")) {
      connection_seen = true;
      close_asked = f.value == "close";
    }
    req.headers.emplace(std::string(f.name), std::string(f.value));
  }
  if (close_asked) connection_closed = true;
  strm.get_remote_ip_and_port(req.remote_addr, req.remote_port);
  req.headers.emplace("REMOTE_ADDR", req.remote_addr);
  req.headers.emplace("REMOTE_PORT", std::to_string(req.remote_port));
  strm.get_local_ip_and_port(req.local_addr, req.local_port);
  req.headers.emplace("LOCAL_ADDR", req.local_addr);
  req.headers.emplace("LOCAL_PORT", std::to_string(req.local_port));
  RestoreEmptyFields(req, head.empty_fields);
  AnswerUncompressed(req);
  // The head (all buffered: it was parsed from buffered()) is consumed;
  // what remains of the budget is the body. The views in `head` are not
  // used past this point.
  strm.SkipBuffered(head_length);

  bool routed = false;
  try {
    if (pre_routing_copy_ && pre_routing_copy_(req, res) == HandlerResponse::Handled) {
      routed = true;
    } else {
      // httplib's read_content: exactly Content-Length bytes, 400 if they
      // do not all come.
      bool body_ok = true;
      req.body.resize(static_cast<std::size_t>(head.content_length));
      for (std::size_t done = 0; done < req.body.size();) {
        const ssize_t n = strm.read(req.body.data() + done, req.body.size() - done);
        if (n <= 0) {
          body_ok = false;
          break;
        }
        done += static_cast<std::size_t>(n);
      }
      if (body_ok) {
        handler(req, res);
        routed = true;
      } else {
        req.body.clear();
        res.status = 400;
      }
    }
  } catch (...) {
    exception_handler_copy_(req, res, std::current_exception());
    routed = true;
  }
  if (res.status == -1) res.status = routed ? 200 : 404;

  // write_response_core.
  bool apply_length = routed;
  if (res.status >= 400 && error_handler_copy_ && error_handler_copy_(req, res) == HandlerResponse::Handled) {
    apply_length = true;
  }
  if (apply_length && !res.body.empty())
    res.headers.emplace("Content-Length", std::to_string(res.body.size()));
  if (close_connection || close_asked) res.headers.emplace("Connection", "close");
  if (!res.body.empty() && FindHeader(res.headers, "Content-Type") == nullptr) {
    res.headers.emplace("Content-Type", "text/plain");
  }
  if (res.body.empty() && FindHeader(res.headers, "Content-Length") == nullptr) {
    res.headers.emplace("Content-Length", "0");
  }
  res.headers.erase("Keep-Alive");  // the post-routing handler's work

  std::string out;
  out.reserve(256);
  out += "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  out += HttplibStatusText(res.status);
  out += "\r\n";
  for (const auto& [name, value] : res.headers) {
    AppendCString(out, name);
    out += ": ";
    AppendCString(out, value);
    out += "\r\n";
  }
  out += "\r\n";
  // Head and body leave together (ConnectionStream holds the head back).
  return WriteAll(strm, out) && WriteAll(strm, res.body);
}

void HardenedServer::Reject(ConnectionStream& strm, int status, std::string_view reason, bool linger) {
  httplib::Response res;
  res.status = status;
  try {
    rejection_renderer_(status, reason, res);
  } catch (...) {
    res = httplib::Response();
    RenderDefaultRejection(status, reason, res);
  }
  if (status == 503 && !res.has_header("Retry-After")) {
    res.set_header("Retry-After", "1");
  }
  if (WriteAll(strm, SerializeClosingResponse(status, res)) && strm.Flush()) {
    const Clock::time_point now = Clock::now();
    strm.LingerAndDrain(linger ? now + limits_.rejection_linger : now,
                        limits_.max_header_bytes + limits_.payload_max_length);
  }
  if (rejection_observer_) {
    std::string ip;
    int port = 0;
    strm.get_remote_ip_and_port(ip, port);
    rejection_observer_(status, reason, ip);
  }
}

}  // namespace vi::http
