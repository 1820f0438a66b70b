// Store interfaces for conversations, messages and message search. Same contracts as store.hpp:
// thread-safe, NotFound for absent rows, Conflict for taken unique keys.
#pragma once
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/conversation.hpp"

namespace muster::store {

struct ConversationWithMe {
  domain::Conversation conversation;
  domain::Member me;
};

// Who belongs to a conversation, with what rights, and the conversation fields that decide what
// they may do: all the send path needs to authorize a message and fan it out, without reading the
// members table. Immutable and shared; last_seq, last_activity_ms and the per-member positions and
// settings are left out (they change with every message).
struct Roster {
  struct Rights {
    domain::MemberRole role = domain::MemberRole::Member;
    bool can_post = true;
    std::int64_t joined_seq = 0;  // what they may read (domain/history_window.hpp)
  };
  domain::Conversation conversation;
  std::vector<std::string> person_ids;  // every member, sorted (event recipients)
  std::vector<Rights> rights;           // rights[i] belongs to person_ids[i]

  // A member with the rights only (no positions or settings), or nothing.
  std::optional<domain::Member> member(const std::string& person_id) const {
    auto it = std::lower_bound(person_ids.begin(), person_ids.end(), person_id);
    if (it == person_ids.end() || *it != person_id) return std::nullopt;
    const auto& r = rights[static_cast<size_t>(it - person_ids.begin())];
    domain::Member m;
    m.conversation_id = conversation.id;
    m.person_id = person_id;
    m.role = r.role;
    m.can_post = r.can_post;
    m.joined_seq = r.joined_seq;
    return m;
  }
};

struct CatchUpRow {
  domain::Conversation conversation;
  domain::Member me;
  bool done = false;
};

struct Counts {
  int unread = 0;
  int mentions = 0;
};

// The lowest delivered and read positions over a conversation's members: every message at or
// below `delivered` has reached every member's device, at or below `read` every member has read it.
struct ReceiptFloor {
  std::int64_t delivered = 0;
  std::int64_t read = 0;
};

// One line of a conversation's membership history: `change` is joined, added, left, removed,
// role:<owner|moderator|member> or posting:<on|off>; `actor_id` is who made it (empty: the server,
// following a rule); `reason` says why when it was not the person's own choice ("rule",
// "deactivated", "reactivated", "exception", "owner_left", or a moderator's words).
struct MembershipChange {
  std::int64_t id = 0;  // increases with time: the paging cursor
  std::string person_id;
  std::string change;
  std::string actor_id;
  UnixSeconds at = 0;
  std::string reason;
  std::string conversation_id;  // filled by person_membership_log
};

// An admin's pinned exception to a smart group's rule.
enum class ExceptionMode { Include, Exclude };
struct MembershipException {
  std::string person_id;
  ExceptionMode mode = ExceptionMode::Include;
  std::string set_by;
  UnixSeconds at = 0;
};

// A conversation whose members follow a rule (domain/membership_rule.hpp), as stored.
struct SmartGroup {
  std::string id;
  std::string rule_json;
};

// Targeted changes: only the fields that are set are written, so a concurrent change to another
// field (or the row's removal) is never undone by a stale copy of the whole row.
struct ConversationFields {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<bool> is_public;
  std::optional<bool> archived;
  std::optional<domain::HistoryVisibility> history;
};

struct MemberFields {
  std::optional<domain::MemberRole> role;
  std::optional<bool> can_post;
  std::optional<domain::NotificationLevel> notification_level;
  std::optional<bool> muted;
  std::optional<bool> pinned;
};

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;
  virtual Status insert(const domain::Conversation& conversation) = 0;
  // NotFound when there is no such conversation.
  virtual Status update(const std::string& id, const ConversationFields& fields) = 0;
  virtual Result<domain::Conversation> get(const std::string& id) = 0;
  virtual Result<std::optional<domain::Conversation>> find_direct(const std::string& direct_key) = 0;
  virtual Result<std::vector<ConversationWithMe>> list_for_person(const std::string& person_id) = 0;
  virtual Result<std::vector<domain::Conversation>> public_channels(int limit) = 0;

