#include "mock-server/http/transport.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace vi::http {
namespace {

bool IsRetryable(int err) { return err == EAGAIN || err == EWOULDBLOCK || err == EINTR; }

}  // namespace

IoResult TcpTransport::Receive(char* buf, std::size_t size) {
  const ssize_t n = ::recv(sock_, buf, size, MSG_DONTWAIT);
  const int err = errno;
  if (n > 0) return {IoResult::Kind::kDone, static_cast<std::size_t>(n), 0};
  if (n == 0) return {IoResult::Kind::kClosed, 0, 0};
  // EINTR too: the stream polls again, as it always did.
  if (IsRetryable(err)) return {IoResult::Kind::kWouldBlock, 0, POLLIN};
  return {err == ECONNRESET ? IoResult::Kind::kClosed : IoResult::Kind::kError, 0, 0};
}

IoResult TcpTransport::Send(const iovec* iov, int count) {
  msghdr msg{};
  msg.msg_iov = const_cast<iovec*>(iov);
  msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(count);
  const ssize_t n = ::sendmsg(sock_, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n >= 0) return {IoResult::Kind::kDone, static_cast<std::size_t>(n), 0};
  const int err = errno;
  if (err == EINTR) return {IoResult::Kind::kWouldBlock, 0, 0};
  if (IsRetryable(err)) return {IoResult::Kind::kWouldBlock, 0, POLLOUT};
  return {(err == EPIPE || err == ECONNRESET) ? IoResult::Kind::kClosed : IoResult::Kind::kError, 0, 0};
}

void TcpTransport::CloseWrite() { ::shutdown(sock_, SHUT_WR); }

void TcpTransport::Finish() { ::shutdown(sock_, SHUT_RDWR); }

}  // namespace vi::http
