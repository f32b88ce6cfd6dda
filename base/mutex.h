// Locks the thread-safety analysis understands (base/thread_annotations.h).
// libstdc++'s std::mutex and std::shared_mutex carry no annotations, so the
// project wraps them once here, as LevelDB's port::Mutex does, and uses only
// these: Mutex with MutexLock; SharedMutex with ReaderLock / WriterLock.
#ifndef VI_BASE_MUTEX_H_
#define VI_BASE_MUTEX_H_

#include <condition_variable>
#include <mutex>
#include <shared_mutex>

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

// A reader/writer lock. std::shared_mutex on glibc is a pthread_rwlock with
// its default (reader-preferring) policy: see the README's "Concurrency" for
// what that means for writers behind long searches, as measured.
class VI_CAPABILITY("shared_mutex") SharedMutex {
 public:
  SharedMutex() = default;
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void Lock() VI_ACQUIRE() { mu_.lock(); }
  void Unlock() VI_RELEASE() { mu_.unlock(); }
  void LockShared() VI_ACQUIRE_SHARED() { mu_.lock_shared(); }
  void UnlockShared() VI_RELEASE_SHARED() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
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