  virtual Result<std::optional<domain::Member>> member(const std::string& conversation_id,
                                                      const std::string& person_id) = 0;
  virtual Result<std::vector<domain::Member>> members(const std::string& conversation_id) = 0;
  virtual Result<int> member_count(const std::string& conversation_id) = 0;
  // Members who are externals (domain::is_external), for the notice every member sees, and their
  // companies by person id.
  virtual Result<int> external_count(const std::string& conversation_id) = 0;
  virtual Result<std::map<std::string, std::string>> external_members(const std::string& conversation_id) = 0;
  // Do the two people share a conversation? (What an external may see of someone.)
  virtual Result<bool> share_a_conversation(const std::string& a, const std::string& b) = 0;
  // The conversation's roster; NotFound when there is no such conversation. Backends may cache it:
  // a membership or conversation change is visible to the next call once it has committed, and
  // inside a transaction that made one, at once (the transaction's own view).
  virtual Result<std::shared_ptr<const Roster>> roster(const std::string& conversation_id) = 0;
  // person id -> directory name of every member, in one query (receipts of large channels).
  virtual Result<std::map<std::string, std::string>> member_names(const std::string& conversation_id) = 0;
  // Inserts or replaces the membership row (role, settings, positions): for new members. The
  // store sets joined_seq to the conversation's newest seq at that moment (member.joined_seq is
  // ignored), so what a newcomer may read never depends on a conversation read earlier.
  virtual Status put_member(const domain::Member& member) = 0;
  // Changes the set fields of an existing membership; NotFound when the person is not a member.
  virtual Status update_member(const std::string& conversation_id, const std::string& person_id,
                               const MemberFields& fields) = 0;
  virtual Status remove_member(const std::string& conversation_id, const std::string& person_id) = 0;
  // Appends to the conversation's history (change.id is assigned).
  virtual Status log_membership(const std::string& conversation_id, const MembershipChange& change) = 0;
  // Newest first, those with id < before (all when 0); at most `limit`.
  virtual Result<std::vector<MembershipChange>> membership_log(const std::string& conversation_id, std::int64_t before,
                                                               int limit) = 0;
  // A person's history across conversations, newest first (conversation_id filled), at most `limit`.
  virtual Result<std::vector<MembershipChange>> person_membership_log(const std::string& person_id, int limit) = 0;

  // Smart groups: the rule (nullopt: members by hand), the unarchived ones, and their exceptions.
  virtual Status set_rule(const std::string& conversation_id, const std::optional<std::string>& rule_json) = 0;
  virtual Result<std::optional<std::string>> rule(const std::string& conversation_id) = 0;
  virtual Result<std::vector<SmartGroup>> smart_groups() = 0;
  // Sets (mode given) or clears (nullopt) one person's exception.
  virtual Status set_exception(const std::string& conversation_id, const std::string& person_id,
                               const std::optional<MembershipException>& exception) = 0;
  virtual Result<std::vector<MembershipException>> exceptions(const std::string& conversation_id) = 0;

  // Catch-up: the person's conversations (not direct ones) that someone else or a rule put them
  // into — added_by is not themselves — newest membership first, at most `limit`; `done` when they
  // marked this membership's catch-up done.
  virtual Result<std::vector<CatchUpRow>> catch_up(const std::string& person_id, int limit) = 0;
  // Marks the catch-up of the person's current memberships of these conversations done.
  virtual Status mark_caught_up(const std::string& person_id, const std::vector<std::string>& conversation_ids) = 0;

  // Positions only move forward; returns whether this call moved it.
  virtual Result<bool> advance_read(const std::string& conversation_id, const std::string& person_id,
                                    std::int64_t seq) = 0;
  virtual Result<bool> advance_delivered(const std::string& conversation_id, const std::string& person_id,
                                         std::int64_t seq) = 0;
  virtual Result<Counts> counts(const std::string& conversation_id, const std::string& person_id,
                                std::int64_t after_seq) = 0;
  // Over all members (a scan of the conversation's members: for rosters of modest size).
  virtual Result<ReceiptFloor> receipt_floor(const std::string& conversation_id) = 0;
  // Whether members other than person_id are still at or below both of the given positions (one
  // delivered, one read): then person_id moving on from them cannot raise either floor. Stops at
  // the first such members, which is soon when many are behind.
  virtual Result<bool> floor_held_by_others(const std::string& conversation_id, const std::string& person_id,
                                            std::int64_t delivered, std::int64_t read) = 0;
};

