#include "app/attention/push_payload.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"
#include "crypto/web_push.hpp"

namespace muster::app {
namespace {

TEST(PushPayload, AMessageCarriesWhatTheNotificationShows) {
  domain::Conversation c;
  c.id = "c_sales";
  c.kind = domain::ConversationKind::Channel;
  c.name = "Sales";
  domain::Message m;
  m.id = "m_9";
  m.text = "Stock count at 5, @[Omar Haddad](p_1) please bring the sheets";
  m.urgency = domain::Urgency::Urgent;
  MessagePush p{"ar", &c, "Sales", &m, "Sara", true, 5, "urgent"};
  auto j = Json::parse(message_payload(p));
  EXPECT_EQ(j["v"], 1);
  EXPECT_EQ(j["kind"], "message");
  EXPECT_EQ(j["lang"], "ar");
  EXPECT_EQ(j["conversation_id"], "c_sales");
  EXPECT_EQ(j["conversation_kind"], "channel");
  EXPECT_EQ(j["message_id"], "m_9");
  EXPECT_EQ(j["sender_name"], "Sara");
  EXPECT_EQ(j["preview"], "Stock count at 5, @Omar Haddad please bring the sheets");
  EXPECT_EQ(j["count"], 5);
  EXPECT_EQ(j["urgency"], "urgent");
  EXPECT_EQ(j["reason"], "urgent");
}

TEST(PushPayload, WithoutPreviewsTheTextStaysOnTheServer) {
  domain::Conversation c;
  c.id = "c_1";
  domain::Message m;
  m.text = "salary figures";
  MessagePush p{"en", &c, "HR", &m, "Mona", false, 0, "message"};
  auto text = message_payload(p);
  EXPECT_EQ(text.find("salary"), std::string::npos);
  EXPECT_TRUE(Json::parse(text)["preview"].is_null());
  EXPECT_EQ(Json::parse(text)["count"], 1);  // never less than the message itself
}

TEST(PushPayload, PreviewsAreCutAtACharacterNotInsideOne) {
  std::string arabic;
  for (int i = 0; i < 300; ++i) arabic += "ب";
  auto cut = preview_text(arabic, 200);
  EXPECT_EQ(cut, std::string(arabic.substr(0, 400)) + "…");
  EXPECT_EQ(preview_text("line one\nline two"), "line one line two");
  EXPECT_EQ(preview_text("short"), "short");
}

TEST(PushPayload, ADigestCountsWhatWasMissed) {
  auto j = Json::parse(digest_payload({"en", 14, 3, 1}));
  EXPECT_EQ(j["kind"], "digest");
  EXPECT_EQ(j["digest"]["messages"], 14);
  EXPECT_EQ(j["digest"]["conversations"], 3);
  EXPECT_EQ(j["digest"]["mentions"], 1);
}

TEST(PushPayload, TheLongestMessageStillFitsOneWebPushRecord) {
  domain::Conversation c;
  c.id = "c_1";
  c.name = std::string(200, 'x');
  domain::Message m;
  m.id = "m_1";
  for (int i = 0; i < 10000; ++i) m.text += "ش";
  MessagePush p{"ar", &c, std::string(400, 'n'), &m, std::string(400, 's'), true, 1, "message"};
  EXPECT_LE(message_payload(p).size(), crypto::kMaxPushPlaintext);
}

}  // namespace
}  // namespace muster::app
