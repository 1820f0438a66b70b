#include "app/attention/attention_service.hpp"

#include <algorithm>

#include "app/audit.hpp"
#include "crypto/crypto.hpp"

namespace muster::app {

namespace {

// The push services of the browsers people use: Chrome and Edge on Android and desktops (FCM),
// Firefox (Mozilla), Safari (Apple), Edge on Windows (WNS). A host matches itself or a subdomain.
constexpr std::string_view kPushServiceHosts[] = {"fcm.googleapis.com", "android.googleapis.com",
                                                  "push.services.mozilla.com", "push.apple.com",
                                                  "notify.windows.com"};
constexpr size_t kMaxEndpointChars = 2048;
constexpr size_t kMaxSubscriptionsPerPerson = 20;

bool host_matches(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  return host.size() > domain.size() && host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.';
}

std::string scope_key_label(store::HoursScope scope) {
  switch (scope) {
    case store::HoursScope::Department: return "department";
    case store::HoursScope::Location: return "location";
    case store::HoursScope::Organization: return "organization";
    case store::HoursScope::Person: break;
  }
  return "person";
}

Json stored_hours_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  auto j = Json::parse(*text, nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

}  // namespace

Result<std::unique_ptr<AttentionService>> AttentionService::open(store::Stores& stores, HoursBook& hours,
                                                                 AttentionConfig config) {
  auto fresh = crypto::generate_vapid_keys();
  ASSIGN_OR_RETURN(auto stored, stores.attention().vapid_private_key(crypto::base64url_encode(fresh.private_key),
                                                                     now_seconds()));
  auto raw = crypto::base64url_decode(stored);
  if (!raw) return internal_error("The stored VAPID key is not base64url.");
  ASSIGN_OR_RETURN(auto keys, crypto::vapid_keys_from_private(*raw));
  std::unique_ptr<AttentionService> service(new AttentionService(stores, hours, std::move(config), std::move(keys)));
  TRY(service->reload_subscribers());
  return service;
}

Status AttentionService::reload_subscribers() {
  ASSIGN_OR_RETURN(auto people, stores_.attention().subscribed_people());
  subscribers_.reload(std::move(people));
  return ok_status();
}

std::string AttentionService::vapid_public_key() const { return crypto::base64url_encode(vapid_.public_key); }

Status AttentionService::check_push_origin(const std::string& endpoint) const {
  auto origin = crypto::vapid_audience(endpoint);
  if (!origin.ok()) return invalid("The endpoint must be a push service URL.", "endpoint");
  for (const auto& extra : config_.extra_push_origins) {
    auto allowed = crypto::vapid_audience(extra);  // written as the endpoint's origin is (lower case, no :443)
    if (allowed.ok() && *allowed == *origin) return ok_status();
  }
  constexpr std::string_view kHttps = "https://";
  if (origin->starts_with(kHttps)) {
    std::string_view host = std::string_view(*origin).substr(kHttps.size());
    host = host.substr(0, host.find(':'));
    for (auto known : kPushServiceHosts)
      if (host_matches(host, known)) return ok_status();
  }
  return invalid("This push service is not one Muster sends to. An administrator can allow it with --push-service.",
                 "endpoint");
}

Status AttentionService::check_self_or_admin(const Actor& actor, const std::string& person_id) const {
  if (actor.person.id == person_id || actor.is_admin()) return ok_status();
  return denied("Only admins may see or change other people's working hours.");
}

Result<store::PushSubscription> AttentionService::subscribe(const Actor& actor, const SubscriptionInput& in) {
  if (in.endpoint.empty() || in.endpoint.size() > kMaxEndpointChars)
    return invalid("The endpoint must be a push service URL.", "endpoint");
  TRY(check_push_origin(in.endpoint));
  auto p256dh = crypto::base64url_decode(in.p256dh);
  auto auth = crypto::base64url_decode(in.auth);
  if (!p256dh || p256dh->size() != 65) return invalid("keys.p256dh must be a P-256 public key (65 bytes, base64url).", "keys.p256dh");
  if (!auth || auth->size() != 16) return invalid("keys.auth must be 16 bytes, base64url.", "keys.auth");
  // A key that is not a point on the curve would fail every push: refuse it now.
  if (!crypto::PushRecipient::parse({*p256dh, *auth}).ok())
    return invalid("keys.p256dh is not a valid P-256 public key.", "keys.p256dh");
  store::PushSubscription s{crypto::time_ordered_id("ps"), actor.person.id, actor.session_id, in.endpoint,
                            in.p256dh, in.auth, actor.client.device, now_seconds(), std::nullopt};
  // The count and the insert in one transaction, so two devices at once cannot pass the limit.
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto existing, stores_.attention().subscriptions(actor.person.id));
    bool known = std::any_of(existing.begin(), existing.end(), [&](const auto& e) { return e.endpoint == in.endpoint; });
    if (!known && existing.size() >= kMaxSubscriptionsPerPerson)
      return conflict("You have too many devices with notifications on. Remove one first.");
    return stores_.attention().put_subscription(s);
  }));
  subscribers_.add(actor.person.id);
  return s;
}

