#include "app/membership_sync.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "app/events.hpp"
#include "core/clock.hpp"

namespace muster::app {

using domain::MemberRole;
using domain::Person;

struct MembershipSync::Group {
  domain::Conversation conversation;
  domain::MembershipRule rule;
  std::map<std::string, store::ExceptionMode> exceptions;

  // Owners and moderators run the group: the rule decides everyone else.
  bool wants(const Person& p, const domain::ManagerLookup& manager_of) const {
    if (!p.active) return false;
    auto it = exceptions.find(p.id);
    if (it != exceptions.end()) return it->second == store::ExceptionMode::Include;
    return rule.matches(p, manager_of);
  }
};

namespace {

// Everyone's manager, from one read of the directory; the lookup refers to `everyone`.
domain::ManagerLookup managers_in(const std::vector<Person>& everyone) {
  auto managers = std::make_shared<std::unordered_map<std::string, const std::optional<std::string>*>>();
  managers->reserve(everyone.size());
  for (const auto& p : everyone) managers->emplace(p.id, &p.manager_id);
  return [managers](const std::string& id) -> std::optional<std::string> {
    auto it = managers->find(id);
    return it == managers->end() ? std::nullopt : *it->second;
  };
}

}  // namespace

Result<std::vector<MembershipSync::Group>> MembershipSync::load_groups() {
  ASSIGN_OR_RETURN(auto stored, stores_.conversations().smart_groups());
  std::vector<Group> out;
  for (const auto& g : stored) {
    auto json = Json::parse(g.rule_json, nullptr, false);
    auto rule = domain::MembershipRule::parse(json);
    if (!rule.ok()) return internal_error("The stored rule of " + g.id + " does not parse.");
    ASSIGN_OR_RETURN(auto c, stores_.conversations().get(g.id));
    Group group{std::move(c), std::move(rule).value(), {}};
    ASSIGN_OR_RETURN(auto exceptions, stores_.conversations().exceptions(g.id));
    for (const auto& e : exceptions) group.exceptions[e.person_id] = e.mode;
    out.push_back(std::move(group));
  }
  return out;
}

Result<bool> MembershipSync::add_membership(const domain::Conversation& c, const std::string& person_id,
                                            const std::string& actor_id, const std::string& reason) {
  ASSIGN_OR_RETURN(auto existing, stores_.conversations().member(c.id, person_id));
  if (existing) return false;
  domain::Member m;
  m.conversation_id = c.id;
  m.person_id = person_id;
  m.can_post = c.kind != domain::ConversationKind::Announcement;
  m.joined_at = now_seconds();
  m.added_by = actor_id;
  m.last_read_seq = m.delivered_seq = c.last_seq;  // earlier history is readable, not unread
  TRY(stores_.conversations().put_member(m));
  TRY(stores_.conversations().log_membership(
      c.id, {.person_id = person_id, .change = "added", .actor_id = actor_id, .at = m.joined_at, .reason = reason}));
  return true;
}

Result<bool> MembershipSync::restore_membership(const domain::Conversation& c, const std::string& person_id,
                                                const std::string& actor_id, const std::string& reason) {
  ASSIGN_OR_RETURN(bool added, add_membership(c, person_id, actor_id, reason));
  if (!added) return false;
  ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(c.id));
  events_.members_added(c.id, roster->person_ids, {person_id});
  return true;
}

Status MembershipSync::end_membership(const std::string& conversation_id, const std::string& person_id,
                                      const std::string& actor_id, const std::string& reason) {
  ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(conversation_id));
  auto member = roster->member(person_id);
  if (!member) return ok_status();
  TRY(stores_.conversations().remove_member(conversation_id, person_id));
  TRY(stores_.conversations().log_membership(
      conversation_id, {.person_id = person_id, .change = "removed", .actor_id = actor_id, .at = now_seconds(), .reason = reason}));
  // Everyone who was a member hears it, the removed person included; after this they hear nothing more.
  events_.after_commit(roster->person_ids, events::kMemberRemoved,
                       {{"conversation_id", conversation_id}, {"person_id", person_id}, {"reason", reason}});
  if (member->role == MemberRole::Owner) TRY(ensure_owner(conversation_id, person_id));
  return ok_status();
}

