// Which directory fields a viewer may see. Admins decide per field; admins and the person see all.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/person.hpp"

namespace muster::domain {

enum class Visibility { Everyone, Managers, Admins };

std::string_view to_string(Visibility v);
std::optional<Visibility> parse_visibility(std::string_view text);

// Fields whose visibility admins control; the rest (name, kind, company, role, status) are public.
const std::vector<std::string>& restrictable_fields();

struct CustomFieldDef {
  std::string key;
  std::string label_en;
  std::string label_ar;
  Visibility visibility = Visibility::Everyone;
};

struct VisibilityPolicy {
  std::map<std::string, Visibility> fields;  // missing -> Everyone
  std::vector<CustomFieldDef> custom_fields;

  // May `viewer` (with this role, looking at `subject_id`) see `field`? Custom fields are "custom.<key>".
  bool can_see(Role viewer_role, bool viewing_self, std::string_view field) const;
};

Status validate_custom_fields(std::vector<CustomFieldDef>& defs);

}  // namespace muster::domain
