#include "domain/membership_rule.hpp"

#include <gtest/gtest.h>

#include <map>

namespace muster::domain {
namespace {

Person person(std::string dept, std::string location, PersonKind kind = PersonKind::Employee) {
  Person p;
  p.id = "p_" + dept + location;
  p.department = std::move(dept);
  p.location = std::move(location);
  p.kind = kind;
  return p;
}

const ManagerLookup kNoManagers = [](const std::string&) { return std::optional<std::string>(); };

MembershipRule rule(const char* text) {
  auto r = MembershipRule::parse(Json::parse(text));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.value();
}

TEST(MembershipRuleTest, TheIssuesExampleMatchesSalesInTwoCitiesButNotExternals) {
  auto r = rule(R"({"version":1,"match":{"all":[{"field":"department","equals":"Sales"},
      {"field":"location","in":["Riyadh","Jeddah"]},{"not":{"field":"kind","equals":"external"}}]}})");
  EXPECT_TRUE(r.matches(person("Sales", "Riyadh"), kNoManagers));
  EXPECT_TRUE(r.matches(person("sales", "jeddah"), kNoManagers));  // case folds
  EXPECT_FALSE(r.matches(person("Sales", "Dammam"), kNoManagers));
  EXPECT_FALSE(r.matches(person("Sales", "Riyadh", PersonKind::External), kNoManagers));
  EXPECT_FALSE(r.matches(person("Finance", "Riyadh"), kNoManagers));
}

TEST(MembershipRuleTest, ArabicSpellingVariantsMatch) {
  auto r = rule(R"({"match":{"field":"department","equals":"المبيعات"}})");
  EXPECT_TRUE(r.matches(person("المبيعات", ""), kNoManagers));
  EXPECT_TRUE(r.matches(person("المَبيعات", ""), kNoManagers));  // with a diacritic
  EXPECT_FALSE(r.matches(person("المالية", ""), kNoManagers));
}

TEST(MembershipRuleTest, DeactivatedPeopleNeverMatch) {
  auto r = rule(R"({"match":{"field":"department","equals":"Sales"}})");
  auto p = person("Sales", "");
  p.active = false;
  EXPECT_FALSE(r.matches(p, kNoManagers));
}

TEST(MembershipRuleTest, TagsCustomFieldsAndAny) {
  auto r = rule(R"({"match":{"any":[{"field":"tag","equals":"first-aid"},{"field":"custom.shift","in":["night"]}]}})");
  auto a = person("Ops", "");
  a.tags = {"forklift", "First-Aid"};
  auto b = person("Ops", "");
  b.custom["shift"] = "Night";
  EXPECT_TRUE(r.matches(a, kNoManagers));
  EXPECT_TRUE(r.matches(b, kNoManagers));
  EXPECT_FALSE(r.matches(person("Ops", ""), kNoManagers));
}

TEST(MembershipRuleTest, ManagerDirectReportsAndEveryoneBelow) {
  // ceo <- vp <- lead <- dev; a cycle x <-> y never loops forever.
  std::map<std::string, std::string> manager = {{"vp", "ceo"}, {"lead", "vp"}, {"dev", "lead"}, {"x", "y"}, {"y", "x"}};
  ManagerLookup lookup = [&](const std::string& id) -> std::optional<std::string> {
    auto it = manager.find(id);
    return it == manager.end() ? std::nullopt : std::optional(it->second);
  };
  auto at = [&](std::string id) {
    Person p;
    p.id = id;
    if (manager.contains(id)) p.manager_id = manager[id];
    return p;
  };
  auto direct = rule(R"({"match":{"field":"manager","reports_to":"vp"}})");
  auto below = rule(R"({"match":{"field":"manager","under":"vp"}})");
  EXPECT_TRUE(direct.uses_manager());
  EXPECT_TRUE(direct.matches(at("lead"), lookup));
  EXPECT_FALSE(direct.matches(at("dev"), lookup));
  EXPECT_TRUE(below.matches(at("lead"), lookup));
  EXPECT_TRUE(below.matches(at("dev"), lookup));
  EXPECT_FALSE(below.matches(at("vp"), lookup));
  EXPECT_FALSE(below.matches(at("x"), lookup));
}

TEST(MembershipRuleTest, BadRulesAreRefusedNamingThePlace) {
  auto field_of = [](const char* text) {
    auto r = MembershipRule::parse(Json::parse(text));
    return r.ok() ? std::string("accepted") : r.error().field;
  };
  EXPECT_EQ(field_of(R"({"match":{"field":"salary","equals":"1"}})"), "rule.match.field");
  EXPECT_EQ(field_of(R"({"version":2,"match":{"field":"tag","equals":"a"}})"), "rule.version");
  EXPECT_EQ(field_of(R"({"match":{"all":[{"field":"tag","equals":"a"},{"field":"tag","in":[]}]}})"),
            "rule.match.all[1].in");
  EXPECT_EQ(field_of(R"({"match":{"all":[]}})"), "rule.match.all");
  EXPECT_EQ(field_of(R"({"match":{"field":"tag","equals":3}})"), "rule.match.equals");
  EXPECT_EQ(field_of(R"({"match":{"field":"manager"}})"), "rule.match");
  EXPECT_EQ(field_of(R"({"extra":1,"match":{"field":"tag","equals":"a"}})"), "rule.extra");
  EXPECT_EQ(field_of(R"({})"), "rule.match");
  Json deep = {{"field", "tag"}, {"equals", "a"}};
  for (int i = 0; i < 10; ++i) deep = {{"not", deep}};
  EXPECT_FALSE(MembershipRule::parse({{"match", deep}}).ok());
}

TEST(MembershipRuleTest, StoredFormCarriesTheVersion) {
  auto r = rule(R"({"match":{"field":"tag","equals":"a"}})");
  EXPECT_EQ(r.json()["version"], 1);
  EXPECT_EQ(r.json()["match"]["equals"], "a");
}

}  // namespace
}  // namespace muster::domain