Result<std::vector<store::PushSubscription>> AttentionService::subscriptions(const Actor& actor) {
  return stores_.attention().subscriptions(actor.person.id);
}

Status AttentionService::unsubscribe(const Actor& actor, const std::string& id) {
  ASSIGN_OR_RETURN(auto mine, stores_.attention().subscriptions(actor.person.id));
  // Someone else's subscription is answered like a missing one: ids say nothing about others.
  if (std::none_of(mine.begin(), mine.end(), [&](const auto& s) { return s.id == id; }))
    return not_found("No such push subscription.");
  return stores_.attention().remove_subscription(id);
}

Result<Json> AttentionService::hours(const Actor& actor, const std::string& person_id) {
  TRY(check_self_or_admin(actor, person_id));
  ASSIGN_OR_RETURN(auto person, stores_.people().get(person_id));
  ASSIGN_OR_RETURN(auto own, stores_.attention().hours(store::HoursScope::Person, person_id));
  auto effective = hours_.of(person);
  UnixSeconds now = config_.clock.now();
  Json j = {{"hours", stored_hours_json(own)},
            {"effective", domain::working_hours_json(effective->hours)},
            {"source", domain::to_string(effective->source)},
            {"working", domain::is_working(effective->hours, now)}};
  auto off = domain::off_until(effective->hours, now);
  j["off_until"] = off ? domain::off_until_json(*off) : Json(nullptr);
  j["do_not_disturb_until"] = effective->hours.do_not_disturb_until && *effective->hours.do_not_disturb_until > now
                                  ? Json(to_rfc3339(*effective->hours.do_not_disturb_until))
                                  : Json(nullptr);
  return j;
}

Status AttentionService::set_hours(const Actor& actor, const std::string& person_id, const std::optional<Json>& body) {
  TRY(check_self_or_admin(actor, person_id));
  ASSIGN_OR_RETURN(auto person, stores_.people().get(person_id));
  std::optional<std::string> text;
  if (body) {
    ASSIGN_OR_RETURN(auto parsed, domain::parse_working_hours(*body));
    parsed.do_not_disturb_until.reset();  // kept apart (set_do_not_disturb)
    text = domain::working_hours_json(parsed).dump();
  }
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.attention().put_hours(store::HoursScope::Person, person_id, text, now_seconds()));
    if (actor.person.id == person_id) return ok_status();
    return record_audit(stores_.audit(), &actor, "working_hours.set", "person", person_id,
                        {{"cleared", !text.has_value()}});
  }));
  hours_.reload();
  return ok_status();
}

Status AttentionService::set_do_not_disturb(const Actor& actor, std::optional<UnixSeconds> until) {
  UnixSeconds now = config_.clock.now();
  if (until && (*until <= now || *until > now + 30 * 86400))
    return invalid("Do not disturb can last from a minute to 30 days.", "until");
  TRY(stores_.attention().set_do_not_disturb(actor.person.id, until));
  hours_.reload();
  return ok_status();
}

Result<Json> AttentionService::defaults(const Actor& actor) {
  if (!actor.is_admin()) return denied("Only admins may see the default working hours.");
  auto& store = stores_.attention();
  Json j = {{"organization", nullptr}, {"departments", Json::object()}, {"locations", Json::object()}};
  ASSIGN_OR_RETURN(auto organization, store.hours(store::HoursScope::Organization, ""));
  j["organization"] = stored_hours_json(organization);
  ASSIGN_OR_RETURN(auto departments, store.all_hours(store::HoursScope::Department));
  for (const auto& [key, text] : departments) j["departments"][key] = stored_hours_json(text);
  ASSIGN_OR_RETURN(auto locations, store.all_hours(store::HoursScope::Location));
  for (const auto& [key, text] : locations) j["locations"][key] = stored_hours_json(text);
  return j;
}

Status AttentionService::set_default(const Actor& actor, store::HoursScope scope, const std::string& key,
                                     const std::optional<Json>& body) {
  if (!actor.is_admin()) return denied("Only admins may set default working hours.");
  if (scope == store::HoursScope::Person) return invalid("Defaults are for departments, locations or the organization.");
  if ((scope == store::HoursScope::Organization) != key.empty() || key.size() > 200)
    return invalid("Name the department or location.", "key");
  std::optional<std::string> text;
  if (body) {
    ASSIGN_OR_RETURN(auto parsed, domain::parse_working_hours(*body));
    parsed.do_not_disturb_until.reset();
    parsed.shifts.clear();  // shifts are a person's
    text = domain::working_hours_json(parsed).dump();
  }
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.attention().put_hours(scope, key, text, now_seconds()));
    return record_audit(stores_.audit(), &actor, "working_hours.default", scope_key_label(scope), key,
                        {{"cleared", !text.has_value()}});
  }));
  hours_.reload();
  return ok_status();
}

