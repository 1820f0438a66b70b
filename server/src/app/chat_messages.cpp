// Messages: history, sending (idempotent by client id), edits, deletion, reactions, pins,
// read receipts and search.
#include <algorithm>
#include <charconv>
#include <climits>
#include <map>

#include "app/attachment_service.hpp"
#include "app/audit.hpp"
#include "app/chat_service.hpp"
#include "app/events.hpp"
#include "crypto/crypto.hpp"
#include "domain/text/arabic.hpp"

namespace muster::app {

using domain::ConversationKind;
using domain::Message;

// Built by assignment: nlohmann's initializer lists copy every element (a third of a send's JSON
// cost). Keys come out sorted either way.
Json ChatService::message_json(const MessageView& v) {
  const auto& m = v.message;
  Json reactions = Json::array();
  for (const auto& r : v.reactions) {
    Json reaction = Json::object();
    reaction["emoji"] = r.emoji;
    reaction["count"] = r.count;
    reaction["mine"] = r.mine;
    reaction["person_ids"] = r.person_ids;
    reactions.push_back(std::move(reaction));
  }
  Json attachments = Json::array();
  if (!m.deleted)
    for (const auto& a : v.attachments) attachments.push_back(AttachmentService::attachment_json(a));
  Json j = Json::object();
  j["id"] = m.id;
  j["conversation_id"] = m.conversation_id;
  j["seq"] = m.seq;
  j["client_id"] = m.client_id;
  j["author_id"] = m.author_id;
  j["author_name"] = v.author_name;
  j["author_former"] = !v.author_active;
  if (v.author_company) j["author_company"] = *v.author_company;
  j["text"] = m.deleted ? std::string() : m.text;
  j["created_at"] = to_rfc3339(m.created_at);
  j["edited_at"] = m.edited_at ? Json(to_rfc3339(*m.edited_at)) : Json(nullptr);
  j["deleted"] = m.deleted;
  j["deleted_by"] = !m.deleted ? Json(nullptr) : Json(m.removed_by_moderator ? "moderator" : "author");
  j["reply_to"] = m.reply_to ? Json(*m.reply_to) : Json(nullptr);
  j["reply_count"] = m.reply_count;
  j["mentions"] = m.deleted ? std::vector<std::string>{} : m.mentions;
  j["mentions_all"] = m.mentions_all && !m.deleted;
  j["reactions"] = std::move(reactions);
  j["pinned"] = m.pinned;
  j["urgency"] = domain::to_string(m.urgency);
  j["attachments"] = std::move(attachments);
  return j;
}

Json ChatService::conversation_json(const ConversationView& v) {
  const auto& c = v.conversation;
  Json my = nullptr;
  if (v.me) {
    my = {{"role", domain::to_string(v.me->role)},
          {"can_post", domain::can_post(c, *v.me)},
          {"last_read_seq", v.me->last_read_seq},
          {"unread_count", v.counts.unread},
          {"mention_count", v.counts.mentions},
          {"notification_level", domain::to_string(v.me->notification_level)},
          {"muted", v.me->muted},
          {"pinned", v.me->pinned},
          {"visible_after_seq", domain::history_window(c, v.me).after_seq}};
  } else {
    my = {{"role", nullptr}, {"can_post", false}, {"last_read_seq", 0}, {"unread_count", 0}, {"mention_count", 0},
          {"notification_level", "all"}, {"muted", false}, {"pinned", false}};
  }
  Json j = {{"id", c.id},
            {"kind", domain::to_string(c.kind)},
            {"name", v.display_name},
            {"description", c.description},
            {"visibility", c.is_public ? "public" : "private"},
            {"archived", c.archived},
            {"membership", c.smart ? "rule" : "manual"},
            {"history", domain::to_string(c.history)},
            {"created_at", to_rfc3339(c.created_at)},
            {"created_by", c.created_by},
            {"member_count", v.member_count},
            {"external_count", v.external_count},
            {"last_seq", c.last_seq},
            {"last_message", v.last_message ? message_json(*v.last_message) : Json(nullptr)},
            {"my", my}};
  if (c.kind == ConversationKind::Direct) j["other_person_id"] = v.other_person_id;
  return j;
}

Result<std::vector<MessageView>> ChatService::views(const Actor& actor, const std::vector<Message>& messages) {
  std::vector<std::string> ids;
  for (const auto& m : messages) ids.push_back(m.id);
  ASSIGN_OR_RETURN(auto reactions, stores_.messages().reactions(ids, actor.person.id));
  ASSIGN_OR_RETURN(auto files, message_attachments(stores_, ids));
  struct Author {
    std::string name;
    bool active = true;
    std::optional<std::string> company;  // externals
  };
  std::map<std::string, Author> authors;
  std::vector<MessageView> out;
  for (const auto& m : messages) {
    auto [it, fresh] = authors.try_emplace(m.author_id);
    if (fresh) {
      auto person = stores_.people().get(m.author_id);
      if (person.ok())
        it->second = {person->name, person->active,
                      domain::is_external(*person) ? std::optional(person->company) : std::nullopt};
    }
    out.push_back({m, it->second.name, reactions[m.id], files[m.id], it->second.active, it->second.company});
  }
  return out;
}

Result<Message> ChatService::readable_message(const Actor& actor, const std::string& message_id) {
  ASSIGN_OR_RETURN(auto found, message_access(actor, message_id));
  return found.first;
}

Result<std::pair<Message, ChatService::Access>> ChatService::message_access(const Actor& actor,
                                                                             const std::string& message_id) {
  auto message = stores_.messages().get(message_id);
  if (!message.ok()) return not_found("No such message.");
  auto access = readable(actor, message->conversation_id);
  if (!access.ok() || !window(*access).shows(message->seq)) return not_found("No such message.");
  return std::make_pair(message.value(), access.value());
}

Result<std::vector<std::string>> ChatService::readers_of(const Message& message) {
  ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(message.conversation_id));
  std::vector<std::string> out;
  out.reserve(roster->person_ids.size());
  for (const auto& id : roster->person_ids)
    if (domain::history_window(roster->conversation, roster->member(id)).shows(message.seq)) out.push_back(id);
  return out;
}

