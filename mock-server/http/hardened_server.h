// HardenedServer: the cpp-httplib 0.11.4 Server (Debian 12's compiled .so)
// with its known weaknesses closed in one place (docs/hardening.md §0, §1, §4 "T").
// It replaces httplib's per-connection loop with its own, which reads each
// request head itself under a whole-request deadline and a byte cap, rejects
// ambiguous or unsupported framing before any body byte is read, and closes
// the connection after every rejection. Handlers are registered exactly as on
// httplib::Server (Get, Post, set_pre_routing_handler, ...); a hot POST route
// may also be registered as a direct route (AddDirectPost), served from the
// already-vetted head without httplib's second parse, regex routing and
// response writer, with the same bytes on the wire.
#ifndef VI_MOCK_SERVER_HTTP_HARDENED_SERVER_H_
#define VI_MOCK_SERVER_HTTP_HARDENED_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mock-server/http/connection_park.h"
#include "mock-server/http/connection_stream.h"
#include "mock-server/http/request_head.h"
#include "mock-server/http/stop_signal.h"
#include "mock-server/http/tls_context.h"

namespace vi::http {

// Every limit HardenedServer enforces. Defaults suit the running mock; tests
// shorten the timeouts. Plain value type.
struct ServerLimits {
  // Worker threads; each serves one connection at a time, while it has a
  // request to receive, answer or send. Connections that wait for their
  // peer are parked without a worker (ConnectionPark), so this bounds
  // requests in progress, not open connections (httplib's default is 8).
  std::size_t worker_count = 64;
  // Requests served on one connection before it is closed.
  std::size_t keep_alive_max_count = 1000;
  // Idle time allowed between two requests on one connection (parked or
  // not); the connection is then closed.
  std::chrono::milliseconds keep_alive_timeout{5000};
  // Longest single wait for request bytes / for send-buffer space.
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  // Whole time allowed to receive one request, head and body, counted from
  // its first byte (from the start of service for a connection's first
  // request). Slow-loris connections are cut when it passes.
  std::chrono::milliseconds request_timeout{10000};
  // Whole time allowed to send one response, from its first byte.
  std::chrono::milliseconds response_timeout{10000};
  // Cap on the request line plus header fields (414 / 431 beyond).
  std::size_t max_header_bytes = 64 * 1024;
  // Cap on one request line or header line, CRLF excluded (414 / 431
  // beyond). httplib's baked-in 8192 counts the CRLF; staying 2 below it
  // keeps our answer (and the connection close) ahead of httplib's.
  std::size_t max_header_line_bytes = 8 * 1024 - 2;
  // Cap on the number of header fields (431 beyond).
  std::size_t max_header_count = 100;
  // Largest accepted Content-Length (413 beyond).
  std::size_t payload_max_length = 1024 * 1024;
  // A connection waiting for its peer's bytes (idle between requests,
  // silent since it was accepted, or in a slow request head) keeps its
  // worker at most this long, and only while no other connection waits for
  // a worker; then it is parked, without a worker, until its next bytes
  // arrive. Parking closes nothing, so no request in flight is lost.
  std::chrono::milliseconds idle_yield_after{250};
  // While connections wait for a worker, a request whose head has not fully
  // arrived after this long (counted from its first wait) is cut with 408,
  // so slow-loris clients cannot hold every worker for request_timeout.
  std::chrono::milliseconds head_timeout_under_load{1000};
  // Requests to this path or under it may be POSTed without Content-Length
  // (no body) instead of being refused with 411 (HeadLimits). Empty: none.
  std::string bodiless_ok_path;
  // Listen backlog; httplib's baked-in value is 5.
  int listen_backlog = 1024;
  // When more than this many connections with work (new ones and parked
  // ones whose bytes have arrived) wait for a worker, a new connection that
  // reaches a worker is answered 503 and closed at once. 0 disables
  // shedding. Idle and slow connections are parked and never count, so
  // this is a last resort: 1,024 busy keep-alive clients stay below it.
  std::size_t shed_queue_depth = 4096;
  // After a rejection the server half-closes and reads (and drops) what the
  // client still sends for up to this long, so the client can read the
  // response before the socket is closed.
  std::chrono::milliseconds rejection_linger{500};
};

// Renders the 500 answered when a handler throws. It must not reveal the
// exception; it is given the request, and a response whose status is 500
// and whose headers and body are empty.
using InternalErrorRenderer = std::function<void(const httplib::Request&, httplib::Response&)>;

// Renders a response for a request refused before routing (framing, limits,
// timeouts, overload). `status` is already set on the response and is what
// will be sent; `reason` is a short text that never echoes request bytes.
// Content-Length and Connection: close are added by the server. httplib's
// error handler and logger do not run for these responses.
using RejectionRenderer = std::function<void(int status, std::string_view reason, httplib::Response&)>;

// Sets `res`'s body and Content-Type (replacing any earlier one) by moving
// `body` in. httplib 0.11.4's Response::set_content takes only a const
// reference or a pointer and length, so it copies the body even from an
// rvalue; handlers that answer large bodies use this instead.
void SetResponseBody(httplib::Response& res, std::string body, const std::string& content_type);

// The value of the first field called `name` (ASCII letters in any case), the
// one httplib's get_header_value returns, or nullptr when there is none. A
// linear pass that compares lengths first: on a request's few fields it is
// cheaper than httplib's tree lookup, whose comparator calls the C library's
// tolower for every character.
const std::string* FindHeader(const httplib::Headers& headers, std::string_view name);

// Called from a handler on its worker thread: the connection the request
// came on is reset (RST) instead of answered, as a server or proxy that
// drops it would. Does nothing outside a HardenedServer handler.
void AbortConnection();

// An httplib::Server whose connections are served by its own loop:
//   * each request must arrive within request_timeout and fit in
//     max_header_bytes + payload_max_length; idle keep-alive connections are
//     closed after keep_alive_timeout;
//   * Transfer-Encoding (501 / 400), Content-Encoding (415), missing (411),
//     invalid or conflicting (400) and oversized (413) Content-Length, a
//     refused Expect: 100-continue (417), oversized heads (414 / 431) and
//     percent-encoded control characters in header values (400) are answered
//     from the raw head, before routing, and the connection is then closed;
//   * a body that a handler leaves unread is discarded, so it is never parsed
//     as the next request; pipelined requests are answered in order;
//   * a handler exception becomes a 500 from the InternalErrorRenderer, never
//     an EXCEPTION_WHAT header (CVE-2026-28434);
//   * req.remote_addr / remote_port come from getpeername(), and the
//     REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR and LOCAL_PORT headers a client
//     sends are replaced by the socket's values (CVE-2025-66570);
//   * header fields sent with an empty value, which httplib drops, reach the
//     handler with an empty value (`SOAPAction:` means something);
//   * sockets use SO_REUSEADDR, never SO_REUSEPORT, so a second server on the
//     same port fails to bind; TCP_NODELAY is on.
//   * answers are never compressed (IIS compresses no dynamic answer by
//     default; httplib would gzip or brotli every text/* answer): a
//     request's Accept-Encoding is removed before routing;
//   * no response carries httplib's `Keep-Alive` header (IIS sends none);
//     the server owns the post-routing handler that removes it, so
//     set_post_routing_handler is not available.
// All of the above hold on direct routes too.
// Do not replace what the constructor installs: new_task_queue, the socket
// options, the exception handler, set_payload_max_length and the timeout and
// keep-alive setters. Use Bind/BindEphemeral and Stop rather than httplib's
// bind_to_port/bind_to_any_port and stop.
//
// Thread-safety: configure (handlers, renderers) before listening; after that
// Stop(), WaitUntilRunning() and QueuedConnections() may be called from any
// thread while another thread runs listen_after_bind().
class HardenedServer : public httplib::Server {
 public:
  using Clock = ConnectionStream::Clock;