Result<AttentionService::ShiftImportResult> AttentionService::import_shifts(const Actor& actor, std::string_view csv,
                                                                            bool apply) {
  if (!actor.is_admin()) return denied("Only admins may import shifts.");
  auto parsed = domain::parse_shifts_csv(csv);
  ShiftImportResult result;
  result.errors = std::move(parsed.errors);
  // Resolve everyone first: an unknown person is an error of their rows, like a bad date.
  std::vector<std::pair<domain::Person, const domain::PersonShifts*>> resolved;
  for (const auto& p : parsed.people) {
    auto person = parsed.id_column == "person" ? stores_.people().get(p.person) : stores_.people().find_by_login(p.person);
    if (!person.ok()) {
      result.errors.push_back(
          {p.line, parsed.id_column, "No one in the directory is \"" + p.person + "\".", "person_unknown", {{"person", p.person}}});
      continue;
    }
    resolved.emplace_back(std::move(person).value(), &p);
  }
  std::sort(result.errors.begin(), result.errors.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
  for (const auto& [person, shifts] : resolved) {
    result.people++;
    result.dates += static_cast<int>(shifts->shifts.size());
  }
  if (!apply || !result.errors.empty()) return result;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    for (const auto& [person, shifts] : resolved) {
      // Shifts go into the person's own hours, starting from the schedule they followed.
      domain::WorkingHours hours = hours_.of(person)->hours;
      ASSIGN_OR_RETURN(auto own, stores_.attention().hours(store::HoursScope::Person, person.id));
      if (own) {
        ASSIGN_OR_RETURN(hours, domain::parse_working_hours(stored_hours_json(own)));
      }
      hours.do_not_disturb_until.reset();
      domain::drop_past_shifts(hours, config_.clock.now());
      TRY(domain::merge_shifts(hours, shifts->shifts));
      TRY(stores_.attention().put_hours(store::HoursScope::Person, person.id, domain::working_hours_json(hours).dump(),
                                        now_seconds()));
    }
    return record_audit(stores_.audit(), &actor, "working_hours.shifts_imported", "organization", "",
                        {{"people", result.people}, {"dates", result.dates}});
  }));
  result.applied = true;
  hours_.reload();
  return result;
}

Result<Availability> AttentionService::availability(const Actor& actor, const std::string& person_id) {
  auto person = stores_.people().get(person_id);
  if (!person.ok() || !person->active) return not_found("No such person.");
  // Externals see only the people they share a conversation with, as in the directory.
  if (domain::is_external(actor.person) && actor.person.id != person_id) {
    ASSIGN_OR_RETURN(bool contact, stores_.conversations().share_a_conversation(actor.person.id, person_id));
    if (!contact) return not_found("No such person.");
  }
  auto effective = hours_.of(*person);
  UnixSeconds now = config_.clock.now();
  Availability a;
  a.working = domain::is_working(effective->hours, now);
  if (!a.working) a.off_until = domain::off_until(effective->hours, now);
  if (effective->hours.do_not_disturb_until && *effective->hours.do_not_disturb_until > now)
    a.do_not_disturb_until = effective->hours.do_not_disturb_until;
  return a;
}

// A conversation as its member sees it named: a direct one by the other person.
std::string AttentionService::display_name(const domain::Conversation& c, const std::string& viewer) {
  if (c.kind != domain::ConversationKind::Direct) return c.name;
  auto space = c.direct_key.find(' ');
  if (space == std::string::npos) return c.name;
  std::string other = c.direct_key.substr(0, space) == viewer ? c.direct_key.substr(space + 1) : c.direct_key.substr(0, space);
  auto person = stores_.people().get(other);
  return person.ok() ? person->name : c.name;
}

Result<Digest> AttentionService::digest(const Actor& actor) { return digest_of(actor.person.id); }

Result<Digest> AttentionService::digest_of(const std::string& person_id) {
  Digest d;
  ASSIGN_OR_RETURN(auto hold, stores_.attention().latest_hold(person_id));
  if (!hold) return d;
  d.since = hold->since;
  d.sent_at = hold->digest_at;
  ASSIGN_OR_RETURN(auto held, stores_.attention().held_conversations(person_id));
  for (const auto& h : held) {
    auto member = stores_.conversations().member(h.conversation_id, person_id);
    // Left since, or read past everything held: nothing to catch up on there.
    if (!member.ok() || !*member || (*member)->last_read_seq >= h.last_seq) continue;
    auto conversation = stores_.conversations().get(h.conversation_id);
    if (!conversation.ok()) continue;
    d.conversations.push_back({h.conversation_id, display_name(*conversation, person_id), h.messages, h.mentions});
    d.messages += h.messages;
    d.mentions += h.mentions;
  }
  std::sort(d.conversations.begin(), d.conversations.end(),
            [](const auto& a, const auto& b) { return a.messages != b.messages ? a.messages > b.messages : a.name < b.name; });
  return d;
}

}  // namespace muster::app
