#include "app/auth_service.hpp"

#include "app/audit.hpp"
#include "crypto/crypto.hpp"
#include "domain/common_passwords.hpp"
#include "domain/session_rules.hpp"
#include "domain/text/arabic.hpp"

namespace muster::app {

namespace {

Error bad_credentials() {
  return {ErrorCode::Unauthenticated, "The sign-in details are not correct, or the account is not active."};
}


// Keeps a failed sign-in for an unknown login as slow as one for a known login.
const std::string& decoy_hash() {
  static const std::string hash = crypto::hash_password("decoy-password-for-timing").value();
  return hash;
}

}  // namespace

Error sign_in_rate_limited(int seconds) {
  Error e{ErrorCode::RateLimited, "Too many failed sign-in attempts. Try again later."};
  e.retry_after_seconds = seconds > 0 ? seconds : 1;
  return e;
}

Status check_password_rules(const std::string& password) {
  auto length = domain::utf8_length(password);
  if (length < 8) return invalid("The password must have at least 8 characters.", "password").because("password_too_short", {{"min", "8"}});
  if (length > 256) return invalid("The password must have at most 256 characters.", "password").because("field_too_long", {{"max", "256"}});
  if (domain::is_common_password(password))
    return Error{ErrorCode::PasswordTooCommon,
                 "This password is too common: it is on a list of passwords that attackers try first. Choose another.",
                 "password"};
  return ok_status();
}

AuthService::AuthService(store::Stores& stores, realtime::Hub& hub, AppConfig config)
    : stores_(stores),
      hub_(hub),
      config_(config),
      pair_limiter_(config.account_failures_allowed, config.failure_window_seconds),
      address_limiter_(config.address_failures_allowed, config.failure_window_seconds),
      account_limiter_(config.account_backoff_after, config.failure_window_seconds) {}

Result<bool> AuthService::setup_needed() {
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  return !org.has_value();
}

Result<domain::Person> AuthService::create_owner(const std::string& org_name, const std::string& language,
                                                 NewOwner owner, const ClientInfo& client) {
  if (org_name.empty()) return invalid("Organization name is required.", "organization_name");
  if (domain::utf8_length(org_name) > 200) return invalid("Organization name is too long.", "organization_name");
  if (!domain::is_valid_language(language)) return invalid("Language must be 'ar' or 'en'.", "default_language");
  if (owner.email.empty()) return invalid("The owner's email is required.", "email");
  TRY(check_password_rules(owner.password));
  ASSIGN_OR_RETURN(auto hash, crypto::hash_password(owner.password));

  domain::Person person;
  person.id = crypto::random_id("p");
  person.name = owner.name;
  person.name_latin = owner.name_latin;
  person.email = owner.email;
  person.phone = owner.phone;
  person.role = domain::Role::Owner;
  person.created_at = person.updated_at = now_seconds();
  TRY(domain::validate_person(person));

  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto existing, stores_.organization().get());
    if (existing) return conflict("This Muster is already set up.");
    store::Organization org;
    org.name = org_name;
    org.default_language = language;
    org.created_at = person.created_at;
    TRY(stores_.organization().put(org));
    TRY(stores_.people().insert(person));
    TRY(stores_.people().set_password(person.id, hash));
    Actor actor{person, "", client, ""};
    return record_audit(stores_.audit(), &actor, "setup", "organization", "", {{"name", org_name}});
  }));
  person.has_account = true;
  return person;
}

Result<SignedIn> AuthService::setup(const std::string& org_name, const std::string& language, NewOwner owner,
                                    const ClientInfo& client) {
  ASSIGN_OR_RETURN(auto person, create_owner(org_name, language, std::move(owner), client));
  return open_session(person, "cookie", client);
}

Result<domain::Person> AuthService::setup_offline(const std::string& org_name, const std::string& language,
                                                  NewOwner owner) {
  return create_owner(org_name, language, std::move(owner), ClientInfo{"", "command line"});
}

