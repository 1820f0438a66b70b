// A person's own account: changing the password (issue 16, docs/security.md).
#include "app/audit.hpp"
#include "app/auth_service.hpp"
#include "crypto/crypto.hpp"

namespace muster::app {

Status AuthService::change_password(const Actor& actor, const std::string& current, const std::string& next,
                                    bool end_other_sessions) {
  // A stolen, signed-in session must not become a way to guess the password: the same budgets
  // as signing in, for this account from this address.
  auto now = now_seconds();
  std::string account_key = "person:" + actor.person.id;
  std::string pair_key = account_key + " " + actor.client.ip;
  if (int wait = pair_limiter_.retry_after(pair_key, now)) return sign_in_rate_limited(wait);
  if (int wait = account_limiter_.backoff(account_key, now, config_.account_backoff_after, config_.account_backoff_cap_seconds))
    return sign_in_rate_limited(wait);
  TRY(check_password_rules(next));
  pair_limiter_.record_failure(pair_key, now);
  account_limiter_.record_failure(account_key, now);
  ASSIGN_OR_RETURN(auto hash, stores_.people().password_hash(actor.person.id));
  if (!crypto::verify_password(current, hash))
    return invalid("The current password is not correct.", "current_password").because("current_password_wrong");
  pair_limiter_.reset(pair_key);
  account_limiter_.forget_latest(account_key);
  if (current == next)
    return invalid("The new password is the same as the current one.", "new_password").because("password_unchanged");
  ASSIGN_OR_RETURN(auto next_hash, crypto::hash_password(next));
  std::vector<std::string> ended;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    // Hashing ran outside (it takes a while): the password checked must still be the one replaced.
    ASSIGN_OR_RETURN(auto still, stores_.people().password_hash(actor.person.id));
    if (still != hash) return conflict("The password was changed meanwhile; sign in again with the new one.");
    TRY(stores_.people().set_password(actor.person.id, next_hash));
    if (end_other_sessions) {
      ASSIGN_OR_RETURN(auto sessions, stores_.sessions().list_for_person(actor.person.id));
      for (const auto& s : sessions) {
        if (s.id == actor.session_id) continue;
        TRY(stores_.sessions().remove(s.id));
        ended.push_back(s.id);
      }
    }
    return record_audit(stores_.audit(), &actor, "password.change", "person", actor.person.id,
                        {{"other_sessions_ended", static_cast<std::int64_t>(ended.size())}}, actor.client.ip);
  }));
  for (const auto& id : ended) hub_.close_session(id);  // after the commit, as end_one does
  return ok_status();
}

}  // namespace muster::app
