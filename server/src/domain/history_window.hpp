// History visibility: which of a conversation's messages a person may read. The one definition
// every read path uses (history, message by id, threads, pins, search, attachments, receipts,
// events, unread counts, the last-message preview); the SQL of message search mirrors it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/conversation.hpp"

namespace muster::domain {

// The default when the creator names none: a private group (WhatsApp's habit) shows a newcomer
// only what comes after they join; channels and announcement channels, public or private, keep
// their history for newcomers (Slack's habit: the must-read content is there on day one). A
// direct conversation always shows everything to its two people.
HistoryVisibility default_history(ConversationKind kind);

// Direct conversations have no choice; every other kind takes either.
Status validate_history(ConversationKind kind, HistoryVisibility history);

// The messages a viewer may read: those with seq > after_seq.
struct HistoryWindow {
  std::int64_t after_seq = 0;
  bool shows(std::int64_t seq) const { return seq > after_seq; }
  bool shows_nothing() const { return after_seq == kNothing; }
  static constexpr std::int64_t kNothing = INT64_MAX;
};

// `me` is the viewer's membership, or nothing for someone reading a public channel they have not
// joined (with SinceJoined they read nothing until they join). Deleted messages and every other
// rule are the caller's business.
HistoryWindow history_window(const Conversation& conversation, const std::optional<Member>& me);

}  // namespace muster::domain
