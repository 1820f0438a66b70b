// The store conformance cases; see store_conformance.hpp. Backends instantiate the suite in their
// own test files (store/sqlite/sqlite_store_test.cpp).
#include "store/testing/store_conformance.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/json.hpp"
#include "domain/text/arabic.hpp"

namespace muster::store::conformance {
namespace {

using domain::Person;
using domain::PersonKind;
using domain::Role;

std::vector<std::string> ids_of(const std::vector<Person>& people) {
  std::vector<std::string> ids;
  for (const auto& p : people) ids.push_back(p.id);
  return ids;
}

std::set<std::string> id_set(const std::vector<Person>& people) {
  auto ids = ids_of(people);
  return {ids.begin(), ids.end()};
}

void expect_same_person(const Person& want, const Person& got) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.name_latin, want.name_latin);
  EXPECT_EQ(got.job_title, want.job_title);
  EXPECT_EQ(got.department, want.department);
  EXPECT_EQ(got.location, want.location);
  EXPECT_EQ(got.manager_id, want.manager_id);
  EXPECT_EQ(got.employee_id, want.employee_id);
  EXPECT_EQ(got.phone, want.phone);
  EXPECT_EQ(got.email, want.email);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.company, want.company);
  EXPECT_EQ(got.tags, want.tags);
  EXPECT_EQ(got.custom, want.custom);
  EXPECT_EQ(got.role, want.role);
  EXPECT_EQ(got.active, want.active);
  EXPECT_EQ(got.language, want.language);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
}

PeopleQuery query_for(std::string_view text) {
  PeopleQuery q;
  q.terms = domain::search_terms(text);
  q.limit = 100;
  return q;
}

// ---------------------------------------------------------------------------------------------
// Organization

TEST_P(StoreConformanceTest, OrganizationIsAbsentUntilPut) {
  auto org = stores().organization().get();
  ASSERT_TRUE(org.ok()) << org.error().message;
  EXPECT_FALSE(org->has_value());
  EXPECT_TRUE(stores().ready());
}

TEST_P(StoreConformanceTest, OrganizationPutAndGet) {
  Organization org;
  org.name = "شركة المثال";
  org.default_language = "ar";
  org.visibility.fields = {{"phone", domain::Visibility::Admins}, {"email", domain::Visibility::Managers}};
  org.visibility.custom_fields = {{"blood_type", "Blood type", "فصيلة الدم", domain::Visibility::Managers},
                                  {"locker", "Locker", "", domain::Visibility::Everyone}};
  org.created_at = 1'700'000'000;
  ASSERT_TRUE(stores().organization().put(org).ok());

  auto got = stores().organization().get();
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  const Organization& o = **got;
  EXPECT_EQ(o.name, "شركة المثال");
  EXPECT_EQ(o.default_language, "ar");
  EXPECT_EQ(o.created_at, 1'700'000'000);
  EXPECT_EQ(o.visibility.fields, org.visibility.fields);
  ASSERT_EQ(o.visibility.custom_fields.size(), 2u);
  EXPECT_EQ(o.visibility.custom_fields[0].key, "blood_type");
  EXPECT_EQ(o.visibility.custom_fields[0].label_en, "Blood type");
  EXPECT_EQ(o.visibility.custom_fields[0].label_ar, "فصيلة الدم");
  EXPECT_EQ(o.visibility.custom_fields[0].visibility, domain::Visibility::Managers);
  EXPECT_EQ(o.visibility.custom_fields[1].key, "locker") << "custom fields keep their order";
  // The policy read back behaves like the one stored.
  EXPECT_FALSE(o.visibility.can_see(Role::Member, false, "phone"));
  EXPECT_TRUE(o.visibility.can_see(Role::Manager, false, "custom.blood_type"));
}

TEST_P(StoreConformanceTest, OrganizationPutReplaces) {
  Organization org;
  org.name = "Old name";
  org.visibility.fields = {{"phone", domain::Visibility::Admins}};
  org.visibility.custom_fields = {{"locker", "Locker", "", domain::Visibility::Everyone}};
  org.created_at = 100;
  ASSERT_TRUE(stores().organization().put(org).ok());

  org.name = "New name";
  org.default_language = "ar";
  org.visibility.fields.clear();
  org.visibility.custom_fields.clear();
  ASSERT_TRUE(stores().organization().put(org).ok());

  auto got = stores().organization().get();
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->name, "New name");
  EXPECT_EQ((*got)->default_language, "ar");
  EXPECT_TRUE((*got)->visibility.fields.empty());
  EXPECT_TRUE((*got)->visibility.custom_fields.empty());
}

// ---------------------------------------------------------------------------------------------
// People: storage

TEST_P(StoreConformanceTest, PersonRoundTripsEveryField) {
  auto boss = add_person("المدير");
  auto p = make_person("أحمد \"أبو علي\" الشهراني", [&](Person& p) {
    p.name_latin = "Ahmed Al-Shahrani";
    p.job_title = "Engineer";
    p.department = "IT";
    p.location = "Riyadh";
    p.manager_id = boss.id;
    p.employee_id = "E-100";
    p.phone = "+966 50 123 4567";
    p.email = "Ahmed@Example.com";
    p.tags = {"مسعف", "first-aid", "arabic"};
    p.custom = {{"blood_type", "O+"}, {"notes", "line one\nline two"}};
    p.role = Role::Manager;
    p.language = "ar";
  });
  ASSERT_TRUE(people().insert(p).ok());
  auto got = people().get(p.id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  expect_same_person(p, *got);
  EXPECT_EQ(got->email, "ahmed@example.com");
  EXPECT_FALSE(got->has_account);

  auto external = add_person("Visitor", [](Person& p) {
    p.kind = PersonKind::External;
    p.company = "Acme";
    p.active = false;
  });
  auto got_external = people().get(external.id);
  ASSERT_TRUE(got_external.ok());
  expect_same_person(external, *got_external);
  EXPECT_FALSE(got_external->manager_id.has_value());
  EXPECT_FALSE(got_external->language.has_value());
}

TEST_P(StoreConformanceTest, GetUnknownPersonIsNotFound) {
  auto got = people().get("p_missing");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::NotFound);
}

TEST_P(StoreConformanceTest, UpdateChangesTheStoredPerson) {
  auto p = add_person("Sara", [](Person& p) {
    p.email = "sara@example.com";
    p.tags = {"excel"};
  });
  p.name = "Sara Ahmed";
  p.job_title = "Lead";
  p.email = "sara.ahmed@example.com";
  p.tags = {"excel", "vba"};
  p.custom = {{"locker", "3"}};
  p.active = false;
  p.updated_at += 50;
  ASSERT_TRUE(people().update(p).ok());
  auto got = people().get(p.id);
  ASSERT_TRUE(got.ok());
  expect_same_person(p, *got);
  EXPECT_EQ(people().count().value(), 1);
}

