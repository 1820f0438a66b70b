// Directory search reads the trigram index in rank order, and ranks follow name order with gaps
// that newcomers and renames use up (store/sqlite/people_rank.cpp). Whatever the ranks went
// through (people arriving in order into one gap, renames, a re-index of everyone), every page of
// every query must be exactly what a plain reading of the rule gives: the visible fields, one or
// two characters at a word's start, three or more anywhere (or as their spelling key), in name order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "domain/text/latin_spelling.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/people_store.hpp"

namespace muster::store::sqlite {
namespace {

namespace fs = std::filesystem;

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The rule, read plainly over every person.
struct Indexed {
  const domain::Person* person;
  domain::SearchFields fields;
};

std::vector<std::string> expected(const std::vector<Indexed>& everyone, const PeopleQuery& q) {
  std::vector<std::pair<std::string, std::string>> found;  // (sort key, id)
  for (const auto& [person, f] : everyone) {
    const auto& p = *person;
    if (q.active && p.active != *q.active) continue;
    if (!q.department.empty() && p.department != q.department) continue;
    std::vector<std::string> visible = {f.names};
    const std::vector<std::pair<std::string, std::string>> hideable = {
        {"job_title", f.job_title}, {"department", f.department}, {"location", f.location},
        {"employee_id", f.employee_id}, {"email", f.email}, {"tags", f.tags}, {"phone", f.phone}};
    for (const auto& [field, text] : hideable)
      if (std::find(q.fields.begin(), q.fields.end(), field) != q.fields.end()) visible.push_back(text);
    bool all = true;
    for (const auto& term : q.terms) {
      std::vector<std::string> needles = {code_points(term) <= 2 ? " " + term : term};
      auto key = domain::spelling_key(term);
      if (code_points(term) >= 3 && key != term && code_points(key) >= 3) needles.push_back(key);
      bool any = false;
      for (const auto& text : visible)
        for (const auto& needle : needles) any = any || text.find(needle) != std::string::npos;
      all = all && any;
    }
    if (all) found.emplace_back(domain::sort_key(p), p.id);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> ids;
  for (const auto& [key, id] : found) ids.push_back(id);
  return ids;
}

// Every page of a query, following the cursor as the service does.
std::vector<std::string> all_pages(PeopleStore& people, PeopleQuery q) {
  std::vector<std::string> out;
  for (int pages = 0; pages < 500; ++pages) {
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

class PeopleSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_);
    auto opened = Database::open((dir_ / "muster.db").string(), 2);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(opened).value();
    people_ = std::make_unique<SqlitePeopleStore>(*db_);
  }
  void TearDown() override {
    people_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }

  void add(domain::Person p) {
    p.created_at = p.updated_at = 1'700'000'000;
    auto inserted = people_->insert(p);
    ASSERT_TRUE(inserted.ok()) << p.id << ": " << inserted.error().message;
    everyone_.push_back(p);
  }
  void rename(size_t i, const std::string& name) {
    everyone_[i].name = name;
    ASSERT_TRUE(people_->update(everyone_[i]).ok()) << everyone_[i].id;
  }

  // Ranks strictly follow name order, and the index holds exactly the rows (FTS5's own check).
  void expect_consistent() {
    auto status = db_->write([&](Connection& c) -> Status {  // the check is a write to FTS5
      auto s = c.prepare("SELECT rank FROM people ORDER BY sort_key, id");
      if (!s.ok()) return s.error();
      std::optional<std::int64_t> previous;
      int rows = 0;
      TRY(s->each_row([&](const Statement& row) {
        ++rows;
        EXPECT_FALSE(row.is_null(0)) << "row " << rows << " has no rank";
        if (previous) EXPECT_LT(*previous, row.integer(0)) << "row " << rows << " is out of name order";
        previous = row.integer(0);
      }));
      EXPECT_EQ(rows, static_cast<int>(everyone_.size()));
      return c.exec("INSERT INTO people_fts(people_fts, rank) VALUES ('integrity-check', 1)");
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
  }

  // Every query below, with every combination of visible fields, status and department.
  void expect_every_query_as_the_rule_says() {
    const std::vector<std::vector<std::string>> queries = {
        {"ah"},      {"ahmed"},        {"ahmad"}, {"engineering"}, {"riyadh"},   {"sales", "riyadh"},
        {"secretword"}, {"zz"},        {"qahtani", "jeddah"},      {"14"},       {"1499"},
        {"a"},       {"f", "ri"},      {"محمد"},  {"مح"},          {"0551"},     {"+96655"},
        {"551000012"}, {"+9665510001"}, {"1000599"}};
    const std::vector<std::vector<std::string>> visible = {
        {"job_title", "department", "location", "employee_id", "email", "tags", "phone"}, {"department"}, {}};
    std::vector<Indexed> everyone;
    for (const auto& p : everyone_) everyone.push_back({&p, domain::search_fields(p)});
    int compared = 0, found = 0;
    for (const auto& terms : queries)
      for (const auto& fields : visible)
        for (const std::optional<bool> active : {std::optional<bool>(true), std::optional<bool>()})
          for (const std::string department : {"", "Sales"})
            {
              PeopleQuery q;
              q.terms = terms;
              q.fields = fields;
              q.active = active;
              q.department = department;
              q.limit = 7;  // small pages: many cursors
              auto want = expected(everyone, q);
              EXPECT_EQ(all_pages(*people_, q), want)
                  << terms[0] << " fields " << fields.size() << " department " << department;
              ++compared;
              found += want.empty() ? 0 : 1;
            }
    EXPECT_GT(found, compared / 2);  // most queries find people: the comparison is not of empty lists
  }

  const fs::path dir_ = fs::temp_directory_path() / ("muster-people-search-" + std::to_string(std::random_device{}()));
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlitePeopleStore> people_;
  std::vector<domain::Person> everyone_;
};

domain::Person person(int i) {
  static const std::vector<std::string> first = {"Ahmed", "Sara", "Omar", "Fatima", "Khalid", "Noura", "Yousef", "Lina",
                                                 "محمد", "فاطمة"};
  static const std::vector<std::string> family = {"Ali", "Hassan", "Qahtani", "Otaibi", "Sharma", "Fernandes"};
  static const std::vector<std::string> departments = {"Engineering", "Sales", "Finance"};
  domain::Person p;
  p.id = "p_" + std::to_string(10000 + i);
  p.name = first[i % first.size()] + " " + family[(i / 10) % family.size()] + " " + std::to_string(i);
  p.department = departments[i % 3];
  p.location = i % 5 == 0 ? "Riyadh" : "Jeddah";
  p.email = "user" + std::to_string(i) + (i % 2 ? "@secretword.example" : "@example.com");
  p.phone = "+96655" + std::to_string(1000000 + i);
  p.active = i % 17 != 0;
  return p;
}

TEST_F(PeopleSearch, PagesAreWhatTheRuleGivesInNameOrder) {
  for (int i = 0; i < 600; ++i) ASSERT_NO_FATAL_FAILURE(add(person(i)));
  expect_consistent();
  expect_every_query_as_the_rule_says();
}

TEST_F(PeopleSearch, NameOrderHoldsWhenNewcomersFillOneGapAndPeopleAreRenamed) {
  for (int i = 0; i < 300; ++i) ASSERT_NO_FATAL_FAILURE(add(person(i)));
  // 400 people arriving in name order between two neighbours: each takes half of what is left of
  // the gap, so the stretch around them is renumbered again and again.
  for (int i = 0; i < 400; ++i) {
    domain::Person p = person(1000 + i);
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%04d", i);
    p.name = std::string("Ahmed Ali 0 ") + suffix;
    ASSERT_NO_FATAL_FAILURE(add(p));
  }
  // The same arriving in reverse order, before the first person of all.
  for (int i = 0; i < 100; ++i) {
    domain::Person p = person(2000 + i);
    p.name = "Aa " + std::to_string(1000 - i);
    ASSERT_NO_FATAL_FAILURE(add(p));
  }
  expect_consistent();
  // Renames move people across the order, into crowded stretches too.
  for (size_t i = 0; i < everyone_.size(); i += 7)
    ASSERT_NO_FATAL_FAILURE(rename(i, i % 2 ? "Ahmed Ali 0 0100 " + std::to_string(i) : "Zed " + std::to_string(i)));
  expect_consistent();
  // Renames that move people a little, inside the crowded stretch, twice: the second time the
  // middle of the gap between the new neighbours is the person's own rank, which it keeps.
  for (size_t i = 300; i < 700; i += 3) {
    auto name = everyone_[i].name;
    ASSERT_NO_FATAL_FAILURE(rename(i, name + " b"));
    ASSERT_NO_FATAL_FAILURE(rename(i, name + " c"));
  }
  expect_consistent();
  expect_every_query_as_the_rule_says();

  // A re-index of everyone (a new country for phone numbers, a new way of making keys) moves every
  // rank to the other half, and back.
  for (int round = 0; round < 2; ++round) {
    auto refreshed = people_->refresh_search_keys();
    ASSERT_TRUE(refreshed.ok()) << refreshed.error().message;
    expect_consistent();
    ASSERT_NO_FATAL_FAILURE(add(person(3000 + round)));
    ASSERT_NO_FATAL_FAILURE(rename(3, "Ahmed Ali 0 0200"));
    expect_consistent();
  }
  expect_every_query_as_the_rule_says();
}

}  // namespace
}  // namespace muster::store::sqlite