Result<store::MessagePage> ChatService::messages(const Actor& actor, const std::string& conversation_id,
                                                 std::optional<std::int64_t> before, std::optional<std::int64_t> after,
                                                 int limit, const std::optional<std::string>& thread_of) {
  ASSIGN_OR_RETURN(auto access, readable(actor, conversation_id));
  // A thread opens only from a root the actor may read; its replies come later, so they may too.
  if (thread_of) {
    auto root = message_access(actor, *thread_of);
    if (!root.ok() || root->first.conversation_id != conversation_id) return not_found("No such message.");
  }
  auto shown = window(access);
  if (shown.shows_nothing()) return store::MessagePage{};
  ASSIGN_OR_RETURN(auto page, stores_.messages().list(conversation_id, before, after, limit, thread_of, shown.after_seq));
  // Fetching history is receiving it: move the delivery position as a delivery over the socket
  // does, so the authors' status marks learn of it.
  if (access.me && !page.items.empty() && page.items.back().seq > access.me->delivered_seq)
    (void)advance_position(actor, conversation_id, page.items.back().seq, events::kDelivered);
  return page;
}

namespace {

// Why `person_id` may not post to the roster's conversation, as readable() and membership() answer
// for non-members (a private conversation is not found, a public channel must be joined first).
Status membership_refusal(const store::Roster& roster, const std::string& person_id) {
  if (roster.member(person_id)) return ok_status();
  if (!domain::is_public_channel(roster.conversation)) return not_found("No such conversation.");
  return denied("Join this channel first.");
}

// A member's posting rights: archived conversations and announcement channels refuse.
Status posting_refusal(const store::Roster& roster, const std::string& person_id) {
  TRY(ChatService::writable(roster.conversation));
  if (!domain::can_post(roster.conversation, *roster.member(person_id)))
    return denied("Only designated people can post in this announcement channel.");
  return ok_status();
}

// Mentions only name members, never the author.
std::vector<std::string> member_mentions(const store::Roster& roster, const std::vector<std::string>& named,
                                         const std::string& author_id) {
  std::vector<std::string> out;
  for (const auto& id : named)
    if (id != author_id && roster.member(id)) out.push_back(id);
  return out;
}

// A new message's JSON before its seq is known, serialized once: the text around the seq's value.
// Used for the event (completed inside the commit, where every saved microsecond counts) and for
// the HTTP answer.
struct SplitJson {
  std::string head, tail;
  std::string with_seq(std::int64_t seq) const { return head + std::to_string(seq) + tail; }
};

constexpr std::int64_t kSeqPlaceholder = INT64_MIN + 7;

Result<SplitJson> split_message_json(MessageView view) {
  view.message.seq = kSeqPlaceholder;
  std::string text = ChatService::message_json(view).dump(-1, ' ', false, Json::error_handler_t::replace);
  // String values are escaped, so `"seq":<placeholder>` with its quotes can only be the key itself.
  const std::string value = std::to_string(kSeqPlaceholder);
  auto at = text.find("\"seq\":" + value);
  if (at == std::string::npos) return internal_error("message JSON without its seq");
  auto value_at = at + std::string_view("\"seq\":").size();
  return SplitJson{text.substr(0, value_at), text.substr(value_at + value.size())};
}

}  // namespace

