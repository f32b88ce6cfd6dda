// Locks the thread-safety analysis understands (base/thread_annotations.h).
// libstdc++'s std::mutex carries no annotations, so the project wraps it once
// here, as LevelDB's port::Mutex does; SharedMutex wraps a writer-preferring
// pthread rwlock. Use only these: Mutex with MutexLock; SharedMutex with
// ReaderLock / WriterLock.
#ifndef VI_BASE_MUTEX_H_
#define VI_BASE_MUTEX_H_

#include <pthread.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>

#include "base/thread_annotations.h"

namespace vi {

class VI_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() VI_ACQUIRE() { mu_.lock(); }
  void Unlock() VI_RELEASE() { mu_.unlock(); }

  // Waits on `cv` with this mutex held (it is released while waiting and
  // held again on return), until `done()` is true.
  template <typename Predicate>
  void Await(std::condition_variable& cv, Predicate done) VI_REQUIRES(this) {
    std::unique_lock<std::mutex> lock(mu_, std::adopt_lock);
    cv.wait(lock, done);
    lock.release();
  }

  // As Await, but gives up at `deadline`. Returns `done()`.
  template <typename TimePoint, typename Predicate>
  bool AwaitUntil(std::condition_variable& cv, TimePoint deadline, Predicate done) VI_REQUIRES(this) {
    std::unique_lock<std::mutex> lock(mu_, std::adopt_lock);
    const bool result = cv.wait_until(lock, deadline, done);
    lock.release();
    return result;
  }

 private:
  std::mutex mu_;
};

class VI_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) VI_ACQUIRE(mu) : mu_(mu) { mu_.Lock(); }
  ~MutexLock() VI_RELEASE() { mu_.Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mu_;
};

// A reader/writer lock that prefers writers: once a writer waits, new
// readers queue behind it, so a stream of overlapping readers (long searches)
// cannot starve it. std::shared_mutex on glibc is a pthread_rwlock with the
// default, reader-preferring policy, under which one reserveDID waited up to
// 12 s behind three search threads (README, "Concurrency"; ci/bench-lock.sh).
// This is glibc's writer-preferring kind, which is non-recursive: a thread
// must not take the shared lock twice (the annotations' VI_EXCLUDES on the
// public methods guards against that). Errors from pthread (EDEADLK, EAGAIN)
// are programming errors and abort.
class VI_CAPABILITY("shared_mutex") SharedMutex {
 public:
  SharedMutex() {
    pthread_rwlockattr_t attr;
    Check(pthread_rwlockattr_init(&attr));
    Check(pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP));
    Check(pthread_rwlock_init(&mu_, &attr));
    pthread_rwlockattr_destroy(&attr);
  }
  ~SharedMutex() { pthread_rwlock_destroy(&mu_); }
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void Lock() VI_ACQUIRE() { Check(pthread_rwlock_wrlock(&mu_)); }
  void Unlock() VI_RELEASE() { Check(pthread_rwlock_unlock(&mu_)); }
  void LockShared() VI_ACQUIRE_SHARED() { Check(pthread_rwlock_rdlock(&mu_)); }
  void UnlockShared() VI_RELEASE_SHARED() { Check(pthread_rwlock_unlock(&mu_)); }

 private:
  static void Check(int rc) {
    if (rc != 0) std::abort();
  }
  pthread_rwlock_t mu_;
};

class VI_SCOPED_CAPABILITY ReaderLock {
 public:
  explicit ReaderLock(SharedMutex& mu) VI_ACQUIRE_SHARED(mu) : mu_(mu) { mu_.LockShared(); }
  ~ReaderLock() VI_RELEASE() { mu_.UnlockShared(); }
  ReaderLock(const ReaderLock&) = delete;
  ReaderLock& operator=(const ReaderLock&) = delete;

 private:
  SharedMutex& mu_;
};

class VI_SCOPED_CAPABILITY WriterLock {
 public:
  explicit WriterLock(SharedMutex& mu) VI_ACQUIRE(mu) : mu_(mu) { mu_.Lock(); }
  ~WriterLock() VI_RELEASE() { mu_.Unlock(); }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  SharedMutex& mu_;
};

}  // namespace vi

#endif  // VI_BASE_MUTEX_H_
