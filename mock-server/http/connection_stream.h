// ConnectionStream: a cpp-httplib Stream over one accepted TCP socket that
// enforces deadlines and a per-request read budget (docs/hardening.md §1.1,
// item 5 of §1.7). httplib's own SocketStream lives in the .so's detail namespace and
// times out each recv only; this one bounds the whole request. Bytes received
// past the current request stay buffered for the next one, so pipelined
// requests are answered in order. Used by HardenedServer.
#ifndef VI_MOCK_SERVER_HTTP_CONNECTION_STREAM_H_
#define VI_MOCK_SERVER_HTTP_CONNECTION_STREAM_H_

#include <httplib.h>
#include <poll.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "mock-server/http/transport.h"

namespace vi::http {

// Per-wait and whole-response bounds for a ConnectionStream. Plain value.
struct StreamTimeouts {
  // Longest single wait for bytes to arrive (also capped by the deadline).
  std::chrono::milliseconds read_timeout{5000};
  // Longest single wait for send-buffer space.
  std::chrono::milliseconds write_timeout{5000};
  // Whole time allowed to write one response, counted from its first write.
  std::chrono::milliseconds response_timeout{10000};
};

// One connection's byte stream with deadlines. Its bytes go through a
// Transport (transport.h): the socket itself (TcpTransport, the default) or
// a TLS session over it (TlsTransport). Every transport call is
// non-blocking, and the stream poll()s only when one cannot progress, for
// the readiness it names, so no wait outlives its deadline. Not
// thread-safe: it belongs to the worker serving the connection.
class ConnectionStream final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  // Why the last read or write stopped.
  enum class Status {
    kOk,
    kClosed,    // the peer closed its side (EOF) or reset the connection
    kTimedOut,  // a per-wait timeout or the deadline passed
    kStopped,   // should_stop() returned true while waiting
    kError,     // any other socket error
  };

  // Does not take ownership of `sock` or `stop_fd`; the caller closes them
  // after the stream is gone. While the stream is stoppable, a wait for the
  // peer's bytes ends (kStopped) as soon as `stop_fd` polls readable (a
  // StopSignal's fd; -1 for none) and, at the latest, within 50 ms of
  // `should_stop` returning true, so a stopping server is not held up by a
  // silent peer. Writes are never interrupted (their deadlines bound them).
  // `transport` carries the bytes; null: the socket itself (TcpTransport).
  ConnectionStream(socket_t sock, StreamTimeouts timeouts, std::function<bool()> should_stop,
                   int stop_fd = -1, std::unique_ptr<Transport> transport = nullptr);

  ConnectionStream(const ConnectionStream&) = delete;
  ConnectionStream& operator=(const ConnectionStream&) = delete;

  // Starts a new request/response exchange: reads must complete by
  // `read_deadline`, the read budget is reset to 0, the response clock is
  // reset, the stream is stoppable again and the status goes back to kOk.
  void BeginExchange(Clock::time_point read_deadline);
  // Whether a stop interrupts waits for the peer's bytes (the default). A
  // server clears it once a request's head is accepted, so that request's
  // body is still received, within the read deadline, after a stop.
  void set_stoppable(bool stoppable) { stoppable_ = stoppable; }
  void set_read_deadline(Clock::time_point deadline) { read_deadline_ = deadline; }
  // After a read that timed out on a deadline the caller chose to extend:
  // the stream is usable again (status kOk). Other statuses are kept.
  void ClearTimeout() {
    if (status_ == Status::kTimedOut) status_ = Status::kOk;
  }

  // read() hands out at most `bytes` more bytes in this exchange and then
  // reports end of input (0), so httplib can never consume the next request's
  // bytes or read an unbounded body.
  void set_read_budget(std::uint64_t bytes) { read_budget_ = bytes; }
  std::uint64_t read_budget() const { return read_budget_; }

  // Bytes received and not yet consumed by read() or Discard().
  std::string_view buffered() const;
  // Whether the transport holds received bytes that buffered() does not show
  // yet and that no poll() or epoll on the socket would announce (decrypted
  // TLS plaintext): a caller about to wait elsewhere for the socket (the
  // park) receives them first. Always false for plain TCP.
  bool InputPending() const { return transport_->HasBufferedInput(); }

  // Waits (until the read deadline) for the socket to become readable and
  // receives once, appending at most `max_buffered - buffered().size()`
  // bytes. Returns true if at least one byte was added; on false, status()
  // says why.
  // REQUIRES: buffered().size() < max_buffered.
  bool Fill(std::size_t max_buffered);

  // Receives once without waiting, appending at most `max_buffered -
  // buffered().size()` bytes. Returns true if at least one byte was added;
  // on false, status() is kTimedOut when nothing has arrived yet (the caller
  // clears it), else why the stream ended.
  // REQUIRES: buffered().size() < max_buffered.
  bool ReceiveAvailable(std::size_t max_buffered);