// A send between its checks and its answer: what the transaction stores and what the answer says.
struct ChatService::SendState {
  Actor actor;
  NewMessage request;
  Message message;
  std::vector<std::string> named;  // people mentioned by name, members or not
  std::shared_ptr<const store::Roster> roster;
  MessageView view;
  std::optional<SplitJson> json;  // ready before the transaction when the message has no attachments
  std::vector<domain::ContentMatch> flags;  // content rules that flag it for the moderation queue
  std::optional<SentMessage> answer;  // already answered: a refused retry of a stored message
};

// A retry of a message already stored returns it, whatever happened in between.
Result<std::optional<SentMessage>> ChatService::stored_retry(const SendState& s) {
  ASSIGN_OR_RETURN(auto existing, stores_.messages().find_by_client_id(s.message.conversation_id, s.actor.person.id,
                                                                       s.request.client_id));
  if (!existing) return std::optional<SentMessage>{};
  ASSIGN_OR_RETURN(auto v, views(s.actor, {*existing}));
  std::string json = message_json(v.front()).dump(-1, ' ', false, Json::error_handler_t::replace);
  return std::optional<SentMessage>{SentMessage{v.front(), false, std::move(json)}};
}

// The checks before the transaction: input, membership, posting rights, the message replied to.
Result<std::shared_ptr<ChatService::SendState>> ChatService::prepare_send(const Actor& actor,
                                                                          const std::string& conversation_id,
                                                                          const NewMessage& r) {
  TRY(domain::validate_client_id(r.client_id));
  if (!r.text.empty() || r.attachment_ids.empty()) TRY(domain::validate_message_text(r.text));
  // The roster (members and their rights, cached by the store) authorizes the message and addresses
  // its event: no member rows are read per message.
  auto found = stores_.conversations().roster(conversation_id);
  if (!found.ok())
    return found.error().code == ErrorCode::NotFound ? not_found("No such conversation.") : found.error();
  auto s = std::make_shared<SendState>(SendState{actor, r, {}, {}, std::move(found).value(), {}, {}, {}});
  TRY(membership_refusal(*s->roster, actor.person.id));

  Message& m = s->message;
  m.id = crypto::time_ordered_id("m");
  m.conversation_id = conversation_id;
  m.client_id = r.client_id;
  m.author_id = actor.person.id;
  m.text = r.text;
  m.created_at = now_seconds();
  m.urgency = r.urgency;
  auto mentions = domain::parse_mentions(r.text);
  m.mentions_all = mentions.all;
  s->named = std::move(mentions.people);
  m.mentions = member_mentions(*s->roster, s->named, actor.person.id);
  Status refusal = posting_refusal(*s->roster, actor.person.id);
  if (refusal.ok()) {
    bool moderator = domain::can_moderate(*s->roster->member(actor.person.id));
    auto checked = posting_checks(actor, conversation_id, r.text, m.mentions_all, moderator);
    if (checked.ok()) s->flags = std::move(checked).value();
    else refusal = checked.error();
    if (refusal.ok() && m.urgency == domain::Urgency::Urgent)
      refusal = domain::may_send_urgent(*guards_.policies(), actor.person.role, moderator);
  }
  if (refusal.ok() && r.reply_to) {
    auto parent = stores_.messages().get(*r.reply_to);
    // A reply names only a message its author may read.
    if (!parent.ok() || parent->conversation_id != conversation_id ||
        !domain::history_window(s->roster->conversation, s->roster->member(actor.person.id)).shows(parent->seq))
      refusal = invalid("The message replied to is not in this conversation.", "reply_to");
    // Threads are one level deep: a reply to a reply joins the same thread.
    else m.reply_to = parent->reply_to ? *parent->reply_to : parent->id;
  }
  // Retries that may post find their stored message through the unique client id when storing,
  // without a look-up on every send; a refused one looks here.
  if (!refusal.ok()) {
    ASSIGN_OR_RETURN(s->answer, stored_retry(*s));
    if (!s->answer) return refusal.error();
    return s;
  }
  // A new message has no reactions and its author is the actor: its view needs no look-ups, and
  // without attachments its JSON is ready before the transaction.
  s->view = MessageView{m, actor.person.name, {}, {}, true,
                        domain::is_external(actor.person) ? std::optional(actor.person.company) : std::nullopt};
  if (r.attachment_ids.empty()) {
    ASSIGN_OR_RETURN(s->json, split_message_json(s->view));
  }
  return s;
}

