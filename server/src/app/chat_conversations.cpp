// Conversations: creating, listing, membership, per-person settings, read and delivery positions.
#include <algorithm>
#include <limits>
#include <set>

#include "app/audit.hpp"
#include "app/chat_service.hpp"
#include "app/events.hpp"
#include "crypto/crypto.hpp"
#include "domain/text/arabic.hpp"

namespace muster::app {

using domain::Conversation;
using domain::ConversationKind;
using domain::Member;
using domain::MemberRole;

Result<std::string> ChatService::person_name(const std::string& person_id) {
  ASSIGN_OR_RETURN(auto person, stores_.people().get(person_id));
  return person.name;
}

// From the roster: no member rows are read (inside a transaction, the roster it sees).
Result<std::vector<std::string>> ChatService::member_ids(const std::string& conversation_id) {
  ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(conversation_id));
  return roster->person_ids;
}

// Archived conversations are read-only on every path: sends, edits, deletions, reactions, pins,
// members and roles. Only unarchiving, leaving and one's own settings and positions still change.
Status ChatService::writable(const Conversation& c) {
  if (c.archived) return denied("This conversation is archived: it is read-only.");
  return ok_status();
}

// A smart group's members follow its rule: nobody joins, leaves, adds or removes by hand; admins pin
// exceptions instead (app/governance_service.hpp).
static Status membership_by_hand(const Conversation& c) {
  if (c.smart) return denied("Members of this conversation follow a rule set by an administrator.");
  return ok_status();
}

Result<ChatService::Access> ChatService::readable(const Actor& actor, const std::string& conversation_id) {
  auto conversation = stores_.conversations().get(conversation_id);
  if (!conversation.ok()) return not_found("No such conversation.");
  ASSIGN_OR_RETURN(auto me, stores_.conversations().member(conversation_id, actor.person.id));
  // Externals see only the conversations they were added to, public channels included.
  bool open = domain::is_public_channel(*conversation) && !domain::is_external(actor.person);
  if (!me && !open) return not_found("No such conversation.");
  return Access{conversation.value(), me};
}

Result<ChatService::Access> ChatService::membership(const Actor& actor, const std::string& conversation_id) {
  ASSIGN_OR_RETURN(auto access, readable(actor, conversation_id));
  if (!access.me) return denied("Join this channel first.");
  return access;
}

Result<ConversationView> ChatService::view(const Actor& actor, const Conversation& c, std::optional<Member> me) {
  ConversationView v{c, c.name, "", me, 0, 0, {}, std::nullopt};
  ASSIGN_OR_RETURN(v.member_count, stores_.conversations().member_count(c.id));
  if (c.kind != ConversationKind::Direct) {
    ASSIGN_OR_RETURN(v.external_count, stores_.conversations().external_count(c.id));
  }
  if (c.kind == ConversationKind::Direct) {
    // The key is the two person ids, sorted: the other one names the conversation for me.
    auto space = c.direct_key.find(' ');
    std::string a = c.direct_key.substr(0, space), b = c.direct_key.substr(space + 1);
    v.other_person_id = a == actor.person.id ? b : a;
    auto name = person_name(v.other_person_id);
    if (name.ok()) v.display_name = name.value();
  }
  // Unread counts and the preview come from what the person may read.
  auto window = domain::history_window(c, me);
  if (me) {
    ASSIGN_OR_RETURN(v.counts, stores_.conversations().counts(c.id, actor.person.id,
                                                              std::max(me->last_read_seq, window.after_seq)));
  }
  if (c.last_seq > 0 && !window.shows_nothing()) {
    ASSIGN_OR_RETURN(auto page,
                     stores_.messages().list(c.id, std::nullopt, std::nullopt, 1, std::nullopt, window.after_seq));
    if (!page.items.empty()) {
      ASSIGN_OR_RETURN(auto views, this->views(actor, page.items));
      v.last_message = views.front();
    }
  }
  return v;
}

