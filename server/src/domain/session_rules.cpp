#include "domain/session_rules.hpp"

#include <algorithm>

#include "domain/policies.hpp"

namespace muster::domain {

namespace {

UnixSeconds lifetime_end(const SessionTimes& s, int lifetime_minutes) {
  return std::min(s.expires_at, s.created_at + static_cast<UnixSeconds>(lifetime_minutes) * 60);
}

UnixSeconds idle_end(const SessionTimes& s, int idle_minutes) {
  return s.last_used_at + static_cast<UnixSeconds>(idle_minutes) * 60 + kLastUseGranularitySeconds;
}

}  // namespace

SessionState session_state(const SessionTimes& s, int lifetime_minutes, int idle_minutes, UnixSeconds now) {
  if (now >= lifetime_end(s, lifetime_minutes)) return SessionState::Expired;
  if (idle_minutes > 0 && now >= idle_end(s, idle_minutes)) return SessionState::Idle;
  return SessionState::Live;
}

UnixSeconds session_ends_at(const SessionTimes& s, int lifetime_minutes, int idle_minutes) {
  auto end = lifetime_end(s, lifetime_minutes);
  return idle_minutes > 0 ? std::min(end, idle_end(s, idle_minutes)) : end;
}

Status parse_session_policies(const Json& body, OrgPolicies& p) {
  if (auto it = body.find("session_lifetime_minutes"); it != body.end()) {
    auto v = it->is_number_integer() ? it->get<std::int64_t>() : -1;
    if (v < kMinSessionLifetimeMinutes || v > kMaxSessionLifetimeMinutes)
      return invalid("Field 'session_lifetime_minutes' must be a whole number of minutes from 60 (an hour) to 525600 (a year).",
                     "session_lifetime_minutes");
    p.session_lifetime_minutes = static_cast<int>(v);
  }
  if (auto it = body.find("idle_timeout_minutes"); it != body.end()) {
    auto v = it->is_number_integer() ? it->get<std::int64_t>() : -1;
    if (v != 0 && (v < kMinIdleTimeoutMinutes || v > kMaxIdleTimeoutMinutes))
      return invalid("Field 'idle_timeout_minutes' must be 0 (off) or a whole number of minutes from 5 to 43200 (30 days).",
                     "idle_timeout_minutes");
    p.idle_timeout_minutes = static_cast<int>(v);
  }
  return ok_status();
}

}  // namespace muster::domain
