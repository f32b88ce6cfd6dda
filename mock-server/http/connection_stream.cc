#include "mock-server/http/connection_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <utility>

namespace vi::http {
namespace {

using std::chrono::milliseconds;

// Longest single poll(), so should_stop() is checked often enough for a
// prompt shutdown.
constexpr milliseconds kStopCheckInterval{50};

// Formats the address `fn` (getpeername or getsockname) reports for `sock`.
void DescribeAddress(int (*fn)(int, sockaddr*, socklen_t*), socket_t sock, std::string& ip, int& port) {
  sockaddr_storage storage{};
  socklen_t len = sizeof(storage);
  auto* addr = reinterpret_cast<sockaddr*>(&storage);
  if (fn(sock, addr, &len) != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (storage.ss_family == AF_INET) {
    const auto* in4 = reinterpret_cast<const sockaddr_in*>(&storage);
    if (inet_ntop(AF_INET, &in4->sin_addr, text, sizeof(text)) == nullptr) {
      return;
    }
    ip = text;
    port = ntohs(in4->sin_port);
  } else if (storage.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&storage);
    if (inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text)) == nullptr) {
      return;
    }
    ip = text;
    port = ntohs(in6->sin6_port);
  }
}

bool IsRetryable(int err) { return err == EAGAIN || err == EWOULDBLOCK || err == EINTR; }

}  // namespace

ConnectionStream::ConnectionStream(socket_t sock, StreamTimeouts timeouts, std::function<bool()> should_stop,
                                   int stop_fd, std::unique_ptr<Transport> transport)
    : sock_(sock),
      tcp_(sock),
      owned_transport_(std::move(transport)),
      transport_(owned_transport_ ? owned_transport_.get() : &tcp_),
      timeouts_(timeouts),
      should_stop_(std::move(should_stop)),
      stop_fd_(stop_fd),
      read_deadline_(Clock::now() + timeouts.read_timeout) {
  DescribeAddress(&::getpeername, sock_, remote_ip_, remote_port_);
  DescribeAddress(&::getsockname, sock_, local_ip_, local_port_);
}

void ConnectionStream::BeginExchange(Clock::time_point read_deadline) {
  read_deadline_ = read_deadline;
  read_budget_ = 0;
  response_started_ = false;
  stoppable_ = true;
  status_ = Status::kOk;
}

std::string_view ConnectionStream::buffered() const { return std::string_view(buffer_).substr(buffer_pos_); }

void ConnectionStream::Consume(std::size_t n) {
  buffer_pos_ += n;
  if (buffer_pos_ == buffer_.size()) {
    buffer_.clear();
    buffer_pos_ = 0;
  }
}

bool ConnectionStream::Wait(short events, Clock::time_point until, milliseconds per_wait) const {
  const Clock::time_point start = Clock::now();
  const Clock::time_point end = (until - start > per_wait) ? start + per_wait : until;
  // Only waits for the peer's bytes give way to a stop: a response that is
  // being written is allowed to finish within its own deadline.
  const bool stoppable = stoppable_ && (events & POLLIN) != 0;
  for (;;) {
    const Clock::time_point now = Clock::now();
    if (now >= end) {
      status_ = Status::kTimedOut;
      return false;
    }
    const auto left = std::chrono::ceil<milliseconds>(end - now);
    pollfd pfds[2] = {{sock_, events, 0}, {stop_fd_, POLLIN, 0}};
    const nfds_t count = (stoppable && stop_fd_ >= 0) ? 2 : 1;
    const int rc = ::poll(pfds, count, static_cast<int>(std::min(left, kStopCheckInterval).count()));
    // POLLHUP / POLLERR also count as ready: the recv or send that follows
    // reports what happened.
    if (rc > 0 && pfds[0].revents != 0) return true;
    if (rc < 0 && errno != EINTR) {
      status_ = Status::kError;
      return false;
    }
    if (stoppable && ((count == 2 && pfds[1].revents != 0) || (should_stop_ && should_stop_()))) {
      status_ = Status::kStopped;
      return false;
    }
  }
}

int ConnectionStream::ReceiveOnce(std::size_t room) {
  // Into the scratch chunk, then appended: copies the bytes that came (a
  // request is usually well under 1 KiB) instead of zero-filling `room`
  // bytes of the buffer before every recv.
  const IoResult r = transport_->Receive(scratch_.data(), std::min(room, scratch_.size()));
  switch (r.kind) {
    case IoResult::Kind::kDone:
      buffer_.append(scratch_.data(), r.bytes);
      read_events_ = POLLIN;
      return 1;
    case IoResult::Kind::kWouldBlock: read_events_ = r.wait_for != 0 ? r.wait_for : POLLIN; return 0;
    case IoResult::Kind::kClosed: status_ = Status::kClosed; return -1;
    case IoResult::Kind::kError: break;
  }
  status_ = Status::kError;
  return -1;
}

bool ConnectionStream::Fill(std::size_t max_buffered) {
  assert(buffered().size() < max_buffered);
  if (!held_.empty() && !Flush()) return false;
  if (buffer_pos_ > 0) {
    buffer_.erase(0, buffer_pos_);
    buffer_pos_ = 0;
  }
  const std::size_t room = std::min(max_buffered - buffer_.size(), kRecvChunk);
  // Bytes the transport already holds need no wait; after a receive that
  // found nothing, the socket is polled for what it asked.
  bool wait = !transport_->HasBufferedInput();
  for (;;) {
    if (wait && !Wait(read_events_, read_deadline_, timeouts_.read_timeout)) return false;
    const int got = ReceiveOnce(room);
    if (got != 0) return got > 0;
    wait = true;
  }
}

