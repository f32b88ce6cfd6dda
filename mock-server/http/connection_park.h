// ConnectionPark: keeps connections that wait for their peer's bytes without
// a worker thread. HardenedServer parks a connection that is idle between
// requests, silent since it was accepted, or in the middle of a slow request
// head, whenever other connections wait for a worker (or after a short
// idle). One epoll thread watches every parked socket and hands each back as
// soon as it is readable, so silent sockets and slow-loris clients hold a
// descriptor, not a worker (issue 13, docs/hardening.md §1.7).
#ifndef VI_MOCK_SERVER_HTTP_CONNECTION_PARK_H_
#define VI_MOCK_SERVER_HTTP_CONNECTION_PARK_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <thread>
#include <unordered_map>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace vi::http {

// Why a parked connection is handed back.
enum class ParkWake {
  kReadable,  // bytes (or EOF, or an error) are ready on the socket
  kExpired,   // its deadline passed first
  kStopped,   // the park stopped
};

// Thread-safe. The thread starts with the park and ends with Stop().
class ConnectionPark {
 public:
  using Clock = std::chrono::steady_clock;
  // Called exactly once per parked socket. kReadable and kExpired come on
  // the park's own thread, so the callback must only hand the connection on
  // (enqueue it), never serve it there; kStopped comes on Stop()'s caller.
  using Wake = std::function<void(ParkWake)>;

  ConnectionPark();
  // Stop()s.
  ~ConnectionPark();
  ConnectionPark(const ConnectionPark&) = delete;
  ConnectionPark& operator=(const ConnectionPark&) = delete;

  // Watches `fd` (which the caller keeps open until `wake` has run) until it
  // polls readable or hung up, `deadline` passes (checked every 20 ms or
  // so), or Stop(); then calls `wake` once. Returns false, without calling
  // `wake`, after Stop() or when the socket cannot be watched.
  bool Park(int fd, Clock::time_point deadline, Wake wake) VI_EXCLUDES(mu_);

  // Ends the thread, then calls every parked connection's `wake` with
  // kStopped. Later Park() calls fail. Idempotent; never call it from a
  // Wake callback.
  void Stop() VI_EXCLUDES(mu_, stop_mu_);

  // Connections parked now.
  std::size_t size() const VI_EXCLUDES(mu_);

 private:
  struct Entry {
    Clock::time_point deadline;
    Wake wake;
  };

  void Run() VI_EXCLUDES(mu_);
  // Removes `fd` from the set and the epoll watch; returns its callback, or
  // an empty one if it is not parked.
  Wake Take(int fd) VI_EXCLUDES(mu_);

  Mutex stop_mu_;  // serialises Stop(); taken before mu_
  const int epoll_fd_;
  const int wake_fd_;  // an eventfd that Stop() makes readable
  mutable Mutex mu_;
  bool stopped_ VI_GUARDED_BY(mu_) = false;
  std::unordered_map<int, Entry> parked_ VI_GUARDED_BY(mu_);
  std::thread thread_;  // started by the constructor, joined by Stop()
};

}  // namespace vi::http

#endif  // VI_MOCK_SERVER_HTTP_CONNECTION_PARK_H_
