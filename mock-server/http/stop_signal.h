// StopSignal: a one-way latch that threads blocked in poll() can wait on, so
// a stopping HardenedServer wakes every idle connection at once instead of
// each noticing on its next timeout.
#ifndef VI_MOCK_SERVER_HTTP_STOP_SIGNAL_H_
#define VI_MOCK_SERVER_HTTP_STOP_SIGNAL_H_

#include <atomic>

namespace vi::http {

// Starts lowered; Raise() raises it for good. While raised, fd() (an eventfd)
// polls readable, so one Raise() wakes every poller, present and future. If
// the eventfd cannot be created, fd() is -1 and waiters must poll raised().
// Thread-safe.
class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  // Raises the signal; safe to call more than once and from any thread.
  void Raise();
  bool raised() const { return raised_.load(std::memory_order_acquire); }
  // For poll() with POLLIN; never read it. -1 if unavailable.
  int fd() const { return fd_; }

 private:
  const int fd_;
  std::atomic<bool> raised_{false};
};

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_STOP_SIGNAL_H_
