#include "domain/conversation.hpp"

#include <gtest/gtest.h>

namespace muster::domain {
namespace {

TEST(Mentions, FindsPeopleAndAllInOrderWithoutDuplicates) {
  struct Case {
    std::string text;
    std::vector<std::string> people;
    bool all;
  };
  std::vector<Case> cases = {
      {"hello", {}, false},
      {"@[Ahmed Ali](p_1) and @[فاطمة](p_2)", {"p_1", "p_2"}, false},
      {"@[A](p_1) again @[A](p_1)", {"p_1"}, false},
      {"heads up @all", {}, true},
      {"@all, please", {}, true},
      {"mail me at x@allied.com", {}, false},
      {"@alliance", {}, false},
      {"@[broken](p_1", {}, false},
      {"@[not a person](x_1)", {}, false},
      {"@[A](p_1) @all", {"p_1"}, true},
  };
  for (const auto& c : cases) {
    auto m = parse_mentions(c.text);
    EXPECT_EQ(m.people, c.people) << c.text;
    EXPECT_EQ(m.all, c.all) << c.text;
  }
}

TEST(Conversations, AnnouncementChannelsLetOnlyPostersWrite) {
  Conversation announcement;
  announcement.kind = ConversationKind::Announcement;
  Member reader;
  reader.can_post = false;
  Member poster;
  poster.can_post = true;
  Member moderator;
  moderator.role = MemberRole::Moderator;
  moderator.can_post = false;
  EXPECT_FALSE(can_post(announcement, reader));
  EXPECT_TRUE(can_post(announcement, poster));
  EXPECT_TRUE(can_post(announcement, moderator));

  Conversation group;
  EXPECT_TRUE(can_post(group, reader)) << "can_post only matters in announcement channels";
  group.archived = true;
  EXPECT_FALSE(can_post(group, moderator)) << "archived conversations are read-only for everyone";
}

TEST(Conversations, DirectKeyIsTheSameWhoeverStarts) {
  EXPECT_EQ(direct_key("p_b", "p_a"), direct_key("p_a", "p_b"));
  EXPECT_NE(direct_key("p_a", "p_b"), direct_key("p_a", "p_c"));
}

TEST(Messages, TextClientIdAndEmojiAreValidated) {
  EXPECT_FALSE(validate_message_text("").ok());
  EXPECT_TRUE(validate_message_text("مرحبا").ok());
  EXPECT_TRUE(validate_message_text(std::string(kMaxMessageChars, 'a')).ok());
  EXPECT_FALSE(validate_message_text(std::string(kMaxMessageChars + 1, 'a')).ok());
  EXPECT_FALSE(validate_message_text("\xC3\x28").ok());

  EXPECT_TRUE(validate_client_id("3f0c2a9e-1b2c-4d5e-8f90-123456789abc").ok());
  EXPECT_FALSE(validate_client_id("").ok());
  EXPECT_FALSE(validate_client_id("has space").ok());
  EXPECT_FALSE(validate_client_id(std::string(65, 'a')).ok());

  EXPECT_TRUE(validate_emoji("👍").ok());
  EXPECT_TRUE(validate_emoji("👍🏽").ok());
  EXPECT_TRUE(validate_emoji("❤️").ok());
  EXPECT_FALSE(validate_emoji("").ok());
  EXPECT_FALSE(validate_emoji("lol").ok());
  EXPECT_FALSE(validate_emoji("<script>").ok());
}

TEST(Conversations, KindsRolesAndLevelsRoundTrip) {
  for (auto kind : {ConversationKind::Direct, ConversationKind::Group, ConversationKind::Channel,
                    ConversationKind::Announcement})
    EXPECT_EQ(parse_conversation_kind(to_string(kind)), kind);
  for (auto role : {MemberRole::Owner, MemberRole::Moderator, MemberRole::Member})
    EXPECT_EQ(parse_member_role(to_string(role)), role);
  for (auto level : {NotificationLevel::All, NotificationLevel::Mentions, NotificationLevel::None})
    EXPECT_EQ(parse_notification_level(to_string(level)), level);
  EXPECT_FALSE(parse_conversation_kind("dm").has_value());
}

TEST(Conversations, OnlyPublicChannelsAreOpenToEveryone) {
  Conversation c;
  c.is_public = true;
  for (auto [kind, open] : {std::pair{ConversationKind::Channel, true}, {ConversationKind::Announcement, true},
                            {ConversationKind::Group, false}, {ConversationKind::Direct, false}}) {
    c.kind = kind;
    EXPECT_EQ(is_public_channel(c), open) << to_string(kind);
  }
  c.kind = ConversationKind::Channel;
  c.is_public = false;
  EXPECT_FALSE(is_public_channel(c));
}

TEST(Conversations, SearchableTextShowsMentionsAsPeopleReadThem) {
  EXPECT_EQ(searchable_text("hi @[Ahmed Ali](p_123) and @[سارة](p_9x)!"), "hi @Ahmed Ali and @سارة!");
  EXPECT_EQ(searchable_text("@[A](p_1)@[B](p_2)"), "@A@B");
  EXPECT_EQ(searchable_text("@all, mail me@example.com"), "@all, mail me@example.com");
  EXPECT_EQ(searchable_text("not a mention @[x](q_1) or @[y](p_"), "not a mention @[x](q_1) or @[y](p_");
  EXPECT_EQ(searchable_text(""), "");
}

}  // namespace
}  // namespace muster::domain
