#include "domain/policies.hpp"

#include <algorithm>

#include "domain/session_rules.hpp"

namespace muster::domain {

namespace {

std::string_view who_name(Who w) {
  switch (w) {
    case Who::Managers: return "managers";
    case Who::Admins: return "admins";
    default: return "everyone";
  }
}

std::optional<Who> parse_who(std::string_view s) {
  if (s == "everyone") return Who::Everyone;
  if (s == "managers") return Who::Managers;
  if (s == "admins") return Who::Admins;
  return std::nullopt;
}

std::string_view mention_name(MentionAll m) {
  switch (m) {
    case MentionAll::Moderators: return "moderators";
    case MentionAll::Admins: return "admins";
    default: return "members";
  }
}

std::optional<MentionAll> parse_mention(std::string_view s) {
  if (s == "members") return MentionAll::Members;
  if (s == "moderators") return MentionAll::Moderators;
  if (s == "admins") return MentionAll::Admins;
  return std::nullopt;
}

std::string who_phrase(Who w) {
  return w == Who::Admins ? "admins" : "managers and admins";
}

// A window of `minutes` after `sent_at` (0: no limit).
bool within(int minutes, UnixSeconds sent_at, UnixSeconds now) {
  return minutes == 0 || now - sent_at <= static_cast<UnixSeconds>(minutes) * 60;
}

std::string_view two_factor_name(TwoFactorRule r) {
  switch (r) {
    case TwoFactorRule::Admins: return "admins";
    case TwoFactorRule::Everyone: return "everyone";
    default: return "off";
  }
}

std::optional<TwoFactorRule> parse_two_factor(std::string_view s) {
  if (s == "off") return TwoFactorRule::Off;
  if (s == "admins") return TwoFactorRule::Admins;
  if (s == "everyone") return TwoFactorRule::Everyone;
  return std::nullopt;
}

constexpr int kMaxGraceDays = 365;

constexpr int kMaxWindowMinutes = 525600;  // a year
constexpr std::int64_t kMaxAttachmentBytes = std::int64_t{1} << 40;

}  // namespace

std::string_view attachment_kind(std::string_view type) {
  if (type.starts_with("image/")) return "image";
  if (type == "application/pdf") return "pdf";
  if (type.starts_with("text/")) return "text";
  if (type == "application/zip") return "zip";
  if (type.starts_with("audio/")) return "audio";  // voice notes
  if (type.starts_with("application/vnd.openxmlformats-officedocument")) return "office";
  return "other";
}

bool allows(Who who, Role role) {
  switch (who) {
    case Who::Everyone: return true;
    case Who::Managers: return role == Role::Manager || is_admin(role);
    case Who::Admins: return is_admin(role);
  }
  return false;
}

Status may_create(const OrgPolicies& p, Role role, ConversationKind kind, bool is_public) {
  if (kind == ConversationKind::Direct) return ok_status();
  Who who = kind == ConversationKind::Announcement ? p.create_announcement
            : is_public                             ? p.create_public_channel
                                                    : p.create_private_group;
  if (allows(who, role)) return ok_status();
  std::string what = kind == ConversationKind::Announcement ? "announcement channels"
                     : is_public                             ? "public channels"
                                                             : "private groups";
  return denied("Only " + who_phrase(who) + " may create " + what + " (organization policy).");
}

Status may_start_direct_with_external(const OrgPolicies& p, Role role) {
  if (allows(p.direct_with_external, role)) return ok_status();
  return denied("Only " + who_phrase(p.direct_with_external) +
                " may start a direct conversation with an external contact (organization policy).");
}

namespace {

// mention_all and send_urgent: members, a conversation's owners and moderators, or admins.
Status allowed_by(MentionAll rule, Role role, bool conversation_moderator, std::string_view what) {
  switch (rule) {
    case MentionAll::Members: return ok_status();
    case MentionAll::Moderators:
      if (conversation_moderator || is_admin(role)) return ok_status();
      return denied("Only owners and moderators may " + std::string(what) + " here (organization policy).");
    case MentionAll::Admins:
      if (is_admin(role)) return ok_status();
      return denied("Only admins may " + std::string(what) + " (organization policy).");
  }
  return ok_status();
}

}  // namespace

Status may_mention_all(const OrgPolicies& p, Role role, bool conversation_moderator) {
  return allowed_by(p.mention_all, role, conversation_moderator, "mention everyone");
}

Status may_send_urgent(const OrgPolicies& p, Role role, bool conversation_moderator) {
  return allowed_by(p.send_urgent, role, conversation_moderator, "send urgent messages");
}

Status may_edit_own(const OrgPolicies& p, UnixSeconds sent_at, UnixSeconds now) {
  if (!p.edit_own) return denied("Editing messages is turned off (organization policy).");
  if (!within(p.edit_window_minutes, sent_at, now))
    return denied("Messages can be edited only within " + std::to_string(p.edit_window_minutes) +
                  " minutes of sending (organization policy).");
  return ok_status();
}

Status may_delete_own(const OrgPolicies& p, UnixSeconds sent_at, UnixSeconds now) {
  if (!p.delete_own) return denied("Deleting your messages is turned off (organization policy).");
  if (!within(p.delete_window_minutes, sent_at, now))
    return denied("Messages can be deleted only within " + std::to_string(p.delete_window_minutes) +
                  " minutes of sending (organization policy).");
  return ok_status();
}

Status may_attach(const OrgPolicies& p, std::string_view content_type, std::int64_t size) {
  if (p.max_attachment_bytes > 0 && size > p.max_attachment_bytes)
    return Error{ErrorCode::PayloadTooLarge,
                 "The file is larger than the organization allows (" + std::to_string(p.max_attachment_bytes) + " bytes)."};
  auto kind = attachment_kind(content_type);
  if (std::find(p.attachment_kinds.begin(), p.attachment_kinds.end(), kind) == p.attachment_kinds.end())
    return Error{ErrorCode::UnsupportedMediaType, "The organization does not allow sharing this kind of file (" +
                                                      std::string(kind) + ")."};
  return ok_status();
}

bool two_factor_required(const OrgPolicies& p, Role role) {
  switch (p.two_factor) {
    case TwoFactorRule::Everyone: return true;
    case TwoFactorRule::Admins: return is_admin(role);
    default: return false;
  }
}

UnixSeconds two_factor_deadline(const OrgPolicies& p, UnixSeconds since) {
  return since + static_cast<UnixSeconds>(p.two_factor_grace_days) * 86400;
}

Json policies_json(const OrgPolicies& p) {
  Json j = Json::object();
  j["create_public_channel"] = who_name(p.create_public_channel);
  j["create_private_group"] = who_name(p.create_private_group);
  j["create_announcement"] = who_name(p.create_announcement);
  j["direct_with_external"] = who_name(p.direct_with_external);
  j["mention_all"] = mention_name(p.mention_all);
  j["max_attachment_bytes"] = p.max_attachment_bytes;
  j["attachment_kinds"] = p.attachment_kinds;
  j["edit_own"] = p.edit_own;
  j["edit_window_minutes"] = p.edit_window_minutes;
  j["delete_own"] = p.delete_own;
  j["delete_window_minutes"] = p.delete_window_minutes;
  j["session_lifetime_minutes"] = p.session_lifetime_minutes;
  j["idle_timeout_minutes"] = p.idle_timeout_minutes;

  j["two_factor"] = two_factor_name(p.two_factor);
  j["two_factor_grace_days"] = p.two_factor_grace_days;
  j["send_urgent"] = mention_name(p.send_urgent);
  j["notification_content"] = p.notification_content == NotificationContent::Preview ? "preview" : "sender_only";
  return j;
}

Result<OrgPolicies> parse_policies(const Json& body, OrgPolicies p) {
  if (!body.is_object()) return invalid("Policies must be a JSON object.");
  auto who = [&](const char* key, Who& out) -> Status {
    auto it = body.find(key);
    if (it == body.end()) return ok_status();
    auto parsed = it->is_string() ? parse_who(it->get<std::string>()) : std::nullopt;
    if (!parsed) return invalid(std::string("Field '") + key + "' must be everyone, managers or admins.", key);
    out = *parsed;
    return ok_status();
  };
  auto flag = [&](const char* key, bool& out) -> Status {
    auto it = body.find(key);
    if (it == body.end()) return ok_status();
    if (!it->is_boolean()) return invalid(std::string("Field '") + key + "' must be true or false.", key);
    out = it->get<bool>();
    return ok_status();
  };
  auto minutes = [&](const char* key, int& out) -> Status {
    auto it = body.find(key);
    if (it == body.end()) return ok_status();
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > kMaxWindowMinutes)
      return invalid(std::string("Field '") + key + "' must be a whole number of minutes from 0 (no limit) to " +
                         std::to_string(kMaxWindowMinutes) + ".",
                     key);
    out = it->get<int>();
    return ok_status();
  };
  static const char* kKnown[] = {"create_public_channel", "create_private_group", "create_announcement",
                                 "direct_with_external",  "mention_all",          "max_attachment_bytes",
                                 "attachment_kinds",      "edit_own",             "edit_window_minutes",
                                 "delete_own",            "delete_window_minutes",
                                 "session_lifetime_minutes", "idle_timeout_minutes",
                                 "two_factor",            "two_factor_grace_days",
                                 "send_urgent",           "notification_content"};
  for (const auto& item : body.items()) {
    const std::string& key = item.key();  // not a structured binding: clang cannot capture those
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return key == k; }))
      return invalid("Unknown field '" + key + "'.", key);
  }
  TRY(who("create_public_channel", p.create_public_channel));
  TRY(who("create_private_group", p.create_private_group));
  TRY(who("create_announcement", p.create_announcement));
  TRY(who("direct_with_external", p.direct_with_external));
  auto mention = [&](const char* key, MentionAll& out) -> Status {
    auto it = body.find(key);
    if (it == body.end()) return ok_status();
    auto parsed = it->is_string() ? parse_mention(it->get<std::string>()) : std::nullopt;
    if (!parsed) return invalid(std::string("Field '") + key + "' must be members, moderators or admins.", key);
    out = *parsed;
    return ok_status();
  };
  TRY(mention("mention_all", p.mention_all));
  TRY(mention("send_urgent", p.send_urgent));
  if (auto it = body.find("notification_content"); it != body.end()) {
    auto value = it->is_string() ? it->get<std::string>() : "";
    if (value != "preview" && value != "sender_only")
      return invalid("Field 'notification_content' must be preview or sender_only.", "notification_content");
    p.notification_content = value == "preview" ? NotificationContent::Preview : NotificationContent::SenderOnly;
  }
  if (auto it = body.find("max_attachment_bytes"); it != body.end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > kMaxAttachmentBytes)
      return invalid("Field 'max_attachment_bytes' must be a whole number of bytes (0: the server's limit).",
                     "max_attachment_bytes");
    p.max_attachment_bytes = it->get<std::int64_t>();
  }
  if (auto it = body.find("attachment_kinds"); it != body.end()) {
    if (!it->is_array()) return invalid("Field 'attachment_kinds' must be a list.", "attachment_kinds");
    std::vector<std::string> kinds;
    for (const auto& k : *it) {
      auto name = k.is_string() ? k.get<std::string>() : "";
      if (std::none_of(std::begin(kAttachmentKinds), std::end(kAttachmentKinds), [&](const char* a) { return name == a; }))
        return invalid("Attachment kinds are image, pdf, text, office, zip and audio.", "attachment_kinds");
      if (std::find(kinds.begin(), kinds.end(), name) == kinds.end()) kinds.push_back(name);
    }
    p.attachment_kinds = std::move(kinds);
  }
  TRY(flag("edit_own", p.edit_own));
  TRY(minutes("edit_window_minutes", p.edit_window_minutes));
  TRY(flag("delete_own", p.delete_own));
  TRY(minutes("delete_window_minutes", p.delete_window_minutes));
  TRY(parse_session_policies(body, p));

  if (auto it = body.find("two_factor"); it != body.end()) {
    auto parsed = it->is_string() ? parse_two_factor(it->get<std::string>()) : std::nullopt;
    if (!parsed) return invalid("Field 'two_factor' must be off, admins or everyone.", "two_factor");
    p.two_factor = *parsed;
  }
  if (auto it = body.find("two_factor_grace_days"); it != body.end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > kMaxGraceDays)
      return invalid("Field 'two_factor_grace_days' must be a whole number of days from 0 to " +
                         std::to_string(kMaxGraceDays) + ".",
                     "two_factor_grace_days");
    p.two_factor_grace_days = it->get<int>();
  }
  return p;
}

}  // namespace muster::domain