// The last owner left (deactivated or removed by a rule): the longest-standing member takes over,
// so a group is never left without someone who can run it.
Status MembershipSync::ensure_owner(const std::string& conversation_id, const std::string& leaving_id) {
  ASSIGN_OR_RETURN(auto c, stores_.conversations().get(conversation_id));
  if (c.kind == domain::ConversationKind::Direct) return ok_status();
  ASSIGN_OR_RETURN(auto members, stores_.conversations().members(conversation_id));  // oldest first
  if (members.empty()) return ok_status();
  for (const auto& m : members)
    if (m.role == MemberRole::Owner) return ok_status();
  auto heir = std::find_if(members.begin(), members.end(), [](const auto& m) { return m.role == MemberRole::Moderator; });
  if (heir == members.end()) heir = members.begin();
  TRY(stores_.conversations().update_member(conversation_id, heir->person_id,
                                            {.role = MemberRole::Owner, .can_post = true}));
  TRY(stores_.conversations().log_membership(
      conversation_id, {.person_id = heir->person_id, .change = "role:owner", .at = now_seconds(), .reason = "owner_left"}));
  ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(conversation_id));
  events_.after_commit(roster->person_ids, events::kMemberUpdated,
                       {{"conversation_id", conversation_id}, {"person_id", heir->person_id}, {"role", "owner"}, {"can_post", true}});
  return ok_status();
}

// One group, a set of people: the roster is read once, then the differences are written.
Status MembershipSync::settle(const Group& group, const std::vector<const Person*>& people,
                              const domain::ManagerLookup& manager_of, const std::string& actor_id) {
  const auto& id = group.conversation.id;
  ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(id));
  std::vector<std::string> added, removed;
  for (const Person* p : people) {
    auto have = roster->member(p->id);
    bool want = group.wants(*p, manager_of);
    if (want && !have) added.push_back(p->id);
    if (!want && have && have->role == MemberRole::Member) removed.push_back(p->id);
  }
  if (added.empty() && removed.empty()) return ok_status();
  auto now = now_seconds();
  for (const auto& pid : removed) {
    TRY(stores_.conversations().remove_member(id, pid));
    TRY(stores_.conversations().log_membership(
        id, {.person_id = pid, .change = "removed", .actor_id = actor_id, .at = now, .reason = "rule"}));
  }
  for (const auto& pid : added) TRY(add_membership(group.conversation, pid, actor_id, "rule"));
  // Those removed hear of their own removal and nothing after it.
  std::set<std::string> gone(removed.begin(), removed.end());
  for (const auto& pid : removed) {
    std::vector<std::string> recipients;
    for (const auto& m : roster->person_ids)
      if (m == pid || !gone.contains(m)) recipients.push_back(m);
    events_.after_commit(std::move(recipients), events::kMemberRemoved,
                         {{"conversation_id", id}, {"person_id", pid}, {"reason", "rule"}});
  }
  ASSIGN_OR_RETURN(auto after, stores_.conversations().roster(id));
  events_.members_added(id, after->person_ids, added);
  return ok_status();
}

