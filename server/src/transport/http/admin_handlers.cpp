// Organization settings, field visibility, custom fields and the audit log.
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

Json visibility_json(const std::map<std::string, domain::Visibility>& fields) {
  Json out = Json::object();
  for (const auto& [field, level] : fields) out[field] = domain::to_string(level);
  return {{"fields", out}};
}

Json custom_fields_json(const std::vector<domain::CustomFieldDef>& defs) {
  Json items = Json::array();
  for (const auto& d : defs) items.push_back(custom_field_json(d));
  return {{"items", items}};
}

Result<std::vector<domain::CustomFieldDef>> read_custom_fields(const Json& body) {
  JsonReader r(body, {"items"});
  TRY(r.status());
  auto it = body.find("items");
  if (it == body.end() || !it->is_array()) return invalid("Field 'items' must be a list.", "items");
  std::vector<domain::CustomFieldDef> defs;
  for (const auto& item : *it) {
    if (!item.is_object()) return invalid("Each custom field must be an object.", "items");
    JsonReader f(item, {"key", "label_en", "label_ar", "visibility"});
    domain::CustomFieldDef def;
    def.key = f.required_string("key", 32);
    def.label_en = f.string("label_en", 100).value_or("");
    def.label_ar = f.string("label_ar", 100).value_or("");
    auto level = domain::parse_visibility(f.string("visibility", 20).value_or("everyone"));
    TRY(f.status());
    if (!level) return invalid("Visibility must be everyone, managers or admins.", "visibility");
    def.visibility = *level;
    defs.push_back(std::move(def));
  }
  return defs;
}

Result<std::optional<UnixSeconds>> time_param(const Request& req, const std::string& name) {
  std::string text = req.query_value(name);
  if (text.empty()) return std::optional<UnixSeconds>{};
  auto t = parse_rfc3339(text);
  if (!t) return invalid("'" + name + "' must be a date (YYYY-MM-DD) or an RFC 3339 UTC time.", name);
  // A bare date as the end of a range means the whole of that day.
  if (name == "until" && text.size() == 10) *t += 24 * 3600 - 1;
  return std::optional<UnixSeconds>{*t};
}

}  // namespace

void register_admin_routes(Router& router, Services& s) {
  router.add("GET", "/api/v1/organization", Access::SignedIn, Body::None, [&s](Request&, const app::Actor*) {
    auto org = s.admin.organization();
    RETURN_IF_ERROR(org);
    return json_response(200, organization_json(org.value()));
  });

  router.add("PATCH", "/api/v1/organization", Access::SignedIn, Body::Json,
             [&s](Request& req, const app::Actor* actor) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"name", "default_language", "phone_region"});
               app::OrganizationChange change{r.string("name"), r.string("default_language", 5), r.string("phone_region", 2)};
               if (!r.status().ok()) return error_response(r.status().error());
               auto org = s.admin.update_organization(*actor, change);
               RETURN_IF_ERROR(org);
               return json_response(200, organization_json(org.value()));
             });

  router.add("GET", "/api/v1/admin/field-visibility", Access::SignedIn, Body::None,
             [&s](Request&, const app::Actor* actor) {
               auto fields = s.admin.field_visibility(*actor);
               RETURN_IF_ERROR(fields);
               return json_response(200, visibility_json(fields.value()));
             });

  router.add("PUT", "/api/v1/admin/field-visibility", Access::SignedIn, Body::Json,
             [&s](Request& req, const app::Actor* actor) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"fields"});
               const Json* fields_json = r.object("fields");
               if (!r.status().ok()) return error_response(r.status().error());
               if (!fields_json) return error_response(invalid("Field 'fields' is required.", "fields"));
               std::map<std::string, domain::Visibility> fields;
               for (const auto& [field, level] : fields_json->items()) {
                 auto parsed = domain::parse_visibility(level.is_string() ? level.get<std::string>() : "");
                 if (!parsed) return error_response(invalid("Visibility must be everyone, managers or admins.", field));
                 fields[field] = *parsed;
               }
               auto saved = s.admin.set_field_visibility(*actor, fields);
               RETURN_IF_ERROR(saved);
               return json_response(200, visibility_json(saved.value()));
             });

  router.add("GET", "/api/v1/admin/custom-fields", Access::SignedIn, Body::None,
             [&s](Request&, const app::Actor* actor) {
               auto defs = s.admin.custom_fields(*actor);
               RETURN_IF_ERROR(defs);
               return json_response(200, custom_fields_json(defs.value()));
             });

  router.add("PUT", "/api/v1/admin/custom-fields", Access::SignedIn, Body::Json,
             [&s](Request& req, const app::Actor* actor) {
               PARSE_BODY(body, req);
               auto defs = read_custom_fields(body);
               RETURN_IF_ERROR(defs);
               auto saved = s.admin.set_custom_fields(*actor, std::move(defs).value());
               RETURN_IF_ERROR(saved);
               return json_response(200, custom_fields_json(saved.value()));
             });

  router.add("GET", "/api/v1/admin/audit", Access::SignedIn, Body::None, [&s](Request& req, const app::Actor* actor) {
    auto limit = limit_param(req);
    RETURN_IF_ERROR(limit);
    auto since = time_param(req, "since");
    RETURN_IF_ERROR(since);
    auto until = time_param(req, "until");
    RETURN_IF_ERROR(until);
    app::AuditFilter filter{req.query_value("actor_id"), req.query_value("action"), since.value(), until.value(),
                            limit.value(), req.query_value("cursor")};
    auto page = s.admin.audit(*actor, filter);
    RETURN_IF_ERROR(page);
    Json items = Json::array();
    for (const auto& e : page->items) {
      auto item = audit_json(e);
      auto name = page->target_names.find(e.target_id);
      item["target_name"] = name == page->target_names.end() ? Json(nullptr) : Json(name->second);
      items.push_back(std::move(item));
    }
    return json_response(200, {{"items", items},
                               {"next_cursor", page->next_cursor ? Json(*page->next_cursor) : Json(nullptr)},
                               {"chain", {{"head_seq", page->head_seq}, {"head_hash", page->head_hash}}}});
  });
}

}  // namespace muster::transport::http_api
