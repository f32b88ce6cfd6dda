// Clang's thread-safety analysis (-Wthread-safety), as LevelDB and Abseil use
// it: lock-protected state says which lock guards it, functions say which
// lock they need, and a Clang build checks every access at compile time.
// Other compilers see empty macros. See base/mutex.h for the annotated locks.
#ifndef VI_BASE_THREAD_ANNOTATIONS_H_
#define VI_BASE_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define VI_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define VI_THREAD_ANNOTATION(x)
#endif

// On a type: it is a lock ("mutex") the analysis tracks.
#define VI_CAPABILITY(name) VI_THREAD_ANNOTATION(capability(name))
// On an RAII type: it acquires in its constructor and releases in its destructor.
#define VI_SCOPED_CAPABILITY VI_THREAD_ANNOTATION(scoped_lockable)
// On a member: reading or writing it needs `mu` (shared suffices for reading).
#define VI_GUARDED_BY(mu) VI_THREAD_ANNOTATION(guarded_by(mu))
#define VI_PT_GUARDED_BY(mu) VI_THREAD_ANNOTATION(pt_guarded_by(mu))
// On a lock member: this lock is always taken after / before the named ones.
#define VI_ACQUIRED_AFTER(...) VI_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
#define VI_ACQUIRED_BEFORE(...) VI_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
// On a function: the caller must hold the lock (exclusively / at least shared).
#define VI_REQUIRES(...) VI_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define VI_REQUIRES_SHARED(...) VI_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
// On a function: the caller must not hold the lock (it takes it itself).
#define VI_EXCLUDES(...) VI_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// On a function: it acquires / releases the lock.
#define VI_ACQUIRE(...) VI_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define VI_ACQUIRE_SHARED(...) VI_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define VI_RELEASE(...) VI_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define VI_RELEASE_SHARED(...) VI_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define VI_RELEASE_GENERIC(...) VI_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
// On a function: the analysis does not look inside (say why where used).
#define VI_NO_THREAD_SAFETY_ANALYSIS VI_THREAD_ANNOTATION(no_thread_safety_analysis)

#endif  // VI_BASE_THREAD_ANNOTATIONS_H_
