// Every kind of event the app layer publishes, in one place (docs/api/messaging.md describes their
// bodies). Each is published by EventPublisher::after_commit from inside the transaction of the
// change it reports: it leaves after that commit, in commit order, and never when the change rolls
// back — one path that a bridge between server processes can follow later. The one exception is
// `typing`: nothing is stored, so it is not numbered, not replayed and published at once.
#pragma once
#include <string_view>

namespace muster::app::events {

inline constexpr std::string_view kMessageCreated = "message.created";
inline constexpr std::string_view kMessageUpdated = "message.updated";  // edits, deletes, reactions, pins
inline constexpr std::string_view kRead = "read";
inline constexpr std::string_view kDelivered = "delivered";
inline constexpr std::string_view kConversationUpdated = "conversation.updated";
inline constexpr std::string_view kMemberAdded = "member.added";
inline constexpr std::string_view kMemberRemoved = "member.removed";
inline constexpr std::string_view kMemberUpdated = "member.updated";
inline constexpr std::string_view kNotice = "notice";  // to one person: a warning, a report's outcome
inline constexpr std::string_view kTyping = "typing";  // ephemeral: ChatService::typing

}  // namespace muster::app::events