  // Drops `n` bytes already buffered and counts them against the read
  // budget, as read() would, without copying them (a request head the
  // server has parsed from buffered()).
  // REQUIRES: n <= buffered().size() and n <= read_budget().
  void SkipBuffered(std::size_t n) {
    Consume(n);
    read_budget_ -= n;
  }

  // Reads and drops the rest of the read budget (an unread request body).
  // Returns false if the peer, the deadline or a stop got in the way.
  bool DiscardBudget();

  // Sends what write() holds back, half-closes the write side (TLS:
  // close_notify first) so the peer sees the end of the response, then
  // reads and drops what the peer has sent and still sends, until EOF,
  // `until`, or `max_bytes`, whichever comes first (with `until` already
  // past, only what has arrived). Closing a socket with unread input makes
  // the kernel send RST, which can destroy a response the peer has not read
  // yet; this lingering close avoids that.
  void LingerAndDrain(Clock::time_point until, std::size_t max_bytes);

  // Sends the response bytes write() has held back (see write()). Returns
  // false if the peer, the response deadline or an error got in the way.
  // Call it once a response is complete; Fill() and read() call it first, so
  // an interim response (100 Continue) leaves before its body is awaited.
  bool Flush();

  // Transport sends made so far (sendmsg() calls on plain TCP, SSL_write
  // calls over TLS; would-block ones included): a statistic, and the seam
  // tests use to see one response leave in one call.
  std::uint64_t send_calls() const { return send_calls_; }

  // Ends the connection gracefully before its socket is closed: shutdown
  // (TLS: close_notify first). Does nothing after Abort(), so the close
  // resets.
  void Shutdown();

  Status status() const { return status_; }
  // Resets the connection instead of answering: nothing more is written
  // (write() fails; over TLS no close_notify either), and the socket, once
  // closed, sends an RST (SO_LINGER 0). For injected faults.
  void Abort();
  bool aborted() const { return aborted_; }

  // httplib::Stream. read() returns 0 once the read budget is spent or on
  // EOF, -1 on timeout, stop or error. write() holds bytes back while they
  // total less than 16 KiB, so that a response head and its body leave
  // together: a later write() sends the held bytes and its own in one
  // sendmsg() (over TLS, one SSL_write), and Flush() sends what is still
  // held. Sockets are written first and polled only when they would block
  // (EAGAIN, TLS's WANT_READ / WANT_WRITE). write() returns -1
  // once the response deadline passes or the peer is gone.
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  using httplib::Stream::write;
  // From getpeername()/getsockname() on the socket, taken once at
  // construction; never from request headers.
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

 private:
  // Waits until `events` are ready on the socket, `until` passes, or (for
  // POLLIN) a stop is requested; the whole wait is also capped by
  // `per_wait`. Returns true when ready; otherwise sets status_.
  bool Wait(short events, Clock::time_point until, std::chrono::milliseconds per_wait) const;
  void Consume(std::size_t n);
  // One non-blocking transport receive of at most `room` bytes into the
  // buffer: 1 when bytes came, 0 when none are ready (read_events_ then says
  // what to poll for), -1 at EOF or on an error (status_ set).
  int ReceiveOnce(std::size_t room);
  // Sends `held_` and then `more` with as few calls as the socket allows,
  // polling only on EAGAIN; clears `held_` on success.
  bool SendHeldAnd(std::string_view more);
  void StartResponseClock();

  static constexpr std::size_t kHoldBytes = 16 * 1024;

  static constexpr std::size_t kRecvChunk = 16 * 1024;

  const socket_t sock_;
  TcpTransport tcp_;
  const std::unique_ptr<Transport> owned_transport_;
  Transport* const transport_;  // owned_transport_, or tcp_
  short read_events_ = POLLIN;  // what the last receive that found nothing needs
  const StreamTimeouts timeouts_;
  const std::function<bool()> should_stop_;
  const int stop_fd_;
  bool stoppable_ = true;
  std::string remote_ip_;
  int remote_port_ = -1;
  std::string local_ip_;
  int local_port_ = -1;

  std::string buffer_;
  std::array<char, kRecvChunk> scratch_;  // each recv() lands here first
  std::size_t buffer_pos_ = 0;            // first unconsumed byte of buffer_
  Clock::time_point read_deadline_;
  std::uint64_t read_budget_ = 0;
  bool response_started_ = false;
  std::string held_;  // response bytes write() has not sent yet
  std::uint64_t send_calls_ = 0;
  Clock::time_point response_deadline_;
  mutable Status status_ = Status::kOk;
  bool aborted_ = false;
};

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_CONNECTION_STREAM_H_
