// Transport: the byte I/O of one accepted connection, below ConnectionStream
// (the seam between its deadlines and the socket). TcpTransport is the
// socket itself: recv() and sendmsg(), exactly the calls ConnectionStream
// always made; TlsTransport (tls_transport.h) runs a TLS session over the
// socket. Every call is non-blocking: when one cannot progress it says which
// readiness to poll for, and the stream does the waiting, under its
// deadlines.
#ifndef VI_MOCK_SERVER_HTTP_TRANSPORT_H_
#define VI_MOCK_SERVER_HTTP_TRANSPORT_H_

#include <sys/uio.h>

#include <cstddef>

namespace vi::http {

// What one Receive() or Send() did. Plain value.
struct IoResult {
  enum class Kind {
    kDone,        // `bytes` were received (at least one) or sent
    kWouldBlock,  // nothing moved: poll for `wait_for`, then call again
    kClosed,      // the peer closed (EOF, close_notify) or reset the connection
    kError,       // any other failure (a TLS protocol error among them)
  };
  Kind kind = Kind::kDone;
  std::size_t bytes = 0;
  // With kWouldBlock: POLLIN or POLLOUT, or 0 for "call again at once"
  // (an interrupted call).
  short wait_for = 0;
};

// One connection's transport. Not thread-safe: it belongs to the stream that
// owns it. It does not own the socket (the caller closes it).
class Transport {
 public:
  virtual ~Transport() = default;

  // Receives at most `size` (> 0) bytes into `buf` without waiting.
  virtual IoResult Receive(char* buf, std::size_t size) = 0;
  // Sends the `count` (1 or 2) buffers, in order, without waiting; may send
  // only a part. After kWouldBlock, the next call must offer the same bytes
  // again first (TLS requires it; the stream's retries do).
  virtual IoResult Send(const iovec* iov, int count) = 0;
  // Whether Receive() can hand out bytes now that no poll() on the socket
  // would announce (plaintext TLS has decrypted and not handed out yet).
  virtual bool HasBufferedInput() const = 0;
  // Ends the sending direction: what follows is the peer's last bytes, if
  // any. TCP: shutdown(SHUT_WR). TLS: close_notify, then shutdown(SHUT_WR).
  virtual void CloseWrite() = 0;
  // Ends the connection gracefully before the caller closes the socket.
  // TCP: shutdown(SHUT_RDWR). TLS: close_notify if not sent yet and the
  // session is sound, then shutdown(SHUT_RDWR). Never waits.
  virtual void Finish() = 0;
};

// The socket itself. Every call is one non-blocking system call
// (MSG_DONTWAIT; MSG_NOSIGNAL on sends, so a vanished peer is an error
// value, never SIGPIPE).
class TcpTransport final : public Transport {
 public:
  explicit TcpTransport(int sock) : sock_(sock) {}
  IoResult Receive(char* buf, std::size_t size) override;
  IoResult Send(const iovec* iov, int count) override;
  bool HasBufferedInput() const override { return false; }
  void CloseWrite() override;
  void Finish() override;

 private:
  const int sock_;
};

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_TRANSPORT_H_
