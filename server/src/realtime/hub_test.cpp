#include "realtime/hub.hpp"

#include <gtest/gtest.h>

namespace muster::realtime {
namespace {

// A connection that records what it is handed, as a WebSocket session would queue it.
struct RecordingConnection : Connection {
  std::vector<std::pair<std::int64_t, std::string>> delivered;
  int closed_with = 0;
  void close(int code, std::string) override { closed_with = code; }
  void deliver(std::int64_t seq, SharedText event) override { delivered.emplace_back(seq, *event); }
};

SharedText text(const std::string& s) { return std::make_shared<const std::string>(s); }

TEST(LocalHub, NumbersEventsPerPersonAcrossDevicesWithoutGaps) {
  LocalHub hub;
  auto phone = std::make_shared<RecordingConnection>();
  auto laptop = std::make_shared<RecordingConnection>();
  auto start = hub.attach("p_1", "s_phone", phone);
  hub.attach("p_1", "s_laptop", laptop);
  hub.publish({"p_1", "p_2"}, text("a"));
  hub.publish({"p_1"}, text("b"));
  ASSERT_EQ(phone->delivered.size(), 2u);
  EXPECT_EQ(phone->delivered[0], std::make_pair(start + 1, std::string("a")));
  EXPECT_EQ(phone->delivered[1], std::make_pair(start + 2, std::string("b")));
  EXPECT_EQ(laptop->delivered, phone->delivered) << "every device sees the same numbering";
}

TEST(LocalHub, ReplaysExactlyWhatWasMissedUpToTheAttachPoint) {
  LocalHub hub;
  auto first = std::make_shared<RecordingConnection>();
  auto base = hub.attach("p_1", "s_1", first);
  for (int i = 0; i < 5; ++i) hub.publish({"p_1"}, text(std::to_string(i)));
  auto attached_at = hub.attach("p_1", "s_2", std::make_shared<RecordingConnection>());
  hub.publish({"p_1"}, text("live"));  // arrives live on the new socket, must not be replayed
  auto replay = hub.replay("p_1", base + 2, attached_at);
  ASSERT_TRUE(replay.complete);
  ASSERT_EQ(replay.events.size(), 3u);
  EXPECT_EQ(replay.events.front().first, base + 3);
  EXPECT_EQ(*replay.events.back().second, "4");
}

TEST(LocalHub, AsksForResyncWhenTheGapLeftTheBufferOrTheNumberIsForeign) {
  LocalHub hub;
  auto base = hub.attach("p_1", "s_1", std::make_shared<RecordingConnection>());
  for (size_t i = 0; i < LocalHub::kReplayBuffer + 10; ++i) hub.publish({"p_1"}, text("x"));
  auto now = base + static_cast<std::int64_t>(LocalHub::kReplayBuffer) + 10;
  EXPECT_FALSE(hub.replay("p_1", base, now).complete) << "the oldest events fell out of the buffer";
  EXPECT_FALSE(hub.replay("p_1", 42, now).complete) << "a number from an earlier server run";
  EXPECT_FALSE(hub.replay("p_1", now + 5, now).complete) << "a number from the future";
  EXPECT_TRUE(hub.replay("p_1", now - 3, now).complete);
}

TEST(LocalHub, ClosingASessionOrAPersonReachesOnlyThoseConnections) {
  LocalHub hub;
  auto a1 = std::make_shared<RecordingConnection>();
  auto a2 = std::make_shared<RecordingConnection>();
  auto b = std::make_shared<RecordingConnection>();
  hub.attach("p_a", "s_a1", a1);
  hub.attach("p_a", "s_a2", a2);
  hub.attach("p_b", "s_b", b);
  hub.close_session("s_a1");
  EXPECT_EQ(a1->closed_with, kCloseSessionEnded);
  EXPECT_EQ(a2->closed_with, 0);
  hub.close_person("p_a");
  EXPECT_EQ(a2->closed_with, kCloseSessionEnded);
  EXPECT_EQ(b->closed_with, 0);
  hub.publish({"p_a", "p_b"}, text("after"));
  EXPECT_TRUE(a2->delivered.empty()) << "a closed person's connections get nothing more";
  EXPECT_EQ(b->delivered.size(), 1u);
}

TEST(LocalHub, EphemeralEventsAreNotNumberedOrReplayed) {
  LocalHub hub;
  auto c = std::make_shared<RecordingConnection>();
  auto base = hub.attach("p_1", "s_1", c);
  hub.publish_ephemeral({"p_1"}, text("typing"));
  ASSERT_EQ(c->delivered.size(), 1u);
  EXPECT_EQ(c->delivered[0].first, 0);
  auto replay = hub.replay("p_1", base, base);
  EXPECT_TRUE(replay.complete);
  EXPECT_TRUE(replay.events.empty());
}

}  // namespace
}  // namespace muster::realtime

namespace muster::realtime {
namespace {

TEST(LocalHub, WatchersHearWhenAPersonComesOnlineAndGoesOffline) {
  LocalHub hub;
  auto watcher = std::make_shared<RecordingConnection>();
  hub.attach("p_w", "s_w", watcher);
  EXPECT_TRUE(hub.watch_presence(watcher.get(), watcher, {"p_x"}).empty());
  auto phone = std::make_shared<RecordingConnection>();
  auto laptop = std::make_shared<RecordingConnection>();
  hub.attach("p_x", "s_phone", phone);
  hub.attach("p_x", "s_laptop", laptop);  // already online: no second announcement
  ASSERT_EQ(watcher->delivered.size(), 1u);
  EXPECT_EQ(watcher->delivered[0].first, 0) << "presence is ephemeral";
  EXPECT_NE(watcher->delivered[0].second.find(R"("online":true)"), std::string::npos);
  hub.detach("p_x", "s_phone", phone.get());
  EXPECT_EQ(watcher->delivered.size(), 1u) << "still online on the laptop";
  hub.detach("p_x", "s_laptop", laptop.get());
  ASSERT_EQ(watcher->delivered.size(), 2u);
  EXPECT_NE(watcher->delivered[1].second.find(R"("online":false)"), std::string::npos);
  EXPECT_FALSE(hub.online("p_x"));
}

}  // namespace
}  // namespace muster::realtime