  explicit HardenedServer(const ServerLimits& limits = ServerLimits());
  // Closes the listening socket if it is still open.
  // REQUIRES: no thread is inside listen_after_bind() (Stop and join first).
  ~HardenedServer() override;

  HardenedServer(const HardenedServer&) = delete;
  HardenedServer& operator=(const HardenedServer&) = delete;

  // Taken by the server itself (it removes httplib's Keep-Alive header).
  httplib::Server& set_post_routing_handler(Handler handler) = delete;

  // Registers a direct route: a POST whose path equals `path` in any ASCII
  // letter case is served by `handler` without httplib's second parse of the
  // head, its regex routing and its response writer. The server builds the
  // httplib::Request from the head it has already vetted and writes the
  // response head itself, producing the same bytes httplib would (status
  // line and text, headers in httplib's case-insensitive name order,
  // Content-Type / Content-Length defaults, Connection: close, no
  // Keep-Alive) and running the pre-routing handler (before the body is
  // read), the error handler (status >= 400) and the exception renderer
  // exactly where httplib runs them. A request takes the direct route only
  // when that is certain to match httplib's handling: HTTP/1.1, a target
  // without query or percent-encoding, Content-Length present, and no
  // Range, Expect, form Content-Type, percent-encoded header value or
  // client-sent REMOTE_ADDR / REMOTE_PORT / LOCAL_ADDR / LOCAL_PORT field;
  // any other request goes through httplib as before, so the same handler
  // must also be registered with Post() for the same requests. `handler`
  // must answer through res.status, headers and body (no content
  // provider). Routes are tried in registration order, before httplib's.
  // REQUIRES: called before listening.
  void AddDirectPost(std::string path, Handler handler);

