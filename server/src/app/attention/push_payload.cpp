#include "app/attention/push_payload.hpp"

#include "core/json.hpp"

namespace muster::app {

namespace {

std::string_view kind_name(domain::ConversationKind kind) {
  switch (kind) {
    case domain::ConversationKind::Direct: return "direct";
    case domain::ConversationKind::Group: return "group";
    case domain::ConversationKind::Channel: return "channel";
    case domain::ConversationKind::Announcement: break;
  }
  return "announcement";
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

std::string preview_text(std::string_view text, size_t max_chars) {
  // First the text as it reads: a mention "@[Name](p_id)" as "@Name", line breaks as spaces.
  std::string plain;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '@' && text.substr(i + 1, 1) == "[") {
      auto close = text.find("](", i + 2);
      auto end = close == std::string_view::npos ? close : text.find(')', close + 2);
      if (end != std::string_view::npos) {
        plain += '@';
        plain += text.substr(i + 2, close - i - 2);
        i = end;
        continue;
      }
    }
    plain += (text[i] == '\n' || text[i] == '\r' || text[i] == '\t') ? ' ' : text[i];
  }
  // Then the cut, at a code point boundary.
  size_t chars = 0;
  for (size_t i = 0; i < plain.size(); ++i) {
    if (is_continuation(static_cast<unsigned char>(plain[i]))) continue;
    if (chars++ == max_chars) {
      plain.resize(i);
      while (!plain.empty() && plain.back() == ' ') plain.pop_back();
      return plain + "…";
    }
  }
  return plain;
}

std::string message_payload(const MessagePush& p) {
  const auto& m = *p.message;
  Json j = {{"v", 1},
            {"kind", "message"},
            {"lang", p.lang},
            {"conversation_id", p.conversation->id},
            {"conversation_name", p.conversation_name},
            {"conversation_kind", kind_name(p.conversation->kind)},
            {"message_id", m.id},
            {"sender_name", p.sender_name},
            {"preview", p.with_preview && !m.text.empty() ? Json(preview_text(m.text)) : Json(nullptr)},
            {"count", std::max<std::int64_t>(1, p.unread)},
            {"urgency", domain::to_string(m.urgency)},
            {"reason", p.reason}};
  return dump(j);
}

std::string digest_payload(const DigestPush& p) {
  Json j = {{"v", 1},
            {"kind", "digest"},
            {"lang", p.lang},
            {"digest", {{"messages", p.messages}, {"conversations", p.conversations}, {"mentions", p.mentions}}}};
  return dump(j);
}

}  // namespace muster::app