TEST_P(StoreConformanceTest, UpdateUnknownPersonIsNotFound) {
  auto ghost = make_person("Ghost");
  auto status = people().update(ghost);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::NotFound);
  EXPECT_EQ(people().count().value(), 0);
}

TEST_P(StoreConformanceTest, InsertingTheSameIdTwiceIsConflict) {
  auto p = add_person("Sara");
  auto again = p;
  again.name = "Someone else";
  auto status = people().insert(again);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::Conflict);
  EXPECT_EQ(people().get(p.id)->name, "Sara");
}

TEST_P(StoreConformanceTest, UniqueKeysConflictNamingTheField) {
  struct Case {
    std::string name;
    std::function<void(Person&)> first, second;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"email, typed in another case", [](Person& p) { p.email = "ahmed@example.com"; },
       [](Person& p) { p.email = "AHMED@example.com"; }, "email"},
      {"phone, typed differently", [](Person& p) { p.phone = "+966 50-123 4567"; },
       [](Person& p) { p.phone = "966501234567"; }, "phone"},
      {"phone, Arabic-Indic digits", [](Person& p) { p.phone = "0501234567"; },
       [](Person& p) { p.phone = "٠٥٠١٢٣٤٥٦٧"; }, "phone"},
      {"employee id, other case", [](Person& p) { p.employee_id = "EMP-7"; },
       [](Person& p) { p.employee_id = "emp-7"; }, "employee_id"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto first = add_person("First " + c.name, c.first);

    // On insert.
    auto second = make_person("Second " + c.name, c.second);
    auto status = people().insert(second);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::Conflict);
    EXPECT_EQ(status.error().field, c.field);
    EXPECT_FALSE(people().get(second.id).ok()) << "nothing was stored";

    // On update.
    auto other = add_person("Other " + c.name);
    auto clashing = other;
    c.second(clashing);
    ASSERT_TRUE(domain::validate_person(clashing).ok());
    status = people().update(clashing);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::Conflict);
    EXPECT_EQ(status.error().field, c.field);
    expect_same_person(other, people().get(other.id).value());

    // Free the key again so the next case starts clean.
    first.email.clear(), first.phone.clear(), first.employee_id.clear();
    ASSERT_TRUE(people().update(first).ok());
  }
}

TEST_P(StoreConformanceTest, EmptyKeysNeverConflict) {
  add_person("One");
  add_person("Two");
  add_person("Three");
  EXPECT_EQ(people().count().value(), 3);
}

TEST_P(StoreConformanceTest, AKeyFreedByAnUpdateCanBeTakenByAnother) {
  auto a = add_person("A", [](Person& p) { p.email = "shared@example.com"; });
  a.email = "a@example.com";
  ASSERT_TRUE(people().update(a).ok());
  auto b = make_person("B", [](Person& p) { p.email = "shared@example.com"; });
  EXPECT_TRUE(people().insert(b).ok());
}

TEST_P(StoreConformanceTest, PasswordHash) {
  auto p = add_person("Sara", [](Person& p) { p.email = "sara@example.com"; });
  auto hash = people().password_hash(p.id);
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(*hash, "") << "no password yet";

  ASSERT_TRUE(people().set_password(p.id, "$argon2id$v=19$fake").ok());
  EXPECT_EQ(people().password_hash(p.id).value(), "$argon2id$v=19$fake");
  EXPECT_TRUE(people().get(p.id)->has_account);

  // Editing the person keeps their password.
  p.job_title = "Lead";
  ASSERT_TRUE(people().update(p).ok());
  EXPECT_EQ(people().password_hash(p.id).value(), "$argon2id$v=19$fake");
  EXPECT_TRUE(people().find_by_login("sara@example.com")->has_account);

  auto missing = people().set_password("p_missing", "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  auto missing_hash = people().password_hash("p_missing");
  ASSERT_FALSE(missing_hash.ok());
  EXPECT_EQ(missing_hash.error().code, ErrorCode::NotFound);
}

// ---------------------------------------------------------------------------------------------
// People: lookups

TEST_P(StoreConformanceTest, FindByLogin) {
  auto ahmed = add_person("أحمد", [](Person& p) {
    p.email = "ahmed@example.com";
    p.phone = "+966 50-123 4567";
    p.employee_id = "EMP-100";
  });
  add_person("Sara", [](Person& p) {
    p.email = "sara@example.com";
    p.phone = "0559876543";
    p.employee_id = "EMP-200";
  });
  struct Case {
    std::string login;
    bool found;
  };
  const std::vector<Case> cases = {
      {"ahmed@example.com", true},
      {"Ahmed@EXAMPLE.com", true},
      {"966501234567", true},
      {"+966 50 123 4567", true},
      {"(966) 50-1234567", true},
      {"٩٦٦٥٠١٢٣٤٥٦٧", true},
      {"EMP-100", true},
      {"emp-100", true},
      {"nobody@example.com", false},
      {"501234567", false},  // a phone key must match whole
      {"EMP-10", false},
      {"", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.login);
    auto found = people().find_by_login(c.login);
    if (c.found) {
      ASSERT_TRUE(found.ok()) << found.error().message;
      EXPECT_EQ(found->id, ahmed.id);
    } else {
      ASSERT_FALSE(found.ok());
      EXPECT_EQ(found.error().code, ErrorCode::NotFound);
    }
  }
}

TEST_P(StoreConformanceTest, FindByLoginMatchingTwoPeopleFindsNobody) {
  // One person's employee id is another person's phone number.
  add_person("A", [](Person& p) { p.employee_id = "5551234567"; });
  add_person("B", [](Person& p) { p.phone = "555 123 4567"; });
  auto found = people().find_by_login("5551234567");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, ErrorCode::NotFound);
}

TEST_P(StoreConformanceTest, FindByEmailAndEmployeeId) {
  auto p = add_person("Sara", [](Person& p) {
    p.email = "sara@example.com";
    p.employee_id = "E-٧";
  });
  auto by_email = people().find_by_email("SARA@example.com");
  ASSERT_TRUE(by_email.ok());
  ASSERT_TRUE(by_email->has_value());
  EXPECT_EQ((*by_email)->id, p.id);
  auto by_id = people().find_by_employee_id("e-7");
  ASSERT_TRUE(by_id.ok());
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ((*by_id)->id, p.id);

  auto no_email = people().find_by_email("other@example.com");
  ASSERT_TRUE(no_email.ok());
  EXPECT_FALSE(no_email->has_value());
  auto no_id = people().find_by_employee_id("E-8");
  ASSERT_TRUE(no_id.ok());
  EXPECT_FALSE(no_id->has_value());
}

