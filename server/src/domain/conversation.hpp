// Conversations, their members and messages: the types and the rules that need no storage.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace muster::domain {

enum class ConversationKind { Direct, Group, Channel, Announcement };
enum class MemberRole { Owner, Moderator, Member };
enum class NotificationLevel { All, Mentions, None };
// What a newcomer reads of a conversation's past (domain/history_window.hpp).
enum class HistoryVisibility { Full, SinceJoined };

std::string_view to_string(ConversationKind kind);
std::optional<ConversationKind> parse_conversation_kind(std::string_view text);
std::string_view to_string(MemberRole role);
std::optional<MemberRole> parse_member_role(std::string_view text);
std::string_view to_string(NotificationLevel level);
std::optional<NotificationLevel> parse_notification_level(std::string_view text);
std::string_view to_string(HistoryVisibility history);
std::optional<HistoryVisibility> parse_history_visibility(std::string_view text);

struct Conversation {
  std::string id;
  ConversationKind kind = ConversationKind::Group;
  std::string name;
  std::string description;
  bool is_public = false;  // channels only
  bool archived = false;
  std::string direct_key;  // "p_a p_b" (sorted) for direct conversations, else empty
  std::string created_by;
  UnixSeconds created_at = 0;
  std::int64_t last_seq = 0;  // seq of the newest message
  std::int64_t last_activity_ms = 0;  // newest message (or creation), for ordering lists
  bool smart = false;  // members follow a rule over the directory (store: rule_json)
  HistoryVisibility history = HistoryVisibility::Full;
};

struct Member {
  std::string conversation_id;
  std::string person_id;
  MemberRole role = MemberRole::Member;
  bool can_post = true;  // announcement channels: designated posters
  UnixSeconds joined_at = 0;
  std::string added_by;
  std::int64_t last_read_seq = 0;
  std::int64_t delivered_seq = 0;
  NotificationLevel notification_level = NotificationLevel::All;
  bool muted = false;
  bool pinned = false;
  // The conversation's newest seq when this membership began (set by the store): with
  // HistoryVisibility::SinceJoined the member reads only what came after it.
  std::int64_t joined_seq = 0;
};

// How a message asks for attention (domain/attention/notification_policy.hpp): urgent ones
// break through quiet hours and mutes; who may send them is a policy (domain/policies.hpp).
enum class Urgency { Normal = 0, Important = 1, Urgent = 2 };
std::string_view to_string(Urgency u);
std::optional<Urgency> parse_urgency(std::string_view s);

struct Message {
  std::string id;
  std::string conversation_id;
  std::int64_t seq = 0;
  std::string client_id;
  std::string author_id;
  std::string text;  // empty once deleted
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> edited_at;
  bool deleted = false;
  bool removed_by_moderator = false;  // deleted by an owner, moderator or admin, not its author
  std::optional<std::string> reply_to;
  int reply_count = 0;
  std::vector<std::string> mentions;  // person ids
  bool mentions_all = false;
  bool pinned = false;
  Urgency urgency = Urgency::Normal;
};

std::string direct_key(const std::string& a, const std::string& b);

// A member who may moderate: owners and moderators.
bool can_moderate(const Member& member);
bool can_moderate(MemberRole role);
// May this member post here? Archived conversations refuse everyone.
bool can_post(const Conversation& conversation, const Member& member);
// Anyone in the organization may read and join it; everything else is for its members only.
bool is_public_channel(const Conversation& conversation);

inline constexpr size_t kMaxMessageChars = 10000;
Status validate_message_text(const std::string& text);
Status validate_client_id(const std::string& client_id);
Status validate_emoji(const std::string& emoji);

struct Mentions {
  std::vector<std::string> people;  // unique, in order of appearance
  bool all = false;
};
// Finds "@[Display name](p_id)" mentions and "@all" in message text.
Mentions parse_mentions(std::string_view text);
// The text as people read it, for the search index: "@[Display name](p_id)" becomes "@Display name",
// so a name finds its mentions and an id finds nothing.
std::string searchable_text(std::string_view text);

}  // namespace muster::domain
