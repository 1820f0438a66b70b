#include "app/two_factor_service.hpp"

#include "app/audit.hpp"
#include "crypto/crypto.hpp"
#include "crypto/totp.hpp"
#include "domain/policies.hpp"

namespace muster::app {

namespace {

constexpr int kCodeStepSeconds = 5 * 60;    // to type a code after the password
constexpr int kEnrolStepSeconds = 15 * 60;  // to set up an app after the password
constexpr int kWrongCodesPerStep = 5;       // then the step ends and the password is asked again
constexpr size_t kRecoveryCodeChars = 16;   // base32: 80 bits

Error wrong_code() { return {ErrorCode::Unauthenticated, "The code is not correct."}; }

Error step_gone() {
  return {ErrorCode::Unauthenticated, "This sign-in step has expired or was already used. Sign in again."};
}

// "abcd-efgh-ijkl-mnop": easier to read out and copy than one run of letters.
std::string format_recovery_code(const std::string& plain) {
  std::string out;
  for (size_t i = 0; i < plain.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += plain[i];
  }
  return out;
}

std::string recovery_digest(const std::string& normalized) { return crypto::token_digest("recovery:" + normalized); }

}  // namespace

std::string normalize_code(std::string_view typed) {
  std::string out;
  for (size_t i = 0; i < typed.size(); ++i) {
    auto c = static_cast<unsigned char>(typed[i]);
    if (i + 1 < typed.size()) {
      auto next = static_cast<unsigned char>(typed[i + 1]);
      // U+0660..U+0669 (Arabic-Indic) and U+06F0..U+06F9 (Eastern Arabic-Indic) in UTF-8.
      if (c == 0xD9 && next >= 0xA0 && next <= 0xA9) {
        out += static_cast<char>('0' + (next - 0xA0));
        ++i;
        continue;
      }
      if (c == 0xDB && next >= 0xB0 && next <= 0xB9) {
        out += static_cast<char>('0' + (next - 0xB0));
        ++i;
        continue;
      }
    }
    if (c == ' ' || c == '-' || c == '\t') continue;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

TwoFactorService::TwoFactorService(store::Stores& stores, AuthService& auth) : stores_(stores), auth_(auth) {}

Result<TwoFactorStatus> TwoFactorService::status_for(const domain::Person& person) {
  ASSIGN_OR_RETURN(auto state, stores_.two_factor().get(person.id));
  TwoFactorStatus out;
  out.enabled = state.enabled();
  out.enabled_at = state.enabled_at;
  out.recovery_codes_left = state.recovery_codes_left;
  out.pending = !state.pending_secret.empty();
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  domain::OrgPolicies policies = org ? org->policies : domain::OrgPolicies{};
  out.required = domain::two_factor_required(policies, person.role);
  if (out.required && !out.enabled) {
    ASSIGN_OR_RETURN(auto since, stores_.two_factor().note_required(person.id, now_seconds()));
    out.required_by = domain::two_factor_deadline(policies, since);
  }
  return out;
}

Result<TwoFactorStatus> TwoFactorService::status(const Actor& actor) { return status_for(actor.person); }

Result<TwoFactorStatus> TwoFactorService::status_of(const Actor& actor, const std::string& person_id) {
  if (!actor.is_admin() && person_id != actor.person.id)
    return denied("Only admins can see another person's two-factor sign-in.");
  ASSIGN_OR_RETURN(auto person, stores_.people().get(person_id));
  return status_for(person);
}

Result<TwoFactorEnrolment> TwoFactorService::begin_enrolment(const domain::Person& person) {
  ASSIGN_OR_RETURN(auto state, stores_.two_factor().get(person.id));
  if (state.enabled()) return conflict("Two-factor sign-in is already on. Turn it off first to use another app.");
  TwoFactorEnrolment out;
  out.secret = crypto::base32_encode(crypto::new_otp_secret());
  TRY(stores_.two_factor().set_pending(person.id, out.secret, now_seconds()));
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  std::string issuer = org && !org->name.empty() ? org->name : "Muster";
  std::string account = !person.email.empty() ? person.email : person.name;
  out.otpauth_uri = crypto::otpauth_uri(issuer, account, out.secret);
  return out;
}

Result<TwoFactorEnrolment> TwoFactorService::start(const Actor& actor) { return begin_enrolment(actor.person); }

Result<std::vector<std::string>> TwoFactorService::store_new_recovery_codes(const std::string& person_id) {
  std::vector<std::string> shown, digests;
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    std::string plain = normalize_code(crypto::base32_encode(crypto::new_otp_secret()).substr(0, kRecoveryCodeChars));
    digests.push_back(recovery_digest(plain));
    shown.push_back(format_recovery_code(plain));
  }
  TRY(stores_.two_factor().replace_recovery_codes(person_id, digests, now_seconds()));
  return shown;
}

Result<std::vector<std::string>> TwoFactorService::finish_enrolment(const domain::Person& person,
                                                                    const std::string& code,
                                                                    const ClientInfo& client) {
  TRY(auth_.begin_second_step_attempt(person.id, client.ip));
  std::vector<std::string> codes;
  auto done = stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto state, stores_.two_factor().get(person.id));
    if (state.enabled()) return conflict("Two-factor sign-in is already on.");
    if (state.pending_secret.empty()) return conflict("Start setting up two-factor sign-in first.");
    auto key = crypto::base32_decode(state.pending_secret);
    auto step = key ? crypto::match_totp(*key, normalize_code(code), now_seconds()) : std::nullopt;
    if (!step) return invalid("The code is not correct. Check the app's clock and try the newest code.", "code");
    TRY(stores_.two_factor().enable(person.id, state.pending_secret, *step, now_seconds()));
    ASSIGN_OR_RETURN(codes, store_new_recovery_codes(person.id));
    TRY(stores_.two_factor().forget_required(person.id));
    Actor actor{person, "", client, ""};
    return record_audit(stores_.audit(), &actor, "two_factor.enabled", "person", person.id);
  });
  if (!done.ok()) return done.error();
  auth_.second_step_succeeded(person.id, client.ip);
  return codes;
}

