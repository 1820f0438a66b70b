#include "domain/person.hpp"

#include <algorithm>
#include <cctype>

#include "domain/phone_number.hpp"
#include "domain/text/arabic.hpp"
#include "domain/text/latin_spelling.hpp"

namespace muster::domain {

namespace {
constexpr std::pair<Role, std::string_view> kRoles[] = {
    {Role::Owner, "owner"}, {Role::Admin, "admin"}, {Role::Manager, "manager"},
    {Role::Member, "member"}, {Role::External, "external"}};
}

std::string_view to_string(Role role) {
  for (auto& [r, s] : kRoles)
    if (r == role) return s;
  return "member";
}

std::optional<Role> parse_role(std::string_view text) {
  for (auto& [r, s] : kRoles)
    if (s == text) return r;
  return std::nullopt;
}

std::string_view to_string(PersonKind kind) { return kind == PersonKind::External ? "external" : "employee"; }

std::optional<PersonKind> parse_kind(std::string_view text) {
  if (text == "employee") return PersonKind::Employee;
  if (text == "external") return PersonKind::External;
  return std::nullopt;
}

bool is_admin(Role role) { return role == Role::Owner || role == Role::Admin; }

bool is_external(const Person& p) { return p.kind == PersonKind::External || p.role == Role::External; }

bool is_valid_language(std::string_view lang) { return lang == "ar" || lang == "en"; }

std::string email_key(std::string_view email) {
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string phone_key(std::string_view phone) {
  if (auto e164 = to_e164(phone, phone_region())) return *e164;
  std::string folded = normalize_for_search(phone);  // folds Arabic-Indic digits
  std::string digits;
  for (char c : folded)
    if (c >= '0' && c <= '9') digits += c;
  // "966501234567": the country code without its "+" (no organization country to read it with).
  if (folded.find('+') == std::string::npos)
    if (auto e164 = e164_from_digits(digits)) return *e164;
  return digits.size() >= 5 ? digits : std::string{};
}

std::string employee_id_key(std::string_view id) { return normalize_for_search(id); }

namespace {

bool looks_like_email(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at != email.rfind('@')) return false;
  auto domain = email.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  return std::none_of(email.begin(), email.end(),
                      [](unsigned char c) { return c <= ' ' || c == ',' || c == ';' || c == '<' || c == '>'; });
}

bool looks_like_phone(std::string_view phone) {
  std::string folded = normalize_for_search(phone);
  for (char c : folded)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == ' ' || c == '-' || c == '(' || c == ')'))
      return false;
  auto key = phone_key(phone);  // libphonenumber's parse: once
  return !key.empty() && key.size() <= 20;
}

Status check_length(const std::string& value, size_t max, std::string_view field) {
  if (utf8_length(value) > max)
    return invalid(std::string(field) + " is longer than " + std::to_string(max) + " characters.", std::string(field))
        .because("field_too_long", {{"max", std::to_string(max)}});
  return ok_status();
}

bool valid_custom_key(std::string_view key) {
  if (key.empty() || key.size() > 32 || !(key[0] >= 'a' && key[0] <= 'z')) return false;
  return std::all_of(key.begin(), key.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

Status validate_person(Person& p) {
  if (p.name.empty()) return invalid("Name is required.", "name").because("field_required");
  TRY(check_length(p.name, 200, "name"));
  TRY(check_length(p.name_latin, 200, "name_latin"));
  TRY(check_length(p.job_title, 200, "job_title"));
  TRY(check_length(p.department, 200, "department"));
  TRY(check_length(p.location, 200, "location"));
  TRY(check_length(p.company, 200, "company"));
  TRY(check_length(p.employee_id, 64, "employee_id"));
  p.email = email_key(p.email);
  if (!p.email.empty() && (p.email.size() > 254 || !looks_like_email(p.email)))
    return invalid("Email address is not valid.", "email").because("email_invalid");
  if (!p.phone.empty() && (p.phone.size() > 40 || !looks_like_phone(p.phone)))
    return invalid("Phone number is not valid: use digits, spaces, + - ( ).", "phone").because("phone_invalid");
  if (p.employee_id.find_first_of(" \t\r\n") != std::string::npos)
    return invalid("Employee id must not contain spaces.", "employee_id").because("employee_id_spaces");
  if (p.tags.size() > 50) return invalid("A person can have at most 50 tags.", "tags").because("field_too_many", {{"max", "50"}});
  for (auto& tag : p.tags) {
    TRY(check_length(tag, 50, "tags"));
    // '|' separates tags in the spreadsheet format.
    if (tag.find('|') != std::string::npos) return invalid("A tag cannot contain '|'.", "tags").because("tag_bar");
  }
  std::sort(p.tags.begin(), p.tags.end());
  p.tags.erase(std::unique(p.tags.begin(), p.tags.end()), p.tags.end());
  if (p.custom.size() > 50) return invalid("A person can have at most 50 custom fields.", "custom").because("field_too_many", {{"max", "50"}});
  for (auto it = p.custom.begin(); it != p.custom.end();) {
    if (!valid_custom_key(it->first)) return invalid("Custom field key '" + it->first + "' is not valid.", "custom").because("custom_key_invalid", {{"key", it->first}});
    TRY(check_length(it->second, 500, "custom"));
    it = it->second.empty() ? p.custom.erase(it) : std::next(it);
  }
  if (p.kind == PersonKind::External) p.role = Role::External;
  if (p.role == Role::External) p.kind = PersonKind::External;
  if (p.kind == PersonKind::Employee) p.company.clear();
  if (p.manager_id && *p.manager_id == p.id) return invalid("A person cannot be their own manager.", "manager_id").because("own_manager");
  if (p.language && !is_valid_language(*p.language)) return invalid("Language must be 'ar' or 'en'.", "language").because("field_invalid");
  return ok_status();
}

SearchFields search_fields(const Person& p) {
  std::string tags;
  for (const auto& tag : p.tags) tags += (tags.empty() ? "" : " ") + tag;
  std::string names = normalize_for_search(p.name + " " + p.name_latin + " " + p.company);
  auto keys = spelling_keys(names);  // Ahmed is found as Ahmad (domain/text/latin_spelling.hpp)
  if (!keys.empty()) names += " " + keys;
  // The number as people type it: "+966509876543", "966509876543" and "0509876543" all find it.
  auto phone = phone_search_text(p.phone, phone_region());
  if (!phone.empty()) phone = "+" + phone;
  // Each copy begins with a space, as every later word does: a one- or two-character search
  // matches a word's start (" fa"), which the trigram index can then find too.
  auto field = [](const std::string& text) { return " " + text; };
  return {field(names),
          field(normalize_for_search(p.job_title)),
          field(normalize_for_search(p.department)),
          field(normalize_for_search(p.location)),
          field(normalize_for_search(p.employee_id)),
          field(normalize_for_search(p.email)),
          field(normalize_for_search(tags)),
          field(phone)};
}

const std::vector<std::string>& hideable_search_fields() {
  static const std::vector<std::string> fields = {"job_title", "department", "location", "employee_id", "email", "tags", "phone"};
  return fields;
}

std::string sort_key(const Person& p) { return normalize_for_search(p.name); }

}  // namespace muster::domain
