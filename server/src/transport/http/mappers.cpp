#include "transport/http/mappers.hpp"

#include "domain/user_agent.hpp"
#include "transport/http/message.hpp"

namespace muster::transport::http_api {

Json person_json(const app::PersonView& v) {
  const auto& p = v.person;
  Json j = {{"id", p.id},
            {"name", p.name},
            {"name_latin", p.name_latin},
            {"kind", domain::to_string(p.kind)},
            {"company", p.company},
            {"role", domain::to_string(p.role)},
            {"status", p.active ? "active" : "deactivated"},
            {"has_account", p.has_account},
            {"photo_version", p.photo_version.empty() ? Json(nullptr) : Json(p.photo_version)},
            {"created_at", to_rfc3339(p.created_at)},
            {"updated_at", to_rfc3339(p.updated_at)}};
  for (const auto& field : domain::text_fields())
    if (!j.contains(field.name) && !v.hidden.count(field.name)) j[field.name] = p.*field.member;
  if (!v.hidden.count("manager")) {
    j["manager_id"] = p.manager_id ? Json(*p.manager_id) : Json(nullptr);
    j["manager_name"] = v.manager_name ? Json(*v.manager_name) : Json(nullptr);
  }
  if (!v.hidden.count("tags")) j["tags"] = p.tags;
  j["custom"] = Json::object();
  for (const auto& [k, val] : p.custom) j["custom"][k] = val;
  if (!v.hidden.count("language")) j["language"] = p.language ? Json(*p.language) : Json(nullptr);
  if (v.end_at) j["end_at"] = to_rfc3339(*v.end_at);  // admins only
  return j;
}

Json organization_json(const store::Organization& org) {
  return {{"name", org.name},
          {"default_language", org.default_language},
          {"phone_region", org.phone_region},
          {"created_at", to_rfc3339(org.created_at)}};
}

Json session_json(const store::Session& s, const std::string& current) {
  return {{"id", s.id},
          {"device", s.device},
          {"device_name", domain::device_name(s.device)},
          {"expires_at", to_rfc3339(s.expires_at)},
          {"ip", s.ip},
          {"kind", s.kind},
          {"created_at", to_rfc3339(s.created_at)},
          {"last_seen_at", to_rfc3339(s.last_seen_at)},
          {"current", s.id == current}};
}

Json invitation_json(const app::InvitationLink& link, const std::string& base_url) {
  return {{"url", base_url + "/invite/" + link.token}, {"token", link.token}, {"expires_at", to_rfc3339(link.expires_at)}};
}

Json audit_json(const store::AuditEntry& e) {
  Json details = Json::parse(e.details_json, nullptr, false);
  return {{"id", std::to_string(e.id)},
          {"at", to_rfc3339(e.at)},
          {"actor_id", e.actor_id.empty() ? Json(nullptr) : Json(e.actor_id)},
          {"actor_name", e.actor_name},
          {"action", e.action},
          {"target_type", e.target_type},
          {"target_id", e.target_id},
          {"ip", e.ip},
          {"details", details.is_discarded() ? Json::object() : details}};
}

Json import_report_json(const app::ImportReport& r) {
  Json created = Json::array(), updated = Json::array(), deactivated = Json::array(), errors = Json::array();
  for (const auto& c : r.created)
    created.push_back({{"line", c.line}, {"name", c.name}, {"employee_id", c.employee_id}, {"email", c.email}});
  for (const auto& u : r.updated)
    updated.push_back({{"line", u.line}, {"id", u.id}, {"name", u.name}, {"changes", u.changes}});
  for (const auto& d : r.deactivated) deactivated.push_back({{"line", d.line}, {"id", d.id}, {"name", d.name}});
  for (const auto& e : r.errors) {
    Json err = {{"line", e.line}, {"message", e.message}};
    err["field"] = e.field.empty() ? Json(nullptr) : Json(e.field);
    put_reason(err, e.reason, e.params);
    errors.push_back(err);
  }
  return {{"mode", r.apply ? "apply" : "dry-run"}, {"created", created}, {"updated", updated},
          {"deactivated", deactivated},           {"unchanged", r.unchanged}, {"errors", errors},
          {"applied", r.applied}};
}

Json custom_field_json(const domain::CustomFieldDef& d) {
  return {{"key", d.key}, {"label_en", d.label_en}, {"label_ar", d.label_ar}, {"visibility", domain::to_string(d.visibility)}};
}

Result<app::NewMessage> read_new_message(const Json& body) {
  JsonReader r(body, {"client_id", "text", "reply_to", "attachment_ids", "urgency"});
  app::NewMessage m{r.required_string("client_id", 64), r.string("text", domain::kMaxMessageChars).value_or(""),
                    r.string("reply_to", 64), {}};
  auto attachments = r.string_list("attachment_ids", 10, 64);
  auto urgency = r.string("urgency", 16);
  TRY(r.status());
  if (attachments) m.attachment_ids = std::move(*attachments);
  if (urgency) {
    auto parsed = domain::parse_urgency(*urgency);
    if (!parsed) return invalid("Field 'urgency' must be normal, important or urgent.", "urgency");
    m.urgency = *parsed;
  }
  return m;
}

Result<domain::PersonPatch> read_person_patch(const Json& body) {
  JsonReader r(body, {"name", "name_latin", "job_title", "department", "location", "employee_id", "phone", "email",
                      "company", "manager_id", "kind", "role", "tags", "custom", "language", "end_at"});
  domain::PersonPatch patch;
  for (const auto& field : domain::text_fields())
    if (auto value = r.string(field.name, field.name == std::string("email") ? 254 : 200)) patch.text[field.name] = *value;
  if (auto manager = r.nullable_string("manager_id", 64))
    patch.manager_id = manager->has_value() && !(*manager)->empty() ? *manager : std::optional<std::string>{};
  if (auto kind = r.string("kind", 20)) {
    auto parsed = domain::parse_kind(*kind);
    if (!parsed) return invalid("Kind must be 'employee' or 'external'.", "kind");
    patch.kind = *parsed;
  }
  if (auto role = r.string("role", 20)) {
    auto parsed = domain::parse_role(*role);
    if (!parsed) return invalid("Role must be owner, admin, manager, member or external.", "role");
    patch.role = *parsed;
  }
  patch.tags = r.string_list("tags", 50, 50);
  if (auto language = r.nullable_string("language", 5))
    patch.language = language->has_value() && !(*language)->empty() ? *language : std::optional<std::string>{};
  if (auto end_at = r.nullable_string("end_at", 40)) {
    if (!end_at->has_value() || (*end_at)->empty()) {
      patch.end_at = std::optional<UnixSeconds>{};
    } else {
      auto parsed = parse_rfc3339(**end_at);
      if (!parsed) return invalid("End date must be an RFC 3339 date-time.", "end_at");
      patch.end_at = parsed;
    }
  }
  if (const Json* custom = r.object("custom")) {
    patch.custom.emplace();
    for (const auto& [key, value] : custom->items()) {
      if (!value.is_string() && !value.is_null()) return invalid("Custom field values must be strings.", "custom");
      (*patch.custom)[key] = value.is_string() ? value.get<std::string>() : "";
    }
  }
  TRY(r.status());
  return patch;
}

}  // namespace muster::transport::http_api