Status AuthService::reset_password_offline(const std::string& login, const std::string& password) {
  TRY(check_password_rules(password));
  ASSIGN_OR_RETURN(auto person, stores_.people().find_by_login(login));
  ASSIGN_OR_RETURN(auto hash, crypto::hash_password(password));
  return stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.people().set_password(person.id, hash));
    TRY(stores_.sessions().remove_all_for_person(person.id));
    return record_audit(stores_.audit(), nullptr, "password.reset", "person", person.id, {{"via", "cli"}});
  });
}

Result<SignedIn> AuthService::open_session(const domain::Person& person, const std::string& kind,
                                           const ClientInfo& client) {
  SignedIn out;
  out.person = person;
  out.token = crypto::random_token();
  out.csrf_token = kind == "cookie" ? crypto::random_token() : "";
  out.session_id = crypto::random_id("s");
  auto now = clock_.now();
  out.expires_at = now + static_cast<UnixSeconds>(current_policies().session_lifetime_minutes) * 60;
  store::Session session{out.session_id, person.id, crypto::token_digest(out.token), out.csrf_token, kind,
                         client.device,  client.ip, now, now, out.expires_at};
  TRY(stores_.sessions().insert(session));
  return out;
}

Result<SignedIn> AuthService::sign_in(const std::string& login, const std::string& password, const std::string& kind,
                                      const ClientInfo& client) {
  auto now = now_seconds();
  if (int wait = address_limiter_.retry_after(client.ip, now)) return sign_in_rate_limited(wait);
  auto person = stores_.people().find_by_login(login);
  // One budget per account, whichever of email, phone or employee id is typed.
  std::string account_key = person.ok() ? "person:" + person->id : "login:" + domain::normalize_for_search(login);
  // Guesses from one address against one account are cut off; guesses against the account from
  // everywhere only slow down, so someone guessing elsewhere cannot lock its owner out.
  std::string pair_key = account_key + " " + client.ip;
  if (int wait = pair_limiter_.retry_after(pair_key, now)) return sign_in_rate_limited(wait);
  if (int wait = account_limiter_.backoff(account_key, now, config_.account_backoff_after, config_.account_backoff_cap_seconds))
    return sign_in_rate_limited(wait);
  // Count the attempt before the slow password check, so a burst of parallel guesses cannot all
  // slip past the limit; a correct password takes it back.
  address_limiter_.record_failure(client.ip, now);
  pair_limiter_.record_failure(pair_key, now);
  account_limiter_.record_failure(account_key, now);
  bool ok = false;
  if (person.ok()) {
    ASSIGN_OR_RETURN(auto hash, stores_.people().password_hash(person->id));
    ok = crypto::verify_password(password, hash) && person->active;
  } else {
    (void)crypto::verify_password(password, decoy_hash());
  }
  if (!ok) {
    if (person.ok()) tell_of_failed_sign_ins(person->id, sign_in_watch_.failed(person->id, client.ip, now));
    return bad_credentials();
  }
  address_limiter_.forget_latest(client.ip);
  pair_limiter_.reset(pair_key);
  account_limiter_.forget_latest(account_key);
  return finish_sign_in(person.value(), kind, client);
}

Result<Actor> AuthService::authenticate(const std::string& token, const ClientInfo& client) {
  if (token.empty() || token.size() > 128) return Error{ErrorCode::Unauthenticated, "Sign in to continue."};
  auto digest = crypto::token_digest(token);
  auto session = stores_.sessions().find_by_digest(digest);
  auto now = clock_.now();
  if (!session.ok()) {
    // A session ended with "end and erase" answers so at every later contact, until it would have expired.
    if (session.error().code == ErrorCode::NotFound)
      if (auto erased = stores_.sessions().has_tombstone(digest, now); erased.ok() && erased.value())
        return Error{ErrorCode::SessionErased, "This device was signed out and must erase its local data."};
    return Error{ErrorCode::Unauthenticated, "Sign in to continue."};
  }
  auto policies = current_policies();
  auto state = domain::session_state({session->created_at, session->last_seen_at, session->expires_at},
                                     policies.session_lifetime_minutes, policies.idle_timeout_minutes, now);
  if (state != domain::SessionState::Live) {
    // Refused by its expiry whether or not the row is gone yet: the removal is not waited for
    // (authentication also runs on I/O threads, for quick routes). It refers to the session store
    // only, which the stores keep until everything submitted is stored.
    stores_.transactor().submit([&sessions = stores_.sessions(), id = session->id] { return sessions.remove(id); },
                                [](Status) {});
    return Error{ErrorCode::Unauthenticated, state == domain::SessionState::Idle
                                                 ? "You were signed out after a time without use. Sign in again."
                                                 : "Your session has expired. Sign in again."};
  }
  auto person = stores_.people().get(session->person_id);
  if (!person.ok() || !person->active) return Error{ErrorCode::Unauthenticated, "Sign in to continue."};
  // last_seen_at is for people reading their session list: a minute's precision is enough and
  // spares a write on every request.
  if (now - session->last_seen_at >= domain::kLastUseGranularitySeconds) (void)stores_.sessions().touch(session->id, now);
  Actor actor{person.value(), session->id, client, session->csrf_token};
  return actor;
}

