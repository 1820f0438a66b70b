#include "domain/conversation.hpp"

#include <algorithm>

#include "domain/text/arabic.hpp"

namespace muster::domain {

namespace {
template <typename E, size_t N>
std::optional<E> parse_enum(const std::pair<E, std::string_view> (&table)[N], std::string_view text) {
  for (auto& [value, name] : table)
    if (name == text) return value;
  return std::nullopt;
}
template <typename E, size_t N>
std::string_view enum_name(const std::pair<E, std::string_view> (&table)[N], E value) {
  for (auto& [v, name] : table)
    if (v == value) return name;
  return table[0].second;
}

constexpr std::pair<ConversationKind, std::string_view> kKinds[] = {{ConversationKind::Group, "group"},
                                                                     {ConversationKind::Direct, "direct"},
                                                                     {ConversationKind::Channel, "channel"},
                                                                     {ConversationKind::Announcement, "announcement"}};
constexpr std::pair<MemberRole, std::string_view> kRoles[] = {
    {MemberRole::Member, "member"}, {MemberRole::Owner, "owner"}, {MemberRole::Moderator, "moderator"}};
constexpr std::pair<NotificationLevel, std::string_view> kLevels[] = {
    {NotificationLevel::All, "all"}, {NotificationLevel::Mentions, "mentions"}, {NotificationLevel::None, "none"}};
constexpr std::pair<HistoryVisibility, std::string_view> kHistories[] = {{HistoryVisibility::Full, "full"},
                                                                          {HistoryVisibility::SinceJoined, "since_joined"}};
}  // namespace

std::string_view to_string(ConversationKind kind) { return enum_name(kKinds, kind); }
std::optional<ConversationKind> parse_conversation_kind(std::string_view text) { return parse_enum(kKinds, text); }
std::string_view to_string(MemberRole role) { return enum_name(kRoles, role); }
std::optional<MemberRole> parse_member_role(std::string_view text) { return parse_enum(kRoles, text); }
std::string_view to_string(NotificationLevel level) { return enum_name(kLevels, level); }
std::optional<NotificationLevel> parse_notification_level(std::string_view text) { return parse_enum(kLevels, text); }
std::string_view to_string(HistoryVisibility history) { return enum_name(kHistories, history); }
std::optional<HistoryVisibility> parse_history_visibility(std::string_view text) { return parse_enum(kHistories, text); }

std::string_view to_string(Urgency u) {
  switch (u) {
    case Urgency::Important: return "important";
    case Urgency::Urgent: return "urgent";
    case Urgency::Normal: break;
  }
  return "normal";
}

std::optional<Urgency> parse_urgency(std::string_view s) {
  for (auto u : {Urgency::Normal, Urgency::Important, Urgency::Urgent})
    if (s == to_string(u)) return u;
  return std::nullopt;
}

std::string direct_key(const std::string& a, const std::string& b) { return a < b ? a + " " + b : b + " " + a; }

bool can_moderate(const Member& member) { return can_moderate(member.role); }

bool can_moderate(MemberRole role) { return role == MemberRole::Owner || role == MemberRole::Moderator; }

bool can_post(const Conversation& conversation, const Member& member) {
  if (conversation.archived) return false;
  if (conversation.kind == ConversationKind::Announcement) return can_moderate(member) || member.can_post;
  return true;
}

bool is_public_channel(const Conversation& conversation) {
  return conversation.is_public &&
         (conversation.kind == ConversationKind::Channel || conversation.kind == ConversationKind::Announcement);
}

Status validate_message_text(const std::string& text) {
  if (text.empty()) return invalid("A message needs some text.", "text").because("message_empty");
  if (!is_valid_utf8(text)) return invalid("The message is not valid UTF-8.", "text");
  if (utf8_length(text) > kMaxMessageChars)
    return invalid("A message can have at most " + std::to_string(kMaxMessageChars) + " characters.", "text")
        .because("field_too_long", {{"max", std::to_string(kMaxMessageChars)}});
  return ok_status();
}

Status validate_client_id(const std::string& client_id) {
  bool ok = !client_id.empty() && client_id.size() <= 64 &&
            std::all_of(client_id.begin(), client_id.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            });
  if (!ok) return invalid("client_id must be 1 to 64 letters, digits, '-' or '_'.", "client_id");
  return ok_status();
}

Status validate_emoji(const std::string& emoji) {
  // One emoji, possibly with modifiers and joiners: short, valid UTF-8, no ASCII letters or spaces.
  bool ok = !emoji.empty() && emoji.size() <= 32 && is_valid_utf8(emoji) &&
            std::none_of(emoji.begin(), emoji.end(), [](char c) {
              auto u = static_cast<unsigned char>(c);
              return u < 0x80 && !(u >= '0' && u <= '9') && u != '#' && u != '*';
            });
  if (!ok) return invalid("A reaction must be one emoji.", "emoji");
  return ok_status();
}

namespace {
struct MentionAt {
  size_t end;  // just past the ")"
  std::string_view name;
  std::string_view id;
};

// The "@[Name](p_id)" mention whose "@" is text[at], if it is one.
std::optional<MentionAt> mention_at(std::string_view text, size_t at) {
  auto rest = text.substr(at + 1);
  if (!rest.starts_with("[")) return std::nullopt;
  auto close = rest.find("](");
  if (close == std::string_view::npos) return std::nullopt;
  auto end = rest.find(')', close + 2);
  if (end == std::string_view::npos) return std::nullopt;
  auto id = rest.substr(close + 2, end - close - 2);
  if (id.size() < 3 || id.size() > 64 || !id.starts_with("p_")) return std::nullopt;
  return MentionAt{at + 1 + end + 1, rest.substr(1, close - 1), id};
}
}  // namespace

Mentions parse_mentions(std::string_view text) {
  Mentions out;
  for (size_t pos = text.find('@'); pos != std::string_view::npos; pos = text.find('@', pos + 1)) {
    auto rest = text.substr(pos + 1);
    if (rest.starts_with("all") && (rest.size() == 3 || !std::isalnum(static_cast<unsigned char>(rest[3])))) {
      bool word_start = pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1]));
      if (word_start) out.all = true;
      continue;
    }
    auto mention = mention_at(text, pos);
    if (!mention) continue;
    std::string id(mention->id);
    if (std::find(out.people.begin(), out.people.end(), id) == out.people.end()) out.people.push_back(id);
  }
  return out;
}

std::string searchable_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (size_t pos = text.find('@'); pos != std::string_view::npos; pos = text.find('@', pos + 1)) {
    auto mention = mention_at(text, pos);
    if (!mention) continue;
    out.append(text.substr(copied, pos - copied)).append("@").append(mention->name);
    copied = mention->end;
    pos = mention->end - 1;
  }
  return out.append(text.substr(copied));
}

}  // namespace muster::domain