struct MessagePage {
  std::vector<domain::Message> items;  // ascending seq
  bool has_more = false;
};

struct Reaction {
  std::string emoji;
  int count = 0;
  bool mine = false;
  std::vector<std::string> person_ids;  // who reacted, oldest first
};

struct Edit {
  std::string text;
  UnixSeconds edited_at = 0;
};

class MessageStore {
 public:
  virtual ~MessageStore() = default;
  // Gives the message the conversation's next seq, stores it and its mentions, and moves the
  // conversation's last_seq; call inside a transaction.
  virtual Status insert(domain::Message& message) = 0;
  // Each changes only its own columns, and only of a message that is not deleted (NotFound
  // otherwise: a deleted message is never brought back by an edit or a pin).
  virtual Status set_text(const domain::Message& message) = 0;  // text, edited_at, mentions
  virtual Status set_pinned(const std::string& id, bool pinned) = 0;
  // Empties the text and mentions and unpins; NotFound when absent or already deleted.
  // by_moderator: removed by an owner, moderator or admin rather than by its author.
  virtual Status mark_deleted(const std::string& id, bool by_moderator) = 0;
  virtual Result<domain::Message> get(const std::string& id) = 0;
  virtual Result<std::optional<domain::Message>> find_by_client_id(const std::string& conversation_id,
                                                                   const std::string& author_id,
                                                                   const std::string& client_id) = 0;
  // Newest page when both bounds are absent; `before`/`after` are exclusive seqs. Only messages
  // with seq > visible_after exist for this read (the reader's HistoryWindow): has_more stops there.
  virtual Result<MessagePage> list(const std::string& conversation_id, std::optional<std::int64_t> before,
                                   std::optional<std::int64_t> after, int limit,
                                   const std::optional<std::string>& thread_of, std::int64_t visible_after) = 0;
  virtual Result<std::vector<domain::Message>> pinned(const std::string& conversation_id) = 0;
  virtual Result<std::vector<domain::Message>> get_many(const std::vector<std::string>& ids) = 0;
  // Distinct authors of the messages with after < seq <= up_to.
  virtual Result<std::vector<std::string>> authors(const std::string& conversation_id, std::int64_t after,
                                                   std::int64_t up_to) = 0;
  virtual Status add_edit(const std::string& message_id, const std::string& old_text, UnixSeconds at) = 0;
  virtual Result<std::vector<Edit>> edits(const std::string& message_id) = 0;
  // A deleted message's earlier versions go with its text.
  virtual Status remove_edits(const std::string& message_id) = 0;
  virtual Result<bool> set_reaction(const std::string& message_id, const std::string& person_id,
                                    const std::string& emoji, bool present) = 0;
  virtual Result<std::map<std::string, std::vector<Reaction>>> reactions(const std::vector<std::string>& message_ids,
                                                                         const std::string& viewer_id) = 0;
};

struct MessageSearchQuery {
  std::vector<std::string> terms;  // normalized
  std::string viewer_id;           // only conversations this person belongs to, or public channels,
                                   // and in them only what their history visibility lets them read
  bool members_only = false;       // not even public channels (externals)
  std::string conversation_id;
  std::string author_id;
  std::optional<UnixSeconds> since;
  std::optional<UnixSeconds> until;
  int limit = 20;
  std::optional<std::int64_t> before_rank;  // cursor
};

struct SearchHit {
  std::string message_id;
  std::int64_t rank = 0;  // opaque, newest first
};

// Full-text search over message bodies. Today a trigram index of normalized text; later a keyed
// blind index, when bodies are encrypted at rest.
class MessageSearch {
 public:
  virtual ~MessageSearch() = default;
  virtual Status index(const domain::Message& message) = 0;  // adds or replaces
  // A message inserted in the running transaction, never indexed: adds it without first removing
  // an entry (the send path).
  virtual Status index_new(const domain::Message& message) = 0;
  virtual Status remove(const domain::Message& message) = 0;
  virtual Result<std::vector<SearchHit>> search(const MessageSearchQuery& query) = 0;
};

}  // namespace muster::store