Result<std::vector<std::string>> TwoFactorService::confirm(const Actor& actor, const std::string& code) {
  return finish_enrolment(actor.person, code, actor.client);
}

Status TwoFactorService::check_code(const std::string& person_id, const std::string& code) {
  ASSIGN_OR_RETURN(auto state, stores_.two_factor().get(person_id));
  if (!state.enabled()) return conflict("Two-factor sign-in is not on.");
  auto key = crypto::base32_decode(state.secret);
  auto step = key ? crypto::match_totp(*key, normalize_code(code), now_seconds()) : std::nullopt;
  if (!step) return wrong_code();
  // A code seen once (or an older one) is refused: someone who watched it typed cannot reuse it.
  if (!stores_.two_factor().use_step(person_id, *step).ok()) return wrong_code();
  return ok_status();
}

Result<std::vector<std::string>> TwoFactorService::regenerate_recovery_codes(const Actor& actor,
                                                                             const std::string& code) {
  TRY(auth_.begin_second_step_attempt(actor.person.id, actor.client.ip));
  std::vector<std::string> codes;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    TRY(check_code(actor.person.id, code));
    ASSIGN_OR_RETURN(codes, store_new_recovery_codes(actor.person.id));
    return record_audit(stores_.audit(), &actor, "two_factor.recovery_codes_replaced", "person", actor.person.id);
  }));
  auth_.second_step_succeeded(actor.person.id, actor.client.ip);
  return codes;
}

Status TwoFactorService::disable(const Actor& actor, const std::string& password, const std::string& code) {
  TRY(auth_.begin_second_step_attempt(actor.person.id, actor.client.ip));
  ASSIGN_OR_RETURN(auto hash, stores_.people().password_hash(actor.person.id));
  if (!crypto::verify_password(password, hash))
    return Error{ErrorCode::Unauthenticated, "The password is not correct.", "password"};
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    TRY(check_code(actor.person.id, code));
    TRY(stores_.two_factor().remove(actor.person.id));
    return record_audit(stores_.audit(), &actor, "two_factor.disabled", "person", actor.person.id);
  }));
  auth_.second_step_succeeded(actor.person.id, actor.client.ip);
  return ok_status();
}

Status TwoFactorService::reset(const Actor* actor, const std::string& person_id) {
  if (actor && !actor->is_admin()) return denied("Only admins can reset another person's two-factor sign-in.");
  ASSIGN_OR_RETURN(auto person, stores_.people().get(person_id));
  return stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto state, stores_.two_factor().get(person.id));
    TRY(stores_.two_factor().remove(person.id));
    Json details = {{"was_on", state.enabled()}};
    if (!actor) details["via"] = "cli";
    return record_audit(stores_.audit(), actor, "two_factor.reset", "person", person.id, details);
  });
}

Status TwoFactorService::reset_offline(const std::string& login) {
  ASSIGN_OR_RETURN(auto person, stores_.people().find_by_login(login));
  return reset(nullptr, person.id);
}

SecondStep TwoFactorService::issue(const domain::Person& person, const std::string& kind, const ClientInfo& client,
                                   const std::string& purpose) {
  SecondStep step;
  step.token = crypto::random_token();
  step.purpose = purpose;
  auto now = now_seconds();
  step.expires_at = now + (purpose == "enrol" ? kEnrolStepSeconds : kCodeStepSeconds);
  MutexLock lock(mutex_);
  // Expired steps are dropped as new ones are made, so the map holds only live ones.
  std::erase_if(pending_, [now](const auto& entry) { return entry.second.expires_at <= now; });
  pending_[crypto::token_digest(step.token)] = Pending{person.id, kind, client.device, purpose, step.expires_at, 0};
  return step;
}

