#include "domain/person.hpp"
#include "domain/phone_number.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "domain/text/arabic.hpp"
#include "domain/visibility.hpp"

namespace muster::domain {
namespace {

Person valid_person() {
  Person p;
  p.id = "p_1";
  p.name = "أحمد علي";
  p.name_latin = "Ahmed Ali";
  p.job_title = "Engineer";
  p.department = "IT";
  p.location = "Riyadh";
  p.employee_id = "E-100";
  p.phone = "+966 50 123 4567";
  p.email = "ahmed@example.com";
  return p;
}

std::string repeat(std::string_view unit, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += unit;
  return out;
}

TEST(ValidatePerson, AcceptsAValidPerson) {
  Person p = valid_person();
  auto status = validate_person(p);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(p.name, "أحمد علي");
  EXPECT_EQ(p.email, "ahmed@example.com");
}

TEST(ValidatePerson, NameIsRequired) {
  Person p = valid_person();
  p.name.clear();
  auto status = validate_person(p);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(status.error().field, "name");
}

TEST(ValidatePerson, LengthLimitsCountCharactersNotBytes) {
  struct Case {
    std::string Person::*member;
    size_t max;
    std::string field;
    std::string unit;  // one character
  };
  const std::vector<Case> cases = {
      {&Person::name, 200, "name", "ح"},
      {&Person::name_latin, 200, "name_latin", "a"},
      {&Person::job_title, 200, "job_title", "م"},
      {&Person::department, 200, "department", "d"},
      {&Person::location, 200, "location", "ر"},
      {&Person::employee_id, 64, "employee_id", "7"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    Person at_limit = valid_person();
    at_limit.*c.member = repeat(c.unit, c.max);
    auto ok = validate_person(at_limit);
    EXPECT_TRUE(ok.ok()) << ok.error().message;

    Person over = valid_person();
    over.*c.member = repeat(c.unit, c.max + 1);
    auto bad = validate_person(over);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(bad.error().field, c.field);
  }
}

TEST(ValidatePerson, CompanyLengthIsCheckedForExternalContacts) {
  Person p = valid_person();
  p.kind = PersonKind::External;
  p.company = repeat("ش", 200);
  EXPECT_TRUE(validate_person(p).ok());
  p.company = repeat("ش", 201);
  auto status = validate_person(p);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "company");
}

TEST(ValidatePerson, Email) {
  struct Case {
    std::string input;
    bool valid;
    std::string stored;  // when valid
  };
  const std::vector<Case> cases = {
      {"ahmed@example.com", true, "ahmed@example.com"},
      {"Ahmed.Ali@Example.COM", true, "ahmed.ali@example.com"},
      {"a+tag@sub.example.sa", true, "a+tag@sub.example.sa"},
      {"", true, ""},  // optional
      {"ahmed", false, ""},
      {"ahmed@", false, ""},
      {"@example.com", false, ""},
      {"ahmed@example", false, ""},
      {"ahmed@.com", false, ""},
      {"ahmed@example.com.", false, ""},
      {"a@b@example.com", false, ""},
      {"ahmed ali@example.com", false, ""},
      {"a,b@example.com", false, ""},
      {"a;b@example.com", false, ""},
      {"<a@example.com>", false, ""},
      {"a@example.com\n", false, ""},
      {repeat("a", 242) + "@example.com", true, repeat("a", 242) + "@example.com"},  // 254 characters
      {repeat("a", 243) + "@example.com", false, ""},                              // 255 characters
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    Person p = valid_person();
    p.email = c.input;
    auto status = validate_person(p);
    if (c.valid) {
      ASSERT_TRUE(status.ok()) << status.error().message;
      EXPECT_EQ(p.email, c.stored);
    } else {
      ASSERT_FALSE(status.ok());
      EXPECT_EQ(status.error().field, "email");
    }
  }
}

TEST(ValidatePerson, Phone) {
  struct Case {
    std::string input;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"+966 50 123 4567", true},
      {"(050) 123-4567", true},
      {"0501234567", true},
      {"٠٥٠١٢٣٤٥٦٧", true},          // Arabic-Indic digits
      {"+٩٦٦ ٥٠ ١٢٣ ٤٥٦٧", true},    // Arabic-Indic with spaces and +
      {"۰۵۰۱۲۳۴۵۶۷", true},          // Persian digits
      {"12345", true},               // shortest accepted
      {"", true},                    // optional
      {"1234", false},               // too few digits
      {"050-CALL-NOW", false},
      {"050.123.4567", false},
      {"050/123/4567", false},
      {"+1 555 0100 ext 5", false},
      {"123456789012345678901", false},  // 21 digits
      {repeat("-", 30) + "0501234567", true},   // 40 bytes
      {repeat("-", 31) + "0501234567", false},  // 41 bytes
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    Person p = valid_person();
    p.phone = c.input;
    auto status = validate_person(p);
    if (c.valid) {
      EXPECT_TRUE(status.ok()) << status.error().message;
      EXPECT_EQ(p.phone, c.input) << "the phone is stored as typed";
    } else {
      ASSERT_FALSE(status.ok());
      EXPECT_EQ(status.error().field, "phone");
    }
  }
}

TEST(ValidatePerson, EmployeeIdMustNotContainSpaces) {
  for (std::string id : {"E 100", "E\t100", "E100\n", " E100"}) {
    SCOPED_TRACE(id);
    Person p = valid_person();
    p.employee_id = id;
    auto status = validate_person(p);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().field, "employee_id");
  }
  Person p = valid_person();
  p.employee_id = "EMP-007_a";
  EXPECT_TRUE(validate_person(p).ok());
}

