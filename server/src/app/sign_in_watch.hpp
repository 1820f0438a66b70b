// Notices repeated failed sign-ins on an account, so its owner can be told (the sign-in limits
// of rate_limiter.hpp slow the guessing down; this tells the person it happened). In memory: a
// restart forgets an episode in progress, which at worst delays a notice.
#pragma once
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/mutex.hpp"

namespace muster::app {

struct FailedAttempt {
  UnixSeconds at = 0;
  std::string ip;
};

class SignInWatch {
 public:
  SignInWatch(int failures, int window_seconds) : failures_(failures), window_(window_seconds) {}

  // Records a failed attempt on a person's account. Returns the attempts of the window when this
  // one makes `failures` within it and the person was not told in the last window (once per
  // episode); otherwise nothing.
  std::vector<FailedAttempt> failed(const std::string& person_id, const std::string& ip, UnixSeconds now);

 private:
  struct Account {
    std::deque<FailedAttempt> attempts;
    UnixSeconds told_at = 0;
  };
  const std::size_t failures_;
  const UnixSeconds window_;
  Mutex mutex_;
  std::unordered_map<std::string, Account> accounts_ GUARDED_BY(mutex_);
};

}  // namespace muster::app
