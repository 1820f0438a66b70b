// Two-factor sign-in with TOTP authenticator apps and one-time recovery codes: enrolment, the
// second step of sign-in, the organization's two-factor policy and its grace period, and admins'
// reset for a lost phone. Every change is audited; secrets and codes are never logged.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/auth_service.hpp"
#include "app/context.hpp"
#include "core/mutex.hpp"
#include "store/store.hpp"

namespace muster::app {

struct TwoFactorStatus {
  bool enabled = false;
  std::optional<UnixSeconds> enabled_at;
  int recovery_codes_left = 0;
  bool pending = false;                     // an enrolment was started and not confirmed
  bool required = false;                    // the organization's policy covers this person
  std::optional<UnixSeconds> required_by;   // required and off: sign-in needs it after this time
};

struct TwoFactorEnrolment {
  std::string secret;       // base32, for typing into an app
  std::string otpauth_uri;  // for the QR code
};

struct EnrolledSignIn {
  SignedIn signed_in;
  std::vector<std::string> recovery_codes;
};

inline constexpr int kRecoveryCodeCount = 10;

// Digits typed in Arabic-Indic or Eastern Arabic-Indic become ASCII; spaces and dashes go; letters
// are lower-cased (recovery codes).
std::string normalize_code(std::string_view typed);

class TwoFactorService final : public SignInGate {
 public:
  TwoFactorService(store::Stores& stores, AuthService& auth);

  // The signed-in person's own state; admins may ask about anyone (status_of).
  Result<TwoFactorStatus> status(const Actor& actor);
  Result<TwoFactorStatus> status_of(const Actor& actor, const std::string& person_id);
  // A new secret, shown once; two-factor is on only after confirm() with a code from it.
  Result<TwoFactorEnrolment> start(const Actor& actor);
  // Turns it on and returns ten recovery codes, shown once.
  Result<std::vector<std::string>> confirm(const Actor& actor, const std::string& code);
  Result<std::vector<std::string>> regenerate_recovery_codes(const Actor& actor, const std::string& code);
  Status disable(const Actor& actor, const std::string& password, const std::string& code);
  // Admins (or the command line, actor null) turn off a person's two-factor, e.g. for a lost phone.
  Status reset(const Actor* actor, const std::string& person_id);
  Status reset_offline(const std::string& login);

  // SignInGate: a person with two-factor on, or required and past the grace period, gets a second step.
  Result<SignInGateAnswer> after_password(const domain::Person& person, const std::string& kind,
                                          const ClientInfo& client) override;
  // The second step: a TOTP code or a recovery code (exactly one of them) with the step's token.
  Result<SignedIn> verify(const std::string& token, const std::string& code, const std::string& recovery_code,
                          const ClientInfo& client);
  // The "set up two-factor first" step: enrolment with the step's token, then a session.
  Result<TwoFactorEnrolment> start_with_token(const std::string& token);
  Result<EnrolledSignIn> confirm_with_token(const std::string& token, const std::string& code,
                                            const ClientInfo& client);

 private:
  struct Pending {
    std::string person_id;
    std::string kind;  // the session kind asked for: "cookie" or "bearer"
    std::string device;
    std::string purpose;
    UnixSeconds expires_at = 0;
    int wrong = 0;
  };

  Result<TwoFactorStatus> status_for(const domain::Person& person);
  Result<TwoFactorEnrolment> begin_enrolment(const domain::Person& person);
  Result<std::vector<std::string>> finish_enrolment(const domain::Person& person, const std::string& code,
                                                    const ClientInfo& client);
  // Inside a transaction: the code is current for the person's secret and not used before.
  Status check_code(const std::string& person_id, const std::string& code);
  Result<std::vector<std::string>> store_new_recovery_codes(const std::string& person_id);
  SecondStep issue(const domain::Person& person, const std::string& kind, const ClientInfo& client,
                   const std::string& purpose);
  // Takes the step out (so two requests cannot both use it); put_back() after a wrong code.
  Result<Pending> take(const std::string& token, const std::string& purpose);
  void put_back(const std::string& token, Pending pending);

  store::Stores& stores_;
  AuthService& auth_;
  Mutex mutex_;
  std::unordered_map<std::string, Pending> pending_ GUARDED_BY(mutex_);  // by token digest
};

}  // namespace muster::app
