// Organization policies: who may create which conversations and mention everyone, which files may
// be shared, and how long members may edit and delete their own messages. Stored as one JSON
// object; every path (HTTP, WebSocket, web app) asks these functions, never the JSON.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "domain/conversation.hpp"
#include "domain/person.hpp"

namespace muster::domain {

// Who may do something, by organization role: everyone, managers (and admins), admins only.
enum class Who { Everyone, Managers, Admins };
// Who may mention everyone in a conversation: any member who may post, its owners and
// moderators (and organization admins), or organization admins only.
enum class MentionAll { Members, Moderators, Admins };
// Who must sign in with a second factor (TOTP or a recovery code).
enum class TwoFactorRule { Off, Admins, Everyone };
// What a phone notification shows: who wrote where, or also a preview of the text.
enum class NotificationContent { SenderOnly, Preview };

struct OrgPolicies {
  Who create_public_channel = Who::Everyone;
  Who create_private_group = Who::Everyone;
  Who create_announcement = Who::Everyone;
  Who direct_with_external = Who::Everyone;  // who may start a direct conversation with an external
  MentionAll mention_all = MentionAll::Members;
  std::int64_t max_attachment_bytes = 0;  // 0: only the server's upload limit
  std::vector<std::string> attachment_kinds = {"image", "pdf", "text", "office", "zip", "audio"};
  bool edit_own = true;
  int edit_window_minutes = 0;  // 0: any time
  bool delete_own = true;
  int delete_window_minutes = 0;
  // Sessions (domain/session_rules.hpp): how long a sign-in lasts, and how long it may go unused
  // (0: no idle timeout).
  int session_lifetime_minutes = 30 * 24 * 60;
  int idle_timeout_minutes = 0;

  TwoFactorRule two_factor = TwoFactorRule::Off;
  int two_factor_grace_days = 7;  // days to set it up, from when the rule started to cover a person

  // Attention (domain/attention/): who may send urgent messages, which break through quiet hours
  // and mutes (same choices as mention_all), and what a notification on a phone shows.
  MentionAll send_urgent = MentionAll::Moderators;
  NotificationContent notification_content = NotificationContent::Preview;
};

// The kinds a file type falls into, as policies name them.
inline constexpr const char* kAttachmentKinds[] = {"image", "pdf", "text", "office", "zip", "audio"};
std::string_view attachment_kind(std::string_view content_type);

bool allows(Who who, Role role);
// May a person create a conversation of this kind and visibility?
Status may_create(const OrgPolicies& p, Role role, ConversationKind kind, bool is_public);
Status may_start_direct_with_external(const OrgPolicies& p, Role role);
Status may_mention_all(const OrgPolicies& p, Role role, bool conversation_moderator);
Status may_send_urgent(const OrgPolicies& p, Role role, bool conversation_moderator);
// The author editing or deleting their own message `sent_at`, at `now`.
Status may_edit_own(const OrgPolicies& p, UnixSeconds sent_at, UnixSeconds now);
Status may_delete_own(const OrgPolicies& p, UnixSeconds sent_at, UnixSeconds now);
Status may_attach(const OrgPolicies& p, std::string_view content_type, std::int64_t size);
// Does the two-factor rule cover a person of this role?
bool two_factor_required(const OrgPolicies& p, Role role);
// When a person covered since `since` must have two-factor on to sign in.
UnixSeconds two_factor_deadline(const OrgPolicies& p, UnixSeconds since);

Json policies_json(const OrgPolicies& p);
// Reads a whole or partial policy object over `base`; unknown fields and bad values are refused,
// naming the field.
Result<OrgPolicies> parse_policies(const Json& body, OrgPolicies base);

}  // namespace muster::domain