// Inside the transaction: the message, its attachments, its search entry, the author's read
// position, and its event once committed.
Status ChatService::store_send(SendState& s) {
  Message& m = s.message;
  // Membership may have changed since the checks: the roster this transaction sees decides (the
  // same shared one, unless a change committed or is part of this transaction).
  ASSIGN_OR_RETURN(auto current, stores_.conversations().roster(m.conversation_id));
  if (current != s.roster) {
    TRY(membership_refusal(*current, s.actor.person.id));
    TRY(posting_refusal(*current, s.actor.person.id));
    m.mentions = member_mentions(*current, s.named, s.actor.person.id);
    s.roster = std::move(current);
    s.json.reset();
  }
  TRY(stores_.messages().insert(m));  // Conflict: this client id is taken (a retry)
  if (!s.flags.empty()) TRY(report_flags(m, s.flags));
  TRY(link_attachments(stores_, s.actor.person.id, m.id, s.request.attachment_ids));  // before listing them
  TRY(stores_.message_search().index_new(m));
  TRY(stores_.conversations().advance_read(m.conversation_id, s.actor.person.id, m.seq));
  s.view.message = m;
  if (!s.request.attachment_ids.empty()) {
    ASSIGN_OR_RETURN(auto files, message_attachments(stores_, {m.id}));
    s.view.attachments = files[m.id];
  }
  if (!s.json) {
    ASSIGN_OR_RETURN(s.json, split_message_json(s.view));
  }
  static const std::string kHead = R"({"kind":")" + std::string(events::kMessageCreated) + R"(","message":)";
  auto event = std::make_shared<const std::string>(kHead + s.json->with_seq(m.seq) + "}");
  stores_.transactor().after_commit([this, roster = s.roster, event] { hub_.publish(roster->person_ids, event); });
  stores_.transactor().after_commit([this, roster = s.roster, m, name = s.view.author_name] {
    MutexLock lock(committed_mutex_);
    if (message_committed_) message_committed_(roster, m, name);
  });
  return ok_status();
}

// The answer once the transaction is over.
Result<SentMessage> ChatService::finish_send(SendState& s, Status stored) {
  if (!stored.ok()) {
    // A retry (two concurrent ones, or one of a message stored earlier): the stored message.
    if (stored.error().code == ErrorCode::Conflict) {
      ASSIGN_OR_RETURN(auto retry, stored_retry(s));
      if (retry) return std::move(*retry);
    }
    return stored.error();
  }
  std::string body = s.json->with_seq(s.view.message.seq);
  return SentMessage{std::move(s.view), true, std::move(body)};
}

Result<SentMessage> ChatService::send(const Actor& actor, const std::string& conversation_id, const NewMessage& r) {
  ASSIGN_OR_RETURN(auto s, prepare_send(actor, conversation_id, r));
  if (s->answer) return std::move(*s->answer);
  Status stored = stores_.transactor().in_transaction([&] { return store_send(*s); });
  return finish_send(*s, std::move(stored));
}

void ChatService::send_async(const Actor& actor, const std::string& conversation_id, const NewMessage& r,
                             std::function<void(Result<SentMessage>)> done) {
  auto prepared = prepare_send(actor, conversation_id, r);
  if (!prepared.ok()) return done(prepared.error());
  auto s = std::move(prepared).value();
  if (s->answer) return done(std::move(*s->answer));
  stores_.transactor().submit([this, s] { return store_send(*s); },
                              [this, s, done = std::move(done)](Status stored) { done(finish_send(*s, std::move(stored))); });
}

