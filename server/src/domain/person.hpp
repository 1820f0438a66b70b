// A person in the company directory, and the rules about people that need no storage.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace muster::domain {

enum class Role { Owner, Admin, Manager, Member, External };
enum class PersonKind { Employee, External };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);
std::string_view to_string(PersonKind kind);
std::optional<PersonKind> parse_kind(std::string_view text);
bool is_admin(Role role);  // owner or admin
// Suppliers and contractors: by kind or by role. They see only the conversations they were added
// to, and in the directory only the people who share one with them.
struct Person;
bool is_external(const Person& person);
bool is_valid_language(std::string_view lang);

struct Person {
  std::string id;
  std::string name;        // as the person writes it, often Arabic
  std::string name_latin;  // optional Latin-script form
  std::string job_title;
  std::string department;
  std::string location;
  std::optional<std::string> manager_id;
  std::string employee_id;  // empty when unset; unique when set
  std::string phone;        // empty when unset; unique when set
  std::string email;        // lower-cased; empty when unset; unique when set
  PersonKind kind = PersonKind::Employee;
  std::string company;  // for external contacts
  std::vector<std::string> tags;
  std::map<std::string, std::string> custom;
  Role role = Role::Member;
  bool active = true;
  bool has_account = false;  // a password has been set
  std::optional<std::string> language;
  std::string photo_version;  // empty: no profile photo; else names the current one (PeopleStore::set_photo)
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

// Keys used to match a sign-in login or an import row regardless of how it was typed.
std::string email_key(std::string_view email);        // lower-case
// E.164 read with the organization's country (domain/phone_number.hpp); else the digits (Arabic-Indic
// digits folded), "" if too short.
std::string phone_key(std::string_view phone);
std::string employee_id_key(std::string_view id);     // normalized for search (case, digits)

// Checks and tidies the fields of a person before it is stored.
Status validate_person(Person& person);

// The fields directory search matches, each normalized for search. "names" (name, Latin name,
// company) is always visible; the others follow field visibility.
struct SearchFields {
  std::string names, job_title, department, location, employee_id, email, tags, phone;
};
SearchFields search_fields(const Person& person);
// The searchable fields that visibility can hide, by field name.
const std::vector<std::string>& hideable_search_fields();
// Normalized name the directory sorts by.
std::string sort_key(const Person& person);

}  // namespace muster::domain