bool ConnectionStream::ReceiveAvailable(std::size_t max_buffered) {
  assert(buffered().size() < max_buffered);
  if (!held_.empty() && !Flush()) return false;
  if (buffer_pos_ > 0) {
    buffer_.erase(0, buffer_pos_);
    buffer_pos_ = 0;
  }
  const int got = ReceiveOnce(std::min(max_buffered - buffer_.size(), kRecvChunk));
  if (got == 0) status_ = Status::kTimedOut;
  return got > 0;
}

bool ConnectionStream::DiscardBudget() {
  while (read_budget_ > 0) {
    if (buffered().empty() && !Fill(kRecvChunk)) return false;
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buffered().size(), read_budget_));
    Consume(n);
    read_budget_ -= n;
  }
  return true;
}

void ConnectionStream::LingerAndDrain(Clock::time_point until, std::size_t max_bytes) {
  if (!held_.empty() && !Flush()) return;
  transport_->CloseWrite();
  Consume(buffered().size());
  char sink[4096];
  std::size_t drained = 0;
  while (drained < max_bytes) {
    const ssize_t n = ::recv(sock_, sink, sizeof(sink), MSG_DONTWAIT);
    if (n > 0) {
      drained += static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0 || !IsRetryable(errno)) return;
    const auto left = std::chrono::ceil<milliseconds>(until - Clock::now());
    if (left <= milliseconds::zero() || !Wait(POLLIN, until, left)) return;
  }
}

bool ConnectionStream::is_readable() const {
  if (!buffered().empty() || transport_->HasBufferedInput()) return true;
  return Wait(POLLIN, read_deadline_, timeouts_.read_timeout);
}

bool ConnectionStream::is_writable() const {
  const Clock::time_point until =
      response_started_ ? response_deadline_ : Clock::now() + timeouts_.response_timeout;
  return Wait(POLLOUT, until, timeouts_.write_timeout);
}

ssize_t ConnectionStream::read(char* ptr, std::size_t size) {
  if (read_budget_ == 0 || size == 0) return 0;
  if (buffered().empty() && !Fill(kRecvChunk)) {
    return status_ == Status::kClosed ? 0 : -1;
  }
  const std::size_t n =
      static_cast<std::size_t>(std::min<std::uint64_t>(std::min(size, buffered().size()), read_budget_));
  std::memcpy(ptr, buffer_.data() + buffer_pos_, n);
  Consume(n);
  read_budget_ -= n;
  return static_cast<ssize_t>(n);
}

void ConnectionStream::Abort() {
  aborted_ = true;
  status_ = Status::kError;
  held_.clear();  // nothing held back is sent either
  const linger reset{1, 0};
  ::setsockopt(sock_, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
}

void ConnectionStream::Shutdown() {
  if (!aborted_) transport_->Finish();
}

void ConnectionStream::StartResponseClock() {
  if (!response_started_) {
    response_started_ = true;
    response_deadline_ = Clock::now() + timeouts_.response_timeout;
  }
}

ssize_t ConnectionStream::write(const char* ptr, std::size_t size) {
  if (aborted_) return -1;
  StartResponseClock();
  if (size == 0) return 0;
  if (held_.size() + size < kHoldBytes) {
    held_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  return SendHeldAnd(std::string_view(ptr, size)) ? static_cast<ssize_t>(size) : -1;
}

bool ConnectionStream::Flush() {
  if (aborted_) return false;
  if (held_.empty()) return true;
  StartResponseClock();
  return SendHeldAnd({});
}

bool ConnectionStream::SendHeldAnd(std::string_view more) {
  std::size_t held_sent = 0;
  while (held_sent < held_.size() || !more.empty()) {
    iovec iov[2];
    int count = 0;
    if (held_sent < held_.size()) {
      iov[count++] = {held_.data() + held_sent, held_.size() - held_sent};
    }
    if (!more.empty()) iov[count++] = {const_cast<char*>(more.data()), more.size()};
    ++send_calls_;
    const IoResult r = transport_->Send(iov, count);
    if (r.kind == IoResult::Kind::kDone) {
      const std::size_t sent = r.bytes;
      const std::size_t from_held = std::min(sent, held_.size() - held_sent);
      held_sent += from_held;
      more.remove_prefix(sent - from_held);
      continue;
    }
    if (r.kind == IoResult::Kind::kWouldBlock) {
      // The only wait: the socket's send buffer is full (or, over TLS, the
      // session needs the peer's bytes first). 0: interrupted, retry.
      if (r.wait_for != 0 && !Wait(r.wait_for, response_deadline_, timeouts_.write_timeout)) return false;
      continue;
    }
    status_ = r.kind == IoResult::Kind::kClosed ? Status::kClosed : Status::kError;
    return false;
  }
  held_.clear();
  return true;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = remote_ip_;
  port = remote_port_;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = local_ip_;
  port = local_port_;
}

}  // namespace vi::http
