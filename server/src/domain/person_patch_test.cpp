#include "domain/person_patch.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace muster::domain {
namespace {

using Fields = std::vector<std::string>;

Person sample() {
  Person p;
  p.id = "p_1";
  p.name = "سارة";
  p.name_latin = "Sara";
  p.job_title = "Accountant";
  p.department = "Finance";
  p.location = "Jeddah";
  p.manager_id = "p_boss";
  p.employee_id = "E-7";
  p.phone = "0501234567";
  p.email = "sara@example.com";
  p.tags = {"arabic", "excel"};
  p.custom = {{"blood_type", "A+"}, {"shirt", "M"}};
  return p;
}

TEST(TextFields, NameEveryPlainTextMember) {
  Fields names;
  for (const auto& f : text_fields()) names.push_back(f.name);
  EXPECT_EQ(names, (Fields{"name", "name_latin", "job_title", "department", "location", "employee_id", "phone",
                           "email", "company"}));
  Person p;
  for (const auto& f : text_fields()) p.*f.member = std::string("v-") + f.name;
  EXPECT_EQ(p.job_title, "v-job_title");
  EXPECT_EQ(p.company, "v-company");
}

TEST(ApplyPatch, EmptyPatchChangesNothing) {
  Person p = sample();
  apply_patch(PersonPatch{}, p);
  EXPECT_TRUE(changed_fields(sample(), p).empty());
}

TEST(ApplyPatch, OnlyNamedTextFieldsChange) {
  Person p = sample();
  PersonPatch patch;
  patch.text["job_title"] = "Senior Accountant";
  patch.text["location"] = "";
  patch.text["not_a_field"] = "ignored";
  apply_patch(patch, p);
  EXPECT_EQ(p.job_title, "Senior Accountant");
  EXPECT_EQ(p.location, "") << "an empty value clears the field";
  EXPECT_EQ(p.name, "سارة");
  EXPECT_EQ(p.email, "sara@example.com");
  EXPECT_EQ(changed_fields(sample(), p), (Fields{"job_title", "location"}));
}

TEST(ApplyPatch, ManagerCanBeSetAndCleared) {
  Person p = sample();
  PersonPatch set;
  set.manager_id = std::optional<std::string>("p_other");
  apply_patch(set, p);
  EXPECT_EQ(p.manager_id, "p_other");

  PersonPatch clear;
  clear.manager_id = std::optional<std::string>();
  apply_patch(clear, p);
  EXPECT_FALSE(p.manager_id.has_value());
  EXPECT_EQ(changed_fields(sample(), p), (Fields{"manager_id"}));
}

TEST(ApplyPatch, TagsAreReplacedWhole) {
  Person p = sample();
  PersonPatch patch;
  patch.tags = std::vector<std::string>{"first-aid"};
  apply_patch(patch, p);
  EXPECT_EQ(p.tags, (std::vector<std::string>{"first-aid"}));

  PersonPatch none;
  none.tags = std::vector<std::string>{};
  apply_patch(none, p);
  EXPECT_TRUE(p.tags.empty());
}

TEST(ApplyPatch, CustomReplacesOnlyTheKeysItNames) {
  Person p = sample();
  PersonPatch patch;
  patch.custom = std::map<std::string, std::string>{{"shirt", "L"}, {"locker", "12"}};
  apply_patch(patch, p);
  EXPECT_EQ(p.custom, (std::map<std::string, std::string>{{"blood_type", "A+"}, {"locker", "12"}, {"shirt", "L"}}));
  EXPECT_EQ(changed_fields(sample(), p), (Fields{"custom.locker", "custom.shirt"}));
}

TEST(ApplyPatch, KindRoleAndActive) {
  Person p = sample();
  PersonPatch patch;
  patch.kind = PersonKind::External;
  patch.role = Role::External;
  patch.active = false;
  patch.text["company"] = "Acme";
  apply_patch(patch, p);
  EXPECT_EQ(p.kind, PersonKind::External);
  EXPECT_EQ(p.role, Role::External);
  EXPECT_FALSE(p.active);
  EXPECT_EQ(changed_fields(sample(), p), (Fields{"company", "kind", "role", "status"}));
}

TEST(ApplyPatch, LanguageCanBeChosenAndReset) {
  Person p = sample();
  PersonPatch choose;
  choose.language = std::optional<std::string>("ar");
  apply_patch(choose, p);
  EXPECT_EQ(p.language, "ar");
  EXPECT_EQ(changed_fields(sample(), p), (Fields{"language"}));

  PersonPatch untouched;
  apply_patch(untouched, p);
  EXPECT_EQ(p.language, "ar") << "a patch without a language keeps it";

  PersonPatch follow_org;
  follow_org.language = std::optional<std::string>();
  apply_patch(follow_org, p);
  EXPECT_FALSE(p.language.has_value());
  EXPECT_TRUE(changed_fields(sample(), p).empty());
}

TEST(ChangedFields, NamesEveryKindOfChange) {
  struct Case {
    std::string name;
    std::function<void(Person&)> change;
    Fields expected;
  };
  const std::vector<Case> cases = {
      {"nothing", [](Person&) {}, {}},
      {"name", [](Person& p) { p.name = "سارة أحمد"; }, {"name"}},
      {"name_latin", [](Person& p) { p.name_latin = "Sarah"; }, {"name_latin"}},
      {"phone and email", [](Person& p) { p.phone = "0509999999", p.email = "s@example.com"; }, {"phone", "email"}},
      {"employee_id", [](Person& p) { p.employee_id = "E-8"; }, {"employee_id"}},
      {"manager cleared", [](Person& p) { p.manager_id.reset(); }, {"manager_id"}},
      {"tag added", [](Person& p) { p.tags.push_back("vba"); }, {"tags"}},
      {"role", [](Person& p) { p.role = Role::Manager; }, {"role"}},
      {"deactivated", [](Person& p) { p.active = false; }, {"status"}},
      {"language", [](Person& p) { p.language = "ar"; }, {"language"}},
      {"custom value", [](Person& p) { p.custom["blood_type"] = "B-"; }, {"custom.blood_type"}},
      {"custom removed", [](Person& p) { p.custom.erase("shirt"); }, {"custom.shirt"}},
      {"custom added", [](Person& p) { p.custom["locker"] = "3"; }, {"custom.locker"}},
      {"custom empty equals absent", [](Person& p) { p.custom["locker"] = ""; }, {}},
      {"bookkeeping is not a change",
       [](Person& p) {
         p.updated_at = 99;
         p.has_account = true;
       },
       {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Person after = sample();
    c.change(after);
    EXPECT_EQ(changed_fields(sample(), after), c.expected);
  }
}

TEST(ChangedFields, RemovedCustomValueShowsBothWays) {
  Person before = sample();
  Person after = sample();
  after.custom.erase("blood_type");
  EXPECT_EQ(changed_fields(before, after), (Fields{"custom.blood_type"}));
  EXPECT_EQ(changed_fields(after, before), (Fields{"custom.blood_type"}));
}

}  // namespace
}  // namespace muster::domain