  // Whether direct routes are used (default true). Off, every request goes
  // through httplib's process_request: the reference the direct path is
  // compared with in tests. REQUIRES: called before listening.
  void SetDirectRouting(bool enabled) { direct_routing_ = enabled; }

  // As httplib's, and kept for direct routes too.
  httplib::Server& set_pre_routing_handler(HandlerWithResponse handler);
  httplib::Server& set_error_handler(HandlerWithResponse handler);
  httplib::Server& set_error_handler(Handler handler) = delete;

  // Replaces the renderer used when a handler throws. The default answers a
  // plain-text "Internal Server Error". A renderer that throws falls back to
  // the default. REQUIRES: called before listening.
  void SetInternalErrorRenderer(InternalErrorRenderer renderer);

  // Replaces the renderer used for pre-routing rejections. The default
  // answers the reason as text/plain. A renderer that throws falls back to
  // the default. REQUIRES: called before listening.
  void SetRejectionRenderer(RejectionRenderer renderer);

  // Called once for every request refused before routing (after the answer
  // is sent), with the status, the short reason and the peer's address from
  // the socket; for the request log. Must not throw. REQUIRES: called
  // before listening.
  using RejectionObserver = std::function<void(int status, std::string_view reason, std::string_view peer)>;
  void SetRejectionObserver(RejectionObserver observer);

  // Serves every connection over TLS with `tls` (null: plain HTTP, the
  // default). Each connection's handshake runs inside its first reads, under
  // the same deadlines as a request head: a client that never completes it
  // is closed when its first request's deadline passes (or at once on a
  // stop), and bytes that are not TLS (plain HTTP) close the connection.
  // Graceful closes send close_notify; AbortConnection() still resets.
  // REQUIRES: called before listening.
  void SetTls(std::shared_ptr<const TlsServerContext> tls);
  bool tls() const { return tls_ != nullptr; }

  // Binds `host` on a kernel-chosen port and raises the listen backlog.
  // Returns the port, or -1 if binding failed or Stop() was already called.
  int BindEphemeral(const std::string& host);

  // Binds `host`:`port` and raises the listen backlog. Returns false if the
  // port is taken (also by another HardenedServer), or after Stop().
  bool Bind(const std::string& host, int port);

  // Stops the server: closes the listening socket and at once closes every
  // connection that is idle or still sending a request head, so
  // listen_after_bind() returns as soon as the requests in flight (head
  // received) are answered, each within its own deadlines. Safe to call
  // before or during listening, from any thread, and more than once; unlike
  // httplib's stop(), a Stop() that comes before listen_after_bind() makes
  // it return at once instead of hanging. The server cannot be bound again
  // afterwards.
  void Stop();

  // Waits until listen_after_bind() is running on some thread. Returns false
  // if `timeout` passes first. (httplib 0.11.4 has no wait_until_ready.)
  bool WaitUntilRunning(std::chrono::milliseconds timeout) const;

