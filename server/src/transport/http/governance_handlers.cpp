// Smart groups (rules, previews, exceptions) and former memberships: admins only (app/governance_service.hpp).
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

Json people_json(const std::vector<app::NamedPerson>& people) {
  Json out = Json::array();
  for (const auto& p : people) out.push_back({{"id", p.id}, {"name", p.name}});
  return out;
}

Json preview_json(const app::NamedPreview& p) {
  return {{"members", p.members},
          {"added", {{"count", p.added_count}, {"first", people_json(p.added)}}},
          {"removed", {{"count", p.removed_count}, {"first", people_json(p.removed)}}}};
}

Json former_json(const std::vector<app::FormerMembership>& items) {
  Json out = Json::array();
  for (const auto& f : items)
    out.push_back({{"conversation_id", f.conversation_id},
                   {"name", f.name},
                   {"kind", domain::to_string(f.kind)},
                   {"ended_at", to_rfc3339(f.ended_at)}});
  return {{"items", out}};
}

// {"rule": {...}} or {"rule": null}: the rule object itself is checked by domain::MembershipRule.
Result<std::optional<Json>> read_rule(const Json& body, bool nullable) {
  JsonReader r(body, {"rule", "conversation_id"});
  (void)r.string("conversation_id", 64);
  TRY(r.status());
  auto it = body.find("rule");
  if (it == body.end()) return invalid("Field 'rule' is required.", "rule");
  if (it->is_null() && nullable) return std::optional<Json>{};
  if (!it->is_object()) return invalid("Field 'rule' must be an object.", "rule");
  return std::optional<Json>{*it};
}

}  // namespace

void register_governance_routes(Router& router, Services& s) {
  auto& gov = s.governance;

  router.add("GET", "/api/v1/conversations/{id}/rule", Access::SignedIn, Body::None,
             [&gov](Request& req, const app::Actor* a) {
               auto view = gov.rule(*a, req.params["id"]);
               RETURN_IF_ERROR(view);
               Json exceptions = Json::array();
               for (const auto& e : view->exceptions)
                 exceptions.push_back({{"person_id", e.exception.person_id},
                                       {"name", e.name},
                                       {"mode", e.exception.mode == store::ExceptionMode::Include ? "include" : "exclude"},
                                       {"set_by", e.exception.set_by},
                                       {"at", to_rfc3339(e.exception.at)}});
               return json_response(200, {{"rule", view->rule ? *view->rule : Json(nullptr)}, {"exceptions", exceptions}});
             });

  router.add("PUT", "/api/v1/conversations/{id}/rule", Access::SignedIn, Body::Json,
             [&gov](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               if (body.contains("conversation_id")) return error_response(invalid("Unknown field 'conversation_id'.", "conversation_id"));
               auto rule = read_rule(body, true);
               RETURN_IF_ERROR(rule);
               auto done = gov.set_rule(*a, req.params["id"], rule.value());
               RETURN_IF_ERROR(done);
               return json_response(200, preview_json(done.value()));
             });

  router.add("POST", "/api/v1/admin/rule-preview", Access::SignedIn, Body::Json,
             [&gov](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               auto rule = read_rule(body, false);
               RETURN_IF_ERROR(rule);
               auto preview = gov.preview(*a, body.value("conversation_id", ""), **rule);
               RETURN_IF_ERROR(preview);
               return json_response(200, preview_json(preview.value()));
             });

  router.add("PUT", "/api/v1/conversations/{id}/exceptions/{person_id}", Access::SignedIn, Body::Json,
             [&gov](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"mode"});
               auto mode = r.required_string("mode", 10);
               if (!r.status().ok()) return error_response(r.status().error());
               if (mode != "include" && mode != "exclude")
                 return error_response(invalid("Mode must be include or exclude.", "mode"));
               auto done = gov.set_exception(*a, req.params["id"], req.params["person_id"],
                                             mode == "include" ? store::ExceptionMode::Include : store::ExceptionMode::Exclude);
               RETURN_IF_ERROR(done);
               return no_content();
             });

  router.add("DELETE", "/api/v1/conversations/{id}/exceptions/{person_id}", Access::SignedIn, Body::None,
             [&gov](Request& req, const app::Actor* a) {
               auto done = gov.set_exception(*a, req.params["id"], req.params["person_id"], std::nullopt);
               RETURN_IF_ERROR(done);
               return no_content();
             });

  router.add("GET", "/api/v1/people/{id}/former-memberships", Access::SignedIn, Body::None,
             [&gov](Request& req, const app::Actor* a) {
               auto items = gov.former_memberships(*a, req.params["id"]);
               RETURN_IF_ERROR(items);
               return json_response(200, former_json(items.value()));
             });

  router.add("POST", "/api/v1/people/{id}/former-memberships/restore", Access::SignedIn, Body::Json,
             [&gov](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"conversation_ids"});
               auto ids = r.string_list("conversation_ids", 1000, 64);
               if (!r.status().ok()) return error_response(r.status().error());
               if (!ids || ids->empty()) return error_response(invalid("Name 1 to 1,000 conversations.", "conversation_ids"));
               auto restored = gov.restore(*a, req.params["id"], *ids);
               RETURN_IF_ERROR(restored);
               return json_response(200, former_json(restored.value()));
             });
}

}  // namespace muster::transport::http_api
