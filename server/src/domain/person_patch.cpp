#include "domain/person_patch.hpp"

namespace muster::domain {

const std::vector<TextField>& text_fields() {
  static const std::vector<TextField> fields = {
      {"name", &Person::name},         {"name_latin", &Person::name_latin}, {"job_title", &Person::job_title},
      {"department", &Person::department}, {"location", &Person::location},   {"employee_id", &Person::employee_id},
      {"phone", &Person::phone},       {"email", &Person::email},           {"company", &Person::company},
  };
  return fields;
}

void apply_patch(const PersonPatch& patch, Person& person) {
  for (const auto& field : text_fields()) {
    auto it = patch.text.find(field.name);
    if (it != patch.text.end()) person.*field.member = it->second;
  }
  if (patch.manager_id) person.manager_id = *patch.manager_id;
  if (patch.kind) person.kind = *patch.kind;
  if (patch.role) person.role = *patch.role;
  if (patch.tags) person.tags = *patch.tags;
  if (patch.custom)
    for (const auto& [key, value] : *patch.custom) person.custom[key] = value;
  if (patch.active) person.active = *patch.active;
  if (patch.language) person.language = *patch.language;
}

std::vector<std::string> changed_fields(const Person& before, const Person& after) {
  std::vector<std::string> changes;
  for (const auto& field : text_fields())
    if (before.*field.member != after.*field.member) changes.push_back(field.name);
  if (before.manager_id != after.manager_id) changes.push_back("manager_id");
  if (before.kind != after.kind) changes.push_back("kind");
  if (before.role != after.role) changes.push_back("role");
  if (before.tags != after.tags) changes.push_back("tags");
  std::map<std::string, std::string> keys(before.custom);
  keys.insert(after.custom.begin(), after.custom.end());
  for (const auto& [key, _] : keys) {
    auto b = before.custom.find(key), a = after.custom.find(key);
    std::string bv = b == before.custom.end() ? "" : b->second, av = a == after.custom.end() ? "" : a->second;
    if (bv != av) changes.push_back("custom." + key);
  }
  if (before.active != after.active) changes.push_back("status");
  if (before.language != after.language) changes.push_back("language");
  return changes;
}

}  // namespace muster::domain