Result<std::vector<ConversationView>> ChatService::list(const Actor& actor) {
  ASSIGN_OR_RETURN(auto rows, stores_.conversations().list_for_person(actor.person.id));
  std::vector<ConversationView> out;
  for (const auto& row : rows) {
    ASSIGN_OR_RETURN(auto v, view(actor, row.conversation, row.me));
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<std::string>> ChatService::add_member_rows(const Actor& actor, const Conversation& c,
                                                              const std::vector<std::string>& ids, MemberRole role) {
  auto now = now_seconds();
  std::vector<std::string> added;
  for (const auto& id : ids) {
    auto person = stores_.people().get(id);
    if (!person.ok() || !person->active) return invalid("Person '" + id + "' is not an active member of the directory.", "member_ids");
    ASSIGN_OR_RETURN(auto existing, stores_.conversations().member(c.id, id));
    if (existing) continue;
    Member m;
    m.conversation_id = c.id;
    m.person_id = id;
    m.role = role;
    m.can_post = c.kind != ConversationKind::Announcement;
    m.joined_at = now;
    m.added_by = actor.person.id;
    // Joiners start at the newest message: earlier history is readable, not unread.
    m.last_read_seq = m.delivered_seq = c.last_seq;
    TRY(stores_.conversations().put_member(m));
    TRY(stores_.conversations().log_membership(
        c.id, {.person_id = id, .change = id == actor.person.id ? "joined" : "added", .actor_id = actor.person.id, .at = now}));
    added.push_back(id);
  }
  return added;
}

Result<std::pair<ConversationView, bool>> ChatService::create(const Actor& actor, const NewConversation& r) {
  if (domain::is_external(actor.person) && r.kind != ConversationKind::Direct)
    return denied("External contacts can only start direct conversations.");
  std::vector<std::string> ids = r.member_ids;
  ids.erase(std::remove(ids.begin(), ids.end(), actor.person.id), ids.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() > 10000) return invalid("At most 10,000 members at a time.", "member_ids");

  Conversation c;
  c.id = crypto::random_id("c");
  c.kind = r.kind;
  c.created_by = actor.person.id;
  c.created_at = now_seconds();
  c.last_activity_ms = now_millis();
  c.history = r.history.value_or(domain::default_history(r.kind));
  TRY(domain::validate_history(r.kind, c.history));
  if (r.kind == ConversationKind::Direct) {
    if (ids.size() != 1) return invalid("A direct conversation has exactly one other person.", "member_ids");
    if (domain::is_external(actor.person)) {
      ASSIGN_OR_RETURN(bool known, stores_.conversations().share_a_conversation(actor.person.id, ids.front()));
      if (!known) return invalid("Person '" + ids.front() + "' is not an active member of the directory.", "member_ids");
    }
    c.direct_key = domain::direct_key(actor.person.id, ids.front());
    ASSIGN_OR_RETURN(auto existing, stores_.conversations().find_direct(c.direct_key));
    if (!existing) {
      auto other = stores_.people().get(ids.front());
      if (other.ok() && domain::is_external(*other))
        TRY(domain::may_start_direct_with_external(*guards_.policies(), actor.person.role));
    }
    if (existing) {
      // One side left the company and came back: the conversation takes both in again.
      TRY(stores_.transactor().in_transaction([&]() -> Status {
        std::vector<std::string> both{actor.person.id};
        auto other = stores_.people().get(ids.front());
        if (other.ok() && other->active) both.push_back(other->id);
        ASSIGN_OR_RETURN(auto added, add_member_rows(actor, *existing, both, MemberRole::Member));
        ASSIGN_OR_RETURN(auto members, member_ids(existing->id));
        events_.members_added(existing->id, members, added);
        return ok_status();
      }));
      ASSIGN_OR_RETURN(auto me, stores_.conversations().member(existing->id, actor.person.id));
      ASSIGN_OR_RETURN(auto v, view(actor, *existing, me));
      return std::make_pair(std::move(v), false);
    }
  } else {
    c.name = r.name;
    c.description = r.description;
    bool channel = r.kind == ConversationKind::Channel || r.kind == ConversationKind::Announcement;
    if (channel && (c.name.empty() || domain::utf8_length(c.name) > 80))
      return invalid("A channel needs a name of 1 to 80 characters.", "name");
    if (domain::utf8_length(c.name) > 80) return invalid("The name is longer than 80 characters.", "name");
    if (domain::utf8_length(c.description) > 1000) return invalid("The description is longer than 1000 characters.", "description");
    c.is_public = channel && r.is_public;
    TRY(domain::may_create(*guards_.policies(), actor.person.role, r.kind, c.is_public));
    if (r.kind == ConversationKind::Group && ids.empty()) return invalid("A group needs at least one other person.", "member_ids");
  }
  // The creator first: the membership history starts with them.
  std::vector<std::string> everyone{actor.person.id};
  everyone.insert(everyone.end(), ids.begin(), ids.end());
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.conversations().insert(c));
    TRY(add_member_rows(actor, c, everyone, MemberRole::Member));
    ASSIGN_OR_RETURN(auto creator, stores_.conversations().member(c.id, actor.person.id));
    creator->role = MemberRole::Owner;
    creator->can_post = true;
    TRY(stores_.conversations().put_member(*creator));
    for (const auto& poster : r.poster_ids) {
      ASSIGN_OR_RETURN(auto m, stores_.conversations().member(c.id, poster));
      if (!m) return invalid("Posters must be members.", "poster_ids");
      m->can_post = true;
      TRY(stores_.conversations().put_member(*m));
    }
    ASSIGN_OR_RETURN(auto members, member_ids(c.id));
    events_.members_added(c.id, members, members);
    return ok_status();
  }));
  ASSIGN_OR_RETURN(auto me, stores_.conversations().member(c.id, actor.person.id));
  ASSIGN_OR_RETURN(auto v, view(actor, c, me));
  return std::make_pair(std::move(v), true);
}