TEST_P(StoreConformanceTest, AllAndCountIncludeDeactivatedPeople) {
  add_person("A");
  add_person("B", [](Person& p) { p.active = false; });
  EXPECT_EQ(people().count().value(), 2);
  auto all = people().all();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)->size(), 2u);
}

TEST_P(StoreConformanceTest, AllSeesEveryChangeAtOnce) {
  auto a = add_person("A");
  ASSERT_EQ(people().all().value()->size(), 1u);  // now held in memory, if the store keeps it
  add_person("B");
  EXPECT_EQ(people().all().value()->size(), 2u);
  a.department = "Sales";
  ASSERT_TRUE(people().update(a).ok());
  ASSERT_TRUE(people().set_active(a.id, false, 5).ok());
  auto all = people().all().value();
  auto it = std::find_if(all->begin(), all->end(), [&](const Person& p) { return p.id == a.id; });
  ASSERT_NE(it, all->end());
  EXPECT_EQ(it->department, "Sales");
  EXPECT_FALSE(it->active);
}

// ---------------------------------------------------------------------------------------------
// People: search

TEST_P(StoreConformanceTest, SearchFoldsArabicSpellings) {
  auto ahmed = add_person("أحمد الشهراني", [](Person& p) { p.name_latin = "Ahmed Al-Shahrani"; });
  auto fatima = add_person("فاطمة الزهراء");
  auto ibrahim = add_person("إبراهيم مصطفى");
  auto yahya = add_person("يحيى");
  add_person("Sara Ali");
  struct Case {
    std::string query;
    std::set<std::string> ids;
  };
  const std::vector<Case> cases = {
      {"احمد", {ahmed.id}},            // typed without the hamza
      {"أحمد", {ahmed.id}},
      {"أَحْمَد", {ahmed.id}},         // with harakat
      {"AHMED", {ahmed.id}},           // Latin name, any case
      {"shahrani", {ahmed.id}},
      {"فاطمه", {fatima.id}},          // teh marbuta typed as heh
      {"ابراهيم", {ibrahim.id}},
      {"يحيي", {yahya.id}},            // alef maqsura typed as yeh
      {"الشهراني احمد", {ahmed.id}},   // terms in any order
      {"احمد سارة", {}},               // every term must match
      {"hme", {ahmed.id}},             // inside a word
      {"nobody", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    auto found = people().search(query_for(c.query));
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(id_set(*found), c.ids);
  }
}

TEST_P(StoreConformanceTest, SearchShortTerms) {
  auto ali = add_person("Ali Hassan");
  auto ola = add_person("علا");
  auto under = add_person("Underscore", [](Person& p) { p.email = "a_b@example.com"; });
  auto percent = add_person("Percent", [](Person& p) { p.job_title = "Grows 50% a year"; });
  struct Case {
    std::vector<std::string> terms;
    std::set<std::string> ids;
  };
  const std::vector<Case> cases = {
      {{"al"}, {ali.id}},
      {{"عل"}, {ola.id}},
      {{"ع"}, {ola.id}},
      {{"h"}, {ali.id}},
      {{"al", "ha"}, {ali.id}},
      {{"al", "zz"}, {}},
      {{"_"}, {}},             // not a LIKE wildcard (it would find everyone), and no word starts with it
      {{"%"}, {}},             // the same
      {{"a_"}, {under.id}},    // "a_b@example.com"
      {{"50"}, {percent.id}},  // "50%"
      {{"0%"}, {}},            // one or two characters match a word's start only
      {{"ss"}, {}},            // not inside "Hassan"
      {{"al", "hassan"}, {ali.id}},  // short and long terms together
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.terms));
    PeopleQuery q;
    q.terms = c.terms;
    q.fields = domain::hideable_search_fields();
    auto found = people().search(q);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(id_set(*found), c.ids);
  }
}

TEST_P(StoreConformanceTest, SearchMatchesOnlyTheFieldsTheViewerMaySee) {
  auto p = add_person("Sara", [](Person& p) {
    p.kind = PersonKind::External;
    p.company = "Acme Supplies";
    p.email = "sara.private@example.com";
    p.employee_id = "EMP-4242";
    p.job_title = "Auditor";
    p.department = "Quality Assurance";
    p.location = "Dammam";
    p.tags = {"firstaid"};
  });
  struct Case {
    std::string query;
    std::string field;  // the field that must be visible for the query to find her
  };
  const std::vector<Case> cases = {
      {"private", "email"},   {"4242", "employee_id"}, {"auditor", "job_title"},
      {"assur", "department"}, {"dammam", "location"}, {"firstaid", "tags"},
      {"qu", "department"},  // a short term follows the same rule ("Quality" only)
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    auto q = query_for(c.query);
    q.fields = {};
    EXPECT_TRUE(people().search(q)->empty()) << "a hidden " << c.field << " must not find its owner";
    q.fields = {c.field};
    EXPECT_EQ(ids_of(people().search(q).value()), std::vector<std::string>{p.id});
    // All other fields visible except this one.
    q.fields.clear();
    for (const auto& f : domain::hideable_search_fields())
      if (f != c.field) q.fields.push_back(f);
    EXPECT_TRUE(people().search(q)->empty()) << c.field;
  }
  // Names (and the company) are always searchable.
  EXPECT_EQ(ids_of(people().search(query_for("sara")).value()), std::vector<std::string>{p.id});
  EXPECT_EQ(ids_of(people().search(query_for("acme")).value()), std::vector<std::string>{p.id});
}

