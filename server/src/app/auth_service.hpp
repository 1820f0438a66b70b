// Organization setup, sign-in, sessions and invitations.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/rate_limiter.hpp"
#include "app/offset_clock.hpp"
#include "app/sign_in_watch.hpp"
#include "domain/policies.hpp"
#include "realtime/hub.hpp"
#include "store/store.hpp"

namespace muster::app {

struct NewOwner {
  std::string name;
  std::string name_latin;
  std::string email;
  std::string phone;
  std::string password;
};

// A sign-in that needs one more step (two-factor) before it gets a session.
struct SecondStep {
  std::string token;    // short-lived, single-use; posted back with the code
  std::string purpose;  // "code": a TOTP or recovery code; "enrol": set two-factor up first
  UnixSeconds expires_at = 0;
};

struct SignedIn {
  domain::Person person;
  std::string token;  // the secret: a cookie value or a bearer token
  std::string csrf_token;
  std::string session_id;
  UnixSeconds expires_at = 0;  // by the organization's session lifetime

  std::optional<SecondStep> second_step;  // set instead of a session (token empty)
  // Two-factor is required of this person and not set up yet: sign-in needs it after this time.
  std::optional<UnixSeconds> two_factor_setup_by;
};

// Asked after a correct password whether sign-in needs a second step (app/two_factor_service.hpp).
struct SignInGateAnswer {
  std::optional<SecondStep> second_step;
  std::optional<UnixSeconds> setup_by;
};
class SignInGate {
 public:
  virtual ~SignInGate() = default;
  virtual Result<SignInGateAnswer> after_password(const domain::Person& person, const std::string& kind,
                                                  const ClientInfo& client) = 0;
};

struct InvitationLink {
  std::string token;
  UnixSeconds expires_at = 0;
};

struct InvitationInfo {
  std::string name;
  store::Organization organization;
  UnixSeconds expires_at = 0;
  // The person has a password already: the link is for a new one (a forgotten password), and
  // using it signs every device of theirs out.
  bool reset = false;
};

class AuthService {
 public:
  AuthService(store::Stores& stores, realtime::Hub& hub, AppConfig config);

  Result<bool> setup_needed();
  Result<SignedIn> setup(const std::string& org_name, const std::string& language, NewOwner owner,
                         const ClientInfo& client);
  // Headless setup from the command line: no session.
  Result<domain::Person> setup_offline(const std::string& org_name, const std::string& language, NewOwner owner);
  Status reset_password_offline(const std::string& login, const std::string& password);

  // kind: "cookie" (web, with CSRF token) or "bearer" (API clients).
  Result<SignedIn> sign_in(const std::string& login, const std::string& password, const std::string& kind,
                           const ClientInfo& client);
  // Resolves a session token to the acting person; Unauthenticated when unknown, expired or deactivated.
  Result<Actor> authenticate(const std::string& token, const ClientInfo& client);
  Status sign_out(const Actor& actor);
  Result<std::vector<store::Session>> sessions(const Actor& actor);
  Status end_session(const Actor& actor, const std::string& session_id);
  Result<domain::Person> set_language(const Actor& actor, std::optional<std::string> language);

  // --- A person's own account (app/auth_account.cpp) ---
  // Needs the current password (wrong guesses count against the sign-in limits of the account);
  // `end_other_sessions` signs every other device out. Audited, without the passwords.
  Status change_password(const Actor& actor, const std::string& current, const std::string& next,
                         bool end_other_sessions);

  Result<InvitationLink> issue_invitation(const std::string& person_id);
  Result<InvitationInfo> invitation(const std::string& token);
  Result<SignedIn> accept_invitation(const std::string& token, const std::string& password, const ClientInfo& client);

  // Ends every session and live connection of a person (deactivation).
  Status end_all_sessions(const std::string& person_id);

  // --- Session policies, devices, "end and erase" (app/auth_sessions.cpp) ---
  using PolicySource = std::function<std::shared_ptr<const domain::OrgPolicies>()>;
  // Set once at start-up, before serving: where the organization's policies are read (kept in
  // memory by the chat service). Until then the defaults apply.
  void use_policies(PolicySource source) { policies_ = std::move(source); }
  void use_clock(OffsetClock clock) { clock_ = std::move(clock); }
  // "End" signs that device out; `erase` also tells it to erase its local data: at once when it
  // is connected (close code 4011), else at its next request (session_erased).
  Status end_session(const Actor& actor, const std::string& session_id, bool erase);
  // An admin's view of a person's devices, and ending one of them (audited).
  Result<std::vector<store::Session>> person_sessions(const Actor& admin, const std::string& person_id);
  Status end_person_session(const Actor& admin, const std::string& person_id, const std::string& session_id,
                            bool erase);
  // Ends the sessions past their lifetime or idle timeout and closes their sockets (a periodic job).
  Result<int> end_lapsed_sessions();
  // A WebSocket client acting (sending, typing) uses its session as a request does. The caller
  // calls this at most once a minute per socket.
  void note_use(const std::string& session_id);

  // Two-factor sign-in (app/auth_second_step.cpp). The gate is asked after every correct password.
  void set_sign_in_gate(SignInGate* gate) { gate_ = gate; }
  // A second-factor code counts against the sign-in limits like a password: this checks them and
  // counts the attempt as failed up front (RateLimited when over); succeeded() takes it back.
  Status begin_second_step_attempt(const std::string& person_id, const std::string& ip);
  void second_step_succeeded(const std::string& person_id, const std::string& ip);
  // The session at the end of a completed second step.
  Result<SignedIn> open_second_step_session(const domain::Person& person, const std::string& kind,
                                            const ClientInfo& client);

 private:
  Result<SignedIn> open_session(const domain::Person& person, const std::string& kind, const ClientInfo& client);
  // After a correct password: the gate's second step, or a session.
  Result<SignedIn> finish_sign_in(const domain::Person& person, const std::string& kind, const ClientInfo& client);
  Result<domain::Person> create_owner(const std::string& org_name, const std::string& language, NewOwner owner,
                                      const ClientInfo& client);

  Status end_one(const store::Session& session, bool erase, const Actor* admin);
  domain::OrgPolicies current_policies() const;
  void tell_of_failed_sign_ins(const std::string& person_id, const std::vector<FailedAttempt>& attempts);

  store::Stores& stores_;
  realtime::Hub& hub_;
  AppConfig config_;
  PolicySource policies_;
  OffsetClock clock_;
  SignInWatch sign_in_watch_{5, 15 * 60};  // 5 failures within 15 minutes: the person is told
  RateLimiter pair_limiter_;     // account and address: a strict limit
  RateLimiter address_limiter_;  // an address over all accounts: a strict limit
  RateLimiter account_limiter_;  // an account over all addresses: a gentle back-off
  SignInGate* gate_ = nullptr;   // set once at start-up, before serving
};

Status check_password_rules(const std::string& password);
// RateLimited, with the wait, for too many wrong passwords.
Error sign_in_rate_limited(int seconds);

}  // namespace muster::app