TEST(ValidatePerson, TagsAreSortedAndDeduplicated) {
  Person p = valid_person();
  p.tags = {"first-aid", "arabic", "first-aid", "مسعف", "arabic"};
  ASSERT_TRUE(validate_person(p).ok());
  EXPECT_EQ(p.tags, (std::vector<std::string>{"arabic", "first-aid", "مسعف"}));
}

TEST(ValidatePerson, TagLimits) {
  Person long_tag = valid_person();
  long_tag.tags = {repeat("و", 50)};
  EXPECT_TRUE(validate_person(long_tag).ok());
  long_tag.tags = {repeat("و", 51)};
  auto status = validate_person(long_tag);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "tags");

  Person many = valid_person();
  for (int i = 0; i < 50; ++i) many.tags.push_back("t" + std::to_string(i));
  EXPECT_TRUE(validate_person(many).ok());
  many.tags.push_back("one-too-many");
  status = validate_person(many);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "tags");
}

TEST(ValidatePerson, CustomFieldKeys) {
  struct Case {
    std::string key;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"blood_type", true}, {"a", true},       {"x9", true},          {std::string(32, 'k'), true},
      {"", false},          {"Blood", false},  {"1st", false},        {"_x", false},
      {"a-b", false},       {"a b", false},    {"a.b", false},        {std::string(33, 'k'), false},
      {"فصيلة", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.key);
    Person p = valid_person();
    p.custom[c.key] = "O+";
    auto status = validate_person(p);
    if (c.valid) {
      EXPECT_TRUE(status.ok()) << status.error().message;
    } else {
      ASSERT_FALSE(status.ok());
      EXPECT_EQ(status.error().field, "custom");
    }
  }
}

TEST(ValidatePerson, CustomFieldValues) {
  Person p = valid_person();
  p.custom = {{"blood_type", "O+"}, {"emergency", ""}, {"notes", repeat("ن", 500)}};
  ASSERT_TRUE(validate_person(p).ok());
  // An empty value removes the field.
  EXPECT_EQ(p.custom.size(), 2u);
  EXPECT_EQ(p.custom.count("emergency"), 0u);
  EXPECT_EQ(p.custom.at("blood_type"), "O+");

  p.custom["notes"] = repeat("ن", 501);
  auto status = validate_person(p);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "custom");

  Person many = valid_person();
  for (int i = 0; i < 51; ++i) many.custom["k" + std::to_string(i)] = "v";
  status = validate_person(many);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "custom");
}