TEST_P(StoreConformanceTest, SearchFilters) {
  auto a = add_person("Ahmed", [](Person& p) {
    p.department = "IT";
    p.location = "Riyadh";
    p.tags = {"first-aid", "arabic"};
  });
  auto b = add_person("Badr", [](Person& p) {
    p.department = "IT";
    p.location = "Jeddah";
    p.tags = {"arabic"};
  });
  auto c = add_person("Camilia", [](Person& p) {
    p.department = "Finance";
    p.location = "Riyadh";
    p.tags = {"first-aid-trainer"};
  });
  auto d = add_person("Dana", [](Person& p) {
    p.department = "IT";
    p.location = "Riyadh";
    p.tags = {"first-aid"};
    p.active = false;
  });
  struct Case {
    std::string name;
    std::function<void(PeopleQuery&)> set;
    std::vector<std::string> ids;  // in directory order
  };
  const std::vector<Case> cases = {
      {"everyone", [](PeopleQuery&) {}, {a.id, b.id, c.id, d.id}},
      {"active", [](PeopleQuery& q) { q.active = true; }, {a.id, b.id, c.id}},
      {"deactivated", [](PeopleQuery& q) { q.active = false; }, {d.id}},
      {"department", [](PeopleQuery& q) { q.department = "IT"; }, {a.id, b.id, d.id}},
      {"department is exact", [](PeopleQuery& q) { q.department = "I"; }, {}},
      {"location", [](PeopleQuery& q) { q.location = "Riyadh"; }, {a.id, c.id, d.id}},
      {"tag is exact", [](PeopleQuery& q) { q.tag = "first-aid"; }, {a.id, d.id}},
      {"tag", [](PeopleQuery& q) { q.tag = "arabic"; }, {a.id, b.id}},
      {"combined",
       [](PeopleQuery& q) {
         q.department = "IT";
         q.location = "Riyadh";
         q.tag = "first-aid";
         q.active = true;
       },
       {a.id}},
      {"with a term",
       [](PeopleQuery& q) {
         q.department = "IT";
         q.terms = {"badr"};
       },
       {b.id}},
      {"limit", [](PeopleQuery& q) { q.limit = 2; }, {a.id, b.id}},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(test.name);
    PeopleQuery q;
    test.set(q);
    auto found = people().search(q);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(ids_of(*found), test.ids);
  }
}

TEST_P(StoreConformanceTest, SearchPagesVisitEveryoneExactlyOnce) {
  // Duplicate names (one spelled with and one without hamza: the same sort key) and mixed scripts.
  std::vector<std::string> names = {"Sara", "Sara",  "Sara", "أحمد", "احمد", "Zed",  "ali",
                                    "Ali",  "علي",   "Omar", "Badr", "بدر",  "Noor", "نور"};
  std::set<std::string> everyone;
  for (const auto& name : names) everyone.insert(add_person(name).id);
  add_person("Gone", [](Person& p) { p.active = false; });

  PeopleQuery all_at_once;
  all_at_once.active = true;
  all_at_once.limit = 1000;
  auto expected = people().search(all_at_once);
  ASSERT_TRUE(expected.ok());
  ASSERT_EQ(id_set(*expected), everyone);

  for (int page_size : {1, 3, 5}) {
    SCOPED_TRACE(page_size);
    std::vector<std::string> seen;
    PeopleQuery q;
    q.active = true;
    q.limit = page_size;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = people().search(q);
      ASSERT_TRUE(page.ok()) << page.error().message;
      ASSERT_LE(static_cast<int>(page->size()), page_size);
      if (page->empty()) break;
      for (const auto& p : *page) seen.push_back(p.id);
      q.after_sort_key = domain::sort_key(page->back());
      q.after_id = page->back().id;
    }
    EXPECT_EQ(seen, ids_of(*expected)) << "pages continue exactly where the last one ended";
  }
}

TEST_P(StoreConformanceTest, SearchFollowsUpdates) {
  auto p = add_person("Khalid", [](Person& p) { p.job_title = "Driver"; });
  p.name = "خالد";
  p.job_title = "Chauffeur";
  ASSERT_TRUE(people().update(p).ok());
  auto q = query_for("khalid");
  q.fields = domain::hideable_search_fields();
  EXPECT_TRUE(people().search(q)->empty()) << "the old name no longer matches";
  q = query_for("driver");
  q.fields = domain::hideable_search_fields();
  EXPECT_TRUE(people().search(q)->empty()) << "the old title no longer matches";
  q = query_for("خالد chauffeur");
  q.fields = domain::hideable_search_fields();
  EXPECT_EQ(ids_of(people().search(q).value()), std::vector<std::string>{p.id});
}

TEST_P(StoreConformanceTest, FacetsCountActivePeopleOnly) {
  add_person("A", [](Person& p) { p.department = "IT", p.location = "Riyadh"; });
  add_person("B", [](Person& p) { p.department = "IT", p.location = "Jeddah"; });
  add_person("C", [](Person& p) { p.department = "Finance", p.location = "Riyadh"; });
  add_person("D", [](Person& p) { p.department = "Finance", p.location = "Dammam", p.active = false; });
  add_person("E", [](Person& p) { p.department = "Legal", p.location = "Abha", p.active = false; });
  add_person("F");  // no department or location

  auto to_map = [](const std::vector<Facet>& facets) {
    std::map<std::string, int> out;
    for (const auto& f : facets) out[f.name] = f.count;
    return out;
  };
  auto departments = people().departments();
  ASSERT_TRUE(departments.ok());
  EXPECT_EQ(to_map(*departments), (std::map<std::string, int>{{"Finance", 1}, {"IT", 2}}));
  auto locations = people().locations();
  ASSERT_TRUE(locations.ok());
  EXPECT_EQ(to_map(*locations), (std::map<std::string, int>{{"Jeddah", 1}, {"Riyadh", 2}}));
}

// ---------------------------------------------------------------------------------------------
// Sessions

Session session_for(const std::string& id, const std::string& person_id, UnixSeconds last_seen) {
  Session s;
  s.id = id;
  s.person_id = person_id;
  s.token_digest = "digest-" + id;
  s.csrf_token = "csrf-" + id;
  s.kind = "cookie";
  s.device = "Firefox on Linux";
  s.ip = "10.0.0.7";
  s.created_at = 1000;
  s.last_seen_at = last_seen;
  s.expires_at = 999'999;
  return s;
}

TEST_P(StoreConformanceTest, SessionInsertAndFind) {
  auto p = add_person("Sara");
  auto s = session_for("s_1", p.id, 1000);
  ASSERT_TRUE(stores().sessions().insert(s).ok());
  auto bearer = session_for("s_2", p.id, 1000);
  bearer.kind = "bearer";
  bearer.csrf_token = "";
  ASSERT_TRUE(stores().sessions().insert(bearer).ok());

  auto got = stores().sessions().find_by_digest("digest-s_1");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->id, "s_1");
  EXPECT_EQ(got->person_id, p.id);
  EXPECT_EQ(got->token_digest, "digest-s_1");
  EXPECT_EQ(got->csrf_token, "csrf-s_1");
  EXPECT_EQ(got->kind, "cookie");
  EXPECT_EQ(got->device, "Firefox on Linux");
  EXPECT_EQ(got->ip, "10.0.0.7");
  EXPECT_EQ(got->created_at, 1000);
  EXPECT_EQ(got->last_seen_at, 1000);
  EXPECT_EQ(got->expires_at, 999'999);

  auto got_bearer = stores().sessions().find_by_digest("digest-s_2");
  ASSERT_TRUE(got_bearer.ok());
  EXPECT_EQ(got_bearer->kind, "bearer");
  EXPECT_EQ(got_bearer->csrf_token, "");
}

