// Attention store conformance: push subscriptions (and their end with the session that made
// them), working hours by scope, do-not-disturb, held notifications and digests, the VAPID key,
// and message urgency. Runs against every backend that instantiates StoreConformanceTest.
#include <gtest/gtest.h>

#include <map>

#include "store/testing/store_conformance.hpp"

namespace muster::store::conformance {
namespace {

Session session_of(const std::string& id, const std::string& person_id) {
  Session s;
  s.id = id;
  s.person_id = person_id;
  s.token_digest = "digest-" + id;
  s.kind = "cookie";
  s.created_at = s.last_seen_at = 1000;
  s.expires_at = 1'000'000;
  return s;
}

PushSubscription subscription(const std::string& id, const std::string& person_id, const std::string& session_id) {
  return {id, person_id, session_id, "https://fcm.googleapis.com/fcm/send/" + id, "BPUBLIC", "AUTH", "Chrome", 1000,
          std::nullopt};
}

TEST_P(StoreConformanceTest, PushSubscriptionsAreListedPerPersonAndAsAConversationsAudience) {
  auto omar = add_person("Omar");
  auto sara = add_person("Sara");
  auto mona = add_person("Mona");
  auto& a = stores().attention();
  ASSERT_TRUE(a.put_subscription(subscription("ps_1", omar.id, "s_1")).ok());
  ASSERT_TRUE(a.put_subscription(subscription("ps_2", omar.id, "s_2")).ok());
  ASSERT_TRUE(a.put_subscription(subscription("ps_3", sara.id, "s_3")).ok());
  ASSERT_TRUE(a.put_subscription(subscription("ps_4", mona.id, "s_4")).ok());
  auto mine = a.subscriptions(omar.id);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].endpoint, "https://fcm.googleapis.com/fcm/send/ps_1");
  EXPECT_EQ((*mine)[0].device, "Chrome");

  // A conversation of Omar and Sara (not Mona): its audience is their devices, with their settings.
  domain::Conversation c;
  c.id = "c_team";
  c.kind = domain::ConversationKind::Group;
  c.created_by = omar.id;
  ASSERT_TRUE(stores().conversations().insert(c).ok());
  for (const auto& p : {omar, sara}) {
    domain::Member m;
    m.conversation_id = c.id;
    m.person_id = p.id;
    m.last_read_seq = p.id == sara.id ? 7 : 0;
    m.muted = p.id == sara.id;
    m.notification_level = p.id == sara.id ? domain::NotificationLevel::Mentions : domain::NotificationLevel::All;
    ASSERT_TRUE(stores().conversations().put_member(m).ok());
  }
  // Written over what the vector held before: nothing of it is left.
  std::vector<PushAudienceRow> rows(5);
  rows[0] = {"p_stale", domain::NotificationLevel::None, true, subscription("ps_stale", "p_stale", "s_0")};
  rows[4].person_id = "p_left_over";
  ASSERT_TRUE(a.push_audience(c.id, rows).ok());
  ASSERT_EQ(rows.size(), 3u);
  std::map<std::string, std::vector<std::string>> devices;
  for (const auto& row : rows) {
    devices[row.person_id].push_back(row.subscription.id);
    EXPECT_EQ(row.subscription.endpoint, "https://fcm.googleapis.com/fcm/send/" + row.subscription.id);
    EXPECT_EQ(row.subscription.person_id, row.person_id);
    if (row.person_id == sara.id) {
      EXPECT_TRUE(row.muted);
      EXPECT_EQ(row.level, domain::NotificationLevel::Mentions);
    }
  }
  EXPECT_EQ(devices[omar.id].size(), 2u);
  EXPECT_EQ(devices[sara.id], std::vector<std::string>{"ps_3"});
  EXPECT_FALSE(devices.count(mona.id));
  // One person's rows come together.
  EXPECT_EQ(rows[0].person_id == omar.id, rows[1].person_id == omar.id);
  // Read positions, for the people a push goes to, in the order asked; 0 for a non-member.
  auto read = a.read_positions(c.id, {sara.id, mona.id, omar.id});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read.value(), (std::vector<std::int64_t>{7, 0, 0}));
  ASSERT_TRUE(stores().conversations().advance_read(c.id, omar.id, 3).ok());
  EXPECT_EQ(a.read_positions(c.id, {omar.id}).value(), std::vector<std::int64_t>{3});

  ASSERT_TRUE(a.note_push_delivered("ps_3", 5000).ok());
  EXPECT_EQ(*a.subscriptions(sara.id)->front().last_used_at, 5000);
  EXPECT_EQ(a.remove_subscription("ps_3").ok(), true);
  EXPECT_EQ(a.remove_subscription("ps_3").error().code, ErrorCode::NotFound);
  EXPECT_TRUE(a.subscriptions(sara.id)->empty());
}

