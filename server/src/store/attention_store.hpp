// What attention needs kept (issue 15): Web Push subscriptions, working hours as JSON by scope,
// and since when a person has had notifications held for a digest. Same contracts as store.hpp:
// thread-safe, NotFound for absent rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/conversation.hpp"

namespace muster::store {

struct PushSubscription {
  std::string id;
  std::string person_id;
  std::string session_id;  // the subscription ends with the session (migration 018's trigger)
  std::string endpoint;
  std::string p256dh;  // base64url
  std::string auth;    // base64url
  std::string device;  // described user agent ("Chrome on Android")
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> last_used_at;
};

// A member of a conversation with a device to notify: their settings there and one subscription
// (a member with two devices has two rows, one after the other). Of the subscription only what a
// push needs is set: id, person, endpoint and keys.
struct PushAudienceRow {
  std::string person_id;
  domain::NotificationLevel level = domain::NotificationLevel::All;
  bool muted = false;
  PushSubscription subscription;
};

enum class HoursScope { Person, Department, Location, Organization };

struct AttentionHold {
  std::string person_id;
  UnixSeconds since = 0;
  std::optional<UnixSeconds> digest_at;  // set once the digest went out
};

// One message's notification held for one person.
struct HeldNotification {
  std::string person_id;
  std::string conversation_id;
  std::int64_t seq = 0;
  bool mention = false;
};

// What a person missed in one conversation while off.
struct HeldConversation {
  std::string conversation_id;
  int messages = 0;
  int mentions = 0;
  std::int64_t last_seq = 0;
};

class AttentionStore {
 public:
  virtual ~AttentionStore() = default;

  // Adds a subscription; an endpoint already known (the same browser subscribing again, perhaps
  // for someone else after a sign-out) is replaced by this one.
  virtual Status put_subscription(const PushSubscription& s) = 0;
  virtual Result<std::vector<PushSubscription>> subscriptions(const std::string& person_id) = 0;
  // Everyone with at least one subscription.
  virtual Result<std::vector<std::string>> subscribed_people() = 0;
  // The members of a conversation who have subscriptions, with their settings there: one query
  // for a message's fan-out, however big the conversation. Written over `rows`, whose elements
  // (and their strings' memory) are reused: a notifier that keeps one vector for every message
  // allocates nothing once it has seen its biggest conversation.
  virtual Status push_audience(const std::string& conversation_id, std::vector<PushAudienceRow>& rows) = 0;
  // How far each of these people has read the conversation (last_read_seq), in the same order; 0
  // for someone who is not a member. Asked only for the people a push goes to (its unread count).
  virtual Result<std::vector<std::int64_t>> read_positions(const std::string& conversation_id,
                                                           const std::vector<std::string>& person_ids) = 0;
  virtual Status remove_subscription(const std::string& id) = 0;  // NotFound when absent
  virtual Status remove_subscriptions_of(const std::string& person_id) = 0;
  virtual Status note_push_delivered(const std::string& id, UnixSeconds at) = 0;
  // The VAPID private key (base64url): the stored one, or `candidate`, stored now when none was.
  virtual Result<std::string> vapid_private_key(const std::string& candidate, UnixSeconds at) = 0;

  // Working hours JSON for a scope and key (person id, department, location, '' for the
  // organization); nullopt when none is set.
  virtual Result<std::optional<std::string>> hours(HoursScope scope, const std::string& key) = 0;
  // Every stored set of hours of a scope, by key.
  virtual Result<std::vector<std::pair<std::string, std::string>>> all_hours(HoursScope scope) = 0;
  // nullopt removes them.
  virtual Status put_hours(HoursScope scope, const std::string& key, const std::optional<std::string>& json,
                           UnixSeconds at) = 0;

  // "Do not disturb until": nullopt clears it. all_do_not_disturb lists those still running at `now`.
  virtual Status set_do_not_disturb(const std::string& person_id, std::optional<UnixSeconds> until) = 0;
  virtual Result<std::vector<std::pair<std::string, UnixSeconds>>> all_do_not_disturb(UnixSeconds now) = 0;

  // Counts held notifications, in one transaction. A person's first since their last digest starts
  // a new hold at `at` (what the previous digest covered is forgotten).
  virtual Status hold(const std::vector<HeldNotification>& held, UnixSeconds at) = 0;
  // Holds whose digest has not gone out yet.
  virtual Result<std::vector<AttentionHold>> open_holds() = 0;
  // A person's latest hold, open or digested, and what it holds per conversation.
  virtual Result<std::optional<AttentionHold>> latest_hold(const std::string& person_id) = 0;
  virtual Result<std::vector<HeldConversation>> held_conversations(const std::string& person_id) = 0;
  virtual Status mark_digest_sent(const std::string& person_id, UnixSeconds at) = 0;
};

}  // namespace muster::store