TEST_P(StoreConformanceTest, SessionUnknownDigestIsNotFound) {
  auto got = stores().sessions().find_by_digest("no-such-digest");
  ASSERT_FALSE(got.ok());
}

// store.hpp: "Errors: NotFound when a looked-up row is absent". The SQLite backend answers
// Unauthenticated here instead.
TEST_P(StoreConformanceTest, SessionUnknownDigestIsNotFoundCode) {
  auto got = stores().sessions().find_by_digest("no-such-digest");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::NotFound);
}

TEST_P(StoreConformanceTest, SessionDigestsAreUnique) {
  auto p = add_person("Sara");
  ASSERT_TRUE(stores().sessions().insert(session_for("s_1", p.id, 1)).ok());
  auto clash = session_for("s_2", p.id, 1);
  clash.token_digest = "digest-s_1";
  auto status = stores().sessions().insert(clash);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::Conflict);
}

TEST_P(StoreConformanceTest, SessionListTouchAndRemove) {
  auto sara = add_person("Sara");
  auto omar = add_person("Omar");
  auto& sessions = stores().sessions();
  ASSERT_TRUE(sessions.insert(session_for("s_old", sara.id, 100)).ok());
  ASSERT_TRUE(sessions.insert(session_for("s_new", sara.id, 300)).ok());
  ASSERT_TRUE(sessions.insert(session_for("s_mid", sara.id, 200)).ok());
  ASSERT_TRUE(sessions.insert(session_for("s_omar", omar.id, 500)).ok());

  auto ids = [&](const std::string& person_id) {
    std::vector<std::string> out;
    auto listed = sessions.list_for_person(person_id);
    EXPECT_TRUE(listed.ok());
    if (listed.ok())
      for (const auto& s : *listed) out.push_back(s.id);
    return out;
  };
  EXPECT_EQ(ids(sara.id), (std::vector<std::string>{"s_new", "s_mid", "s_old"})) << "most recently used first";

  ASSERT_TRUE(sessions.touch("s_old", 400).ok());
  ASSERT_TRUE(stores().transactor().flush().ok()) << "a touch is stored without being waited for";
  EXPECT_EQ(sessions.find_by_digest("digest-s_old")->last_seen_at, 400);
  EXPECT_EQ(ids(sara.id), (std::vector<std::string>{"s_old", "s_new", "s_mid"}));

  ASSERT_TRUE(sessions.remove("s_new").ok());
  EXPECT_FALSE(sessions.find_by_digest("digest-s_new").ok()) << "a signed-out session no longer works";
  EXPECT_EQ(ids(sara.id), (std::vector<std::string>{"s_old", "s_mid"}));
  EXPECT_EQ(ids(omar.id), (std::vector<std::string>{"s_omar"}));
  EXPECT_TRUE(ids("p_nobody").empty());
}

TEST_P(StoreConformanceTest, SessionRemoveAllForPersonReturnsTheirIds) {
  auto sara = add_person("Sara");
  auto omar = add_person("Omar");
  auto& sessions = stores().sessions();
  ASSERT_TRUE(sessions.insert(session_for("s_1", sara.id, 1)).ok());
  ASSERT_TRUE(sessions.insert(session_for("s_2", sara.id, 2)).ok());
  ASSERT_TRUE(sessions.insert(session_for("s_3", omar.id, 3)).ok());

  auto removed = sessions.remove_all_for_person(sara.id);
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  std::set<std::string> removed_ids(removed->begin(), removed->end());
  EXPECT_EQ(removed_ids, (std::set<std::string>{"s_1", "s_2"}));
  EXPECT_EQ(removed->size(), 2u);
  EXPECT_FALSE(sessions.find_by_digest("digest-s_1").ok());
  EXPECT_FALSE(sessions.find_by_digest("digest-s_2").ok());
  EXPECT_TRUE(sessions.find_by_digest("digest-s_3").ok()) << "other people stay signed in";
  EXPECT_TRUE(sessions.list_for_person(sara.id)->empty());

  auto again = sessions.remove_all_for_person(sara.id);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

// ---------------------------------------------------------------------------------------------
// Invitations

Invitation invitation(const std::string& digest, const std::string& person_id, UnixSeconds created) {
  return {digest, person_id, created, created + 7 * 24 * 3600, std::nullopt};
}

TEST_P(StoreConformanceTest, InvitationFind) {
  auto p = add_person("Sara");
  ASSERT_TRUE(stores().invitations().replace(invitation("inv-1", p.id, 1000)).ok());
  auto got = stores().invitations().find("inv-1");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->token_digest, "inv-1");
  EXPECT_EQ(got->person_id, p.id);
  EXPECT_EQ(got->created_at, 1000);
  EXPECT_EQ(got->expires_at, 1000 + 7 * 24 * 3600);
  EXPECT_FALSE(got->used_at.has_value());

  auto missing = stores().invitations().find("inv-none");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST_P(StoreConformanceTest, InvitationReplaceKeepsOnlyTheNewestLink) {
  auto sara = add_person("Sara");
  auto omar = add_person("Omar");
  auto& invitations = stores().invitations();
  ASSERT_TRUE(invitations.replace(invitation("sara-1", sara.id, 1000)).ok());
  ASSERT_TRUE(invitations.replace(invitation("omar-1", omar.id, 1000)).ok());
  ASSERT_TRUE(invitations.replace(invitation("sara-2", sara.id, 2000)).ok());

  auto old = invitations.find("sara-1");
  ASSERT_FALSE(old.ok()) << "the older, unused link no longer works";
  EXPECT_EQ(old.error().code, ErrorCode::NotFound);
  EXPECT_TRUE(invitations.find("sara-2").ok());
  EXPECT_TRUE(invitations.find("omar-1").ok()) << "other people's links are untouched";
}

TEST_P(StoreConformanceTest, InvitationCanBeUsedOnce) {
  auto p = add_person("Sara");
  auto& invitations = stores().invitations();
  ASSERT_TRUE(invitations.replace(invitation("inv-1", p.id, 1000)).ok());
  ASSERT_TRUE(invitations.mark_used("inv-1", 1500).ok());
  auto used = invitations.find("inv-1");
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(used->used_at, 1500);

  auto again = invitations.mark_used("inv-1", 1600);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Gone);
  EXPECT_EQ(invitations.find("inv-1")->used_at, 1500) << "the first use is kept";

  // A new invitation later (password reset) does not disturb the used one.
  ASSERT_TRUE(invitations.replace(invitation("inv-2", p.id, 2000)).ok());
  EXPECT_TRUE(invitations.find("inv-2").ok());
  EXPECT_EQ(invitations.find("inv-1")->used_at, 1500);
}