  // Connections with work (new, or parked and readable again) waiting for a
  // free worker.
  std::size_t QueuedConnections() const { return queued_connections_.load(std::memory_order_relaxed); }

  // send()/sendmsg() calls (over TLS: SSL_write calls) made on connections
  // that have ended: a statistic (a response normally leaves in one call;
  // more when the socket's buffer fills), read by tests and benchmarks.
  std::uint64_t SendCalls() const { return send_calls_.load(std::memory_order_relaxed); }

  // Requests served on a direct route (AddDirectPost): a statistic, read by
  // tests to see which path served them.
  std::uint64_t DirectRequests() const { return direct_requests_.load(std::memory_order_relaxed); }

  const ServerLimits& limits() const { return limits_; }

 private:
  // httplib calls this (a private virtual) on a worker thread for every
  // accepted connection; it must close `sock`.
  bool process_and_close_socket(socket_t sock) override;

  struct Connection;
  // Serves requests on `conn` until it ends, or parks it (ConnectionPark)
  // while it waits for its peer's bytes and other connections wait for a
  // worker (or after idle_yield_after). `why` is why it runs: kReadable for
  // a new connection or one the park handed back, kExpired when its
  // deadline passed in the park (a started head is answered 408). Answers
  // 414 / 431 at the head-size cap and 408 at the request deadline, a
  // read_timeout without progress, or head_timeout_under_load while
  // connections wait for a worker.
  void Serve(std::shared_ptr<Connection> conn, ParkWake why);
  // Called by the park: queues `conn` for a worker (kReadable, kExpired)
  // or lets it close (kStopped).
  void Resume(const std::shared_ptr<Connection>& conn, ParkWake why);
  // Serves one request whose head, `head_length` bytes, is buffered: vets
  // it, lets httplib answer it and drops a body the handler left unread.
  // `request_start` started its request_timeout; `last` makes the response
  // close the connection. Returns true if the connection may serve another
  // request; after a rejection (already answered) or any stream failure,
  // false.
  bool ServeRequest(ConnectionStream& strm, Clock::time_point request_start, std::size_t head_length,
                    bool last);
  // Answers `status` built by the RejectionRenderer, then lingers for
  // rejection_linger, or only drains what has arrived if `linger` is false
  // (for peers that are slow or unwanted anyway: 408, 503).
  void Reject(ConnectionStream& strm, int status, std::string_view reason, bool linger = true);
  // The direct route for `head`, or nullptr when httplib must serve it.
  const Handler* DirectRouteFor(const RequestHead& head) const;
  // Serves one request on a direct route (see AddDirectPost): head bytes
  // still buffered, read budget set. Returns whether the response was
  // written; sets `connection_closed` when the request asked to close.
  bool ServeDirect(ConnectionStream& strm, const RequestHead& head, std::size_t head_length,
                   const Handler& handler, bool close_connection, bool& connection_closed);
  void RaiseBacklog();
  bool Stopping() const;

  const ServerLimits limits_;
  const HeadLimits head_limits_;
  const StreamTimeouts stream_timeouts_;
  InternalErrorRenderer internal_error_renderer_;
  RejectionRenderer rejection_renderer_;
  RejectionObserver rejection_observer_;
  std::shared_ptr<const TlsServerContext> tls_;
  StopSignal stop_signal_;
  std::atomic<std::size_t> queued_connections_{0};
  // The worker pool while listen_after_bind() runs (httplib owns it).
  std::atomic<httplib::TaskQueue*> pool_{nullptr};
  ConnectionPark park_;
  std::atomic<std::uint64_t> send_calls_{0};
  struct DirectRoute {
    std::string path;
    Handler handler;
  };
  std::vector<DirectRoute> direct_routes_;
  bool direct_routing_ = true;
  std::atomic<std::uint64_t> direct_requests_{0};
  HandlerWithResponse pre_routing_copy_;
  HandlerWithResponse error_handler_copy_;
  // httplib's exception handler as installed by the constructor.
  ExceptionHandler exception_handler_copy_;
};

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_HARDENED_SERVER_H_
