#include "domain/attention/notification_policy.hpp"

#include <array>
#include <cstddef>

namespace muster::domain {

namespace {

using K = EventKind;
using U = Urgency;
using L = NotificationLevel;
constexpr Tri Any = Tri::Any, Yes = Tri::Yes, No = Tri::No;
constexpr Decision Send = Decision::Send, Hold = Decision::HoldForDigest, Drop = Decision::Drop;

// Eight bits per set; values are masked to three bits, so an out-of-range enum still meets kAll.
template <typename E>
constexpr std::uint8_t bit(E e) {
  return static_cast<std::uint8_t>(1u << (static_cast<unsigned>(e) & 7u));
}
template <typename... E>
constexpr std::uint8_t only(E... e) {
  return static_cast<std::uint8_t>((bit(e) | ...));
}
constexpr std::uint8_t kAll = 0xFF;
constexpr std::uint8_t kBroadcast = only(K::Message, K::Announcement);  // addressed to no one in particular

// The policy. First match wins; the last row matches everything.
constexpr PolicyRule kRules[] = {
    // kinds                   urgency             level              author muted viewing working everyone decision reason
    {kAll,                     kAll,               kAll,              Yes,   Any,  Any,    Any,    Any,     Drop,    "author"},
    {only(K::Reaction),        kAll,               kAll,              Any,   Any,  Any,    Any,    Any,     Drop,    "reaction"},
    {kAll,                     only(U::Urgent),    kAll,              Any,   Any,  Any,    Any,    Any,     Send,    "urgent"},
    {kAll,                     kAll,               kAll,              Any,   Yes,  Any,    Any,    Any,     Drop,    "muted"},
    {kAll,                     kAll,               only(L::None),     Any,   Any,  Any,    Any,    Any,     Drop,    "level_none"},
    // "Mentions only" lets through what is addressed to the recipient, and important messages.
    {kBroadcast,               only(U::Normal),    only(L::Mentions), Any,   Any,  Any,    Any,    Any,     Drop,    "level_mentions"},
    // @everyone counts as a mention only where governance allows it to notify.
    {only(K::MentionEveryone), only(U::Normal),    only(L::Mentions), Any,   Any,  Any,    Any,    No,      Drop,    "everyone_not_allowed"},
    {kAll,                     kAll,               kAll,              Any,   Any,  Yes,    Any,    Any,     Drop,    "viewing"},
    {kAll,                     kAll,               kAll,              Any,   Any,  Any,    No,     Any,     Hold,    "off_work"},
    {only(K::Direct),          kAll,               kAll,              Any,   Any,  Any,    Any,    Any,     Send,    "direct"},
    {only(K::Mention),         kAll,               kAll,              Any,   Any,  Any,    Any,    Any,     Send,    "mention"},
    {only(K::Reply),           kAll,               kAll,              Any,   Any,  Any,    Any,    Any,     Send,    "reply"},
    {only(K::MentionEveryone), kAll,               kAll,              Any,   Any,  Any,    Any,    Yes,     Send,    "everyone"},
    {only(K::Announcement),    kAll,               kAll,              Any,   Any,  Any,    Any,    Any,     Send,    "announcement"},
    {kAll,                     only(U::Important), kAll,              Any,   Any,  Any,    Any,    Any,     Send,    "important"},
    {kAll,                     kAll,               kAll,              Any,   Any,  Any,    Any,    Any,     Send,    "message"},
};
constexpr std::size_t kRuleCount = std::size(kRules);

// An input as one word: a set per enum in its own byte, then one bit per flag.
constexpr std::uint32_t kAuthor = 1u << 24, kMuted = 1u << 25, kViewing = 1u << 26, kWorking = 1u << 27,
                        kEveryoneAllowed = 1u << 28;

struct Compiled {
  std::uint32_t kinds, urgencies, levels;  // one of each must be present
  std::uint32_t must, must_not;            // flags
};

constexpr void flag(Tri t, std::uint32_t bit_value, Compiled& c) {
  if (t == Tri::Yes) c.must |= bit_value;
  if (t == Tri::No) c.must_not |= bit_value;
}

constexpr std::array<Compiled, kRuleCount> compile() {
  std::array<Compiled, kRuleCount> out{};
  for (std::size_t i = 0; i < kRuleCount; ++i) {
    const PolicyRule& r = kRules[i];
    Compiled c{r.kinds, static_cast<std::uint32_t>(r.urgencies) << 8, static_cast<std::uint32_t>(r.levels) << 16, 0, 0};
    flag(r.author, kAuthor, c);
    flag(r.muted, kMuted, c);
    flag(r.viewing, kViewing, c);
    flag(r.working, kWorking, c);
    flag(r.everyone_allowed, kEveryoneAllowed, c);
    out[i] = c;
  }
  return out;
}
constexpr auto kCompiled = compile();

constexpr bool last_rule_matches_all() {
  const PolicyRule& r = kRules[kRuleCount - 1];
  return r.kinds == kAll && r.urgencies == kAll && r.levels == kAll && r.author == Any && r.muted == Any &&
         r.viewing == Any && r.working == Any && r.everyone_allowed == Any;
}
static_assert(last_rule_matches_all(), "the last rule must match every input");

constexpr bool reasons_unique() {
  for (std::size_t i = 0; i < kRuleCount; ++i)
    for (std::size_t j = i + 1; j < kRuleCount; ++j)
      if (kRules[i].reason == kRules[j].reason) return false;
  return true;
}
static_assert(reasons_unique(), "each rule has its own reason, so a reason names the rule");

std::uint32_t facts(const NotificationInput& in) {
  return bit(in.kind) | static_cast<std::uint32_t>(bit(in.urgency)) << 8 |
         static_cast<std::uint32_t>(bit(in.level)) << 16 | (in.is_author ? kAuthor : 0) | (in.muted ? kMuted : 0) |
         (in.recipient_online_and_viewing ? kViewing : 0) | (in.working ? kWorking : 0) |
         (in.everyone_mentions_allowed ? kEveryoneAllowed : 0);
}

}  // namespace

EventKind message_kind(bool direct, bool mentions_recipient, bool replies_to_recipient, bool mentions_everyone,
                       bool announcement) {
  if (direct) return EventKind::Direct;
  if (mentions_recipient) return EventKind::Mention;
  if (replies_to_recipient) return EventKind::Reply;
  if (mentions_everyone) return EventKind::MentionEveryone;
  return announcement ? EventKind::Announcement : EventKind::Message;
}

std::string_view to_string(Decision decision) {
  switch (decision) {
    case Decision::Send: return "send";
    case Decision::HoldForDigest: return "hold";
    default: return "drop";
  }
}

Verdict decide(const NotificationInput& input) {
  const std::uint32_t f = facts(input);
  std::size_t i = 0;
  for (; i + 1 < kRuleCount; ++i) {
    const Compiled& c = kCompiled[i];
    if ((f & c.kinds) && (f & c.urgencies) && (f & c.levels) && (f & c.must) == c.must && !(f & c.must_not)) break;
  }
  return {kRules[i].decision, kRules[i].reason};
}

std::span<const PolicyRule> notification_rules() { return kRules; }

}  // namespace muster::domain