Status AuthService::sign_out(const Actor& actor) {
  TRY(stores_.sessions().remove(actor.session_id));
  hub_.close_session(actor.session_id);
  return ok_status();
}

Result<std::vector<store::Session>> AuthService::sessions(const Actor& actor) {
  return stores_.sessions().list_for_person(actor.person.id);
}

Status AuthService::end_session(const Actor& actor, const std::string& session_id) {
  return end_session(actor, session_id, false);
}

Result<domain::Person> AuthService::set_language(const Actor& actor, std::optional<std::string> language) {
  domain::Person person = actor.person;  // the session's copy: only the language is written back
  person.language = std::move(language);
  person.updated_at = now_seconds();
  TRY(domain::validate_person(person));
  TRY(stores_.people().set_language(person.id, person.language, person.updated_at));
  return stores_.people().get(person.id);
}

Result<InvitationLink> AuthService::issue_invitation(const std::string& person_id) {
  InvitationLink link{crypto::random_token(), now_seconds() + config_.invitation_ttl_seconds};
  TRY(stores_.invitations().replace(
      {crypto::token_digest(link.token), person_id, now_seconds(), link.expires_at, std::nullopt}));
  return link;
}

Result<InvitationInfo> AuthService::invitation(const std::string& token) {
  if (token.empty() || token.size() > 128) return not_found("This invitation link is not valid.");
  ASSIGN_OR_RETURN(auto inv, stores_.invitations().find(crypto::token_digest(token)));
  if (inv.used_at) return Error{ErrorCode::Gone, "This invitation link has already been used."};
  if (inv.expires_at <= now_seconds())
    return Error{ErrorCode::Gone, "This invitation link has expired. Ask your administrator for a new one."};
  ASSIGN_OR_RETURN(auto person, stores_.people().get(inv.person_id));
  if (!person.active) return Error{ErrorCode::Gone, "This invitation is no longer valid."};
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  if (!org) return Error{ErrorCode::SetupRequired, "Muster is not set up yet."};
  ASSIGN_OR_RETURN(auto hash, stores_.people().password_hash(person.id));
  return InvitationInfo{person.name, *org, inv.expires_at, !hash.empty()};
}

Result<SignedIn> AuthService::accept_invitation(const std::string& token, const std::string& password,
                                                const ClientInfo& client) {
  TRY(invitation(token));  // same checks and messages as showing it
  TRY(check_password_rules(password));
  ASSIGN_OR_RETURN(auto hash, crypto::hash_password(password));
  ASSIGN_OR_RETURN(auto inv, stores_.invitations().find(crypto::token_digest(token)));
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.invitations().mark_used(inv.token_digest, now_seconds()));  // Gone if a racing accept won
    TRY(stores_.people().set_password(inv.person_id, hash));
    // A reset link: whoever knew the old password is signed out everywhere.
    TRY(stores_.sessions().remove_all_for_person(inv.person_id));
    return ok_status();
  }));
  hub_.close_person(inv.person_id);
  ASSIGN_OR_RETURN(auto person, stores_.people().get(inv.person_id));
  return open_session(person, "cookie", client);
}

Status AuthService::end_all_sessions(const std::string& person_id) {
  TRY(stores_.sessions().remove_all_for_person(person_id));
  hub_.close_person(person_id);
  return ok_status();
}

}  // namespace muster::app
