// Whether one recipient is notified of one event, and why. The server asks for every recipient of
// every message (10,000 times for a message to a big channel), so the policy is one table of rules
// read top to bottom, first match wins, in notification_policy.cpp where it reads at a glance;
// decide() only walks it, without allocating.
//
// The reason is a stable machine code the app shows as "why it notified" (or did not).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "domain/conversation.hpp"

namespace muster::domain {

// Urgency and the recipient's NotificationLevel for the conversation are domain/conversation.hpp's.
// Important gets through "mentions only"; urgent gets through everything but being the author.

// What happened, as it concerns the recipient.
enum class EventKind {
  Message,          // a message in a conversation they are in
  Mention,          // a message mentioning them
  MentionEveryone,  // a message mentioning @everyone
  Reply,            // a reply to their message, or in a thread they take part in
  Direct,           // a message in a direct conversation with them
  Announcement,     // a post in an announcement channel: delivered as a message, said so in the reason
  Reaction,         // a reaction to their message (reactions carry no urgency)
};
// When several apply to a message, the most personal: Direct, Mention, Reply, MentionEveryone, then
// Announcement or Message.
EventKind message_kind(bool direct, bool mentions_recipient, bool replies_to_recipient, bool mentions_everyone,
                       bool announcement);

struct NotificationInput {
  EventKind kind = EventKind::Message;
  Urgency urgency = Urgency::Normal;
  NotificationLevel level = NotificationLevel::All;
  bool muted = false;
  bool is_author = false;
  bool working = true;  // is_working() for the recipient, now
  bool recipient_online_and_viewing = false;  // the conversation is open on one of their devices now
  bool everyone_mentions_allowed = true;      // governance may stop @everyone from notifying
};

enum class Decision { Send, HoldForDigest, Drop };
std::string_view to_string(Decision decision);  // "send", "hold", "drop"

struct Verdict {
  Decision decision = Decision::Drop;
  std::string_view reason;  // "author", "urgent", "muted", "off_work", ...: one per rule, static
};

Verdict decide(const NotificationInput& input);

// The table, for tests and documentation. A set is a bitmask with bit (1 << value) for each enum
// value it holds; Any matches both true and false.
enum class Tri : std::uint8_t { Any, Yes, No };
struct PolicyRule {
  std::uint8_t kinds;      // EventKind
  std::uint8_t urgencies;  // Urgency
  std::uint8_t levels;     // NotificationLevel
  Tri author, muted, viewing, working, everyone_allowed;
  Decision decision;
  std::string_view reason;
};
std::span<const PolicyRule> notification_rules();

}  // namespace muster::domain
