#include "mock-server/http/connection_park.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace vi::http {
namespace {

// How often deadlines are checked when no socket becomes readable.
constexpr int kSweepMs = 20;
constexpr int kMaxEvents = 256;

}  // namespace

ConnectionPark::ConnectionPark()
    : epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)), wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    MutexLock lock(mu_);
    stopped_ = true;  // Park() then fails and connections keep their worker
    return;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  thread_ = std::thread([this] { Run(); });
}

ConnectionPark::~ConnectionPark() {
  Stop();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

bool ConnectionPark::Park(int fd, Clock::time_point deadline, Wake wake) {
  MutexLock lock(mu_);
  if (stopped_) return false;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.fd = fd;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) return false;
  parked_.insert_or_assign(fd, Entry{deadline, std::move(wake)});
  return true;
}

ConnectionPark::Wake ConnectionPark::Take(int fd) {
  MutexLock lock(mu_);
  const auto it = parked_.find(fd);
  if (it == parked_.end()) return {};
  Wake wake = std::move(it->second.wake);
  parked_.erase(it);
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  return wake;
}

void ConnectionPark::Run() {
  epoll_event events[kMaxEvents];
  Clock::time_point next_sweep = Clock::now();
  for (;;) {
    const int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, kSweepMs);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == wake_fd_) return;  // Stop()
      if (Wake wake = Take(events[i].data.fd)) wake(ParkWake::kReadable);
    }
    const Clock::time_point now = Clock::now();
    if (now < next_sweep) continue;
    next_sweep = now + std::chrono::milliseconds(kSweepMs);
    std::vector<Wake> expired;
    {
      MutexLock lock(mu_);
      for (auto it = parked_.begin(); it != parked_.end();) {
        if (it->second.deadline > now) {
          ++it;
          continue;
        }
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->first, nullptr);
        expired.push_back(std::move(it->second.wake));
        it = parked_.erase(it);
      }
    }
    for (Wake& wake : expired) wake(ParkWake::kExpired);
  }
}

void ConnectionPark::Stop() {
  MutexLock stopping(stop_mu_);
  {
    MutexLock lock(mu_);
    stopped_ = true;
  }
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof(one));
    if (thread_.get_id() != std::this_thread::get_id()) thread_.join();
  }
  std::unordered_map<int, Entry> left;
  {
    MutexLock lock(mu_);
    left.swap(parked_);
    for (const auto& [fd, entry] : left) ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  }
  for (auto& [fd, entry] : left) entry.wake(ParkWake::kStopped);
}

std::size_t ConnectionPark::size() const {
  MutexLock lock(mu_);
  return parked_.size();
}

}  // namespace vi::http
