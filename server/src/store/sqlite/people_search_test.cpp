// Directory search answers a common term from the first rows in order (direct_probe_rows) and
// anything else through the trigram index: both ways must give the very same people, pages and
// hidden-field rule. Enough people that the first way really runs (over 500).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/people_store.hpp"
#include "store/sqlite/temp_dir_stores.hpp"

namespace muster::store::sqlite {
namespace {

std::vector<std::string> ids(const std::vector<domain::Person>& people) {
  std::vector<std::string> out;
  for (const auto& p : people) out.push_back(p.id);
  return out;
}

// Every page of a query, following the cursor as the service does.
std::vector<std::string> all_pages(PeopleStore& people, PeopleQuery q) {
  std::vector<std::string> out;
  for (int pages = 0; pages < 200; ++pages) {
    auto page = people.search(q);
    EXPECT_TRUE(page.ok());
    if (!page.ok() || page->empty()) break;
    for (const auto& p : *page) out.push_back(p.id);
    if (static_cast<int>(page->size()) < q.limit) break;
    q.after_sort_key = domain::sort_key(page->back());
    q.after_id = page->back().id;
  }
  return out;
}

TEST(PeopleSearch, TheFirstRowsAndTheIndexFindTheSamePeople) {
  auto stores = testing::open_temp_stores("muster-people-search");
  ASSERT_TRUE(stores);
  const std::vector<std::string> first = {"Ahmed", "Sara", "Omar", "Fatima", "Khalid", "Noura", "Yousef", "Lina"};
  const std::vector<std::string> family = {"Ali", "Hassan", "Qahtani", "Otaibi", "Sharma", "Fernandes"};
  const std::vector<std::string> departments = {"Engineering", "Sales", "Finance"};
  for (int i = 0; i < 1500; ++i) {
    domain::Person p;
    p.id = "p_" + std::to_string(10000 + i);
    p.name = first[i % first.size()] + " " + family[(i / 8) % family.size()] + " " + std::to_string(i);
    p.department = departments[i % 3];
    p.location = i % 5 == 0 ? "Riyadh" : "Jeddah";
    p.email = "user" + std::to_string(i) + (i % 2 ? "@secretword.example" : "@example.com");
    p.active = i % 17 != 0;
    p.created_at = p.updated_at = 1'700'000'000;
    ASSERT_TRUE(stores->people().insert(p).ok()) << i;
  }
  const std::vector<std::vector<std::string>> queries = {
      {"ah"}, {"ahmed"}, {"ahmad"}, {"engineering"}, {"riyadh"}, {"sales", "riyadh"}, {"secretword"},
      {"zz"}, {"qahtani", "jeddah"}, {"14"}, {"1499"}};
  const std::vector<std::vector<std::string>> visible = {
      {"job_title", "department", "location", "employee_id", "email", "tags", "phone"}, {"department"}, {}};
  const std::vector<std::optional<bool>> statuses = {true, std::nullopt};
  int compared = 0, found = 0;
  for (const auto& terms : queries)
    for (const auto& fields : visible)
      for (const auto& active : statuses)
        for (const std::string department : {"", "Sales"}) {
          PeopleQuery q;
          q.terms = terms;
          q.fields = fields;
          q.active = active;
          q.department = department;
          q.limit = 21;
          direct_probe_rows = 0;
          auto by_index = all_pages(stores->people(), q);
          direct_probe_rows = 500;
          auto direct = all_pages(stores->people(), q);
          EXPECT_EQ(direct, by_index) << terms[0] << " fields " << fields.size() << " department " << department;
          ++compared;
          found += by_index.empty() ? 0 : 1;
          auto first_page = stores->people().search(q);
          ASSERT_TRUE(first_page.ok());
          if (terms[0] == "secretword" && std::find(fields.begin(), fields.end(), "email") == fields.end())
            EXPECT_TRUE(first_page->empty()) << "a hidden email finds nobody";
        }
  EXPECT_EQ(compared, 11 * 3 * 2 * 2);
  EXPECT_GT(found, compared / 2);  // most queries find people: the comparison is not of empty lists
  direct_probe_rows = 500;
}

}  // namespace
}  // namespace muster::store::sqlite
