#include "mock-server/http/stop_signal.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace vi::http {

StopSignal::StopSignal() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

StopSignal::~StopSignal() {
  if (fd_ >= 0) ::close(fd_);
}

void StopSignal::Raise() {
  if (raised_.exchange(true, std::memory_order_acq_rel)) return;
  if (fd_ >= 0) {
    // The counter becomes 1 and is never read back, so the fd stays readable.
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(fd_, &one, sizeof(one));
  }
}

}  // namespace vi::http
