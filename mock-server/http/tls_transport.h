// TlsTransport: a server-side TLS session over one accepted socket, as a
// Transport for ConnectionStream. The handshake happens inside the first
// Receive() or Send() calls, non-blocking like every other call, so the
// stream's deadlines bound it exactly as they bound a slow request head, and
// a connection waiting for its ClientHello can be parked like any idle one.
// The session reads and writes the socket itself, with recv()/send() and
// MSG_DONTWAIT | MSG_NOSIGNAL (never SIGPIPE), one TLS record at a time on
// input (no read-ahead), so bytes not yet decrypted stay in the kernel where
// poll() and the park see them; HasBufferedInput() covers the rest.
#ifndef VI_MOCK_SERVER_HTTP_TLS_TRANSPORT_H_
#define VI_MOCK_SERVER_HTTP_TLS_TRANSPORT_H_

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "mock-server/http/tls_context.h"
#include "mock-server/http/transport.h"

namespace vi::http {

class TlsTransport final : public Transport {
 public:
  // A session of `context` over `sock`, which the caller keeps open until the
  // transport is gone. Throws std::bad_alloc if OpenSSL cannot make one.
  TlsTransport(std::shared_ptr<const TlsServerContext> context, int sock);
  ~TlsTransport() override;
  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;

  // SSL_read: at most one record's plaintext. kWouldBlock says which way the
  // session needs the socket (a handshake may need to write); kClosed at
  // the peer's close_notify, EOF or reset; kError on a TLS protocol error
  // (plain HTTP sent to a TLS port among them).
  IoResult Receive(char* buf, std::size_t size) override;
  // One SSL_write of both buffers: they are copied together (the first 64 KiB
  // at most; the rest goes in a later call) so that a response's head and
  // body leave in one record or a few, and one call.
  IoResult Send(const iovec* iov, int count) override;
  // SSL_pending: decrypted bytes of a record already taken off the socket.
  bool HasBufferedInput() const override;
  void CloseWrite() override;
  void Finish() override;

 private:
  IoResult Failure(int ret);
  // Sends close_notify once, if the handshake is done and no fatal error
  // came first (OpenSSL forbids SSL_shutdown after one). Never waits.
  void SendCloseNotify();

  const std::shared_ptr<const TlsServerContext> context_;
  const int sock_;
  SSL* const ssl_;
  bool failed_ = false;  // a fatal error or EOF: no more TLS calls
  bool close_notify_sent_ = false;
  std::string coalesced_;  // Send()'s two buffers, copied together
};

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_TLS_TRANSPORT_H_
