// Organization setup, sign-in, sessions and invitations.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/rate_limiter.hpp"
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

struct SignedIn {
  domain::Person person;
  std::string token;  // the secret: a cookie value or a bearer token
  std::string csrf_token;
  std::string session_id;
};

struct InvitationLink {
  std::string token;
  UnixSeconds expires_at = 0;
};

struct InvitationInfo {
  std::string name;
  store::Organization organization;
  UnixSeconds expires_at = 0;
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

  Result<InvitationLink> issue_invitation(const std::string& person_id);
  Result<InvitationInfo> invitation(const std::string& token);
  Result<SignedIn> accept_invitation(const std::string& token, const std::string& password, const ClientInfo& client);

  // Ends every session and live connection of a person (deactivation).
  Status end_all_sessions(const std::string& person_id);

 private:
  Result<SignedIn> open_session(const domain::Person& person, const std::string& kind, const ClientInfo& client);
  Result<domain::Person> create_owner(const std::string& org_name, const std::string& language, NewOwner owner,
                                      const ClientInfo& client);

  store::Stores& stores_;
  realtime::Hub& hub_;
  AppConfig config_;
  RateLimiter pair_limiter_;     // account and address: a strict limit
  RateLimiter address_limiter_;  // an address over all accounts: a strict limit
  RateLimiter account_limiter_;  // an account over all addresses: a gentle back-off
};

Status check_password_rules(const std::string& password);

}  // namespace muster::app
