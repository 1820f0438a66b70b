// Conversations and messages: who may see and do what, the changes, and the events they publish
// (always after the commit, so a rolled-back change never reaches a client).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/event_publisher.hpp"
#include "app/org_guards.hpp"
#include "core/mutex.hpp"
#include "core/json.hpp"
#include "domain/attachment.hpp"
#include "domain/history_window.hpp"
#include "realtime/hub.hpp"
#include "store/store.hpp"

namespace muster::app {

struct MessageView {
  domain::Message message;
  std::string author_name;
  std::vector<store::Reaction> reactions;
  std::vector<domain::Attachment> attachments;  // none once deleted
  bool author_active = true;                     // false: a former member of the company
  std::optional<std::string> author_company;     // set when the author is an external
};

struct ConversationView {
  domain::Conversation conversation;
  std::string display_name;     // a direct conversation shows the other person's name
  std::string other_person_id;  // direct only
  std::optional<domain::Member> me;
  int member_count = 0;
  int external_count = 0;  // members from outside the company: every member is told
  store::Counts counts;
  std::optional<MessageView> last_message;
};

struct NewConversation {
  domain::ConversationKind kind = domain::ConversationKind::Group;
  std::string name;
  std::string description;
  bool is_public = false;
  std::vector<std::string> member_ids;
  std::vector<std::string> poster_ids;
  std::optional<domain::HistoryVisibility> history;  // nullopt: the kind's default
};

// Only the fields that are set change (the store writes just those).
using ConversationChange = store::ConversationFields;

struct MemberSettings {
  std::optional<domain::NotificationLevel> notification_level;
  std::optional<bool> muted;
  std::optional<bool> pinned;
};

struct NewMessage {
  std::string client_id;
  std::string text;
  std::optional<std::string> reply_to;
  std::vector<std::string> attachment_ids;  // the sender's unposted uploads (app/attachment_service.hpp)
  domain::Urgency urgency = domain::Urgency::Normal;
};

struct MemberView {
  domain::Member member;
  std::string name;
  std::optional<std::string> external_company;  // set for externals: shown to every member
};

// A membership change with the names of the person it changed and of who changed it.
struct MembershipEntry {
  store::MembershipChange change;
  std::string person_name;
  std::string actor_name;
};

struct MembershipHistory {
  std::vector<MembershipEntry> items;  // newest first
  bool has_more = false;
};

struct Receipts {
  int member_count = 0;
  std::vector<MemberView> read;
  std::vector<MemberView> delivered;
  std::vector<MemberView> not_delivered;
};

struct SentMessage {
  MessageView view;
  bool created = true;  // false: a retry of a message already stored
  std::string json;     // message_json(view), serialized: what the HTTP answer and the socket's "sent" carry
};

// An administrator overseeing a conversation they need not belong to (app/oversight_service.hpp):
// allowed by their role instead of a membership, and always with a reason, which the audit log and
// the membership history keep. Otherwise the same change, checks and events as an owner's.
struct Oversight {
  std::string reason;
};

// A conversation someone else (or a smart group's rule) put the person into, with what they should
// read first: its pinned messages, those their history visibility lets them read.
struct CatchUpItem {
  ConversationView view;
  std::vector<MessageView> pins;
  std::string added_by_name;  // empty: a rule or the server
  bool done = false;          // they marked it caught up
};

struct SearchResults {
  std::vector<MessageView> items;
  std::optional<std::string> next_cursor;
};

struct MessageSearchFilter {
  std::string q;
  std::string conversation_id;
  std::string author_id;
  std::optional<UnixSeconds> since;
  std::optional<UnixSeconds> until;
  int limit = 20;
  std::string cursor;
};

class ChatService {
 public:
  ChatService(store::Stores& stores, realtime::Hub& hub) : stores_(stores), hub_(hub) {}

