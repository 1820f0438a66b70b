#include "domain/history_window.hpp"

#include <gtest/gtest.h>

namespace muster::domain {
namespace {

Conversation conversation(ConversationKind kind, HistoryVisibility history) {
  Conversation c;
  c.kind = kind;
  c.history = history;
  return c;
}

Member joined_at_seq(std::int64_t seq) {
  Member m;
  m.joined_seq = seq;
  return m;
}

TEST(HistoryWindow, SinceJoinedShowsAMemberOnlyWhatCameAfterTheirJoin) {
  auto c = conversation(ConversationKind::Group, HistoryVisibility::SinceJoined);
  auto window = history_window(c, joined_at_seq(5));
  EXPECT_FALSE(window.shows(1));
  EXPECT_FALSE(window.shows(5));
  EXPECT_TRUE(window.shows(6));
}

TEST(HistoryWindow, FullShowsEverythingToMembersAndReaders) {
  auto c = conversation(ConversationKind::Channel, HistoryVisibility::Full);
  EXPECT_TRUE(history_window(c, joined_at_seq(5)).shows(1));
  EXPECT_TRUE(history_window(c, std::nullopt).shows(1));
}

TEST(HistoryWindow, SinceJoinedShowsNothingToSomeoneWhoHasNotJoined) {
  auto c = conversation(ConversationKind::Channel, HistoryVisibility::SinceJoined);
  auto window = history_window(c, std::nullopt);
  EXPECT_TRUE(window.shows_nothing());
  EXPECT_FALSE(window.shows(INT64_MAX - 1));
}

TEST(HistoryWindow, DirectConversationsAlwaysShowEverything) {
  auto c = conversation(ConversationKind::Direct, HistoryVisibility::SinceJoined);  // as if stored so
  EXPECT_TRUE(history_window(c, joined_at_seq(9)).shows(1));
  EXPECT_FALSE(validate_history(ConversationKind::Direct, HistoryVisibility::SinceJoined).ok());
  EXPECT_TRUE(validate_history(ConversationKind::Direct, HistoryVisibility::Full).ok());
  EXPECT_TRUE(validate_history(ConversationKind::Group, HistoryVisibility::SinceJoined).ok());
}

TEST(HistoryWindow, PrivateGroupsDefaultToSinceJoinedChannelsToFull) {
  EXPECT_EQ(default_history(ConversationKind::Group), HistoryVisibility::SinceJoined);
  EXPECT_EQ(default_history(ConversationKind::Channel), HistoryVisibility::Full);
  EXPECT_EQ(default_history(ConversationKind::Announcement), HistoryVisibility::Full);
  EXPECT_EQ(default_history(ConversationKind::Direct), HistoryVisibility::Full);
  EXPECT_EQ(parse_history_visibility("since_joined"), HistoryVisibility::SinceJoined);
  EXPECT_EQ(to_string(HistoryVisibility::Full), "full");
  EXPECT_EQ(parse_history_visibility("everything"), std::nullopt);
}

}  // namespace
}  // namespace muster::domain