TEST_P(StoreConformanceTest, TheSameEndpointSubscribingAgainReplacesTheOldSubscription) {
  auto omar = add_person("Omar");
  auto sara = add_person("Sara");
  auto& a = stores().attention();
  ASSERT_TRUE(a.put_subscription(subscription("ps_1", omar.id, "s_1")).ok());
  auto again = subscription("ps_2", sara.id, "s_2");
  again.endpoint = "https://fcm.googleapis.com/fcm/send/ps_1";  // the same browser, someone else signed in
  ASSERT_TRUE(a.put_subscription(again).ok());
  EXPECT_TRUE(a.subscriptions(omar.id)->empty());
  EXPECT_EQ(a.subscriptions(sara.id)->size(), 1u);
}

TEST_P(StoreConformanceTest, EndingASessionEndsItsPushSubscriptions) {
  auto omar = add_person("Omar");
  auto& a = stores().attention();
  ASSERT_TRUE(stores().sessions().insert(session_of("s_phone", omar.id)).ok());
  ASSERT_TRUE(stores().sessions().insert(session_of("s_laptop", omar.id)).ok());
  ASSERT_TRUE(a.put_subscription(subscription("ps_phone", omar.id, "s_phone")).ok());
  ASSERT_TRUE(a.put_subscription(subscription("ps_laptop", omar.id, "s_laptop")).ok());
  ASSERT_TRUE(stores().sessions().remove("s_phone").ok());
  auto left = a.subscriptions(omar.id);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().id, "ps_laptop");
  // Offboarding ends every session: no device of a leaver is notified again.
  ASSERT_TRUE(stores().sessions().remove_all_for_person(omar.id).ok());
  EXPECT_TRUE(a.subscriptions(omar.id)->empty());
}

TEST_P(StoreConformanceTest, WorkingHoursAreKeptByScopeAndKey) {
  auto& a = stores().attention();
  EXPECT_FALSE(a.hours(HoursScope::Department, "Sales")->has_value());
  ASSERT_TRUE(a.put_hours(HoursScope::Department, "Sales", std::string(R"({"time_zone":"Asia/Riyadh"})"), 1).ok());
  ASSERT_TRUE(a.put_hours(HoursScope::Location, "Sales", std::string(R"({"time_zone":"UTC"})"), 1).ok());
  ASSERT_TRUE(a.put_hours(HoursScope::Organization, "", std::string(R"({"time_zone":"Africa/Cairo"})"), 1).ok());
  EXPECT_EQ(**a.hours(HoursScope::Department, "Sales"), R"({"time_zone":"Asia/Riyadh"})");
  EXPECT_EQ(**a.hours(HoursScope::Location, "Sales"), R"({"time_zone":"UTC"})");
  EXPECT_EQ(a.all_hours(HoursScope::Organization)->size(), 1u);
  ASSERT_TRUE(a.put_hours(HoursScope::Department, "Sales", std::nullopt, 2).ok());
  EXPECT_FALSE(a.hours(HoursScope::Department, "Sales")->has_value());
}