  // Conversations (chat_conversations.cpp)
  Result<std::vector<ConversationView>> list(const Actor& actor);
  Result<std::pair<ConversationView, bool>> create(const Actor& actor, const NewConversation& request);
  Result<ConversationView> get(const Actor& actor, const std::string& id);
  // The read-only rule, the same on every path: an archived conversation refuses every change but
  // unarchiving, leaving, and its members' own settings and positions.
  static Status writable(const domain::Conversation& c);
  Result<ConversationView> update(const Actor& actor, const std::string& id, const ConversationChange& change);
  Result<std::vector<ConversationView>> public_channels(const Actor& actor);
  Result<ConversationView> join(const Actor& actor, const std::string& id);
  Status leave(const Actor& actor, const std::string& id);
  Result<std::vector<MemberView>> members(const Actor& actor, const std::string& id);
  Result<std::vector<MemberView>> add_members(const Actor& actor, const std::string& id,
                                              const std::vector<std::string>& person_ids);
  Result<MemberView> set_member_role(const Actor& actor, const std::string& id, const std::string& person_id,
                                     std::optional<domain::MemberRole> role, std::optional<bool> can_post);
  Status remove_member(const Actor& actor, const std::string& id, const std::string& person_id,
                       const Oversight* oversight = nullptr);
  // Oversight (admins only, app/oversight_service.hpp). Archiving works on every kind of
  // conversation; a transfer makes `person_id` (a member) an owner and, when `previous_owners_become`
  // is set, gives the other owners that role.
  Status set_archived(const Actor& actor, const std::string& id, bool archived, const Oversight& oversight);
  Status transfer_ownership(const Actor& actor, const std::string& id, const std::string& person_id,
                            std::optional<domain::MemberRole> previous_owners_become, const Oversight& oversight);
  // Who joined and left, and who changed roles, newest first; anyone who may read the conversation.
  Result<MembershipHistory> membership_history(const Actor& actor, const std::string& id, std::int64_t before,
                                               int limit);
  Result<ConversationView> settings(const Actor& actor, const std::string& id, const MemberSettings& settings);
  Status mark_read(const Actor& actor, const std::string& id, std::int64_t seq);
  Status mark_delivered(const Actor& actor, const std::string& id, std::int64_t seq);
  // How far every member has received and read, for the status marks on one's own messages; for
  // conversations of at most kMaxFloorMembers members (nullopt above: "seen by" gives the detail).
  static constexpr size_t kMaxFloorMembers = 1024;
  Result<std::optional<store::ReceiptFloor>> receipt_floor(const Actor& actor, const std::string& id);
  void typing(const Actor& actor, const std::string& id);

  // Messages (chat_messages.cpp)
  Result<store::MessagePage> messages(const Actor& actor, const std::string& conversation_id,
                                      std::optional<std::int64_t> before, std::optional<std::int64_t> after, int limit,
                                      const std::optional<std::string>& thread_of);
  Result<std::vector<MessageView>> views(const Actor& actor, const std::vector<domain::Message>& messages);
  Result<SentMessage> send(const Actor& actor, const std::string& conversation_id, const NewMessage& request);
  // The same send without waiting for the commit: `done` gets the answer, either at once (refused)
  // or after the commit on the store's publisher thread (so it must be quick). Sends made one
  // after another from one thread are stored in that order.
  void send_async(const Actor& actor, const std::string& conversation_id, const NewMessage& request,
                  std::function<void(Result<SentMessage>)> done);
  Result<MessageView> edit(const Actor& actor, const std::string& message_id, const std::string& text);
  Result<std::vector<store::Edit>> edits(const Actor& actor, const std::string& message_id);
  // By its author, or by an owner, moderator or admin, who must give a reason (audited).
  Result<MessageView> remove(const Actor& actor, const std::string& message_id,
                             const std::optional<std::string>& reason = std::nullopt);
  Result<MessageView> react(const Actor& actor, const std::string& message_id, const std::string& emoji, bool add);
  Result<MessageView> pin(const Actor& actor, const std::string& message_id, bool pinned);
  Result<std::vector<MessageView>> pins(const Actor& actor, const std::string& conversation_id);
  Result<Receipts> receipts(const Actor& actor, const std::string& message_id);
  Result<SearchResults> search(const Actor& actor, const MessageSearchFilter& filter);
  // The message when the actor may read it (its conversation and their history window); NotFound
  // otherwise (attachment downloads).
  Result<domain::Message> readable_message(const Actor& actor, const std::string& message_id);

