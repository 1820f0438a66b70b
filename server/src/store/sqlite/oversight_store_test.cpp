// Oversight's list stays one pass over the conversations at tens of thousands of them: the query
// plan reads each page row's members, owners and externals through indexes, never by scanning.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "store/sqlite/database.hpp"
#include "store/sqlite/oversight_store.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace muster::store::sqlite {
namespace {

namespace fs = std::filesystem;

size_t count_lines(const std::vector<std::string>& lines, const std::string& text) {
  size_t n = 0;
  for (const auto& l : lines) n += l == text;
  return n;
}

TEST(OversightStore, ListPlanUsesIndexesForEveryPageRow) {
  fs::path dir = fs::temp_directory_path() / ("muster-oversight-plan-" + std::to_string(std::random_device{}()));
  {
    auto stores = open_stores(dir.string());  // applies every migration
    ASSERT_TRUE(stores.ok()) << stores.error().message;
  }
  std::vector<std::string> plan;
  {
    auto c = Connection::open((dir / "muster.db").string(), true);
    ASSERT_TRUE(c.ok()) << c.error().message;
    static const std::string sql = std::string("EXPLAIN QUERY PLAN ") + oversight_page_sql();
    auto s = (*c)->prepare(sql.c_str());
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_TRUE(s->each_row([&](const Statement& row) { plan.push_back(row.text(3)); }).ok());
  }
  std::ostringstream all;
  for (const auto& l : plan) all << l << "\n";
  // One pass over the conversations; the activity of each is an index seek into the messages.
  EXPECT_EQ(count_lines(plan, "SCAN c"), 1u) << all.str();
  EXPECT_EQ(count_lines(plan, "SCAN messages"), 0u) << all.str();
  // Members are never read whole: by conversation or by person, through an index.
  EXPECT_EQ(count_lines(plan, "SCAN m"), 0u) << all.str();
  EXPECT_EQ(count_lines(plan, "SCAN members"), 0u) << all.str();
  // Owners and externals through the partial indexes of migration 014.
  EXPECT_NE(all.str().find("members_owners"), std::string::npos) << all.str();
  EXPECT_NE(all.str().find("people_externals"), std::string::npos) << all.str();
  // The directory is scanned once at most (the name search's list of people), never per row.
  EXPECT_LE(count_lines(plan, "SCAN p"), 1u) << all.str();
  EXPECT_EQ(count_lines(plan, "SCAN people"), 0u) << all.str();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace muster::store::sqlite
