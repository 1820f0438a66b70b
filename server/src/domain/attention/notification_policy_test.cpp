#include "domain/attention/notification_policy.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace muster::domain {
namespace {

// An ordinary message to a recipient who is at work and wants everything.
NotificationInput plain() { return {}; }

void expect(const NotificationInput& in, Decision decision, std::string_view reason) {
  auto v = decide(in);
  EXPECT_EQ(to_string(v.decision), to_string(decision)) << reason;
  EXPECT_EQ(v.reason, reason);
}

// One test per rule, in the table's order.

TEST(NotificationPolicy, TheAuthorIsNeverNotified) {
  auto in = plain();
  in.is_author = true;
  in.urgency = Urgency::Urgent;
  in.kind = EventKind::Mention;
  expect(in, Decision::Drop, "author");
}

TEST(NotificationPolicy, ReactionsNeverNotify) {
  auto in = plain();
  in.kind = EventKind::Reaction;
  expect(in, Decision::Drop, "reaction");
  in.urgency = Urgency::Urgent;  // a reaction carries no urgency of its own
  expect(in, Decision::Drop, "reaction");
}

TEST(NotificationPolicy, UrgentBreaksThroughEverything) {
  auto in = plain();
  in.urgency = Urgency::Urgent;
  in.muted = true;
  in.level = NotificationLevel::None;
  in.working = false;
  in.recipient_online_and_viewing = true;
  expect(in, Decision::Send, "urgent");
}

TEST(NotificationPolicy, MutedDrops) {
  auto in = plain();
  in.muted = true;
  in.kind = EventKind::Direct;
  in.urgency = Urgency::Important;
  expect(in, Decision::Drop, "muted");
}

TEST(NotificationPolicy, LevelNoneDrops) {
  auto in = plain();
  in.level = NotificationLevel::None;
  in.kind = EventKind::Mention;
  expect(in, Decision::Drop, "level_none");
}

TEST(NotificationPolicy, LevelMentionsDropsOrdinaryMessages) {
  auto in = plain();
  in.level = NotificationLevel::Mentions;
  expect(in, Decision::Drop, "level_mentions");
  // ... but not what is addressed to the recipient, nor important messages.
  for (auto kind : {EventKind::Mention, EventKind::Direct, EventKind::Reply, EventKind::MentionEveryone}) {
    in.kind = kind;
    EXPECT_EQ(decide(in).decision, Decision::Send) << decide(in).reason;
  }
  in.kind = EventKind::Announcement;  // a broadcast, like any message
  expect(in, Decision::Drop, "level_mentions");
  in.kind = EventKind::Message;
  in.urgency = Urgency::Important;
  expect(in, Decision::Send, "important");
}

TEST(NotificationPolicy, EveryoneIsAMentionOnlyWhereAllowed) {
  auto in = plain();
  in.kind = EventKind::MentionEveryone;
  in.level = NotificationLevel::Mentions;
  in.everyone_mentions_allowed = false;
  expect(in, Decision::Drop, "everyone_not_allowed");
  in.urgency = Urgency::Important;
  expect(in, Decision::Send, "important");
  // Not allowed, with everything on: an ordinary message.
  in.urgency = Urgency::Normal;
  in.level = NotificationLevel::All;
  expect(in, Decision::Send, "message");
}

TEST(NotificationPolicy, ViewingTheConversationDrops) {
  auto in = plain();
  in.recipient_online_and_viewing = true;
  in.kind = EventKind::Direct;
  expect(in, Decision::Drop, "viewing");
  in.working = false;  // they saw it: nothing for the digest either
  expect(in, Decision::Drop, "viewing");
}

TEST(NotificationPolicy, OffWorkHoldsForTheDigest) {
  auto in = plain();
  in.working = false;
  in.kind = EventKind::Mention;
  in.urgency = Urgency::Important;
  expect(in, Decision::HoldForDigest, "off_work");
}

TEST(NotificationPolicy, SendsSayWhy) {
  auto in = plain();
  in.kind = EventKind::Direct;
  expect(in, Decision::Send, "direct");
  in.kind = EventKind::Mention;
  expect(in, Decision::Send, "mention");
  in.kind = EventKind::Reply;
  expect(in, Decision::Send, "reply");
  in.kind = EventKind::MentionEveryone;
  expect(in, Decision::Send, "everyone");
  in.kind = EventKind::Announcement;
  expect(in, Decision::Send, "announcement");
  in.kind = EventKind::Message;
  in.urgency = Urgency::Important;
  expect(in, Decision::Send, "important");
  in.urgency = Urgency::Normal;
  expect(in, Decision::Send, "message");
}

TEST(NotificationPolicy, TheTableIsTheOneTested) {
  std::vector<std::string_view> reasons;
  for (const auto& rule : notification_rules()) reasons.push_back(rule.reason);
  EXPECT_EQ(reasons, (std::vector<std::string_view>{"author", "reaction", "urgent", "muted", "level_none",
                                                    "level_mentions", "everyone_not_allowed", "viewing", "off_work",
                                                    "direct", "mention", "reply", "everyone", "announcement",
                                                    "important", "message"}));
}

TEST(NotificationPolicy, MessageKindPicksTheMostPersonal) {
  EXPECT_EQ(message_kind(true, true, true, true, true), EventKind::Direct);
  EXPECT_EQ(message_kind(false, true, true, true, true), EventKind::Mention);
  EXPECT_EQ(message_kind(false, false, true, true, true), EventKind::Reply);
  EXPECT_EQ(message_kind(false, false, false, true, true), EventKind::MentionEveryone);
  EXPECT_EQ(message_kind(false, false, false, false, true), EventKind::Announcement);
  EXPECT_EQ(message_kind(false, false, false, false, false), EventKind::Message);
}

// Every input there is: kind x urgency x level x five flags.
constexpr EventKind kKinds[] = {EventKind::Message, EventKind::Mention,      EventKind::MentionEveryone,
                                EventKind::Reply,   EventKind::Direct,       EventKind::Announcement,
                                EventKind::Reaction};
constexpr Urgency kUrgencies[] = {Urgency::Normal, Urgency::Important, Urgency::Urgent};
constexpr NotificationLevel kLevels[] = {NotificationLevel::All, NotificationLevel::Mentions, NotificationLevel::None};

NotificationInput make(EventKind kind, Urgency urgency, NotificationLevel level, int flags) {
  return {kind,
          urgency,
          level,
          (flags & 1) != 0,
          (flags & 2) != 0,
          (flags & 4) != 0,
          (flags & 8) != 0,
          (flags & 16) != 0};
}

// One test over all 2,016 inputs (not one test each: ctest runs every test in its own process).
void check_invariants(const NotificationInput& in) {
  const auto v = decide(in);
  const bool urgent = in.urgency == Urgency::Urgent;
  if (in.is_author) {
    EXPECT_EQ(v.decision, Decision::Drop);
  }
  if (in.kind == EventKind::Reaction) {
    EXPECT_EQ(v.decision, Decision::Drop);
  }
  if (urgent && !in.is_author && in.kind != EventKind::Reaction) {
    EXPECT_EQ(v.decision, Decision::Send);
  }
  if (!urgent && (in.muted || in.level == NotificationLevel::None)) {
    EXPECT_EQ(v.decision, Decision::Drop);
  }
  if (!urgent && (in.recipient_online_and_viewing || !in.working)) {
    EXPECT_NE(v.decision, Decision::Send);
  }
  if (v.decision == Decision::HoldForDigest) {
    EXPECT_FALSE(in.working);
  }
  // The reason names a rule, and the rule gave the decision.
  bool found = false;
  for (const auto& rule : notification_rules())
    if (rule.reason == v.reason) {
      found = true;
      EXPECT_EQ(rule.decision, v.decision);
    }
  EXPECT_TRUE(found) << v.reason;
}

TEST(NotificationPolicy, InvariantsHoldForEveryInput) {
  for (auto kind : kKinds)
    for (auto urgency : kUrgencies)
      for (auto level : kLevels)
        for (int flags = 0; flags < 32; ++flags) {
          SCOPED_TRACE(::testing::Message() << "kind " << static_cast<int>(kind) << " urgency "
                                            << static_cast<int>(urgency) << " level " << static_cast<int>(level)
                                            << " flags " << flags);
          check_invariants(make(kind, urgency, level, flags));
        }
}

TEST(NotificationPolicy, EveryRuleDecidesSomething) {
  std::set<std::string_view> used;
  for (auto kind : kKinds)
    for (auto urgency : kUrgencies)
      for (auto level : kLevels)
        for (int flags = 0; flags < 32; ++flags) used.insert(decide(make(kind, urgency, level, flags)).reason);
  for (const auto& rule : notification_rules())
    EXPECT_TRUE(used.count(rule.reason)) << rule.reason << " is never reached";
}

TEST(NotificationPolicy, TenThousandRecipientsTakeWellUnderFiftyMilliseconds) {
  std::vector<NotificationInput> inputs;
  for (int i = 0; i < 10'000; ++i)
    inputs.push_back(make(kKinds[i % 7], kUrgencies[i / 7 % 3], kLevels[i / 21 % 3], i * 11 % 32));
  constexpr int kRounds = 20;
  int sends = 0;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < kRounds; ++r)
    for (const auto& in : inputs) sends += decide(in).decision == Decision::Send;
  auto per_round = (std::chrono::steady_clock::now() - start) / kRounds;
  RecordProperty("ns_per_decision", std::to_string(std::chrono::nanoseconds(per_round).count() / 10'000));
  EXPECT_GT(sends, 0);
  EXPECT_LT(per_round, std::chrono::milliseconds(50));  // the target, met by far even under sanitizers
}

}  // namespace
}  // namespace muster::domain
