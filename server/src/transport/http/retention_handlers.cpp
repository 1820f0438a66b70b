// Retention policies, legal holds and the on-demand retention run: admins only
// (app/retention_service.hpp).
#include "app/retention_service.hpp"
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

Json days_json(std::optional<int> days) { return days ? Json(*days) : Json(nullptr); }
Json time_json(UnixSeconds t) { return t ? Json(to_rfc3339(t)) : Json(nullptr); }

Json settings_json(const app::RetentionSettings& s) {
  Json conversations = Json::array();
  for (const auto& c : s.conversations)
    conversations.push_back({{"conversation_id", c.conversation_id},
                             {"name", c.name},
                             {"keep_days", days_json(c.keep_days)},
                             {"set_by", c.set_by},
                             {"set_at", time_json(c.set_at)}});
  return {{"default_keep_days", days_json(s.default_keep_days)},
          {"set_by", s.set_by.empty() ? Json(nullptr) : Json(s.set_by)},
          {"set_at", time_json(s.set_at)},
          {"conversations", conversations}};
}

Json hold_json(const app::HoldView& v) {
  const auto& h = v.hold;
  return {{"id", std::to_string(h.id)},
          {"kind", h.kind == store::HoldKind::Person ? "person" : "conversation"},
          {"target_id", h.target_id},
          {"target_name", v.target_name},
          {"reason", h.reason},
          {"set_by", h.set_by},
          {"set_by_name", v.set_by_name},
          {"set_at", to_rfc3339(h.set_at)},
          {"released_by", h.released_by.empty() ? Json(nullptr) : Json(h.released_by)},
          {"released_by_name", h.released_by.empty() ? Json(nullptr) : Json(v.released_by_name)},
          {"released_at", h.released_at ? Json(to_rfc3339(*h.released_at)) : Json(nullptr)}};
}

// {"keep_days": N} or {"keep_days": null} (keep forever); the field is required.
Result<std::optional<int>> read_keep_days(const Json& body) {
  JsonReader r(body, {"keep_days"});
  TRY(r.status());
  auto it = body.find("keep_days");
  if (it == body.end()) return invalid("Field 'keep_days' is required (a number of days, or null to keep forever).", "keep_days");
  if (it->is_null()) return std::optional<int>{};
  if (!it->is_number_integer()) return invalid("Field 'keep_days' must be a whole number of days or null.", "keep_days");
  auto days = it->get<std::int64_t>();
  if (days < 1 || days > 36500) return invalid("Days must be between 1 and 36500.", "keep_days");
  return std::optional<int>{static_cast<int>(days)};
}

Result<std::int64_t> hold_id(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return not_found("No such legal hold.");
  return std::stoll(text);
}

}  // namespace

void register_retention_routes(Router& router, Services& s) {
  auto& retention = s.retention;
  auto answer_settings = [&retention](const app::Actor& a) {
    auto settings = retention.settings(a);
    RETURN_IF_ERROR(settings);
    return json_response(200, settings_json(settings.value()));
  };

  router.add("GET", "/api/v1/admin/retention", Access::SignedIn, Body::None,
             [answer_settings](Request&, const app::Actor* a) { return answer_settings(*a); });

  router.add("PUT", "/api/v1/admin/retention", Access::SignedIn, Body::Json,
             [&retention, answer_settings](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               auto days = read_keep_days(body);
               RETURN_IF_ERROR(days);
               auto done = retention.set_default(*a, days.value());
               RETURN_IF_ERROR(done);
               return answer_settings(*a);
             });

  router.add("PUT", "/api/v1/admin/retention/conversations/{id}", Access::SignedIn, Body::Json,
             [&retention, answer_settings](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               auto days = read_keep_days(body);
               RETURN_IF_ERROR(days);
               auto done = retention.set_conversation(*a, req.params["id"], days.value(), false);
               RETURN_IF_ERROR(done);
               return answer_settings(*a);
             });

  router.add("DELETE", "/api/v1/admin/retention/conversations/{id}", Access::SignedIn, Body::None,
             [&retention, answer_settings](Request& req, const app::Actor* a) {
               auto done = retention.set_conversation(*a, req.params["id"], std::nullopt, true);
               RETURN_IF_ERROR(done);
               return answer_settings(*a);
             });

  router.add("POST", "/api/v1/admin/retention/run", Access::SignedIn, Body::None,
             [&retention](Request&, const app::Actor* a) {
               auto run = retention.run(a);
               RETURN_IF_ERROR(run);
               const auto& r = run.value();
               return json_response(200, {{"conversations", r.conversations},
                                          {"messages", r.messages},
                                          {"edits", r.edits},
                                          {"reactions", r.reactions},
                                          {"attachments", r.attachments},
                                          {"kept_purged", r.kept_purged},
                                          {"started_at", to_rfc3339(r.started_at)},
                                          {"finished_at", to_rfc3339(r.finished_at)}});
             });

  router.add("GET", "/api/v1/admin/legal-holds", Access::SignedIn, Body::None,
             [&retention](Request& req, const app::Actor* a) {
               auto holds = retention.holds(*a, req.query_value("include_released") == "true");
               RETURN_IF_ERROR(holds);
               Json items = Json::array();
               for (const auto& h : holds.value()) items.push_back(hold_json(h));
               return json_response(200, {{"items", items}});
             });

  router.add("POST", "/api/v1/admin/legal-holds", Access::SignedIn, Body::Json,
             [&retention](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"kind", "target_id", "reason"});
               auto kind = r.required_string("kind", 20);
               auto target = r.required_string("target_id", 64);
               auto reason = r.required_string("reason", 500);
               auto read = r.status();
               RETURN_IF_ERROR(read);
               if (kind != "person" && kind != "conversation")
                 return error_response(invalid("Kind must be 'person' or 'conversation'.", "kind"));
               auto hold = retention.add_hold(
                   *a, kind == "person" ? store::HoldKind::Person : store::HoldKind::Conversation, target, reason);
               RETURN_IF_ERROR(hold);
               return json_response(201, {{"hold", hold_json(hold.value())}});
             });

  router.add("POST", "/api/v1/admin/legal-holds/{id}/release", Access::SignedIn, Body::None,
             [&retention](Request& req, const app::Actor* a) {
               auto id = hold_id(req.params["id"]);
               RETURN_IF_ERROR(id);
               auto hold = retention.release_hold(*a, id.value());
               RETURN_IF_ERROR(hold);
               return json_response(200, {{"hold", hold_json(hold.value())}});
             });
}

}  // namespace muster::transport::http_api