Result<std::vector<domain::ContentMatch>> ChatService::posting_checks(const Actor& actor,
                                                                      const std::string& conversation_id,
                                                                      const std::string& text, bool mentions_all,
                                                                      bool conversation_moderator) {
  UnixSeconds now = now_seconds();
  if (guards_.may_be_suspended(now)) {
    ASSIGN_OR_RETURN(auto suspension, stores_.moderation().suspension(actor.person.id, conversation_id, now));
    if (suspension)
      return denied(std::string("A moderator suspended your posting ") +
                    (suspension->conversation_id.empty() ? "everywhere" : "in this conversation") + " until " +
                    to_rfc3339(suspension->until) + ".");
  }
  if (mentions_all) TRY(domain::may_mention_all(*guards_.policies(), actor.person.role, conversation_moderator));
  std::vector<domain::ContentMatch> flags;
  auto rules = guards_.content_rules();
  if (rules->empty() || text.empty()) return flags;
  for (auto& match : rules->check(text)) {
    if (match.action == domain::ContentRuleAction::Block)
      return invalid("Not sent: the message matches the content rule \"" + match.rule_name + "\".", "text");
    flags.push_back(std::move(match));
  }
  return flags;
}

// A flagged message goes to the moderation queue as a report by no one (the rule is its comment).
Status ChatService::report_flags(const Message& m, const std::vector<domain::ContentMatch>& flags) {
  for (const auto& f : flags) {
    store::Report report{.message_id = m.id, .conversation_id = m.conversation_id, .reporter_id = "",
                         .author_id = m.author_id, .category = "content_rule", .comment = f.rule_name,
                         .created_at = m.edited_at.value_or(m.created_at)};
    TRY(stores_.moderation().insert_report(report));
  }
  return ok_status();
}

Result<MessageView> ChatService::changed(const Actor& actor, const Message& message) {
  std::optional<MessageView> view;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto v, views(actor, {message}));
    view = v.front();
    // Only to members who may read it: an edit, reaction or pin of an old message never shows it
    // to a newcomer who joined after it.
    ASSIGN_OR_RETURN(auto ids, readers_of(message));
    // The event is serialized once for every member, so it cannot say "mine": it lists who
    // reacted (person_ids) and each client works "mine" out for itself.
    Json event_message = message_json(*view);
    for (auto& r : event_message["reactions"]) r.erase("mine");
    events_.after_commit(std::move(ids), events::kMessageUpdated, {{"message", event_message}});
    return ok_status();
  }));
  return *view;
}

// Each change to a message checks and writes in one transaction (the message as it is now, not as
// it was read before), writes only its own columns, and publishes message.updated after the commit.
Result<MessageView> ChatService::edit(const Actor& actor, const std::string& message_id, const std::string& text) {
  TRY(domain::validate_message_text(text));
  std::optional<MessageView> out;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto found, message_access(actor, message_id));
    auto& [m, access] = found;
    if (m.author_id != actor.person.id) return denied("Only the author can edit a message.");
    if (m.deleted) return invalid("A deleted message cannot be edited.");
    TRY(writable(access.conversation));
    if (!domain::is_admin(actor.person.role)) TRY(domain::may_edit_own(*guards_.policies(), m.created_at, now_seconds()));
    std::vector<domain::ContentMatch> flags;
    if (m.text != text) {
      ASSIGN_OR_RETURN(flags, posting_checks(actor, m.conversation_id, text, domain::parse_mentions(text).all,
                                             access.me && domain::can_moderate(*access.me)));
    }
    if (m.text != text) {
      m.edited_at = now_seconds();  // also when the earlier version was replaced
      TRY(stores_.messages().add_edit(m.id, m.text, *m.edited_at));
      m.text = text;
      auto mentions = domain::parse_mentions(text);
      m.mentions_all = mentions.all;
      m.mentions = mentions.people;
      TRY(stores_.messages().set_text(m));
      TRY(stores_.message_search().index(m));
      TRY(report_flags(m, flags));
    }
    ASSIGN_OR_RETURN(out, changed(actor, m));
    return ok_status();
  }));
  return std::move(*out);
}

Result<std::vector<store::Edit>> ChatService::edits(const Actor& actor, const std::string& message_id) {
  ASSIGN_OR_RETURN(auto found, message_access(actor, message_id));
  if (found.first.deleted) return std::vector<store::Edit>{};
  return stores_.messages().edits(message_id);
}