Result<TwoFactorService::Pending> TwoFactorService::take(const std::string& token, const std::string& purpose) {
  if (token.empty() || token.size() > 128) return step_gone();
  Pending found;
  {
    MutexLock lock(mutex_);
    auto it = pending_.find(crypto::token_digest(token));
    if (it == pending_.end()) return step_gone();
    found = it->second;
    pending_.erase(it);
  }
  if (found.expires_at <= now_seconds()) return step_gone();
  if (found.purpose != purpose) {
    put_back(token, found);
    return purpose == "enrol" ? conflict("Two-factor sign-in is already set up: enter a code.")
                              : conflict("Set up two-factor sign-in first.");
  }
  return found;
}

void TwoFactorService::put_back(const std::string& token, Pending pending) {
  MutexLock lock(mutex_);
  pending_[crypto::token_digest(token)] = std::move(pending);
}

Result<SignInGateAnswer> TwoFactorService::after_password(const domain::Person& person, const std::string& kind,
                                                          const ClientInfo& client) {
  SignInGateAnswer answer;
  ASSIGN_OR_RETURN(auto state, stores_.two_factor().get(person.id));
  if (state.enabled()) {
    answer.second_step = issue(person, kind, client, "code");
    return answer;
  }
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  domain::OrgPolicies policies = org ? org->policies : domain::OrgPolicies{};
  if (!domain::two_factor_required(policies, person.role)) {
    // Not covered (any more): a later rule gives a fresh grace period.
    TRY(stores_.two_factor().forget_required(person.id));
    return answer;
  }
  auto now = now_seconds();
  ASSIGN_OR_RETURN(auto since, stores_.two_factor().note_required(person.id, now));
  auto deadline = domain::two_factor_deadline(policies, since);
  if (now < deadline) {
    answer.setup_by = deadline;
    return answer;
  }
  answer.second_step = issue(person, kind, client, "enrol");
  return answer;
}

Result<SignedIn> TwoFactorService::verify(const std::string& token, const std::string& code,
                                          const std::string& recovery_code, const ClientInfo& client) {
  if (code.empty() == recovery_code.empty()) return invalid("Send either a code or a recovery code.", "code");
  ASSIGN_OR_RETURN(auto pending, take(token, "code"));
  if (auto limited = auth_.begin_second_step_attempt(pending.person_id, client.ip); !limited.ok()) {
    put_back(token, pending);
    return limited.error();
  }
  auto person = stores_.people().get(pending.person_id);
  if (!person.ok() || !person->active) return step_gone();
  auto done = stores_.transactor().in_transaction([&]() -> Status {
    if (!code.empty()) return check_code(person->id, code);
    auto used = stores_.two_factor().use_recovery_code(person->id, recovery_digest(normalize_code(recovery_code)),
                                                       now_seconds());
    if (!used.ok() && used.error().code == ErrorCode::NotFound) return wrong_code();
    TRY(used);
    Actor actor{person.value(), "", client, ""};
    return record_audit(stores_.audit(), &actor, "two_factor.recovery_code_used", "person", person->id);
  });
  if (!done.ok()) {
    if (done.error().code == ErrorCode::Unauthenticated && ++pending.wrong < kWrongCodesPerStep)
      put_back(token, pending);
    return done.error();
  }
  auth_.second_step_succeeded(person->id, client.ip);
  ClientInfo session_client = client;
  if (!pending.device.empty()) session_client.device = pending.device;
  return auth_.open_second_step_session(person.value(), pending.kind, session_client);
}

Result<TwoFactorEnrolment> TwoFactorService::start_with_token(const std::string& token) {
  ASSIGN_OR_RETURN(auto pending, take(token, "enrol"));
  put_back(token, pending);  // still needed to confirm
  ASSIGN_OR_RETURN(auto person, stores_.people().get(pending.person_id));
  return begin_enrolment(person);
}

Result<EnrolledSignIn> TwoFactorService::confirm_with_token(const std::string& token, const std::string& code,
                                                            const ClientInfo& client) {
  ASSIGN_OR_RETURN(auto pending, take(token, "enrol"));
  auto person = stores_.people().get(pending.person_id);
  if (!person.ok() || !person->active) return step_gone();
  auto codes = finish_enrolment(person.value(), code, client);
  if (!codes.ok()) {
    if (++pending.wrong < kWrongCodesPerStep) put_back(token, pending);
    return codes.error();
  }
  ClientInfo session_client = client;
  if (!pending.device.empty()) session_client.device = pending.device;
  ASSIGN_OR_RETURN(auto in, auth_.open_second_step_session(person.value(), pending.kind, session_client));
  return EnrolledSignIn{std::move(in), std::move(codes).value()};
}

}  // namespace muster::app