Result<ConversationView> ChatService::get(const Actor& actor, const std::string& id) {
  ASSIGN_OR_RETURN(auto access, readable(actor, id));
  return view(actor, access.conversation, access.me);
}

// Checks and writes in one transaction, writing only the fields that change: a rename and an
// archive at the same moment both stay.
Result<ConversationView> ChatService::update(const Actor& actor, const std::string& id, const ConversationChange& ch) {
  ASSIGN_OR_RETURN(auto changed, change_conversation(actor, id, ch, nullptr));
  // The answer is read after the commit, off the writer thread.
  return view(actor, changed.conversation, changed.me);
}

Status ChatService::set_archived(const Actor& actor, const std::string& id, bool archived, const Oversight& oversight) {
  ConversationChange ch;
  ch.archived = archived;
  TRY(change_conversation(actor, id, ch, &oversight));
  return ok_status();
}

Result<ChatService::Access> ChatService::overseen(const Actor& actor, const std::string& conversation_id) {
  if (!actor.is_admin()) return denied("Only administrators can do this.");
  auto conversation = stores_.conversations().get(conversation_id);
  if (!conversation.ok()) return not_found("No such conversation.");
  ASSIGN_OR_RETURN(auto me, stores_.conversations().member(conversation_id, actor.person.id));
  return Access{conversation.value(), me};
}

Result<ChatService::Access> ChatService::change_conversation(const Actor& actor, const std::string& id,
                                                             const ConversationChange& ch, const Oversight* oversight) {
  std::optional<Access> changed;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    Access access;
    if (oversight) {
      ASSIGN_OR_RETURN(access, overseen(actor, id));
    } else {
      ASSIGN_OR_RETURN(access, membership(actor, id));
      if (access.conversation.kind == ConversationKind::Direct) return invalid("A direct conversation cannot be changed.");
      if (!domain::can_moderate(*access.me)) return denied("Only owners and moderators can change this conversation.");
    }
    auto& c = access.conversation;
    // An archived conversation only comes back: nothing else of it changes until then.
    bool unarchive = ch.archived && !*ch.archived;
    if (!unarchive && (ch.name || ch.description || ch.is_public)) TRY(writable(c));
    if (ch.name && (domain::utf8_length(*ch.name) > 80 || (ch.name->empty() && c.kind != ConversationKind::Group)))
      return invalid("A channel needs a name of 1 to 80 characters.", "name");
    if (ch.description && domain::utf8_length(*ch.description) > 1000)
      return invalid("The description is too long.", "description");
    if (ch.is_public && c.kind == ConversationKind::Group && *ch.is_public)
      return invalid("Groups are always private.", "visibility");
    if (ch.is_public && *ch.is_public && !c.is_public)  // opening a channel is creating a public one
      TRY(domain::may_create(*guards_.policies(), actor.person.role, ConversationKind::Channel, true));
    bool new_history = ch.history && *ch.history != c.history;
    if (ch.history) {
      // What newcomers read is the owners' (and admins') call, not a moderator's.
      if (!(access.me && access.me->role == MemberRole::Owner) && !actor.is_admin())
        return denied("Only owners can change what newcomers see of the history.");
      if (!unarchive) TRY(writable(c));
      TRY(domain::validate_history(c.kind, *ch.history));
    }
    TRY(stores_.conversations().update(id, ch));
    // Turning to "full" shows current members what came before they joined: recorded, like
    // every change of who may read what.
    if (new_history)
      TRY(record_audit(stores_.audit(), &actor, "conversation.history", "conversation", id,
                       {{"from", domain::to_string(c.history)}, {"to", domain::to_string(*ch.history)}},
                       actor.client.ip));
    ASSIGN_OR_RETURN(auto now, stores_.conversations().get(id));
    ASSIGN_OR_RETURN(auto ids, member_ids(id));
    Json summary = {{"id", now.id}, {"name", now.name}, {"description", now.description}, {"archived", now.archived},
                    {"visibility", now.is_public ? "public" : "private"}, {"history", domain::to_string(now.history)}};
    events_.after_commit(std::move(ids), events::kConversationUpdated, {{"conversation", std::move(summary)}});
    if (oversight && ch.archived)
      TRY(record_audit(stores_.audit(), &actor, *ch.archived ? "conversation.archive" : "conversation.unarchive",
                       "conversation", id, {{"reason", oversight->reason}, {"was_archived", c.archived}}));
    changed = {std::move(now), std::move(access.me)};
    return ok_status();
  }));
  return std::move(*changed);
}