Result<ChatService::ModerationAccess> ChatService::moderation_access(const Actor& actor,
                                                                   const std::string& message_id) {
  auto found = message_access(actor, message_id);
  if (found.ok()) {
    auto& [m, access] = found.value();
    bool moderator = (access.me && domain::can_moderate(*access.me)) || domain::is_admin(actor.person.role);
    return ModerationAccess{std::move(m), std::move(access.conversation), moderator};
  }
  if (!domain::is_admin(actor.person.role)) return found.error();
  // Admins act on reports from every conversation, members of it or not.
  auto m = stores_.messages().get(message_id);
  if (!m.ok()) return not_found("No such message.");
  ASSIGN_OR_RETURN(auto c, stores_.conversations().get(m->conversation_id));
  return ModerationAccess{std::move(m).value(), std::move(c), true};
}

Result<MessageView> ChatService::remove(const Actor& actor, const std::string& message_id,
                                        const std::optional<std::string>& reason) {
  std::optional<MessageView> out;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto access, moderation_access(actor, message_id));
    auto& m = access.message;
    bool own = m.author_id == actor.person.id;
    if (own && reason) return invalid("A reason is given only when removing someone else's message.", "reason");
    if (!own && !access.moderator) return denied("Only the author or a moderator can delete this.");
    TRY(writable(access.conversation));
    if (!own && (!reason || reason->empty())) return invalid("Say why you remove this message.", "reason");
    if (own && !domain::is_admin(actor.person.role) && !access.moderator)
      TRY(domain::may_delete_own(*guards_.policies(), m.created_at, now_seconds()));
    if (!m.deleted) {
      // Under a legal hold a moderator's removal keeps the content for the compliance path only:
      // the text is copied aside and the files stay, linked to the removed message, which no one
      // can read.
      bool held = false;
      if (!own) {
        ASSIGN_OR_RETURN(held, stores_.retention().covered_by_hold(m.conversation_id, m.author_id));
        if (held) {
          ASSIGN_OR_RETURN(auto files, message_attachments(stores_, {m.id}));
          store::KeptMessage kept{.message_id = m.id, .conversation_id = m.conversation_id, .author_id = m.author_id,
                                  .body = m.text, .removed_by = actor.person.id, .removed_at = now_seconds(),
                                  .reason = *reason};
          for (const auto& a : files[m.id]) kept.attachment_ids.push_back(a.id);
          TRY(stores_.retention().keep_removed(kept));
        }
      }
      m.deleted = true;
      m.removed_by_moderator = !own;
      m.text.clear();  // the body is gone from what members see and from the database
      m.mentions.clear();
      m.mentions_all = false;
      m.pinned = false;
      TRY(stores_.messages().mark_deleted(m.id, !own));
      TRY(stores_.messages().remove_edits(m.id));
      std::vector<std::string> removed_files;
      if (!held) {
        ASSIGN_OR_RETURN(removed_files, stores_.attachments().remove_for_message(m.id));
      }
      TRY(stores_.message_search().remove(m));
      if (!own)
        TRY(record_audit(stores_.audit(), &actor, "message.removed", "message", m.id,
                         {{"conversation_id", m.conversation_id}, {"author_id", m.author_id}, {"reason", *reason}}));
      // Files go once the removal is committed: a rolled-back one keeps them.
      if (!removed_files.empty())
        stores_.transactor().after_commit([this, files = std::move(removed_files)] { remove_attachment_files(stores_, files); });
    }
    // The event names no moderator: members see only that one removed it.
    ASSIGN_OR_RETURN(out, changed(actor, m));
    return ok_status();
  }));
  return std::move(*out);
}

Result<MessageView> ChatService::react(const Actor& actor, const std::string& message_id, const std::string& emoji,
                                       bool add) {
  TRY(domain::validate_emoji(emoji));
  std::optional<Message> message;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto found, message_access(actor, message_id));
    if (!found.second.me) return denied("Join this channel to react.");
    if (found.first.deleted) return invalid("A deleted message cannot get reactions.");
    TRY(writable(found.second.conversation));
    ASSIGN_OR_RETURN(bool changed_any, stores_.messages().set_reaction(message_id, actor.person.id, emoji, add));
    // Reactions never notify: they go out as a message update, not as anything unread.
    if (changed_any) TRY(changed(actor, found.first));
    message = std::move(found.first);
    return ok_status();
  }));
  ASSIGN_OR_RETURN(auto mine, views(actor, {*message}));
  return mine.front();
}