// ---------------------------------------------------------------------------------------------
// Audit log

class AuditLog {
 public:
  explicit AuditLog(AuditStore& store) : store_(store) {}
  void add(UnixSeconds at, const std::string& actor, const std::string& action, const std::string& target = "") {
    AuditEntry e;
    e.at = at;
    e.actor_id = actor;
    e.actor_name = actor.empty() ? "" : "Name of " + actor;
    e.action = action;
    e.target_type = "person";
    e.target_id = target;
    e.ip = "10.0.0.1";
    e.details_json = R"({"changes":["job_title"]})";
    ASSERT_TRUE(store_.append(e).ok());
  }
  // (at) of each entry returned, to compare easily.
  std::vector<UnixSeconds> times(const AuditQuery& q) {
    std::vector<UnixSeconds> out;
    auto entries = store_.list(q);
    EXPECT_TRUE(entries.ok());
    if (entries.ok())
      for (const auto& e : *entries) out.push_back(e.at);
    return out;
  }

 private:
  AuditStore& store_;
};

TEST_P(StoreConformanceTest, AuditListsNewestFirst) {
  AuditLog log(stores().audit());
  log.add(100, "p_admin", "person.create", "p_1");
  log.add(200, "p_admin", "person.update", "p_1");
  log.add(300, "", "owner.reset");
  auto entries = stores().audit().list(AuditQuery{});
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].at, 300);
  EXPECT_EQ((*entries)[2].at, 100);
  EXPECT_GT((*entries)[0].id, (*entries)[1].id);
  EXPECT_GT((*entries)[1].id, (*entries)[2].id);
  EXPECT_GT((*entries)[2].id, 0);

  const auto& e = (*entries)[1];
  EXPECT_EQ(e.actor_id, "p_admin");
  EXPECT_EQ(e.actor_name, "Name of p_admin");
  EXPECT_EQ(e.action, "person.update");
  EXPECT_EQ(e.target_type, "person");
  EXPECT_EQ(e.target_id, "p_1");
  EXPECT_EQ(e.ip, "10.0.0.1");
  EXPECT_EQ(Json::parse(e.details_json), Json::parse(R"({"changes":["job_title"]})"));
  EXPECT_EQ((*entries)[0].actor_id, "") << "the command line has no actor";
}