TEST(ValidatePerson, KindAndRoleStayConsistent) {
  struct Case {
    std::string name;
    PersonKind kind;
    Role role;
    PersonKind want_kind;
    Role want_role;
    bool keeps_company;
  };
  const std::vector<Case> cases = {
      {"employee member", PersonKind::Employee, Role::Member, PersonKind::Employee, Role::Member, false},
      {"employee admin", PersonKind::Employee, Role::Admin, PersonKind::Employee, Role::Admin, false},
      {"external kind forces role", PersonKind::External, Role::Member, PersonKind::External, Role::External, true},
      {"external kind beats admin", PersonKind::External, Role::Admin, PersonKind::External, Role::External, true},
      {"external role forces kind", PersonKind::Employee, Role::External, PersonKind::External, Role::External, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Person p = valid_person();
    p.kind = c.kind;
    p.role = c.role;
    p.company = "Acme Supplies";
    ASSERT_TRUE(validate_person(p).ok());
    EXPECT_EQ(p.kind, c.want_kind);
    EXPECT_EQ(p.role, c.want_role);
    EXPECT_EQ(p.company, c.keeps_company ? "Acme Supplies" : "") << "employees have no company";
  }
}

TEST(ValidatePerson, ManagerCannotBeSelf) {
  Person p = valid_person();
  p.manager_id = p.id;
  auto status = validate_person(p);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "manager_id");

  p.manager_id = "p_2";
  EXPECT_TRUE(validate_person(p).ok());
}

TEST(ValidatePerson, Language) {
  for (std::string lang : {"ar", "en"}) {
    Person p = valid_person();
    p.language = lang;
    EXPECT_TRUE(validate_person(p).ok()) << lang;
  }
  for (std::string lang : {"fr", "AR", ""}) {
    Person p = valid_person();
    p.language = lang;
    auto status = validate_person(p);
    ASSERT_FALSE(status.ok()) << lang;
    EXPECT_EQ(status.error().field, "language");
  }
}

TEST(PersonKeys, EmailKeyLowerCases) {
  EXPECT_EQ(email_key("Ahmed.Ali@EXAMPLE.com"), "ahmed.ali@example.com");
  EXPECT_EQ(email_key("ahmed@example.com"), "ahmed@example.com");
}