TEST_P(StoreConformanceTest, DoNotDisturbListsOnlyWhatStillRuns) {
  auto omar = add_person("Omar");
  auto sara = add_person("Sara");
  auto& a = stores().attention();
  ASSERT_TRUE(a.set_do_not_disturb(omar.id, 5000).ok());
  ASSERT_TRUE(a.set_do_not_disturb(sara.id, 900).ok());
  auto running = a.all_do_not_disturb(1000);
  ASSERT_EQ(running->size(), 1u);
  EXPECT_EQ(running->front().first, omar.id);
  ASSERT_TRUE(a.set_do_not_disturb(omar.id, std::nullopt).ok());
  EXPECT_TRUE(a.all_do_not_disturb(1000)->empty());
}

TEST_P(StoreConformanceTest, HeldNotificationsAddUpUntilTheDigestAndANewHoldStartsAfresh) {
  auto omar = add_person("Omar");
  auto& a = stores().attention();
  EXPECT_FALSE(a.latest_hold(omar.id)->has_value());
  ASSERT_TRUE(a.hold({{omar.id, "c_sales", 1, false}, {omar.id, "c_sales", 2, true}, {omar.id, "c_ops", 7, false}}, 100)
                  .ok());
  ASSERT_TRUE(a.hold({{omar.id, "c_sales", 3, false}}, 200).ok());
  auto hold = a.latest_hold(omar.id);
  ASSERT_TRUE(hold->has_value());
  EXPECT_EQ((*hold)->since, 100);  // the first held notification opened it
  EXPECT_FALSE((*hold)->digest_at.has_value());
  EXPECT_EQ(a.open_holds()->size(), 1u);
  auto held = a.held_conversations(omar.id);
  ASSERT_EQ(held->size(), 2u);
  for (const auto& h : *held) {
    if (h.conversation_id == "c_sales") {
      EXPECT_EQ(h.messages, 3);
      EXPECT_EQ(h.mentions, 1);
      EXPECT_EQ(h.last_seq, 3);
    } else {
      EXPECT_EQ(h.messages, 1);
      EXPECT_EQ(h.last_seq, 7);
    }
  }

  ASSERT_TRUE(a.mark_digest_sent(omar.id, 300).ok());
  EXPECT_TRUE(a.open_holds()->empty());
  EXPECT_EQ(*(*a.latest_hold(omar.id))->digest_at, 300);  // kept for the digest view
  EXPECT_EQ(a.held_conversations(omar.id)->size(), 2u);

  ASSERT_TRUE(a.hold({{omar.id, "c_ops", 9, false}}, 400).ok());
  hold = a.latest_hold(omar.id);
  EXPECT_EQ((*hold)->since, 400);
  EXPECT_FALSE((*hold)->digest_at.has_value());
  held = a.held_conversations(omar.id);
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ(held->front().messages, 1);
}

TEST_P(StoreConformanceTest, TheVapidKeyIsMadeOnceAndKept) {
  auto& a = stores().attention();
  auto first = a.vapid_private_key("key-one", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, "key-one");
  EXPECT_EQ(*a.vapid_private_key("key-two", 2), "key-one");
}

TEST_P(StoreConformanceTest, MessagesKeepTheirUrgency) {
  auto omar = add_person("Omar");
  domain::Conversation c;
  c.id = "c_1";
  c.kind = domain::ConversationKind::Group;
  c.created_by = omar.id;
  ASSERT_TRUE(stores().conversations().insert(c).ok());
  domain::Message m;
  m.id = "m_1";
  m.conversation_id = c.id;
  m.client_id = "k1";
  m.author_id = omar.id;
  m.text = "Fire drill now";
  m.urgency = domain::Urgency::Urgent;
  ASSERT_TRUE(stores().messages().insert(m).ok());
  EXPECT_EQ(stores().messages().get("m_1")->urgency, domain::Urgency::Urgent);
}

}  // namespace
}  // namespace muster::store::conformance