TEST_P(StoreConformanceTest, AuditFilters) {
  AuditLog log(stores().audit());
  log.add(100, "p_a", "person.create");
  log.add(200, "p_b", "person.update");
  log.add(300, "p_a", "person.update");
  log.add(400, "p_a", "auth.login");
  log.add(500, "p_b", "person.update");

  struct Case {
    std::string name;
    std::function<void(AuditQuery&)> set;
    std::vector<UnixSeconds> times;
  };
  const std::vector<Case> cases = {
      {"all", [](AuditQuery&) {}, {500, 400, 300, 200, 100}},
      {"actor", [](AuditQuery& q) { q.actor_id = "p_a"; }, {400, 300, 100}},
      {"action", [](AuditQuery& q) { q.action = "person.update"; }, {500, 300, 200}},
      {"actor and action",
       [](AuditQuery& q) {
         q.actor_id = "p_a";
         q.action = "person.update";
       },
       {300}},
      {"since (inclusive)", [](AuditQuery& q) { q.since = 300; }, {500, 400, 300}},
      {"until (inclusive)", [](AuditQuery& q) { q.until = 200; }, {200, 100}},
      {"between",
       [](AuditQuery& q) {
         q.since = 150;
         q.until = 450;
       },
       {400, 300, 200}},
      {"limit", [](AuditQuery& q) { q.limit = 2; }, {500, 400}},
      {"unknown actor", [](AuditQuery& q) { q.actor_id = "p_z"; }, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    AuditQuery q;
    c.set(q);
    EXPECT_EQ(log.times(q), c.times);
  }
}

TEST_P(StoreConformanceTest, AuditPagesWithBeforeId) {
  AuditLog log(stores().audit());
  for (int i = 1; i <= 7; ++i) log.add(i * 10, i % 2 ? "p_a" : "p_b", "person.update");
  std::vector<UnixSeconds> seen;
  AuditQuery q;
  q.limit = 3;
  q.actor_id = "p_a";
  for (int guard = 0; guard < 10; ++guard) {
    auto page = stores().audit().list(q);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    for (const auto& e : *page) seen.push_back(e.at);
    q.before_id = page->back().id;
  }
  EXPECT_EQ(seen, (std::vector<UnixSeconds>{70, 50, 30, 10}));
}

// ---------------------------------------------------------------------------------------------
// Conversations

TEST_P(StoreConformanceTest, MemberNamesComeInOneAnswerForEveryMember) {
  auto a = add_person("أسامة");
  auto b = add_person("Bea");
  auto outsider = add_person("Outsider");
  domain::Conversation c;
  c.id = "c_1";
  c.created_by = a.id;
  ASSERT_TRUE(stores().conversations().insert(c).ok());
  for (const auto& person : {a, b}) {
    domain::Member m;
    m.conversation_id = c.id;
    m.person_id = person.id;
    ASSERT_TRUE(stores().conversations().put_member(m).ok());
  }
  auto names = stores().conversations().member_names(c.id);
  ASSERT_TRUE(names.ok()) << names.error().message;
  EXPECT_EQ(names.value(), (std::map<std::string, std::string>{{a.id, "أسامة"}, {b.id, "Bea"}}));
  EXPECT_FALSE(names->count(outsider.id)) << "only members";
}

// Rosters: backends may cache them, so every case reads one first (filling a cache), then changes
// something and expects the very next read to show it.

domain::Conversation conversation(const std::string& id, const std::string& created_by,
                                  domain::ConversationKind kind = domain::ConversationKind::Group) {
  domain::Conversation c;
  c.id = id;
  c.kind = kind;
  c.created_by = created_by;
  return c;
}

domain::Member member_of(const std::string& conversation_id, const std::string& person_id,
                         domain::MemberRole role = domain::MemberRole::Member, bool can_post = true) {
  domain::Member m;
  m.conversation_id = conversation_id;
  m.person_id = person_id;
  m.role = role;
  m.can_post = can_post;
  return m;
}

std::vector<std::string> roster_ids(ConversationStore& store, const std::string& conversation_id) {
  auto roster = store.roster(conversation_id);
  EXPECT_TRUE(roster.ok()) << roster.error().message;
  return roster.ok() ? roster.value()->person_ids : std::vector<std::string>{};
}

TEST_P(StoreConformanceTest, RosterListsMembersSortedWithTheirRights) {
  auto a = add_person("A"), b = add_person("B"), c = add_person("C");
  auto& store = stores().conversations();
  auto conv = conversation("c_1", a.id, domain::ConversationKind::Announcement);
  conv.name = "News";
  conv.is_public = true;
  ASSERT_TRUE(store.insert(conv).ok());
  ASSERT_TRUE(store.put_member(member_of("c_1", c.id, domain::MemberRole::Moderator, false)).ok());
  ASSERT_TRUE(store.put_member(member_of("c_1", a.id, domain::MemberRole::Owner)).ok());
  ASSERT_TRUE(store.put_member(member_of("c_1", b.id, domain::MemberRole::Member, false)).ok());

  auto roster = store.roster("c_1");
  ASSERT_TRUE(roster.ok()) << roster.error().message;
  const auto& r = *roster.value();
  std::vector<std::string> sorted = {a.id, b.id, c.id};
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(r.person_ids, sorted);
  ASSERT_EQ(r.rights.size(), 3u);
  EXPECT_EQ(r.conversation.id, "c_1");
  EXPECT_EQ(r.conversation.kind, domain::ConversationKind::Announcement);
  EXPECT_EQ(r.conversation.name, "News");
  EXPECT_TRUE(r.conversation.is_public);
  EXPECT_FALSE(r.conversation.archived);
  auto mod = r.member(c.id);
  ASSERT_TRUE(mod);
  EXPECT_EQ(mod->role, domain::MemberRole::Moderator);
  EXPECT_FALSE(mod->can_post);
  EXPECT_EQ(mod->conversation_id, "c_1");
  EXPECT_EQ(r.member(a.id)->role, domain::MemberRole::Owner);
  EXPECT_FALSE(r.member(b.id)->can_post);
  EXPECT_FALSE(r.member("p_nobody"));

  auto missing = store.roster("c_missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store.insert(conversation("c_missing", a.id)).ok());
  auto empty = store.roster("c_missing");
  ASSERT_TRUE(empty.ok()) << "a conversation created after a miss is found";
  EXPECT_TRUE(empty.value()->person_ids.empty());
}

TEST_P(StoreConformanceTest, RosterShowsEveryCommittedChangeAtTheNextRead) {
  auto a = add_person("A"), b = add_person("B"), c = add_person("C");
  auto& store = stores().conversations();
  ASSERT_TRUE(store.insert(conversation("c_1", a.id)).ok());
  ASSERT_TRUE(store.put_member(member_of("c_1", a.id, domain::MemberRole::Owner)).ok());
  ASSERT_TRUE(store.put_member(member_of("c_1", b.id)).ok());
  EXPECT_EQ(roster_ids(store, "c_1").size(), 2u);

  ASSERT_TRUE(store.put_member(member_of("c_1", c.id)).ok());  // added
  EXPECT_TRUE(store.roster("c_1").value()->member(c.id));

  ASSERT_TRUE(store.update_member("c_1", b.id, {.role = domain::MemberRole::Moderator, .can_post = false}).ok());  // role
  auto changed = store.roster("c_1").value()->member(b.id);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->role, domain::MemberRole::Moderator);
  EXPECT_FALSE(changed->can_post);

  ASSERT_TRUE(store.remove_member("c_1", c.id).ok());  // removed
  EXPECT_FALSE(store.roster("c_1").value()->member(c.id));
  EXPECT_EQ(roster_ids(store, "c_1").size(), 2u);

  ASSERT_TRUE(store.update("c_1", {.name = "Renamed", .archived = true}).ok());  // archived, renamed
  auto archived = store.roster("c_1").value();
  EXPECT_TRUE(archived->conversation.archived);
  EXPECT_EQ(archived->conversation.name, "Renamed");

  // Positions are not part of a roster: moving them keeps it as it was.
  auto before = store.roster("c_1").value();
  ASSERT_TRUE(store.advance_read("c_1", a.id, 5).ok());
  EXPECT_EQ(store.roster("c_1").value()->person_ids, before->person_ids);
}

TEST_P(StoreConformanceTest, RosterInsideATransactionIsItsOwnViewAndARollbackLeavesNoTrace) {
  auto a = add_person("A"), b = add_person("B");
  auto& store = stores().conversations();
  ASSERT_TRUE(store.insert(conversation("c_1", a.id)).ok());
  ASSERT_TRUE(store.put_member(member_of("c_1", a.id)).ok());
  EXPECT_EQ(roster_ids(store, "c_1"), std::vector<std::string>{a.id});

  auto status = stores().transactor().in_transaction([&]() -> Status {
    EXPECT_EQ(roster_ids(store, "c_1"), std::vector<std::string>{a.id});
    TRY(store.put_member(member_of("c_1", b.id)));
    EXPECT_TRUE(store.roster("c_1").value()->member(b.id)) << "the transaction sees its own change";
    TRY(store.remove_member("c_1", a.id));
    EXPECT_FALSE(store.roster("c_1").value()->member(a.id));
    return invalid("rolled back on purpose");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(roster_ids(store, "c_1"), std::vector<std::string>{a.id}) << "nothing of the rolled-back change is left";

  ASSERT_TRUE(stores().transactor().in_transaction([&]() -> Status {
    TRY(store.put_member(member_of("c_1", b.id)));
    EXPECT_TRUE(store.roster("c_1").value()->member(b.id));
    return ok_status();
  }).ok());
  EXPECT_TRUE(store.roster("c_1").value()->member(b.id)) << "committed: visible to everyone";
}

// Readers keep reading (and refilling any cache) while members come and go: once the changes have
// committed, the roster is exact.
TEST_P(StoreConformanceTest, RosterIsExactAfterConcurrentChanges) {
  auto owner = add_person("Owner");
  std::vector<Person> people;
  for (int i = 0; i < 30; ++i) people.push_back(add_person("P" + std::to_string(i)));
  auto& store = stores().conversations();
  ASSERT_TRUE(store.insert(conversation("c_1", owner.id)).ok());
  ASSERT_TRUE(store.put_member(member_of("c_1", owner.id)).ok());
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      while (!stop) EXPECT_TRUE(store.roster("c_1").ok());
    });
  std::set<std::string> expected = {owner.id};
  bool exact = true;
  for (int round = 0; round < 3 && exact; ++round)
    for (size_t i = 0; i < people.size() && exact; ++i) {
      const auto& id = people[i].id;
      if ((i + round) % 2 == 0) {
        EXPECT_TRUE(store.put_member(member_of("c_1", id)).ok());
        expected.insert(id);
      } else {
        EXPECT_TRUE(store.remove_member("c_1", id).ok());
        expected.erase(id);
      }
      auto seen = roster_ids(store, "c_1");
      exact = std::set<std::string>(seen.begin(), seen.end()) == expected;
      EXPECT_TRUE(exact) << "round " << round << ", person " << i << ": the roster missed a change";
    }
  stop = true;
  for (auto& t : readers) t.join();
  auto seen = roster_ids(store, "c_1");
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), expected);
}

