#include "app/sign_in_watch.hpp"

namespace muster::app {

std::vector<FailedAttempt> SignInWatch::failed(const std::string& person_id, const std::string& ip, UnixSeconds now) {
  MutexLock lock(mutex_);
  auto& account = accounts_[person_id];
  while (!account.attempts.empty() && account.attempts.front().at <= now - window_) account.attempts.pop_front();
  account.attempts.push_back({now, ip});
  if (account.attempts.size() > 100) account.attempts.pop_front();  // bounded; the notice lists a sample
  if (account.attempts.size() < failures_ || now - account.told_at < window_) return {};
  account.told_at = now;
  return {account.attempts.begin(), account.attempts.end()};
}

}  // namespace muster::app
