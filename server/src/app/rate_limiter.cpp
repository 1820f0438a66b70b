#include "app/rate_limiter.hpp"

#include <algorithm>

namespace muster::app {

void RateLimiter::prune(std::deque<UnixSeconds>& times, UnixSeconds now) const {
  while (!times.empty() && times.front() <= now - window_) times.pop_front();
}

int RateLimiter::retry_after(const std::string& key, UnixSeconds now) {
  MutexLock lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  prune(it->second, now);
  auto& times = it->second;
  if (static_cast<int>(times.size()) < max_) return 0;
  // Allowed again once fewer than max_ failures remain in the window.
  return static_cast<int>(times[times.size() - max_] + window_ - now);
}

int RateLimiter::backoff(const std::string& key, UnixSeconds now, int free, int cap) {
  MutexLock lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  prune(it->second, now);
  int n = static_cast<int>(it->second.size());
  if (n < free) return 0;
  std::int64_t wait = std::min<std::int64_t>(cap, std::int64_t{1} << std::min(n - free, 30));
  return static_cast<int>(std::max<std::int64_t>(0, it->second.back() + wait - now));
}

void RateLimiter::record_failure(const std::string& key, UnixSeconds now) {
  MutexLock lock(mutex_);
  // Bound memory under a flood of distinct keys: forget everyone's old failures first.
  if (failures_.size() > 100000) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      prune(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  auto& times = failures_[key];
  prune(times, now);
  times.push_back(now);
}

void RateLimiter::forget_latest(const std::string& key) {
  MutexLock lock(mutex_);
  auto it = failures_.find(key);
  if (it != failures_.end() && !it->second.empty()) it->second.pop_back();
}

void RateLimiter::reset(const std::string& key) {
  MutexLock lock(mutex_);
  failures_.erase(key);
}

}  // namespace muster::app
