#include "mock-server/http/tls_transport.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <new>
#include <utility>

namespace vi::http {
namespace {

// Most bytes Send() copies together from two buffers.
constexpr std::size_t kMaxCoalesced = 64 * 1024;

// A socket BIO of our own: OpenSSL's writes with write(), which raises
// SIGPIPE on a vanished peer, and it would need the socket non-blocking.
// This one calls recv()/send() with MSG_DONTWAIT and MSG_NOSIGNAL.
int SocketOf(BIO* bio) { return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio))); }

bool IsRetryable(int err) { return err == EAGAIN || err == EWOULDBLOCK || err == EINTR; }

int BioWrite(BIO* bio, const char* data, int len) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::send(SocketOf(bio), data, static_cast<std::size_t>(len), MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n < 0 && IsRetryable(errno)) BIO_set_retry_write(bio);
  return static_cast<int>(n);
}

int BioRead(BIO* bio, char* data, int len) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::recv(SocketOf(bio), data, static_cast<std::size_t>(len), MSG_DONTWAIT);
  if (n < 0 && IsRetryable(errno)) BIO_set_retry_read(bio);
  return static_cast<int>(n);
}

long BioCtrl(BIO*, int cmd, long, void*) {
  // OpenSSL flushes after each flight; nothing is buffered here.
  return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

int BioCreate(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

const BIO_METHOD* SocketBioMethod() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "vi socket");
    if (m != nullptr) {
      BIO_meth_set_write(m, BioWrite);
      BIO_meth_set_read(m, BioRead);
      BIO_meth_set_ctrl(m, BioCtrl);
      BIO_meth_set_create(m, BioCreate);
    }
    return m;
  }();
  return method;
}

}  // namespace

TlsTransport::TlsTransport(std::shared_ptr<const TlsServerContext> context, int sock)
    : context_(std::move(context)), sock_(sock), ssl_(SSL_new(context_->get())) {
  const BIO_METHOD* method = SocketBioMethod();
  BIO* bio = method != nullptr && ssl_ != nullptr ? BIO_new(method) : nullptr;
  if (bio == nullptr) {
    if (ssl_ != nullptr) SSL_free(ssl_);
    ERR_clear_error();
    throw std::bad_alloc();
  }
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(sock_)));
  SSL_set_bio(ssl_, bio, bio);  // the session owns it
  SSL_set_accept_state(ssl_);
}

TlsTransport::~TlsTransport() { SSL_free(ssl_); }

IoResult TlsTransport::Failure(int ret) {
  const int err = SSL_get_error(ssl_, ret);
  switch (err) {
    case SSL_ERROR_WANT_READ: return {IoResult::Kind::kWouldBlock, 0, POLLIN};
    case SSL_ERROR_WANT_WRITE: return {IoResult::Kind::kWouldBlock, 0, POLLOUT};
    case SSL_ERROR_ZERO_RETURN:  // the peer's close_notify: it sends no more
      ERR_clear_error();
      return {IoResult::Kind::kClosed, 0, 0};
    case SSL_ERROR_SYSCALL: {
      // EOF without close_notify, or a socket error (reset).
      const int sys = errno;
      failed_ = true;
      ERR_clear_error();
      return {
          (sys == 0 || sys == ECONNRESET || sys == EPIPE) ? IoResult::Kind::kClosed : IoResult::Kind::kError,
          0, 0};
    }
    default: {  // SSL_ERROR_SSL: a protocol error (not TLS, bad record, no shared cipher)
      // OpenSSL 3 reports EOF without close_notify this way too.
      const bool eof = ERR_GET_REASON(ERR_peek_last_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
      failed_ = true;
      ERR_clear_error();
      return {eof ? IoResult::Kind::kClosed : IoResult::Kind::kError, 0, 0};
    }
  }
}

IoResult TlsTransport::Receive(char* buf, std::size_t size) {
  if (failed_) return {IoResult::Kind::kError, 0, 0};
  std::size_t got = 0;
  errno = 0;
  const int ret = SSL_read_ex(ssl_, buf, size, &got);
  if (ret == 1) return {IoResult::Kind::kDone, got, 0};
  return Failure(ret);
}

IoResult TlsTransport::Send(const iovec* iov, int count) {
  if (failed_) return {IoResult::Kind::kError, 0, 0};
  const char* data = static_cast<const char*>(iov[0].iov_base);
  std::size_t len = iov[0].iov_len;
  if (count > 1) {
    coalesced_.assign(data, len);
    for (int i = 1; i < count && coalesced_.size() < kMaxCoalesced; ++i) {
      coalesced_.append(static_cast<const char*>(iov[i].iov_base),
                        std::min(iov[i].iov_len, kMaxCoalesced - coalesced_.size()));
    }
    data = coalesced_.data();
    len = coalesced_.size();
  }
  std::size_t written = 0;
  errno = 0;
  const int ret = SSL_write_ex(ssl_, data, len, &written);
  if (ret == 1) return {IoResult::Kind::kDone, written, 0};
  return Failure(ret);
}

bool TlsTransport::HasBufferedInput() const { return !failed_ && SSL_pending(ssl_) > 0; }

void TlsTransport::SendCloseNotify() {
  if (failed_ || close_notify_sent_ || SSL_is_init_finished(ssl_) != 1) return;
  close_notify_sent_ = true;
  // One call: it queues and tries to send close_notify; the peer's own
  // close_notify is not waited for (a server need not).
  SSL_shutdown(ssl_);
  ERR_clear_error();
}

void TlsTransport::CloseWrite() {
  SendCloseNotify();
  ::shutdown(sock_, SHUT_WR);
}

void TlsTransport::Finish() {
  SendCloseNotify();
  ::shutdown(sock_, SHUT_RDWR);
}

}  // namespace vi::http
