#include "domain/visibility.hpp"

#include <set>

#include "domain/text/arabic.hpp"

namespace muster::domain {

std::string_view to_string(Visibility v) {
  switch (v) {
    case Visibility::Managers: return "managers";
    case Visibility::Admins: return "admins";
    default: return "everyone";
  }
}

std::optional<Visibility> parse_visibility(std::string_view text) {
  if (text == "everyone") return Visibility::Everyone;
  if (text == "managers") return Visibility::Managers;
  if (text == "admins") return Visibility::Admins;
  return std::nullopt;
}

const std::vector<std::string>& restrictable_fields() {
  static const std::vector<std::string> fields = {"phone",    "email",     "employee_id", "location",
                                                  "department", "job_title", "manager",     "tags"};
  return fields;
}

static bool allowed(Visibility level, Role viewer) {
  switch (level) {
    case Visibility::Everyone: return true;
    case Visibility::Managers: return viewer == Role::Manager || is_admin(viewer);
    case Visibility::Admins: return is_admin(viewer);
  }
  return false;
}

bool VisibilityPolicy::can_see(Role viewer_role, bool viewing_self, std::string_view field) const {
  if (viewing_self || is_admin(viewer_role)) return true;
  if (field.starts_with("custom.")) {
    auto key = field.substr(7);
    for (const auto& def : custom_fields)
      if (def.key == key) return allowed(def.visibility, viewer_role);
    return allowed(Visibility::Admins, viewer_role);  // undefined custom data stays with admins
  }
  auto it = fields.find(std::string(field));
  return allowed(it == fields.end() ? Visibility::Everyone : it->second, viewer_role);
}

Status validate_custom_fields(std::vector<CustomFieldDef>& defs) {
  if (defs.size() > 50) return invalid("At most 50 custom fields.", "items");
  std::set<std::string> seen;
  for (auto& def : defs) {
    bool key_ok = !def.key.empty() && def.key.size() <= 32 && def.key[0] >= 'a' && def.key[0] <= 'z';
    for (char c : def.key) key_ok = key_ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!key_ok) return invalid("Custom field key '" + def.key + "' must match [a-z][a-z0-9_]{0,31}.", "key");
    if (!seen.insert(def.key).second) return invalid("Custom field key '" + def.key + "' appears twice.", "key");
    if (def.label_en.empty() && def.label_ar.empty()) def.label_en = def.key;
    if (utf8_length(def.label_en) > 100 || utf8_length(def.label_ar) > 100)
      return invalid("Custom field labels are at most 100 characters.", "label_en");
  }
  return ok_status();
}

}  // namespace muster::domain
