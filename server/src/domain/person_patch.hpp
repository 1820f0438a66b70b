// A partial change to a person, shared by the edit form (JSON) and the spreadsheet import (CSV).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/person.hpp"

namespace muster::domain {

// The plain text fields of a person, by their API/CSV name.
struct TextField {
  const char* name;
  std::string Person::*member;
};
const std::vector<TextField>& text_fields();

struct PersonPatch {
  std::map<std::string, std::string> text;  // by TextField name
  std::optional<std::optional<std::string>> manager_id;
  std::optional<PersonKind> kind;
  std::optional<Role> role;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::map<std::string, std::string>> custom;  // replaces the keys it names
  std::optional<bool> active;
  std::optional<std::optional<std::string>> language;  // null: follow the organization
  // The date the person leaves (the server deactivates them then); null: none. Stored apart from
  // the person (store::RetentionStore), so apply_patch leaves it alone.
  std::optional<std::optional<UnixSeconds>> end_at;
};

void apply_patch(const PersonPatch& patch, Person& person);
// Names of the fields that differ ("job_title", "tags", "custom.blood_type", "status", ...).
std::vector<std::string> changed_fields(const Person& before, const Person& after);

}  // namespace muster::domain
