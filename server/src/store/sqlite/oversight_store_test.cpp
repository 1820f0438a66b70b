// Oversight's list stays one pass over the conversations at tens of thousands of them: the query
// plan reads each page row's members, owners and externals through indexes, never by scanning.
#include <gtest/gtest.h>

#include <climits>
#include <filesystem>
#include <optional>
#include <tuple>
#include <random>
#include <set>
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


// Keyset paging over many conversations whose activity ties (same second): every conversation
// once, newest activity first, ties broken by the newer conversation; filters apply on every page.
TEST(OversightStore, PagesWalkEveryConversationOnceThroughTies) {
  fs::path dir = fs::temp_directory_path() / ("muster-oversight-pages-" + std::to_string(std::random_device{}()));
  { ASSERT_TRUE(open_stores(dir.string()).ok()); }
  {
    auto c = Connection::open((dir / "muster.db").string(), false);
    ASSERT_TRUE(c.ok()) << c.error().message;
    // 3,000 conversations created in three seconds; every tenth has a later message; every
    // third is direct.
    ASSERT_TRUE((*c)->exec(R"sql(
      INSERT INTO people (id, name, created_at, updated_at, s_names, s_job_title, s_department, s_location,
                          s_employee_id, s_email, s_tags, sort_key)
        VALUES ('p_a', 'Amal', 0, 0, 'amal', '', '', '', '', '', '', 'amal');
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
      INSERT INTO conversations (id, kind, name, created_by, created_at, last_activity_at)
        SELECT 'c_' || i, CASE WHEN i % 3 = 0 THEN 'direct' ELSE 'group' END, 'G' || i, 'p_a', 100 + i % 3,
               (100 + i % 3) * 1000 FROM n;
      WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 10 FROM n WHERE i < 3000)
      INSERT INTO messages (id, conversation_id, seq, client_id, author_id, text, created_at)
        SELECT 'm_' || i, 'c_' || i, 1, 'x' || i, 'p_a', 'secret', 500 + (i / 10) % 2 FROM n;
    )sql").ok());
  }
  auto stores = open_stores(dir.string());
  ASSERT_TRUE(stores.ok());
  for (std::optional<domain::ConversationKind> kind : {std::optional<domain::ConversationKind>{},
                                                      std::optional(domain::ConversationKind::Direct)}) {
    std::set<std::string> seen;
    std::int64_t last_activity = INT64_MAX, last_seq = INT64_MAX;
    OversightQuery q;
    q.kind = kind;
    q.limit = 101;
    for (int page = 0; page < 100; ++page) {
      auto rows = (*stores)->oversight().conversations(q);
      ASSERT_TRUE(rows.ok()) << rows.error().message;
      for (const auto& r : *rows) {
        EXPECT_TRUE(seen.insert(r.conversation.id).second) << r.conversation.id << " twice";
        auto key = std::make_pair(r.conversation.last_activity_ms, r.seq);
        EXPECT_LT(key, std::make_pair(last_activity, last_seq)) << r.conversation.id << " out of order";
        std::tie(last_activity, last_seq) = key;
        if (kind) EXPECT_EQ(r.conversation.kind, *kind);
      }
      if (rows->size() < static_cast<size_t>(q.limit)) break;
      q.after = std::make_pair(last_activity, last_seq);
    }
    EXPECT_EQ(seen.size(), kind ? 1000u : 3000u);
  }
  // A conversation with a message ranks by it: the newest message's second first.
  OversightQuery first;
  first.limit = 1;
  auto top = (*stores)->oversight().conversations(first);
  ASSERT_TRUE(top.ok() && top->size() == 1);
  EXPECT_EQ(top->front().conversation.last_activity_ms, 501 * 1000);
  EXPECT_EQ(top->front().conversation.last_seq, 1);
  stores.value().reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace muster::store::sqlite
