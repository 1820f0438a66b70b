// Conflicting changes run at the same moment, many times, against the real store: the result must
// always keep both sides (a removed member stays removed, a demoted one demoted, a deleted message
// deleted), because each use case checks and writes in one transaction and writes only what it
// changes. Before that, a stale copy of a whole row brought back what the other side had undone.
#include <gtest/gtest.h>

#include "app/chat_fixture.hpp"
#include "app/events.hpp"
#include "app/race_testing.hpp"

namespace muster::app {
namespace {

using domain::ConversationKind;
using domain::MemberRole;
using race_testing::race;

class ChatRaceTest : public chat_testing::ChatFixture {
 protected:
  static constexpr int kRounds = 60;

  Result<MessageView> post(const Actor& who, const std::string& conv, const std::string& text) {
    auto sent = send(who, conv, text);
    if (!sent.ok()) return sent.error();
    return sent->view;
  }
};

TEST_F(ChatRaceTest, ChangingOnesSettingsWhileBeingRemovedNeverBringsTheMemberBack) {
  for (int i = 0; i < kRounds; ++i) {
    auto conv = group(ann_, {bob_.person.id});
    MemberSettings mute;
    mute.muted = true;
    race([&] { (void)chat_->settings(bob_, conv, mute); },
         [&] { ASSERT_TRUE(chat_->remove_member(ann_, conv, bob_.person.id).ok()); });
    auto bob = stores_->conversations().member(conv, bob_.person.id);
    ASSERT_TRUE(bob.ok());
    ASSERT_FALSE(bob.value()) << "round " << i << ": the removed member is back";
  }
}

TEST_F(ChatRaceTest, ChangingOnesSettingsWhileBeingDemotedKeepsTheDemotion) {
  for (int i = 0; i < kRounds; ++i) {
    auto conv = group(ann_, {bob_.person.id});
    ASSERT_TRUE(chat_->set_member_role(ann_, conv, bob_.person.id, MemberRole::Moderator, std::nullopt).ok());
    MemberSettings pin;
    pin.pinned = true;
    race([&] { ASSERT_TRUE(chat_->settings(bob_, conv, pin).ok()); },
         [&] { ASSERT_TRUE(chat_->set_member_role(ann_, conv, bob_.person.id, MemberRole::Member, std::nullopt).ok()); });
    auto bob = stores_->conversations().member(conv, bob_.person.id).value();
    ASSERT_TRUE(bob);
    ASSERT_EQ(bob->role, MemberRole::Member) << "round " << i << ": still a moderator";
    ASSERT_TRUE(bob->pinned) << "round " << i << ": the setting was lost";
  }
}

TEST_F(ChatRaceTest, PinningWhileTheAuthorDeletesNeverBringsTheTextBack) {
  auto conv = group(ann_, {bob_.person.id});
  for (int i = 0; i < kRounds; ++i) {
    auto m = post(ann_, conv, "secret " + std::to_string(i));
    ASSERT_TRUE(m.ok());
    auto id = m->message.id;
    race([&] { (void)chat_->pin(bob_, id, true); }, [&] { ASSERT_TRUE(chat_->remove(ann_, id).ok()); });
    auto stored = stores_->messages().get(id).value();
    ASSERT_TRUE(stored.deleted) << "round " << i;
    ASSERT_EQ(stored.text, "") << "round " << i << ": the deleted text is back";
    ASSERT_FALSE(stored.pinned) << "round " << i << ": a deleted message stays pinned";
  }
}

TEST_F(ChatRaceTest, EditingWhileDeletingLeavesNoTextAndNoEarlierVersion) {
  auto conv = group(ann_, {bob_.person.id});
  for (int i = 0; i < kRounds; ++i) {
    auto m = post(ann_, conv, "first " + std::to_string(i));
    ASSERT_TRUE(m.ok());
    auto id = m->message.id;
    race([&] { (void)chat_->edit(ann_, id, "second"); }, [&] { ASSERT_TRUE(chat_->remove(ann_, id).ok()); });
    auto stored = stores_->messages().get(id).value();
    ASSERT_TRUE(stored.deleted) << "round " << i;
    ASSERT_EQ(stored.text, "") << "round " << i;
    ASSERT_TRUE(stores_->messages().edits(id).value().empty()) << "round " << i << ": an earlier version survived";
  }
}

TEST_F(ChatRaceTest, RenamingWhileArchivingKeepsBoth) {
  for (int i = 0; i < kRounds; ++i) {
    auto conv = group(ann_, {bob_.person.id}, ConversationKind::Channel);
    ASSERT_TRUE(chat_->set_member_role(ann_, conv, bob_.person.id, MemberRole::Moderator, std::nullopt).ok());
    ConversationChange rename, archive;
    rename.name = "Renamed";
    archive.archived = true;
    // The rename may come second and be refused (archived: read-only), or first and stay.
    bool renamed = false;
    race([&] { renamed = chat_->update(ann_, conv, rename).ok(); },
         [&] { ASSERT_TRUE(chat_->update(bob_, conv, archive).ok()); });
    auto c = stores_->conversations().get(conv).value();
    ASSERT_TRUE(c.archived) << "round " << i << ": the archive was lost";
    ASSERT_EQ(c.name, renamed ? "Renamed" : "Room") << "round " << i;
  }
}

// Events leave after the commit of the change they report: a change rolled back by the
// transaction around it publishes nothing.
TEST_F(ChatRaceTest, ARolledBackChangePublishesNothing) {
  auto conv = group(ann_, {bob_.person.id, cat_.person.id});
  auto before = hub_.events().size();
  auto status = stores_->transactor().in_transaction([&]() -> Status {
    TRY(chat_->remove_member(ann_, conv, bob_.person.id));
    MemberSettings mute;
    mute.muted = true;
    TRY(chat_->settings(cat_, conv, mute));
    return invalid("changed my mind");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(hub_.events().size(), before) << "no event of a rolled-back change";
  EXPECT_TRUE(stores_->conversations().member(conv, bob_.person.id).value()) << "still a member";

  ASSERT_TRUE(chat_->remove_member(ann_, conv, bob_.person.id).ok());
  auto events = hub_.events();
  ASSERT_EQ(events.size(), before + 1);
  EXPECT_EQ(events.back().body.value("kind", ""), events::kMemberRemoved);
}

}  // namespace
}  // namespace muster::app
