#include "app/attention/push_sender.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>
#include <set>

namespace muster::app {
namespace {

// A push service that answers from a script, per endpoint, and records what it was sent.
class ScriptedTransport final : public PushTransport {
 public:
  PushAnswer post(const PushDelivery& d, const std::string& authorization) override {
    std::lock_guard lock(mutex_);
    posts.push_back({d.endpoint, authorization, d.attempts});
    auto& script = answers[d.endpoint];
    if (script.empty()) return {201, 0};
    PushAnswer a = script.front();
    script.pop_front();
    return a;
  }
  struct Post {
    std::string endpoint;
    std::string authorization;
    int attempt;
  };
  std::mutex mutex_;
  std::vector<Post> posts;
  std::map<std::string, std::deque<PushAnswer>> answers;
};

PushDelivery delivery(const std::string& endpoint, const std::string& person = "p_1") {
  PushDelivery d;
  d.subscription_id = "ps_" + endpoint.substr(endpoint.rfind('/') + 1);
  d.person_id = person;
  d.endpoint = endpoint;
  d.body = "sealed";
  d.urgency = "normal";
  return d;
}

struct Outcomes {
  std::mutex mutex;
  std::set<std::string> delivered, gone;
};

PushSender::Callbacks record(Outcomes& o) {
  return {[&o](const std::string& id) {
            std::lock_guard lock(o.mutex);
            o.delivered.insert(id);
          },
          [&o](const std::string& id) {
            std::lock_guard lock(o.mutex);
            o.gone.insert(id);
          }};
}

PushSenderOptions fast() {
  PushSenderOptions o;
  o.first_backoff = std::chrono::milliseconds(5);
  o.max_attempts = 3;
  return o;
}

TEST(PushSender, DeliversWithAVapidHeaderForThePushServicesOrigin) {
  ScriptedTransport transport;
  Outcomes outcomes;
  auto keys = crypto::generate_vapid_keys();
  PushSender sender(transport, keys, record(outcomes), fast());
  ASSERT_TRUE(sender.enqueue(delivery("https://fcm.googleapis.com/fcm/send/a")));
  sender.drain();
  ASSERT_EQ(transport.posts.size(), 1u);
  auto claims = crypto::verify_vapid_authorization(transport.posts[0].authorization, "https://fcm.googleapis.com",
                                                   now_seconds());
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(outcomes.delivered, std::set<std::string>{"ps_a"});
  EXPECT_EQ(sender.stats().delivered, 1u);
}

TEST(PushSender, ASubscriptionThePushServiceSaysIsGoneIsDroppedAndNotRetried) {
  ScriptedTransport transport;
  transport.answers["https://push.example/410"] = {{410, 0}};
  transport.answers["https://push.example/404"] = {{404, 0}};
  Outcomes outcomes;
  PushSender sender(transport, crypto::generate_vapid_keys(), record(outcomes), fast());
  sender.enqueue(delivery("https://push.example/410"));
  sender.enqueue(delivery("https://push.example/404"));
  sender.drain();
  EXPECT_EQ(outcomes.gone, (std::set<std::string>{"ps_410", "ps_404"}));
  EXPECT_EQ(transport.posts.size(), 2u);
  EXPECT_EQ(sender.stats().gone, 2u);
}

TEST(PushSender, ServerErrorsAndTooManyRequestsAreRetriedWithBackOff) {
  ScriptedTransport transport;
  transport.answers["https://push.example/flaky"] = {{503, 0}, {429, 0}};
  Outcomes outcomes;
  PushSender sender(transport, crypto::generate_vapid_keys(), record(outcomes), fast());
  sender.enqueue(delivery("https://push.example/flaky"));
  sender.drain();
  ASSERT_EQ(transport.posts.size(), 3u);
  EXPECT_EQ(transport.posts[2].attempt, 3);
  EXPECT_EQ(outcomes.delivered, std::set<std::string>{"ps_flaky"});
  EXPECT_EQ(sender.stats().retried, 2u);
}

TEST(PushSender, GivesUpAfterTheLastAttemptAndOnRefusals) {
  ScriptedTransport transport;
  transport.answers["https://push.example/down"] = {{0, 0}, {500, 0}, {502, 0}, {201, 0}};
  transport.answers["https://push.example/bad"] = {{400, 0}};
  Outcomes outcomes;
  PushSender sender(transport, crypto::generate_vapid_keys(), record(outcomes), fast());
  sender.enqueue(delivery("https://push.example/down"));
  sender.enqueue(delivery("https://push.example/bad"));
  sender.drain();
  EXPECT_EQ(transport.posts.size(), 4u);  // three for "down" (max_attempts), one for "bad"
  EXPECT_TRUE(outcomes.delivered.empty());
  EXPECT_EQ(sender.stats().failed, 2u);
}

TEST(PushSender, APersonGetsAtMostTheirLimitAMinuteAndAFullQueueRefuses) {
  ScriptedTransport transport;
  Outcomes outcomes;
  auto options = fast();
  options.per_person_per_minute = 3;
  options.threads = 0;  // nothing leaves the queue: its limit shows
  options.queue_capacity = 4;
  PushSender sender(transport, crypto::generate_vapid_keys(), record(outcomes), options);
  int accepted = 0;
  for (int i = 0; i < 5; ++i) accepted += sender.enqueue(delivery("https://push.example/" + std::to_string(i), "p_busy"));
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(sender.stats().rate_limited, 2u);
  EXPECT_TRUE(sender.enqueue(delivery("https://push.example/x", "p_other")));
  EXPECT_FALSE(sender.enqueue(delivery("https://push.example/y", "p_third")));
  EXPECT_EQ(sender.stats().dropped_full, 1u);
}

}  // namespace
}  // namespace muster::app
