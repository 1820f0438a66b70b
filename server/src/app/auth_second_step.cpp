// The parts of AuthService that two-factor sign-in uses: the gate after the password, and the
// sign-in limits shared by passwords and second-factor codes.
#include "app/auth_service.hpp"

namespace muster::app {

Result<SignedIn> AuthService::finish_sign_in(const domain::Person& person, const std::string& kind,
                                             const ClientInfo& client) {
  SignInGateAnswer answer;
  if (gate_) {
    ASSIGN_OR_RETURN(answer, gate_->after_password(person, kind, client));
  }
  if (answer.second_step) {
    SignedIn out;
    out.person = person;
    out.second_step = answer.second_step;
    return out;
  }
  ASSIGN_OR_RETURN(auto in, open_session(person, kind, client));
  in.two_factor_setup_by = answer.setup_by;
  return in;
}

Status AuthService::begin_second_step_attempt(const std::string& person_id, const std::string& ip) {
  auto now = now_seconds();
  // The same keys as sign_in uses, so guesses at a password and at a code share one budget.
  std::string account_key = "person:" + person_id;
  std::string pair_key = account_key + " " + ip;
  int wait = address_limiter_.retry_after(ip, now);
  if (!wait) wait = pair_limiter_.retry_after(pair_key, now);
  if (!wait) wait = account_limiter_.backoff(account_key, now, config_.account_backoff_after,
                                             config_.account_backoff_cap_seconds);
  if (wait) {
    Error e{ErrorCode::RateLimited, "Too many failed sign-in attempts. Try again later."};
    e.retry_after_seconds = wait;
    return e;
  }
  address_limiter_.record_failure(ip, now);
  pair_limiter_.record_failure(pair_key, now);
  account_limiter_.record_failure(account_key, now);
  return ok_status();
}

void AuthService::second_step_succeeded(const std::string& person_id, const std::string& ip) {
  std::string account_key = "person:" + person_id;
  address_limiter_.forget_latest(ip);
  pair_limiter_.reset(account_key + " " + ip);
  account_limiter_.forget_latest(account_key);
}

Result<SignedIn> AuthService::open_second_step_session(const domain::Person& person, const std::string& kind,
                                                       const ClientInfo& client) {
  return open_session(person, kind, client);
}

}  // namespace muster::app
