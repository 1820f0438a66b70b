// Two-factor sign-in state per person: the TOTP secret, recovery-code digests, and since when the
// policy requires it. Same contracts as store.hpp: thread-safe, NotFound for absent rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace muster::store {

struct TwoFactorState {
  std::string secret;          // base32, empty while off
  std::string pending_secret;  // base32 of a started enrolment, empty if none
  std::optional<UnixSeconds> enabled_at;
  std::optional<UnixSeconds> pending_at;
  std::int64_t last_step = -1;
  int recovery_codes_left = 0;
  bool enabled() const { return enabled_at.has_value(); }
};

class TwoFactorStore {
 public:
  virtual ~TwoFactorStore() = default;
  // A person without a row has the default state (off).
  virtual Result<TwoFactorState> get(const std::string& person_id) = 0;
  // Starts (or restarts) an enrolment; a secret in use stays in use until the enrolment is confirmed.
  virtual Status set_pending(const std::string& person_id, const std::string& secret, UnixSeconds at) = 0;
  // The pending secret becomes the one in use, with `step` as its last used step.
  // Conflict when no enrolment is pending or it changed meanwhile (`secret` is what was checked).
  virtual Status enable(const std::string& person_id, const std::string& secret, std::int64_t step,
                        UnixSeconds at) = 0;
  // Records a TOTP step as used; Conflict when it is not newer than the last one (a replayed code).
  virtual Status use_step(const std::string& person_id, std::int64_t step) = 0;
  virtual Status replace_recovery_codes(const std::string& person_id, const std::vector<std::string>& digests,
                                        UnixSeconds at) = 0;
  // Marks an unused code used; NotFound when the person has no such unused code.
  virtual Status use_recovery_code(const std::string& person_id, const std::string& digest, UnixSeconds at) = 0;
  // Turns two-factor off: the secret, any pending enrolment and the recovery codes go.
  virtual Status remove(const std::string& person_id) = 0;
  // Of these people, those with two-factor on.
  virtual Result<std::vector<std::string>> enabled_among(const std::vector<std::string>& person_ids) = 0;

  // Since when the policy has required two-factor of this person: recorded the first time it is
  // noticed (kept if already there), forgotten when the policy stops covering them.
  virtual Result<UnixSeconds> note_required(const std::string& person_id, UnixSeconds now) = 0;
  virtual Status forget_required(const std::string& person_id) = 0;
};

}  // namespace muster::store