Result<std::vector<ConversationView>> ChatService::public_channels(const Actor& actor) {
  std::vector<ConversationView> out;
  if (domain::is_external(actor.person)) return out;  // they browse nothing
  ASSIGN_OR_RETURN(auto channels, stores_.conversations().public_channels(500));
  for (const auto& c : channels) {
    ASSIGN_OR_RETURN(auto me, stores_.conversations().member(c.id, actor.person.id));
    ASSIGN_OR_RETURN(auto v, view(actor, c, me));
    out.push_back(std::move(v));
  }
  return out;
}

Result<ConversationView> ChatService::join(const Actor& actor, const std::string& id) {
  std::optional<Access> joined;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto access, readable(actor, id));
    if (!access.me) {
      TRY(writable(access.conversation));
      TRY(membership_by_hand(access.conversation));
      if (domain::is_external(actor.person)) return denied("External contacts cannot join channels.");
      TRY(add_member_rows(actor, access.conversation, {actor.person.id}, MemberRole::Member));
      ASSIGN_OR_RETURN(access.me, stores_.conversations().member(id, actor.person.id));
      ASSIGN_OR_RETURN(auto ids, member_ids(id));
      events_.members_added(id, ids, {actor.person.id});
    }
    joined = std::move(access);
    return ok_status();
  }));
  return view(actor, joined->conversation, joined->me);
}

Status ChatService::leave(const Actor& actor, const std::string& id) {
  ASSIGN_OR_RETURN(auto access, membership(actor, id));
  if (access.conversation.kind == ConversationKind::Direct) return invalid("You cannot leave a direct conversation.");
  return remove_member(actor, id, actor.person.id);
}

Result<std::vector<MemberView>> ChatService::members(const Actor& actor, const std::string& id) {
  TRY(readable(actor, id));
  ASSIGN_OR_RETURN(auto members, stores_.conversations().members(id));
  ASSIGN_OR_RETURN(auto names, stores_.conversations().member_names(id));
  ASSIGN_OR_RETURN(auto externals, stores_.conversations().external_members(id));
  std::vector<MemberView> out;
  out.reserve(members.size());
  for (auto& m : members) {
    std::string name = names[m.person_id];
    auto external = externals.find(m.person_id);
    auto company = external == externals.end() ? std::nullopt : std::optional(external->second);
    out.push_back({std::move(m), std::move(name), std::move(company)});
  }
  return out;
}

