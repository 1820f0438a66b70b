// What a push notification carries: JSON the service worker (web/src/pwa/) turns into a
// notification in the person's language. Version 1; kept well under the 4,079 bytes one Web Push
// record holds.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "domain/conversation.hpp"

namespace muster::app {

struct MessagePush {
  std::string lang;  // "ar" or "en"
  const domain::Conversation* conversation = nullptr;
  std::string conversation_name;  // as the recipient sees it (a direct one: the author)
  const domain::Message* message = nullptr;
  std::string sender_name;
  bool with_preview = true;  // the organization's notification_content policy
  std::int64_t unread = 1;   // new messages in the conversation for the recipient (at least 1)
  std::string_view reason;   // why it notified (the policy's reason code)
};
std::string message_payload(const MessagePush& p);

struct DigestPush {
  std::string lang;
  int messages = 0;
  int conversations = 0;
  int mentions = 0;
};
std::string digest_payload(const DigestPush& p);

// The text of a message as a notification shows it: mentions as "@Name", Markdown marks kept, cut
// at `max_chars` code points with an ellipsis.
std::string preview_text(std::string_view text, size_t max_chars = 200);

}  // namespace muster::app
