// What people and admins do with attention (issue 15): their devices' push subscriptions, working
// hours (their own; departments', locations' and the organization's defaults; shift rosters from
// CSV), do-not-disturb, whether someone is at work now, and the digest of what they missed.
// Deciding and sending notifications is the Notifier's (app/attention/notifier.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/attention/hours_book.hpp"
#include "app/attention/subscriber_set.hpp"
#include "app/context.hpp"
#include "app/offset_clock.hpp"
#include "core/json.hpp"
#include "crypto/web_push.hpp"
#include "store/store.hpp"

namespace muster::app {

struct AttentionConfig {
  // Push services endpoints may point at, besides the browsers' own (FCM, Mozilla, Apple, Windows):
  // origins such as "https://push.example.com". Anything else is refused, so that a subscription
  // cannot make the server send requests into the company's network.
  std::vector<std::string> extra_push_origins;
  OffsetClock clock;  // working hours and digests are measured by it
};

struct SubscriptionInput {
  std::string endpoint;
  std::string p256dh;  // base64url
  std::string auth;    // base64url
};

struct Availability {
  bool working = true;
  std::optional<domain::OffUntil> off_until;
  std::optional<UnixSeconds> do_not_disturb_until;
};

struct DigestConversation {
  std::string conversation_id;
  std::string name;
  int messages = 0;
  int mentions = 0;
};
struct Digest {
  std::optional<UnixSeconds> since;  // none: nothing was held
  std::optional<UnixSeconds> sent_at;
  int messages = 0;
  int mentions = 0;
  std::vector<DigestConversation> conversations;  // most messages first
};

class AttentionService {
 public:
  // Loads (or makes, on first start) the VAPID key pair.
  static Result<std::unique_ptr<AttentionService>> open(store::Stores& stores, HoursBook& hours, AttentionConfig config);

  const crypto::VapidKeys& vapid_keys() const { return vapid_; }
  std::string vapid_public_key() const;  // base64url, what browsers subscribe with

  Result<store::PushSubscription> subscribe(const Actor& actor, const SubscriptionInput& input);
  Result<std::vector<store::PushSubscription>> subscriptions(const Actor& actor);
  Status unsubscribe(const Actor& actor, const std::string& id);

  // A person's own hours (null when they follow a default), the hours in effect and where they
  // come from, and whether they are at work now. Oneself, or an admin.
  Result<Json> hours(const Actor& actor, const std::string& person_id);
  // Sets (or with nullopt clears) a person's own hours. Oneself, or an admin.
  Status set_hours(const Actor& actor, const std::string& person_id, const std::optional<Json>& hours);
  Status set_do_not_disturb(const Actor& actor, std::optional<UnixSeconds> until);
  // Admins: {"organization": hours|null, "departments": {name: hours}, "locations": {name: hours}}.
  Result<Json> defaults(const Actor& actor);
  Status set_default(const Actor& actor, store::HoursScope scope, const std::string& key,
                     const std::optional<Json>& hours);
  // Admins: shifts for specific dates from CSV, merged into each person's own hours (their weekly
  // schedule starts from the default they followed). Applied only when `apply` is set and the file
  // has no errors (a dry run otherwise).
  struct ShiftImportResult {
    int people = 0;
    int dates = 0;
    std::vector<domain::ImportIssue> errors;
    bool applied = false;
  };
  Result<ShiftImportResult> import_shifts(const Actor& actor, std::string_view csv, bool apply);

  // Anyone signed in may see whether a colleague is at work now ("off until 08:00 Sunday").
  Result<Availability> availability(const Actor& actor, const std::string& person_id);
  Result<Digest> digest(const Actor& actor);
  // The digest of any person, for the notifier.
  Result<Digest> digest_of(const std::string& person_id);

  OffsetClock& clock() { return config_.clock; }
  SubscriberSet& subscribers() { return subscribers_; }
  // Reads who has subscriptions again (after sessions ended or push services said "gone").
  Status reload_subscribers();
  // A conversation as its member sees it named: a direct one by the other person.
  std::string display_name(const domain::Conversation& c, const std::string& viewer);

 private:
  AttentionService(store::Stores& stores, HoursBook& hours, AttentionConfig config, crypto::VapidKeys vapid)
      : stores_(stores), hours_(hours), config_(std::move(config)), vapid_(std::move(vapid)) {}
  Status check_push_origin(const std::string& endpoint) const;
  Status check_self_or_admin(const Actor& actor, const std::string& person_id) const;

  store::Stores& stores_;
  HoursBook& hours_;
  AttentionConfig config_;
  const crypto::VapidKeys vapid_;
  SubscriberSet subscribers_;
};

}  // namespace muster::app
