// A mutex that Clang's thread-safety analysis understands (libstdc++'s std::mutex carries no
// annotations), and the macros that mark what it guards. Under GCC the macros are empty; the clang
// build (`make tsan-test`, -Wthread-safety -Werror=thread-safety) checks every GUARDED_BY member is
// touched only with its mutex held.
//
// The rule these serve (docs/architecture.md): never call out — a callback, a send, a publish, a
// log line with user data — while holding a lock. Copy what is needed, unlock, then act.
#pragma once
#include <mutex>

#if defined(__clang__)
#define MUSTER_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define MUSTER_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) MUSTER_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY MUSTER_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) MUSTER_THREAD_ANNOTATION(guarded_by(x))
#define REQUIRES(...) MUSTER_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) MUSTER_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...) MUSTER_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) MUSTER_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS MUSTER_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace muster {

class CAPABILITY("mutex") Mutex {
 public:
  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }

 private:
  std::mutex mutex_;
};

// Holds a Mutex for its scope; unlock() lets go early (before calling out).
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() RELEASE() {
    if (held_) mutex_.unlock();
  }
  void unlock() RELEASE() {
    mutex_.unlock();
    held_ = false;
  }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mutex_;
  bool held_ = true;
};

}  // namespace muster
