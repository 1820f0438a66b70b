#include "app/governance_service.hpp"

#include <algorithm>
#include <set>

#include "app/audit.hpp"

namespace muster::app {

using domain::ConversationKind;

namespace {
constexpr size_t kNamesShown = 20;
}

Status GovernanceService::check_admin(const Actor& actor) {
  if (!actor.is_admin()) return denied("Only administrators can do this.");
  return ok_status();
}

// Rules drive channels and announcement channels: groups and direct conversations stay personal.
Result<domain::Conversation> GovernanceService::channel(const std::string& conversation_id) {
  auto c = stores_.conversations().get(conversation_id);
  if (!c.ok()) return not_found("No such conversation.");
  if (c->kind != ConversationKind::Channel && c->kind != ConversationKind::Announcement)
    return invalid("Only channels and announcement channels can follow a rule.");
  return c;
}

Result<NamedPreview> GovernanceService::named(const RulePreview& p) {
  NamedPreview out;
  out.members = p.members;
  out.added_count = static_cast<int>(p.added.size());
  out.removed_count = static_cast<int>(p.removed.size());
  auto names = [&](const std::vector<std::string>& ids, std::vector<NamedPerson>& into) -> Status {
    for (size_t i = 0; i < ids.size() && i < kNamesShown; ++i) {
      ASSIGN_OR_RETURN(auto person, stores_.people().get(ids[i]));
      into.push_back({person.id, person.name});
    }
    return ok_status();
  };
  TRY(names(p.added, out.added));
  TRY(names(p.removed, out.removed));
  return out;
}

Result<RuleView> GovernanceService::rule(const Actor& actor, const std::string& conversation_id) {
  TRY(check_admin(actor));
  TRY(channel(conversation_id));
  RuleView out;
  ASSIGN_OR_RETURN(auto stored, stores_.conversations().rule(conversation_id));
  if (stored) out.rule = Json::parse(*stored, nullptr, false);
  ASSIGN_OR_RETURN(auto exceptions, stores_.conversations().exceptions(conversation_id));
  for (auto& e : exceptions) {
    auto person = stores_.people().get(e.person_id);
    out.exceptions.push_back({std::move(e), person.ok() ? person->name : ""});
  }
  return out;
}

Result<NamedPreview> GovernanceService::preview(const Actor& actor, const std::string& conversation_id, const Json& json) {
  TRY(check_admin(actor));
  if (!conversation_id.empty()) TRY(channel(conversation_id));
  ASSIGN_OR_RETURN(auto rule, domain::MembershipRule::parse(json));
  ASSIGN_OR_RETURN(auto p, memberships_.preview(conversation_id, rule));
  return named(p);
}

Result<NamedPreview> GovernanceService::set_rule(const Actor& actor, const std::string& conversation_id,
                                                 const std::optional<Json>& json) {
  TRY(check_admin(actor));
  std::optional<domain::MembershipRule> rule;
  if (json) {
    ASSIGN_OR_RETURN(rule, domain::MembershipRule::parse(*json));
  }
  RulePreview done;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto c, channel(conversation_id));
    if (c.archived) return denied("This conversation is archived: it is read-only.");
    if (rule) {
      ASSIGN_OR_RETURN(done, memberships_.preview(conversation_id, *rule));
    }
    TRY(stores_.conversations().set_rule(conversation_id, rule ? std::optional(rule->json().dump()) : std::nullopt));
    // Turned back into a channel by hand: the members stay, and exceptions no longer mean anything.
    if (!rule) {
      ASSIGN_OR_RETURN(auto exceptions, stores_.conversations().exceptions(conversation_id));
      for (const auto& e : exceptions) TRY(stores_.conversations().set_exception(conversation_id, e.person_id, std::nullopt));
      ASSIGN_OR_RETURN(auto roster, stores_.conversations().roster(conversation_id));
      done.members = static_cast<int>(roster->person_ids.size());
    }
    TRY(memberships_.apply_rule(conversation_id, actor.person.id));
    return record_audit(stores_.audit(), &actor, rule ? "conversation.rule.set" : "conversation.rule.clear",
                        "conversation", conversation_id,
                        {{"rule", rule ? rule->json() : Json(nullptr)},
                         {"added", done.added.size()},
                         {"removed", done.removed.size()}});
  }));
  return named(done);
}

Status GovernanceService::set_exception(const Actor& actor, const std::string& conversation_id,
                                        const std::string& person_id, std::optional<store::ExceptionMode> mode) {
  TRY(check_admin(actor));
  return stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto c, channel(conversation_id));
    if (!c.smart) return invalid("This channel's members are chosen by hand: add or remove them instead.");
    auto person = stores_.people().get(person_id);
    if (!person.ok()) return invalid("No such person.", "person_id");
    std::optional<store::MembershipException> e;
    if (mode) e = store::MembershipException{person_id, *mode, actor.person.id, now_seconds()};
    TRY(stores_.conversations().set_exception(conversation_id, person_id, e));
    TRY(memberships_.apply_rule(conversation_id, actor.person.id));
    std::string what = !mode ? "none" : *mode == store::ExceptionMode::Include ? "include" : "exclude";
    return record_audit(stores_.audit(), &actor, "conversation.exception", "conversation", conversation_id,
                        {{"person_id", person_id}, {"mode", what}});
  });
}

Result<std::vector<FormerMembership>> GovernanceService::former_memberships(const Actor& actor,
                                                                            const std::string& person_id) {
  TRY(check_admin(actor));
  auto person = stores_.people().get(person_id);
  if (!person.ok()) return not_found("No such person.");
  ASSIGN_OR_RETURN(auto log, stores_.conversations().person_membership_log(person_id, 5000));
  std::set<std::string> seen;  // the newest entry per conversation decides
  std::vector<FormerMembership> out;
  for (const auto& e : log) {
    if (!seen.insert(e.conversation_id).second) continue;
    if (e.change != "removed" || e.reason != "deactivated") continue;
    auto c = stores_.conversations().get(e.conversation_id);
    if (!c.ok() || c->smart) continue;  // smart groups come back by their rule
    ASSIGN_OR_RETURN(auto member, stores_.conversations().member(c->id, person_id));
    if (member) continue;
    out.push_back({c->id, c->name, c->kind, e.at});
  }
  return out;
}

Result<std::vector<FormerMembership>> GovernanceService::restore(const Actor& actor, const std::string& person_id,
                                                                 const std::vector<std::string>& ids) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto person, stores_.people().get(person_id));
  if (!person.active) return invalid("Reactivate this person first.");
  ASSIGN_OR_RETURN(auto former, former_memberships(actor, person_id));
  std::vector<FormerMembership> restored;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    for (const auto& id : ids) {
      auto it = std::find_if(former.begin(), former.end(), [&](const auto& f) { return f.conversation_id == id; });
      if (it == former.end()) return invalid("'" + id + "' is not one of this person's former conversations.", "conversation_ids");
      ASSIGN_OR_RETURN(auto c, stores_.conversations().get(id));
      ASSIGN_OR_RETURN(bool added, memberships_.restore_membership(c, person_id, actor.person.id, "reactivated"));
      if (added) restored.push_back(*it);
    }
    return record_audit(stores_.audit(), &actor, "person.memberships.restore", "person", person_id,
                        {{"conversation_ids", ids}});
  }));
  return restored;
}

}  // namespace muster::app
