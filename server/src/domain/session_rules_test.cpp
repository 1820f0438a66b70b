#include "domain/session_rules.hpp"

#include <gtest/gtest.h>

#include "domain/policies.hpp"

namespace muster::domain {
namespace {

constexpr UnixSeconds kStart = 1'700'000'000;
constexpr UnixSeconds kMonth = 30 * 86400;

TEST(SessionRules, LifetimeCountsFromSignInAndNeverPassesTheStoredExpiry) {
  SessionTimes s{kStart, kStart, kStart + kMonth};
  EXPECT_EQ(session_state(s, 60, 0, kStart + 3599), SessionState::Live);
  EXPECT_EQ(session_state(s, 60, 0, kStart + 3600), SessionState::Expired);  // shortened policy applies at once
  EXPECT_EQ(session_state(s, 365 * 1440, 0, kStart + kMonth - 1), SessionState::Live);
  EXPECT_EQ(session_state(s, 365 * 1440, 0, kStart + kMonth), SessionState::Expired);  // lengthening does not extend it
}

TEST(SessionRules, IdleTimeoutCountsFromLastUseWithTheWriteSlack) {
  SessionTimes s{kStart, kStart + 1000, kStart + kMonth};
  EXPECT_EQ(session_state(s, 43200, 5, kStart + 1000 + 300), SessionState::Live);  // recorded use may be a minute old
  EXPECT_EQ(session_state(s, 43200, 5, kStart + 1000 + 300 + kLastUseGranularitySeconds - 1), SessionState::Live);
  EXPECT_EQ(session_state(s, 43200, 5, kStart + 1000 + 300 + kLastUseGranularitySeconds), SessionState::Idle);
  EXPECT_EQ(session_state(s, 43200, 0, kStart + kMonth - 1), SessionState::Live);  // 0: no idle timeout
}

TEST(SessionRules, EndsAtTheEarlierOfLifetimeAndIdle) {
  SessionTimes s{kStart, kStart + 100, kStart + kMonth};
  EXPECT_EQ(session_ends_at(s, 60, 0), kStart + 3600);
  EXPECT_EQ(session_ends_at(s, 120, 5), kStart + 100 + 300 + kLastUseGranularitySeconds);
}

TEST(SessionRules, PolicyBoundsAreChecked) {
  auto parse = [](Json body) { return parse_policies(body, OrgPolicies{}); };
  EXPECT_EQ(parse({{"session_lifetime_minutes", 60}})->session_lifetime_minutes, 60);
  EXPECT_EQ(parse({{"session_lifetime_minutes", 525600}})->session_lifetime_minutes, 525600);
  EXPECT_EQ(parse({{"session_lifetime_minutes", 59}}).error().field, "session_lifetime_minutes");
  EXPECT_EQ(parse({{"session_lifetime_minutes", 525601}}).error().field, "session_lifetime_minutes");
  EXPECT_EQ(parse({{"session_lifetime_minutes", "60"}}).error().field, "session_lifetime_minutes");
  EXPECT_EQ(parse({{"idle_timeout_minutes", 0}})->idle_timeout_minutes, 0);
  EXPECT_EQ(parse({{"idle_timeout_minutes", 5}})->idle_timeout_minutes, 5);
  EXPECT_EQ(parse({{"idle_timeout_minutes", 4}}).error().field, "idle_timeout_minutes");
  EXPECT_EQ(parse({{"idle_timeout_minutes", 43201}}).error().field, "idle_timeout_minutes");
  auto json = policies_json(OrgPolicies{});
  EXPECT_EQ(json["session_lifetime_minutes"], 43200);
  EXPECT_EQ(json["idle_timeout_minutes"], 0);
}

}  // namespace
}  // namespace muster::domain