  // Policies, content rules and suspensions, as every path checks them.
  OrgGuards& guards() { return guards_; }
  // Told of each new message after it commits, on the publisher thread (the notifier, which only
  // queues it): must be quick and must not write. Set once, before serving.
  using MessageCommitted = std::function<void(std::shared_ptr<const store::Roster>, domain::Message, std::string author_name)>;
  // Replacing it (with nullptr at shutdown) waits for a call in progress: after it returns, the
  // old callback is never called again.
  void on_message_committed(MessageCommitted f) {
    MutexLock lock(committed_mutex_);
    message_committed_ = std::move(f);
  }
  // Catch-up (chat_catch_up.cpp): what a newcomer was put into, newest first, and marking it done.
  Result<std::vector<CatchUpItem>> catch_up(const Actor& actor);
  // Marks these (all of the list when empty) done, on every device of the person.
  Status finish_catch_up(const Actor& actor, const std::vector<std::string>& conversation_ids);

  // Event JSON shapes, shared with the HTTP mappers.
  static Json message_json(const MessageView& view);
  static Json conversation_json(const ConversationView& view);

 private:
  struct Access {
    domain::Conversation conversation;
    std::optional<domain::Member> me;
  };
  // Members may read; anyone may read a public channel. NotFound otherwise (never reveal it exists).
  Result<Access> readable(const Actor& actor, const std::string& conversation_id);
  Result<Access> membership(const Actor& actor, const std::string& conversation_id);  // members only
  Result<Access> overseen(const Actor& actor, const std::string& conversation_id);  // admins: any conversation
  Result<Access> change_conversation(const Actor& actor, const std::string& id, const ConversationChange& change,
                                     const Oversight* oversight);
  // Writes a member's new role and posting right, records them and tells the members.
  Status write_rights(const std::string& id, domain::Member& target, std::optional<domain::MemberRole> role,
                      std::optional<bool> can_post, const std::string& actor_id, const std::string& reason);
  // Like message_access, and admins reach every conversation; `moderator`: may remove others' messages.
  struct ModerationAccess {
    domain::Message message;
    domain::Conversation conversation;
    bool moderator = false;
  };
  Result<ModerationAccess> moderation_access(const Actor& actor, const std::string& message_id);
  // Refusals of posting that are not about membership: a suspension, a content rule that blocks,
  // mentioning everyone against policy. Flagging rules are returned to be reported once stored.
  Result<std::vector<domain::ContentMatch>> posting_checks(const Actor& actor, const std::string& conversation_id,
                                                           const std::string& text, bool mentions_all,
                                                           bool conversation_moderator);
  Status report_flags(const domain::Message& message, const std::vector<domain::ContentMatch>& flags);
  // The message and its conversation, when the actor may read both (NotFound otherwise): every
  // path that names a message by id goes through here, so none reaches one outside the actor's
  // history window.
  Result<std::pair<domain::Message, Access>> message_access(const Actor& actor, const std::string& message_id);
  static domain::HistoryWindow window(const Access& access) {
    return domain::history_window(access.conversation, access.me);
  }
  // Members who may read this message (its events go to them only).
  Result<std::vector<std::string>> readers_of(const domain::Message& message);
  Result<ConversationView> view(const Actor& actor, const domain::Conversation& c, std::optional<domain::Member> me);
  Result<std::string> person_name(const std::string& person_id);
  Result<std::vector<std::string>> member_ids(const std::string& conversation_id);
  Status keeps_an_owner(const std::string& id, const domain::Member& target, domain::MemberRole new_role);
  Status advance_position(const Actor& actor, const std::string& id, std::int64_t seq, std::string_view kind);
  Result<MessageView> changed(const Actor& actor, const domain::Message& message);  // publishes message.updated
  struct SendState;  // chat_messages.cpp
  Result<std::shared_ptr<SendState>> prepare_send(const Actor& actor, const std::string& conversation_id,
                                                  const NewMessage& request);
  Status store_send(SendState& s);
  Result<SentMessage> finish_send(SendState& s, Status stored);
  Result<std::optional<SentMessage>> stored_retry(const SendState& s);
  // Adds those of `ids` who are not members yet; returns who was added.
  Result<std::vector<std::string>> add_member_rows(const Actor& actor, const domain::Conversation& c, const std::vector<std::string>& ids,
                         domain::MemberRole role);

  store::Stores& stores_;
  realtime::Hub& hub_;
  EventPublisher events_{stores_.transactor(), hub_};
  OrgGuards guards_{stores_};
  Mutex committed_mutex_;  // the publisher thread calls message_committed_; main sets it
  MessageCommitted message_committed_ GUARDED_BY(committed_mutex_);
};

}  // namespace muster::app
