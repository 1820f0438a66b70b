// Counts failures per key in a sliding window (sign-in attempts per account and address, per
// address, per account).
#pragma once
#include <deque>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/mutex.hpp"

namespace muster::app {

class RateLimiter {
 public:
  RateLimiter(int max_failures, int window_seconds) : max_(max_failures), window_(window_seconds) {}

  // Seconds until another attempt is allowed; 0 when allowed now.
  int retry_after(const std::string& key, UnixSeconds now);
  // Exponential back-off instead of a lock: with n >= free failures in the window, the next attempt
  // waits 2^(n - free) seconds (at most `cap`) after the latest failure.
  int backoff(const std::string& key, UnixSeconds now, int free, int cap);
  void record_failure(const std::string& key, UnixSeconds now);
  void forget_latest(const std::string& key);  // an attempt counted up front turned out fine
  void reset(const std::string& key);

 private:
  void prune(std::deque<UnixSeconds>& times, UnixSeconds now) const;
  const int max_;
  const int window_;
  Mutex mutex_;
  std::unordered_map<std::string, std::deque<UnixSeconds>> failures_ GUARDED_BY(mutex_);
};

}  // namespace muster::app