Result<MembershipHistory> ChatService::membership_history(const Actor& actor, const std::string& id,
                                                         std::int64_t before, int limit) {
  TRY(readable(actor, id));
  ASSIGN_OR_RETURN(auto changes, stores_.conversations().membership_log(id, before, limit + 1));
  MembershipHistory out;
  out.has_more = static_cast<int>(changes.size()) > limit;
  if (out.has_more) changes.pop_back();
  std::map<std::string, std::string> names;  // a page names the same few people again and again
  auto name_of = [&](const std::string& person_id) -> std::string {
    if (person_id.empty()) return "";
    auto [it, fresh] = names.try_emplace(person_id);
    if (fresh) {
      auto name = person_name(person_id);
      if (name.ok()) it->second = std::move(name).value();
    }
    return it->second;
  };
  for (auto& c : changes) {
    std::string person = name_of(c.person_id), by = name_of(c.actor_id);
    out.items.push_back({std::move(c), std::move(person), std::move(by)});
  }
  return out;
}

Result<std::vector<MemberView>> ChatService::add_members(const Actor& actor, const std::string& id,
                                                         const std::vector<std::string>& person_ids) {
  if (person_ids.empty() || person_ids.size() > 10000) return invalid("Name 1 to 10,000 people.", "person_ids");
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto access, membership(actor, id));
    if (access.conversation.kind == ConversationKind::Direct) return invalid("A direct conversation has two people.");
    if (!domain::can_moderate(*access.me)) return denied("Only owners and moderators can add people.");
    TRY(writable(access.conversation));
    TRY(membership_by_hand(access.conversation));
    // Those already members (or named twice) are skipped: the event names only who was added.
    ASSIGN_OR_RETURN(auto fresh, add_member_rows(actor, access.conversation, person_ids, MemberRole::Member));
    ASSIGN_OR_RETURN(auto ids, member_ids(id));
    events_.members_added(id, ids, fresh);
    return ok_status();
  }));
  return members(actor, id);
}

// A conversation with other members always keeps an owner: the last one cannot step down or leave
// before making someone else owner (alone, they may leave).
Status ChatService::keeps_an_owner(const std::string& id, const Member& target, MemberRole new_role) {
  if (target.role != MemberRole::Owner || new_role == MemberRole::Owner) return ok_status();
  ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(id));
  int owners = 0;
  for (const auto& rights : roster->rights) owners += rights.role == MemberRole::Owner;
  if (owners <= 1 && roster->person_ids.size() > 1)
    return invalid("A conversation needs an owner: make someone else an owner first.");
  return ok_status();
}

Status ChatService::write_rights(const std::string& id, Member& target, std::optional<MemberRole> role,
                                 std::optional<bool> can_post, const std::string& actor_id, const std::string& reason) {
  bool new_role = role && *role != target.role, new_posting = can_post && *can_post != target.can_post;
  TRY(stores_.conversations().update_member(id, target.person_id, {.role = role, .can_post = can_post}));
  if (role) target.role = *role;
  if (can_post) target.can_post = *can_post;
  auto now = now_seconds();
  if (new_role)
    TRY(stores_.conversations().log_membership(
        id, {.person_id = target.person_id, .change = "role:" + std::string(domain::to_string(target.role)),
             .actor_id = actor_id, .at = now, .reason = reason}));
  if (new_posting)
    TRY(stores_.conversations().log_membership(
        id, {.person_id = target.person_id, .change = target.can_post ? "posting:on" : "posting:off",
             .actor_id = actor_id, .at = now, .reason = reason}));
  // The person's own devices enable or disable their composer; other owners' member lists follow.
  ASSIGN_OR_RETURN(auto ids, member_ids(id));
  events_.after_commit(std::move(ids), events::kMemberUpdated,
                       {{"conversation_id", id},
                        {"person_id", target.person_id},
                        {"role", domain::to_string(target.role)},
                        {"can_post", target.can_post}});
  return ok_status();
}

Result<MemberView> ChatService::set_member_role(const Actor& actor, const std::string& id, const std::string& person_id,
                                                std::optional<MemberRole> role, std::optional<bool> can_post) {
  std::optional<Member> after;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto access, membership(actor, id));
    if (access.me->role != MemberRole::Owner) return denied("Only owners can change roles.");
    TRY(writable(access.conversation));
    ASSIGN_OR_RETURN(auto target, stores_.conversations().member(id, person_id));
    if (!target) return not_found("That person is not a member.");
    if (role) TRY(keeps_an_owner(id, *target, *role));
    TRY(write_rights(id, *target, role, can_post, actor.person.id, ""));
    after = std::move(target);
    return ok_status();
  }));
  ASSIGN_OR_RETURN(auto name, person_name(person_id));
  return MemberView{*after, name};
}