// ---------------------------------------------------------------------------------------------
// Transactions

TEST_P(StoreConformanceTest, TransactionCommitsEveryWrite) {
  auto existing = add_person("Existing");
  Person created = make_person("Created", [](Person& p) { p.email = "created@example.com"; });
  auto status = stores().transactor().in_transaction([&]() -> Status {
    TRY(people().insert(created));
    // Reads inside the transaction see its own writes.
    auto inside = people().get(created.id);
    if (!inside.ok()) return inside.error();
    TRY(stores().invitations().replace(invitation("inv-1", created.id, 1)));
    TRY(stores().sessions().insert(session_for("s_1", existing.id, 1)));
    AuditEntry e;
    e.at = 1;
    e.action = "person.create";
    e.target_id = created.id;
    return stores().audit().append(e);
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_TRUE(people().get(created.id).ok());
  EXPECT_TRUE(people().find_by_login("created@example.com").ok());
  EXPECT_TRUE(stores().invitations().find("inv-1").ok());
  EXPECT_TRUE(stores().sessions().find_by_digest("digest-s_1").ok());
  EXPECT_EQ(stores().audit().list(AuditQuery{})->size(), 1u);
}

TEST_P(StoreConformanceTest, TransactionErrorRollsBackEveryWrite) {
  auto existing = add_person("Existing", [](Person& p) { p.job_title = "Before"; });
  ASSERT_TRUE(stores().invitations().replace(invitation("inv-old", existing.id, 1)).ok());
  Person created = make_person("Created", [](Person& p) { p.email = "created@example.com"; });

  auto status = stores().transactor().in_transaction([&]() -> Status {
    TRY(people().insert(created));
    auto changed = existing;
    changed.job_title = "After";
    TRY(people().update(changed));
    TRY(people().set_password(existing.id, "hash"));
    TRY(stores().invitations().replace(invitation("inv-new", existing.id, 2)));
    TRY(stores().sessions().insert(session_for("s_1", existing.id, 1)));
    AuditEntry e;
    e.at = 1;
    e.action = "person.create";
    TRY(stores().audit().append(e));
    return Error{ErrorCode::PermissionDenied, "changed my mind"};
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::PermissionDenied) << "the work's own error comes back";
  EXPECT_EQ(status.error().message, "changed my mind");

  EXPECT_FALSE(people().get(created.id).ok());
  EXPECT_FALSE(people().find_by_login("created@example.com").ok());
  EXPECT_EQ(people().count().value(), 1);
  EXPECT_EQ(people().get(existing.id)->job_title, "Before");
  EXPECT_FALSE(people().get(existing.id)->has_account);
  EXPECT_TRUE(stores().invitations().find("inv-old").ok()) << "the replaced link is back";
  EXPECT_FALSE(stores().invitations().find("inv-new").ok());
  EXPECT_FALSE(stores().sessions().find_by_digest("digest-s_1").ok());
  EXPECT_TRUE(stores().audit().list(AuditQuery{})->empty());
  auto search = people().search(query_for("created"));
  ASSERT_TRUE(search.ok());
  EXPECT_TRUE(search->empty()) << "the search index is rolled back too";
}

TEST_P(StoreConformanceTest, TransactionFailingStoreCallRollsBackEarlierWrites) {
  add_person("Holder", [](Person& p) { p.email = "taken@example.com"; });
  Person first = make_person("First");
  Person clashing = make_person("Clashing", [](Person& p) { p.email = "taken@example.com"; });
  auto status = stores().transactor().in_transaction([&]() -> Status {
    TRY(people().insert(first));
    TRY(people().insert(clashing));
    return ok_status();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::Conflict);
  EXPECT_EQ(status.error().field, "email");
  EXPECT_FALSE(people().get(first.id).ok());
  EXPECT_EQ(people().count().value(), 1);

  // The stores still work afterwards.
  EXPECT_TRUE(people().insert(first).ok());
}

// Targeted writes change only what they name, and never bring back a row that is gone.
TEST_P(StoreConformanceTest, TargetedUpdatesChangeOnlyWhatTheyName) {
  auto a = add_person("A"), b = add_person("B");
  auto& store = stores().conversations();
  ASSERT_TRUE(store.insert(conversation("c_1", a.id)).ok());
  ASSERT_TRUE(store.put_member(member_of("c_1", a.id, domain::MemberRole::Owner)).ok());
  ASSERT_TRUE(store.put_member(member_of("c_1", b.id, domain::MemberRole::Moderator)).ok());

  ASSERT_TRUE(store.update("c_1", {.archived = true}).ok());
  ASSERT_TRUE(store.update("c_1", {.name = "Renamed"}).ok());
  auto conv = store.get("c_1").value();
  EXPECT_TRUE(conv.archived) << "a rename keeps the archive";
  EXPECT_EQ(conv.name, "Renamed");
  EXPECT_EQ(store.update("c_missing", {.name = "x"}).error().code, ErrorCode::NotFound);

  ASSERT_TRUE(store.update_member("c_1", b.id, {.muted = true}).ok());
  auto member = store.member("c_1", b.id).value();
  ASSERT_TRUE(member);
  EXPECT_TRUE(member->muted);
  EXPECT_EQ(member->role, domain::MemberRole::Moderator) << "a setting keeps the role";
  ASSERT_TRUE(store.update_member("c_1", b.id, {.role = domain::MemberRole::Member}).ok());
  EXPECT_TRUE(store.member("c_1", b.id).value()->muted) << "a role change keeps the settings";

  ASSERT_TRUE(store.remove_member("c_1", b.id).ok());
  EXPECT_EQ(store.update_member("c_1", b.id, {.muted = false}).error().code, ErrorCode::NotFound);
  EXPECT_FALSE(store.member("c_1", b.id).value()) << "a removed member stays removed";
}


}  // namespace
}  // namespace muster::store::conformance
