// Attention (docs/api/attention.md): push subscriptions of one's devices, working hours (one's
// own; admins' defaults and shift imports), do-not-disturb, whether a colleague is at work, and
// the digest of what one missed.
#include "domain/text/arabic.hpp"
#include "domain/user_agent.hpp"
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

Json subscription_json(const store::PushSubscription& s, const std::string& current_session) {
  return {{"id", s.id},
          {"device", domain::device_name(s.device)},
          {"created_at", to_rfc3339(s.created_at)},
          {"last_used_at", s.last_used_at ? Json(to_rfc3339(*s.last_used_at)) : Json(nullptr)},
          {"current", s.session_id == current_session}};
}

Json availability_json(const app::Availability& a) {
  return {{"working", a.working},
          {"off_until", a.off_until ? domain::off_until_json(*a.off_until) : Json(nullptr)},
          {"do_not_disturb_until", a.do_not_disturb_until ? Json(to_rfc3339(*a.do_not_disturb_until)) : Json(nullptr)}};
}

Json digest_json(const app::Digest& d) {
  Json conversations = Json::array();
  for (const auto& c : d.conversations)
    conversations.push_back({{"conversation_id", c.conversation_id}, {"name", c.name}, {"messages", c.messages},
                             {"mentions", c.mentions}});
  return {{"since", d.since ? Json(to_rfc3339(*d.since)) : Json(nullptr)},
          {"sent_at", d.sent_at ? Json(to_rfc3339(*d.sent_at)) : Json(nullptr)},
          {"messages", d.messages},
          {"mentions", d.mentions},
          {"conversations", std::move(conversations)}};
}

// A body of working hours; null, an empty object or no body at all clear them (the router reads
// a null or missing body as {}).
std::optional<Json> hours_body(const Json& body) {
  if (body.is_null() || (body.is_object() && body.empty())) return std::nullopt;
  return body;
}

Response subscribe(Services& s, Request& req, const app::Actor* actor) {
  PARSE_BODY(body, req);
  JsonReader r(body, {"endpoint", "keys", "expirationTime"});
  app::SubscriptionInput in;
  in.endpoint = r.required_string("endpoint", 2048);
  const Json* keys = r.object("keys");
  if (!r.status().ok()) return error_response(r.status().error());
  if (!keys) return error_response(invalid("keys with p256dh and auth are required.", "keys"));
  JsonReader k(*keys, {"p256dh", "auth"});
  in.p256dh = k.required_string("p256dh", 200);
  in.auth = k.required_string("auth", 100);
  if (!k.status().ok()) return error_response(k.status().error());
  auto made = s.attention->subscribe(*actor, in);
  RETURN_IF_ERROR(made);
  return json_response(201, subscription_json(made.value(), actor->session_id));
}

Response list_subscriptions(Services& s, Request&, const app::Actor* actor) {
  auto list = s.attention->subscriptions(*actor);
  RETURN_IF_ERROR(list);
  Json items = Json::array();
  for (const auto& sub : list.value()) items.push_back(subscription_json(sub, actor->session_id));
  return json_response(200, {{"items", std::move(items)}});
}

Response unsubscribe(Services& s, Request& req, const app::Actor* actor) {
  auto done = s.attention->unsubscribe(*actor, req.params["id"]);
  RETURN_IF_ERROR(done);
  return no_content();
}

Response get_hours(Services& s, Request& req, const app::Actor* actor, const std::string& person_id) {
  auto hours = s.attention->hours(*actor, person_id);
  RETURN_IF_ERROR(hours);
  return json_response(200, hours.value());
}

Response put_hours(Services& s, Request& req, const app::Actor* actor, const std::string& person_id) {
  PARSE_BODY(body, req);
  auto done = s.attention->set_hours(*actor, person_id, hours_body(body));
  RETURN_IF_ERROR(done);
  return get_hours(s, req, actor, person_id);
}

Response put_do_not_disturb(Services& s, Request& req, const app::Actor* actor) {
  PARSE_BODY(body, req);
  JsonReader r(body, {"until"});
  auto until = r.nullable_string("until", 40);
  if (!r.status().ok()) return error_response(r.status().error());
  std::optional<UnixSeconds> at;
  if (until && *until) {
    at = parse_rfc3339(**until);
    if (!at) return error_response(invalid("until must be a time such as 2026-12-06T20:00:00Z, or null.", "until"));
  }
  auto done = s.attention->set_do_not_disturb(*actor, at);
  RETURN_IF_ERROR(done);
  return get_hours(s, req, actor, actor->person.id);
}

std::optional<store::HoursScope> scope_param(const std::string& scope) {
  if (scope == "departments") return store::HoursScope::Department;
  if (scope == "locations") return store::HoursScope::Location;
  if (scope == "organization") return store::HoursScope::Organization;
  return std::nullopt;
}