// The new owner gains the owner role (and may post, also in an announcement channel); the other
// owners keep theirs unless the admin names the role they take instead.
Status ChatService::transfer_ownership(const Actor& actor, const std::string& id, const std::string& person_id,
                                       std::optional<MemberRole> previous_owners_become, const Oversight& oversight) {
  return stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto access, overseen(actor, id));
    if (access.conversation.kind == ConversationKind::Direct) return invalid("A direct conversation has no owners.");
    TRY(writable(access.conversation));
    ASSIGN_OR_RETURN(auto target, stores_.conversations().member(id, person_id));
    if (!target) return invalid("The new owner must be a member of this conversation.", "person_id");
    ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(id));
    std::vector<std::string> previous;
    for (size_t i = 0; i < roster->person_ids.size(); ++i)
      if (roster->rights[i].role == MemberRole::Owner && roster->person_ids[i] != person_id)
        previous.push_back(roster->person_ids[i]);
    TRY(write_rights(id, *target, MemberRole::Owner, true, actor.person.id, oversight.reason));
    if (previous_owners_become && *previous_owners_become != MemberRole::Owner) {
      for (const auto& owner_id : previous) {
        ASSIGN_OR_RETURN(auto owner, stores_.conversations().member(id, owner_id));
        if (!owner) continue;
        TRY(write_rights(id, *owner, *previous_owners_become, std::nullopt, actor.person.id, oversight.reason));
      }
    }
    Json became = previous_owners_become ? Json(domain::to_string(*previous_owners_become)) : Json("owner");
    return record_audit(stores_.audit(), &actor, "conversation.owner.transfer", "conversation", id,
                        {{"person_id", person_id},
                         {"previous_owners", previous},
                         {"previous_owners_became", became},
                         {"reason", oversight.reason}});
  });
}

Status ChatService::remove_member(const Actor& actor, const std::string& id, const std::string& person_id,
                                  const Oversight* oversight) {
  return stores_.transactor().in_transaction([&]() -> Status {
    Access access;
    ASSIGN_OR_RETURN(access, oversight ? overseen(actor, id) : membership(actor, id));
    bool self = person_id == actor.person.id;
    if (oversight && access.conversation.kind == ConversationKind::Direct)
      return invalid("A direct conversation has two people: archive it instead.");
    if (!oversight && !self && !domain::can_moderate(*access.me)) return denied("Only owners and moderators can remove people.");
    ASSIGN_OR_RETURN(auto target, stores_.conversations().member(id, person_id));
    if (!target) return not_found("That person is not a member.");
    if (!oversight) {
      // Owners and moderators run a smart group; they may step out of it.
      if (target->role == MemberRole::Member) TRY(membership_by_hand(access.conversation));
      if (!self && target->role != MemberRole::Member && access.me->role != MemberRole::Owner)
        return denied("Only owners can remove owners and moderators.");
    }
    TRY(keeps_an_owner(id, *target, MemberRole::Member));
    auto now = now_seconds();
    // An admin's removal from a smart group sticks: the rule would otherwise bring the person back
    // at the next directory change, so it becomes an "always exclude" exception.
    bool excluded = oversight && access.conversation.smart;
    if (excluded)
      TRY(stores_.conversations().set_exception(
          id, person_id, store::MembershipException{person_id, store::ExceptionMode::Exclude, actor.person.id, now}));
    ASSIGN_OR_RETURN(auto before, member_ids(id));
    TRY(stores_.conversations().remove_member(id, person_id));
    TRY(stores_.conversations().log_membership(
        id, {.person_id = person_id, .change = self && !oversight ? "left" : "removed", .actor_id = actor.person.id, .at = now,
             .reason = oversight ? oversight->reason : ""}));
    // Everyone who was a member hears it, the removed person included; after this they hear nothing more.
    Json event = {{"conversation_id", id}, {"person_id", person_id}};
    if (oversight) event["reason"] = "admin";
    events_.after_commit(std::move(before), events::kMemberRemoved, std::move(event));
    if (!oversight) return ok_status();
    return record_audit(stores_.audit(), &actor, "conversation.member.remove", "conversation", id,
                        {{"person_id", person_id}, {"reason", oversight->reason}, {"always_exclude", excluded}});
  });
}

