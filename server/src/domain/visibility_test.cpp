#include "domain/visibility.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace muster::domain {
namespace {

constexpr Role kAllRoles[] = {Role::Owner, Role::Admin, Role::Manager, Role::Member, Role::External};

TEST(Visibility, ParseAndToStringRoundTrip) {
  for (auto v : {Visibility::Everyone, Visibility::Managers, Visibility::Admins})
    EXPECT_EQ(parse_visibility(to_string(v)), v);
  EXPECT_EQ(to_string(Visibility::Managers), "managers");
  for (std::string bad : {"", "Everyone", "admin", "nobody"}) EXPECT_FALSE(parse_visibility(bad)) << bad;
}

TEST(Visibility, RestrictableFieldsAreTheContactAndWorkFields) {
  const auto& fields = restrictable_fields();
  for (std::string f : {"phone", "email", "employee_id", "location", "department", "job_title", "manager", "tags"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  EXPECT_EQ(std::find(fields.begin(), fields.end(), "name"), fields.end()) << "names are always public";
}

// Expected answer for every role at every level, looking at someone else.
TEST(VisibilityPolicy, EveryRoleAtEveryLevel) {
  struct Case {
    Visibility level;
    Role role;
    bool sees;
  };
  const std::vector<Case> cases = {
      {Visibility::Everyone, Role::Owner, true},    {Visibility::Everyone, Role::Admin, true},
      {Visibility::Everyone, Role::Manager, true},  {Visibility::Everyone, Role::Member, true},
      {Visibility::Everyone, Role::External, true},

      {Visibility::Managers, Role::Owner, true},    {Visibility::Managers, Role::Admin, true},
      {Visibility::Managers, Role::Manager, true},  {Visibility::Managers, Role::Member, false},
      {Visibility::Managers, Role::External, false},

      {Visibility::Admins, Role::Owner, true},      {Visibility::Admins, Role::Admin, true},
      {Visibility::Admins, Role::Manager, false},   {Visibility::Admins, Role::Member, false},
      {Visibility::Admins, Role::External, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(to_string(c.level)) + " / " + std::string(to_string(c.role)));
    VisibilityPolicy policy;
    policy.fields["phone"] = c.level;
    EXPECT_EQ(policy.can_see(c.role, false, "phone"), c.sees);
    // Other fields keep their own (default) level.
    EXPECT_TRUE(policy.can_see(c.role, false, "email"));

    VisibilityPolicy custom;
    custom.custom_fields.push_back({"blood_type", "Blood type", "فصيلة الدم", c.level});
    EXPECT_EQ(custom.can_see(c.role, false, "custom.blood_type"), c.sees);
  }
}

TEST(VisibilityPolicy, AnyoneSeesTheirOwnFields) {
  VisibilityPolicy policy;
  policy.fields["phone"] = Visibility::Admins;
  policy.fields["email"] = Visibility::Managers;
  policy.custom_fields.push_back({"salary_band", "Band", "", Visibility::Admins});
  for (Role role : kAllRoles) {
    SCOPED_TRACE(std::string(to_string(role)));
    EXPECT_TRUE(policy.can_see(role, true, "phone"));
    EXPECT_TRUE(policy.can_see(role, true, "email"));
    EXPECT_TRUE(policy.can_see(role, true, "custom.salary_band"));
    EXPECT_TRUE(policy.can_see(role, true, "custom.not_defined"));
  }
}

TEST(VisibilityPolicy, UnlistedFieldsAreVisibleToEveryone) {
  VisibilityPolicy policy;
  for (Role role : kAllRoles)
    for (const auto& field : restrictable_fields()) EXPECT_TRUE(policy.can_see(role, false, field)) << field;
}

TEST(VisibilityPolicy, UndefinedCustomDataStaysWithAdmins) {
  VisibilityPolicy policy;
  policy.custom_fields.push_back({"blood_type", "Blood type", "", Visibility::Everyone});
  EXPECT_TRUE(policy.can_see(Role::Member, false, "custom.blood_type"));
  // A key with no definition (left over after an admin removed the field, or imported).
  EXPECT_TRUE(policy.can_see(Role::Owner, false, "custom.old_field"));
  EXPECT_TRUE(policy.can_see(Role::Admin, false, "custom.old_field"));
  EXPECT_FALSE(policy.can_see(Role::Manager, false, "custom.old_field"));
  EXPECT_FALSE(policy.can_see(Role::Member, false, "custom.old_field"));
  EXPECT_FALSE(policy.can_see(Role::External, false, "custom.old_field"));
  // A prefix of a defined key is a different key.
  EXPECT_FALSE(policy.can_see(Role::Member, false, "custom.blood"));
}

TEST(VisibilityPolicy, FieldVisibilityDoesNotLeakIntoCustomFieldsOfTheSameName) {
  VisibilityPolicy policy;
  policy.fields["phone"] = Visibility::Admins;
  policy.custom_fields.push_back({"phone", "Second phone", "", Visibility::Everyone});
  EXPECT_FALSE(policy.can_see(Role::Member, false, "phone"));
  EXPECT_TRUE(policy.can_see(Role::Member, false, "custom.phone"));
}

TEST(ValidateCustomFields, AcceptsValidDefinitions) {
  std::vector<CustomFieldDef> defs = {{"blood_type", "Blood type", "فصيلة الدم", Visibility::Managers},
                                      {"x", "", "س", Visibility::Everyone},
                                      {std::string(32, 'k'), std::string(100, 'l'), std::string(), Visibility::Admins}};
  auto status = validate_custom_fields(defs);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(defs[1].label_en, "") << "an Arabic label alone is enough";
}

TEST(ValidateCustomFields, MissingLabelsDefaultToTheKey) {
  std::vector<CustomFieldDef> defs = {{"shoe_size", "", "", Visibility::Everyone}};
  ASSERT_TRUE(validate_custom_fields(defs).ok());
  EXPECT_EQ(defs[0].label_en, "shoe_size");
}

TEST(ValidateCustomFields, RejectsBadKeys) {
  for (std::string key : {std::string(), std::string("Blood"), std::string("1st"), std::string("_a"),
                          std::string("a-b"), std::string("a b"), std::string("custom.x"), std::string(33, 'k'),
                          std::string("فصيلة")}) {
    SCOPED_TRACE(key);
    std::vector<CustomFieldDef> defs = {{key, "Label", "", Visibility::Everyone}};
    auto status = validate_custom_fields(defs);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(status.error().field, "key");
  }
}

TEST(ValidateCustomFields, RejectsDuplicateKeys) {
  std::vector<CustomFieldDef> defs = {{"band", "Band", "", Visibility::Everyone},
                                      {"band", "Band again", "", Visibility::Admins}};
  auto status = validate_custom_fields(defs);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "key");
  EXPECT_NE(status.error().message.find("band"), std::string::npos);
}

TEST(ValidateCustomFields, LabelsAreAtMost100Characters) {
  std::string arabic_100;
  for (int i = 0; i < 100; ++i) arabic_100 += "ل";
  std::vector<CustomFieldDef> ok = {{"k", arabic_100, arabic_100, Visibility::Everyone}};
  EXPECT_TRUE(validate_custom_fields(ok).ok()) << "limit counts characters, not bytes";

  std::vector<CustomFieldDef> en = {{"k", std::string(101, 'l'), "", Visibility::Everyone}};
  EXPECT_FALSE(validate_custom_fields(en).ok());
  std::vector<CustomFieldDef> ar = {{"k", "Label", arabic_100 + "ل", Visibility::Everyone}};
  EXPECT_FALSE(validate_custom_fields(ar).ok());
}

TEST(ValidateCustomFields, AtMost50) {
  std::vector<CustomFieldDef> defs;
  for (int i = 0; i < 50; ++i) defs.push_back({"f" + std::to_string(i), "F", "", Visibility::Everyone});
  EXPECT_TRUE(validate_custom_fields(defs).ok());
  defs.push_back({"f50", "F", "", Visibility::Everyone});
  EXPECT_FALSE(validate_custom_fields(defs).ok());
}

}  // namespace
}  // namespace muster::domain