Response put_default(Services& s, Request& req, const app::Actor* actor) {
  auto scope = scope_param(req.params["scope"]);
  if (!scope) return error_response(not_found("Defaults are for departments, locations or the organization."));
  PARSE_BODY(body, req);
  JsonReader r(body, {"key", "hours"});
  std::string key = r.string("key", 200).value_or("");
  if (!r.status().ok()) return error_response(r.status().error());
  if (!body.contains("hours")) return error_response(invalid("hours is required (null clears it).", "hours"));
  auto done = s.attention->set_default(*actor, *scope, key, hours_body(body["hours"]));
  RETURN_IF_ERROR(done);
  auto all = s.attention->defaults(*actor);
  RETURN_IF_ERROR(all);
  return json_response(200, all.value());
}

Response import_shifts(Services& s, Request& req, const app::Actor* actor) {
  std::string mode = req.query_value("mode");
  if (mode != "dry-run" && mode != "apply") return error_response(invalid("Mode must be 'dry-run' or 'apply'.", "mode"));
  if (!domain::is_valid_utf8(req.body))
    return error_response(invalid("The file is not valid UTF-8. Save it as \"CSV UTF-8\" and try again."));
  // A dry run reports; "apply" applies only a file without errors.
  auto report = s.attention->import_shifts(*actor, req.body, mode == "apply");
  RETURN_IF_ERROR(report);
  Json errors = Json::array();
  for (const auto& e : report->errors) {
    Json error = {{"line", e.line}, {"field", e.field}, {"message", e.message}};
    put_reason(error, e.reason, e.params);
    errors.push_back(std::move(error));
  }
  Json j = {{"people", report->people}, {"dates", report->dates}, {"errors", errors}, {"applied", report->applied}};
  return json_response(mode == "apply" && !report->errors.empty() ? 400 : 200, j);
}

}  // namespace

void register_attention_routes(Router& router, Services& s) {
  auto bind = [&s](Response (*handler)(Services&, Request&, const app::Actor*)) {
    return [&s, handler](Request& req, const app::Actor* actor) { return handler(s, req, actor); };
  };
  router.add("GET", "/api/v1/push/key", Access::SignedIn, Body::None, [&s](Request&, const app::Actor*) {
    return json_response(200, {{"public_key", s.attention->vapid_public_key()}});
  });
  router.add("GET", "/api/v1/push/subscriptions", Access::SignedIn, Body::None, bind(list_subscriptions));
  router.add("POST", "/api/v1/push/subscriptions", Access::SignedIn, Body::Json, bind(subscribe));
  router.add("DELETE", "/api/v1/push/subscriptions/{id}", Access::SignedIn, Body::None, bind(unsubscribe));

  router.add("GET", "/api/v1/me/working-hours", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* a) { return get_hours(s, req, a, a->person.id); });
  router.add("PUT", "/api/v1/me/working-hours", Access::SignedIn, Body::OptionalJson,
             [&s](Request& req, const app::Actor* a) { return put_hours(s, req, a, a->person.id); });
  router.add("PUT", "/api/v1/me/do-not-disturb", Access::SignedIn, Body::Json, bind(put_do_not_disturb));
  router.add("GET", "/api/v1/people/{id}/working-hours", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* a) { return get_hours(s, req, a, req.params["id"]); });
  router.add("PUT", "/api/v1/people/{id}/working-hours", Access::SignedIn, Body::OptionalJson,
             [&s](Request& req, const app::Actor* a) { return put_hours(s, req, a, req.params["id"]); });
  router.add("GET", "/api/v1/people/{id}/availability", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* a) {
               auto availability = s.attention->availability(*a, req.params["id"]);
               RETURN_IF_ERROR(availability);
               return json_response(200, availability_json(availability.value()));
             });
  router.add("GET", "/api/v1/working-hours/defaults", Access::SignedIn, Body::None,
             [&s](Request&, const app::Actor* a) {
               auto all = s.attention->defaults(*a);
               RETURN_IF_ERROR(all);
               return json_response(200, all.value());
             });
  router.add("PUT", "/api/v1/working-hours/defaults/{scope}", Access::SignedIn, Body::Json, bind(put_default));
  router.add("POST", "/api/v1/working-hours/shifts/import", Access::SignedIn, Body::Csv, bind(import_shifts));
  router.add("GET", "/api/v1/me/digest", Access::SignedIn, Body::None, [&s](Request&, const app::Actor* a) {
    auto digest = s.attention->digest(*a);
    RETURN_IF_ERROR(digest);
    return json_response(200, digest_json(digest.value()));
  });
}

}  // namespace muster::transport::http_api