Result<MessageView> ChatService::pin(const Actor& actor, const std::string& message_id, bool pinned) {
  std::optional<MessageView> out;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto found, message_access(actor, message_id));
    auto& [m, access] = found;
    if (!access.me) return denied("Join this channel first.");
    bool small = access.conversation.kind == ConversationKind::Direct || access.conversation.kind == ConversationKind::Group;
    if (!small && !domain::can_moderate(*access.me)) return denied("Only owners and moderators can pin here.");
    if (m.deleted) return invalid("A deleted message cannot be pinned.");
    TRY(writable(access.conversation));
    if (m.pinned == pinned) {
      ASSIGN_OR_RETURN(auto v, views(actor, {m}));
      out = std::move(v.front());
      return ok_status();
    }
    m.pinned = pinned;
    TRY(stores_.messages().set_pinned(m.id, pinned));
    ASSIGN_OR_RETURN(out, changed(actor, m));
    return ok_status();
  }));
  return std::move(*out);
}

Result<std::vector<MessageView>> ChatService::pins(const Actor& actor, const std::string& conversation_id) {
  ASSIGN_OR_RETURN(auto access, readable(actor, conversation_id));
  ASSIGN_OR_RETURN(auto pinned, stores_.messages().pinned(conversation_id));
  auto shown = window(access);
  std::erase_if(pinned, [&](const Message& m) { return !shown.shows(m.seq); });
  return views(actor, pinned);
}

Result<Receipts> ChatService::receipts(const Actor& actor, const std::string& message_id) {
  ASSIGN_OR_RETURN(auto found, message_access(actor, message_id));
  auto& [m, access] = found;
  bool allowed = m.author_id == actor.person.id || (access.me && domain::can_moderate(*access.me));
  if (!allowed) return denied("Only the author, owners and moderators can see who has read this.");
  ASSIGN_OR_RETURN(auto members, this->members(actor, m.conversation_id));
  Receipts out;
  for (auto& mv : members) {
    if (mv.member.person_id == m.author_id) continue;
    // Someone who joined after it and may not read it neither read it nor is waiting for it.
    if (!domain::history_window(access.conversation, mv.member).shows(m.seq)) continue;
    ++out.member_count;
    if (mv.member.last_read_seq >= m.seq) out.read.push_back(std::move(mv));
    else if (mv.member.delivered_seq >= m.seq) out.delivered.push_back(std::move(mv));
    else out.not_delivered.push_back(std::move(mv));
  }
  return out;
}

Result<SearchResults> ChatService::search(const Actor& actor, const MessageSearchFilter& f) {
  if (f.limit < 1 || f.limit > 100) return invalid("Limit must be between 1 and 100.", "limit");
  store::MessageSearchQuery q;
  q.terms = domain::search_terms(f.q);
  if (q.terms.empty()) return invalid("Type something to search for.", "q");
  q.viewer_id = actor.person.id;
  q.members_only = domain::is_external(actor.person);
  q.conversation_id = f.conversation_id;
  q.author_id = f.author_id;
  q.since = f.since;
  q.until = f.until;
  q.limit = f.limit + 1;
  if (!f.cursor.empty()) {
    std::int64_t rank = 0;
    auto [ptr, ec] = std::from_chars(f.cursor.data(), f.cursor.data() + f.cursor.size(), rank);
    if (ec != std::errc() || ptr != f.cursor.data() + f.cursor.size()) return invalid("The cursor is not valid.", "cursor");
    q.before_rank = rank;
  }
  ASSIGN_OR_RETURN(auto hits, stores_.message_search().search(q));
  SearchResults out;
  if (static_cast<int>(hits.size()) > f.limit) {
    hits.resize(f.limit);
    out.next_cursor = std::to_string(hits.back().rank);
  }
  std::vector<std::string> ids;
  for (const auto& h : hits) ids.push_back(h.message_id);
  ASSIGN_OR_RETURN(auto messages, stores_.messages().get_many(ids));
  // The index already filtered by membership and history visibility; check again here, where
  // authorization lives.
  std::vector<Message> visible;
  for (auto& m : messages) {
    auto access = readable(actor, m.conversation_id);
    if (access.ok() && window(*access).shows(m.seq) && !m.deleted) visible.push_back(std::move(m));
  }
  ASSIGN_OR_RETURN(out.items, views(actor, visible));
  return out;
}

}  // namespace muster::app
