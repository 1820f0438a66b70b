#include "app/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace muster::app {
namespace {

constexpr UnixSeconds kT0 = 1'700'000'000;

TEST(RateLimiter, AllowsUntilTheLimitIsReached) {
  RateLimiter limiter(3, 60);
  EXPECT_EQ(limiter.retry_after("ahmed@example.com", kT0), 0) << "no failures yet";
  limiter.record_failure("ahmed@example.com", kT0);
  EXPECT_EQ(limiter.retry_after("ahmed@example.com", kT0 + 1), 0);
  limiter.record_failure("ahmed@example.com", kT0 + 1);
  EXPECT_EQ(limiter.retry_after("ahmed@example.com", kT0 + 2), 0);
  limiter.record_failure("ahmed@example.com", kT0 + 2);
  int wait = limiter.retry_after("ahmed@example.com", kT0 + 2);
  EXPECT_GT(wait, 0) << "the third failure blocks";
  EXPECT_LE(wait, 60);
}

TEST(RateLimiter, RetryAfterCountsDownToTheOldestFailureLeavingTheWindow) {
  RateLimiter limiter(2, 60);
  limiter.record_failure("k", kT0);
  limiter.record_failure("k", kT0 + 10);
  struct Case {
    UnixSeconds now;
    int want;
  };
  const Case cases[] = {
      {kT0 + 10, 50}, {kT0 + 30, 30}, {kT0 + 59, 1},
      {kT0 + 60, 0},  // the first failure has left the window
  };
  for (auto c : cases) EXPECT_EQ(limiter.retry_after("k", c.now), c.want) << c.now - kT0;
}

TEST(RateLimiter, OldFailuresExpire) {
  RateLimiter limiter(2, 60);
  limiter.record_failure("k", kT0);
  limiter.record_failure("k", kT0 + 61);  // the first one has expired by now
  EXPECT_EQ(limiter.retry_after("k", kT0 + 61), 0);
  limiter.record_failure("k", kT0 + 62);
  EXPECT_EQ(limiter.retry_after("k", kT0 + 62), 59);
  EXPECT_EQ(limiter.retry_after("k", kT0 + 62 + 3600), 0) << "long after, all is forgotten";
}

TEST(RateLimiter, BlockedAttemptsThatAreNotRecordedDoNotExtendTheWait) {
  RateLimiter limiter(1, 60);
  limiter.record_failure("k", kT0);
  for (int i = 1; i < 60; ++i) EXPECT_EQ(limiter.retry_after("k", kT0 + i), 60 - i);
  EXPECT_EQ(limiter.retry_after("k", kT0 + 60), 0);
}

TEST(RateLimiter, ResetClearsFailures) {
  RateLimiter limiter(2, 60);
  limiter.record_failure("k", kT0);
  limiter.record_failure("k", kT0);
  ASSERT_GT(limiter.retry_after("k", kT0), 0);
  limiter.reset("k");
  EXPECT_EQ(limiter.retry_after("k", kT0), 0);
  limiter.record_failure("k", kT0);
  EXPECT_EQ(limiter.retry_after("k", kT0), 0) << "counting starts again from zero";
  limiter.reset("never-seen");  // harmless
}

TEST(RateLimiter, KeysAreIndependent) {
  RateLimiter limiter(2, 60);
  limiter.record_failure("account:ahmed", kT0);
  limiter.record_failure("account:ahmed", kT0);
  limiter.record_failure("ip:10.0.0.1", kT0);
  EXPECT_GT(limiter.retry_after("account:ahmed", kT0), 0);
  EXPECT_EQ(limiter.retry_after("ip:10.0.0.1", kT0), 0);
  EXPECT_EQ(limiter.retry_after("account:sara", kT0), 0);
  limiter.reset("ip:10.0.0.1");
  EXPECT_GT(limiter.retry_after("account:ahmed", kT0), 0) << "resetting one key leaves the others";
}

// Waiting the announced time must be enough. When more than `max_failures` failures are in the
// window (concurrent sign-in attempts all pass retry_after() before any of them records its failure,
// since verifying the password takes ~100 ms in between), retry_after() counts down to the oldest
// failure leaving the window, but the client is then still blocked.
TEST(RateLimiter, WaitingTheAnnouncedTimeIsEnoughWithExtraFailures) {
  RateLimiter limiter(2, 60);
  limiter.record_failure("k", kT0);
  limiter.record_failure("k", kT0 + 10);
  limiter.record_failure("k", kT0 + 20);  // a third attempt that was already in flight
  int wait = limiter.retry_after("k", kT0 + 20);
  EXPECT_EQ(wait, 50) << "blocked until only one failure is left in the window, at kT0 + 70";
  EXPECT_EQ(limiter.retry_after("k", kT0 + 20 + wait), 0);
}

TEST(RateLimiter, BackoffGrowsFromTheFreeFailuresOnAndIsCapped) {
  RateLimiter limiter(10, 900);
  for (int i = 0; i < 9; ++i) limiter.record_failure("acct", kT0);
  EXPECT_EQ(limiter.backoff("acct", kT0, 10, 60), 0) << "nine failures cost nothing";
  limiter.record_failure("acct", kT0);
  EXPECT_EQ(limiter.backoff("acct", kT0, 10, 60), 1) << "the tenth: wait a second";
  limiter.record_failure("acct", kT0 + 1);
  EXPECT_EQ(limiter.backoff("acct", kT0 + 1, 10, 60), 2);
  EXPECT_EQ(limiter.backoff("acct", kT0 + 3, 10, 60), 0) << "waited long enough";
  for (int i = 0; i < 20; ++i) limiter.record_failure("acct", kT0 + 3);
  EXPECT_EQ(limiter.backoff("acct", kT0 + 3, 10, 60), 60) << "never more than the cap: a back-off, not a lock";
  EXPECT_EQ(limiter.backoff("acct", kT0 + 63, 10, 60), 0);
}

}  // namespace
}  // namespace muster::app