Status MembershipSync::directory_changed(const std::vector<DirectoryChange>& changes, const std::string& actor_id) {
  std::map<std::string, const Person*> batch;
  bool line_moved = false;  // a manager or status change can move everyone below it in or out
  for (const auto& ch : changes) {
    batch[ch.after.id] = &ch.after;
    bool was_active = ch.before && ch.before->active;
    line_moved |= !ch.before || ch.before->manager_id != ch.after.manager_id || was_active != ch.after.active;
    if (ch.before && was_active && !ch.after.active) {
      ASSIGN_OR_RETURN(auto rows, stores_.conversations().list_for_person(ch.after.id));
      for (const auto& row : rows) TRY(end_membership(row.conversation.id, ch.after.id, actor_id, "deactivated"));
    }
  }
  ASSIGN_OR_RETURN(auto groups, load_groups());
  if (groups.empty()) return ok_status();

  std::map<std::string, std::optional<std::string>> managers;  // looked up once per call
  domain::ManagerLookup manager_of = [&](const std::string& id) -> std::optional<std::string> {
    if (auto it = batch.find(id); it != batch.end()) return it->second->manager_id;
    auto [it, fresh] = managers.try_emplace(id);
    if (fresh) {
      auto p = stores_.people().get(id);
      if (p.ok()) it->second = p->manager_id;
    }
    return it->second;
  };

  std::vector<const Person*> subjects;
  for (const auto& [_, p] : batch) subjects.push_back(p);
  // Rules over the reporting line: the people below a moved person are evaluated too.
  std::shared_ptr<const std::vector<Person>> everyone;  // keeps `subjects` below the batch alive
  bool line_rules = std::any_of(groups.begin(), groups.end(), [](const Group& g) { return g.rule.uses_manager(); });
  if (line_rules && line_moved) {
    ASSIGN_OR_RETURN(everyone, stores_.people().all());
    std::multimap<std::string, const Person*> reports;
    for (const auto& p : *everyone)
      if (p.manager_id) reports.emplace(*p.manager_id, &p);
    std::set<std::string> seen;
    for (const auto& [id, _] : batch) seen.insert(id);
    std::vector<std::string> queue(seen.begin(), seen.end());
    while (!queue.empty()) {
      auto id = std::move(queue.back());
      queue.pop_back();
      auto [from, to] = reports.equal_range(id);
      for (auto it = from; it != to; ++it)
        if (seen.insert(it->second->id).second) {
          subjects.push_back(it->second);
          queue.push_back(it->second->id);
        }
    }
  }
  for (const auto& g : groups) TRY(settle(g, subjects, manager_of, actor_id));
  return ok_status();
}

Status MembershipSync::apply_rule(const std::string& conversation_id, const std::string& actor_id) {
  ASSIGN_OR_RETURN(auto groups, load_groups());
  auto group = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.conversation.id == conversation_id; });
  if (group == groups.end()) return ok_status();
  ASSIGN_OR_RETURN(auto everyone, stores_.people().all());
  auto manager_of = managers_in(*everyone);
  std::vector<const Person*> subjects;
  for (const auto& p : *everyone) subjects.push_back(&p);
  return settle(*group, subjects, manager_of, actor_id);
}

Result<RulePreview> MembershipSync::preview(const std::string& conversation_id, const domain::MembershipRule& rule) {
  Group group{{}, rule, {}};
  std::shared_ptr<const store::Roster> roster = std::make_shared<store::Roster>();
  if (!conversation_id.empty()) {
    ASSIGN_OR_RETURN(roster, stores_.conversations().roster(conversation_id));
    ASSIGN_OR_RETURN(auto exceptions, stores_.conversations().exceptions(conversation_id));
    for (const auto& e : exceptions) group.exceptions[e.person_id] = e.mode;
  }
  ASSIGN_OR_RETURN(auto everyone, stores_.people().all());
  auto manager_of = managers_in(*everyone);
  std::vector<const Person*> by_name;
  for (const auto& p : *everyone) by_name.push_back(&p);
  std::sort(by_name.begin(), by_name.end(), [](const Person* a, const Person* b) { return a->name < b->name; });
  RulePreview out;
  for (const Person* p : by_name) {
    auto have = roster->member(p->id);
    bool want = group.wants(*p, manager_of) || (have && have->role != MemberRole::Member);
    out.members += want;
    if (want && !have) out.added.push_back(p->id);
    if (!want && have) out.removed.push_back(p->id);
  }
  return out;
}

}  // namespace muster::app
