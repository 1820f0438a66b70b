// Session policies, devices and "end and erase", and the notice of failed sign-ins: the parts of
// AuthService that issue 14 added (docs/security.md, "Sessions and devices").
#include <set>

#include <spdlog/spdlog.h>

#include "app/audit.hpp"
#include "app/auth_service.hpp"
#include "app/event_publisher.hpp"
#include "app/events.hpp"
#include "domain/session_rules.hpp"
#include "domain/user_agent.hpp"
#include "store/moderation_store.hpp"

namespace muster::app {

domain::OrgPolicies AuthService::current_policies() const {
  if (policies_)
    if (auto p = policies_()) return *p;
  domain::OrgPolicies defaults;
  defaults.session_lifetime_minutes = config_.session_ttl_seconds / 60;
  return defaults;
}

Status AuthService::end_one(const store::Session& session, bool erase, const Actor* admin) {
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.sessions().remove(session.id));
    if (erase) TRY(stores_.sessions().add_tombstone(session, clock_.now()));
    if (!admin) return ok_status();
    return record_audit(stores_.audit(), admin, erase ? "session.end_and_erase" : "session.end", "person",
                        session.person_id,
                        {{"session_id", session.id}, {"device", domain::device_name(session.device)}});
  }));
  // After the commit: its sockets close at once (on their own strands; no lock held here).
  if (erase)
    hub_.erase_session(session.id);
  else
    hub_.close_session(session.id);
  return ok_status();
}

Status AuthService::end_session(const Actor& actor, const std::string& session_id, bool erase) {
  ASSIGN_OR_RETURN(auto mine, stores_.sessions().list_for_person(actor.person.id));
  for (const auto& s : mine)
    if (s.id == session_id) return end_one(s, erase, nullptr);
  return not_found("No such session.");
}

Result<std::vector<store::Session>> AuthService::person_sessions(const Actor& admin, const std::string& person_id) {
  if (!admin.is_admin()) return denied("Only admins may see another person's devices.");
  TRY(stores_.people().get(person_id));  // NotFound for an unknown person
  return stores_.sessions().list_for_person(person_id);
}

Status AuthService::end_person_session(const Actor& admin, const std::string& person_id,
                                       const std::string& session_id, bool erase) {
  ASSIGN_OR_RETURN(auto theirs, person_sessions(admin, person_id));
  for (const auto& s : theirs)
    if (s.id == session_id) return end_one(s, erase, &admin);
  return not_found("No such session.");
}

Result<int> AuthService::end_lapsed_sessions() {
  auto now = clock_.now();
  auto policies = current_policies();
  ASSIGN_OR_RETURN(auto all, stores_.sessions().list_all());
  int ended = 0;
  for (const auto& s : all) {
    auto state = domain::session_state({s.created_at, s.last_seen_at, s.expires_at}, policies.session_lifetime_minutes,
                                       policies.idle_timeout_minutes, now);
    if (state == domain::SessionState::Live) continue;
    TRY(stores_.sessions().remove(s.id));
    hub_.close_session(s.id);
    ++ended;
  }
  TRY(stores_.sessions().remove_tombstones_before(now));
  return ended;
}

void AuthService::note_use(const std::string& session_id) {
  (void)stores_.sessions().touch(session_id, clock_.now());
}

void AuthService::tell_of_failed_sign_ins(const std::string& person_id, const std::vector<FailedAttempt>& attempts) {
  if (attempts.empty()) return;
  Json list = Json::array();
  std::set<std::string> addresses;
  // The latest ten are enough to recognize where they came from.
  for (auto it = attempts.size() > 10 ? attempts.end() - 10 : attempts.begin(); it != attempts.end(); ++it)
    list.push_back({{"at", to_rfc3339(it->at)}, {"ip", it->ip}});
  for (const auto& a : attempts) addresses.insert(a.ip);
  Json body = {{"count", attempts.size()},
               {"first_at", to_rfc3339(attempts.front().at)},
               {"last_at", to_rfc3339(attempts.back().at)},
               {"addresses", Json(std::vector<std::string>(addresses.begin(), addresses.end()))},
               {"attempts", std::move(list)}};
  EventPublisher events(stores_.transactor(), hub_);
  auto done = stores_.transactor().in_transaction([&]() -> Status {
    store::Notice n{.person_id = person_id, .kind = "sign_in_failures", .body_json = body.dump(), .at = now_seconds()};
    TRY(stores_.moderation().add_notice(n));
    events.after_commit({person_id}, events::kNotice,
                        {{"notice", {{"id", n.id}, {"kind", n.kind}, {"body", body}, {"at", to_rfc3339(n.at)}}}});
    return ok_status();
  });
  if (!done.ok()) spdlog::warn("failed sign-in notice not stored: {}", done.error().message);
}

}  // namespace muster::app