// One's own settings: only the columns named change, and only while one is a member (a removal at
// the same moment is never undone).
Result<ConversationView> ChatService::settings(const Actor& actor, const std::string& id, const MemberSettings& s) {
  std::optional<ConversationView> out;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto access, membership(actor, id));
    TRY(stores_.conversations().update_member(
        id, actor.person.id, {.notification_level = s.notification_level, .muted = s.muted, .pinned = s.pinned}));
    ASSIGN_OR_RETURN(auto me, stores_.conversations().member(id, actor.person.id));
    ASSIGN_OR_RETURN(auto v, view(actor, access.conversation, me));
    events_.after_commit({actor.person.id}, events::kConversationUpdated, {{"conversation", conversation_json(v)}});
    out = std::move(v);
    return ok_status();
  }));
  return std::move(*out);
}

Status ChatService::mark_read(const Actor& actor, const std::string& id, std::int64_t seq) {
  return advance_position(actor, id, seq, events::kRead);
}

Status ChatService::mark_delivered(const Actor& actor, const std::string& id, std::int64_t seq) {
  return advance_position(actor, id, seq, events::kDelivered);
}

Status ChatService::advance_position(const Actor& actor, const std::string& id, std::int64_t seq,
                                     std::string_view kind) {
  bool read = kind == events::kRead;
  return stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto access, membership(actor, id));
    seq = std::min(seq, access.conversation.last_seq);
    auto& conversations = stores_.conversations();
    ASSIGN_OR_RETURN(bool moved, read ? conversations.advance_read(id, actor.person.id, seq)
                                      : conversations.advance_delivered(id, actor.person.id, seq));
    if (!moved) return ok_status();
    // Who may look at this position: the person's own devices, and whoever may see receipts of the
    // messages it passed (their authors, the conversation's owners and moderators).
    auto from = read ? access.me->last_read_seq : access.me->delivered_seq;
    ASSIGN_OR_RETURN(auto recipients, stores_.messages().authors(id, from, seq));
    ASSIGN_OR_RETURN(auto roster, conversations.roster(id));
    for (size_t i = 0; i < roster->person_ids.size(); ++i)
      if (domain::can_moderate(roster->rights[i].role)) recipients.push_back(roster->person_ids[i]);
    recipients.push_back(actor.person.id);
    std::sort(recipients.begin(), recipients.end());
    recipients.erase(std::unique(recipients.begin(), recipients.end()), recipients.end());
    Json event = {{"conversation_id", id}, {"person_id", actor.person.id}, {"seq", seq}};
    // When this person was the last one behind, the floors rise: the authors of the messages it
    // passes (who get this event) turn their marks to delivered or read. Most moves leave others
    // behind, which the store sees at the first such member.
    if (roster->person_ids.size() <= kMaxFloorMembers) {
      // Delivery alone leaves the read floor where it was: any other member holds it.
      auto read_from = read ? access.me->last_read_seq : std::numeric_limits<std::int64_t>::max();
      ASSIGN_OR_RETURN(bool held, conversations.floor_held_by_others(id, actor.person.id, access.me->delivered_seq, read_from));
      if (!held) {
        ASSIGN_OR_RETURN(auto floor, conversations.receipt_floor(id));
        event["delivered_all_seq"] = floor.delivered;
        event["read_all_seq"] = floor.read;
      }
    }
    events_.after_commit(std::move(recipients), kind, std::move(event));
    return ok_status();
  });
}

Result<std::optional<store::ReceiptFloor>> ChatService::receipt_floor(const Actor& actor, const std::string& id) {
  ASSIGN_OR_RETURN(auto access, readable(actor, id));
  ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(id));
  if (roster->person_ids.size() > kMaxFloorMembers) return std::optional<store::ReceiptFloor>();
  ASSIGN_OR_RETURN(auto floor, stores_.conversations().receipt_floor(id));
  return std::optional<store::ReceiptFloor>(floor);
}

void ChatService::typing(const Actor& actor, const std::string& id) {
  auto access = membership(actor, id);
  if (!access.ok()) return;
  auto ids = member_ids(id);
  if (!ids.ok()) return;
  std::erase(ids.value(), actor.person.id);
  Json event = {{"kind", events::kTyping}, {"conversation_id", id}, {"person_id", actor.person.id}, {"name", actor.person.name}};
  hub_.publish_ephemeral(ids.value(), std::make_shared<const std::string>(event.dump()));
}

}  // namespace muster::app
