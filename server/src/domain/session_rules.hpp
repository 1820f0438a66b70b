// When a session ends by itself: the organization's lifetime (counted from sign-in) and idle
// timeout (counted from last use), on top of the expiry the session was created with. Pure
// arithmetic, shared by every authenticated request and the sweep that closes live sockets.
#pragma once
#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

namespace muster::domain {

struct OrgPolicies;

inline constexpr int kMinSessionLifetimeMinutes = 60;          // an hour
inline constexpr int kMaxSessionLifetimeMinutes = 365 * 1440;  // a year
inline constexpr int kMinIdleTimeoutMinutes = 5;
inline constexpr int kMaxIdleTimeoutMinutes = 30 * 1440;  // 30 days
// Last use is written at most this often per session (a write per request would cost more than
// the request), so the idle clock may start up to this much early: the timeout is counted from
// the recorded use plus this slack, and never ends a session before its full idle time.
inline constexpr UnixSeconds kLastUseGranularitySeconds = 60;

enum class SessionState { Live, Expired, Idle };

struct SessionTimes {
  UnixSeconds created_at = 0;
  UnixSeconds last_used_at = 0;  // as recorded: at most kLastUseGranularitySeconds behind
  UnixSeconds expires_at = 0;    // the expiry it was created with
};

SessionState session_state(const SessionTimes& s, int lifetime_minutes, int idle_timeout_minutes, UnixSeconds now);
// The moment the session ends if it is not used again (for clients and cookies).
UnixSeconds session_ends_at(const SessionTimes& s, int lifetime_minutes, int idle_timeout_minutes);

// Reads session_lifetime_minutes and idle_timeout_minutes from a policy body, if present.
Status parse_session_policies(const Json& body, OrgPolicies& p);

}  // namespace muster::domain