// Without an organization country (domain/phone_number_test.cpp has the country's part): numbers
// with a country code (with "+", or without it when valid) are E.164, others keep their digits.
TEST(PersonKeys, PhoneKeyIsE164OrTheDigits) {
  set_phone_region("");
  struct Case {
    std::string input;
    std::string key;
  };
  const std::vector<Case> cases = {
      {"+966 50-123 4567", "+966501234567"},
      {"966501234567", "+966501234567"},  // a valid number once the "+" is added
      {"(966) 50 123 4567", "+966501234567"},
      {"+٩٦٦ ٥٠ ١٢٣ ٤٥٦٧", "+966501234567"},
      {"۹۶۶۵۰۱۲۳۴۵۶۷", "+966501234567"},
      {"12345", "12345"},
      {"1234", ""},
      {"call me", ""},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(phone_key(c.input), c.key) << c.input;
}

TEST(PersonKeys, EmployeeIdKeyIgnoresCaseAndDigitScript) {
  EXPECT_EQ(employee_id_key("E-100"), employee_id_key("e-100"));
  EXPECT_EQ(employee_id_key("EMP-٠٠٧"), employee_id_key("emp-007"));
  EXPECT_NE(employee_id_key("E-100"), employee_id_key("E-101"));
}

bool contains_all_terms(const std::string& text, std::string_view query) {
  for (const auto& term : search_terms(query))
    if (text.find(term) == std::string::npos) return false;
  return true;
}

TEST(SearchFields, NamesHoldTheNameInBothScriptsNormalized) {
  Person p = valid_person();
  p.name = "أحمد الشهراني";
  p.name_latin = "Ahmed Al-Shahrani";
  auto fields = search_fields(p);
  // Queries are normalized the same way, so hamza-on-alef and letter case fold away.
  EXPECT_TRUE(contains_all_terms(fields.names, "احمد")) << fields.names;
  EXPECT_TRUE(contains_all_terms(fields.names, "الشهراني")) << fields.names;
  EXPECT_TRUE(contains_all_terms(fields.names, "AHMED al-shahrani")) << fields.names;
  EXPECT_EQ(fields.names.find("أحمد"), std::string::npos) << "the raw hamza form is folded";
}

TEST(SearchFields, EachSearchableFieldIsNormalizedOnItsOwn) {
  Person p = valid_person();
  p.kind = PersonKind::External;
  p.company = "Acme Supplies";
  p.job_title = "Senior ENGINEER";
  p.department = "الإدارة";
  p.location = "Riyadh HQ";
  p.employee_id = "EMP-٠٠٧";
  p.email = "ahmed@example.com";
  p.tags = {"First-Aid", "مسعف"};
  auto f = search_fields(p);
  EXPECT_TRUE(contains_all_terms(f.names, "acme")) << "the company is searchable with the names";
  EXPECT_EQ(f.job_title, " senior engineer") << "each copy begins with a space, as a word start";
  EXPECT_EQ(f.department, " " + normalize_for_search("الادارة"));
  EXPECT_EQ(f.location, " riyadh hq");
  EXPECT_EQ(f.employee_id, " emp-007");
  EXPECT_EQ(f.email, " ahmed@example.com");
  EXPECT_TRUE(contains_all_terms(f.tags, "first-aid مسعف")) << f.tags;
  // Hideable values stay out of the always-visible names.
  EXPECT_EQ(f.names.find("ahmed@example.com"), std::string::npos);
  EXPECT_EQ(f.names.find("engineer"), std::string::npos);
  EXPECT_EQ(f.names.find("riyadh"), std::string::npos);
}

TEST(SearchFields, HideableFieldsAreRestrictableFields) {
  // Every searchable field an admin can hide must be one the visibility settings know about.
  const auto& restrictable = restrictable_fields();
  for (const auto& field : hideable_search_fields())
    EXPECT_NE(std::find(restrictable.begin(), restrictable.end(), field), restrictable.end()) << field;
  const auto& hideable = hideable_search_fields();
  for (std::string field : {"email", "employee_id", "job_title", "department", "location", "tags"})
    EXPECT_NE(std::find(hideable.begin(), hideable.end(), field), hideable.end()) << field;
}

TEST(SortKey, IsTheNormalizedName) {
  Person a = valid_person();
  a.name = "أحمد";
  Person b = valid_person();
  b.name = "احمد";
  EXPECT_EQ(sort_key(a), sort_key(b));
  Person c = valid_person();
  c.name = "Zed";
  EXPECT_EQ(sort_key(c), "zed");
}

TEST(RolesAndKinds, RoundTripThroughText) {
  const std::vector<std::pair<Role, std::string>> roles = {{Role::Owner, "owner"},
                                                           {Role::Admin, "admin"},
                                                           {Role::Manager, "manager"},
                                                           {Role::Member, "member"},
                                                           {Role::External, "external"}};
  for (const auto& [role, text] : roles) {
    EXPECT_EQ(to_string(role), text);
    EXPECT_EQ(parse_role(text), role);
  }
  for (std::string bad : {"", "Admin", "OWNER", "superuser", " member"}) EXPECT_FALSE(parse_role(bad)) << bad;

  EXPECT_EQ(to_string(PersonKind::Employee), "employee");
  EXPECT_EQ(to_string(PersonKind::External), "external");
  EXPECT_EQ(parse_kind("employee"), PersonKind::Employee);
  EXPECT_EQ(parse_kind("external"), PersonKind::External);
  for (std::string bad : {"", "Employee", "contractor"}) EXPECT_FALSE(parse_kind(bad)) << bad;
}

TEST(RolesAndKinds, OnlyOwnerAndAdminAreAdmins) {
  EXPECT_TRUE(is_admin(Role::Owner));
  EXPECT_TRUE(is_admin(Role::Admin));
  EXPECT_FALSE(is_admin(Role::Manager));
  EXPECT_FALSE(is_admin(Role::Member));
  EXPECT_FALSE(is_admin(Role::External));
}

}  // namespace
}  // namespace muster::domain
