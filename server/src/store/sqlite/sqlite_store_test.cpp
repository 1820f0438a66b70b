// Runs the store conformance suite against a real SQLite database in a fresh temporary directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/attention_store.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_stores.hpp"
#include "store/sqlite/temp_dir_stores.hpp"
#include "store/testing/store_conformance.hpp"

namespace muster::store::sqlite {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<Stores> open_fresh_sqlite() { return testing::open_temp_stores("muster-store-test"); }

using conformance::StoreBackend;
using conformance::StoreConformanceTest;

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest, ::testing::Values(StoreBackend{"Sqlite", &open_fresh_sqlite}),
                         conformance::backend_name);

// SQLite-specific: the data survives closing and reopening the directory (migrations run once).
TEST(SqliteStores, DataSurvivesReopening) {
  fs::path dir = fs::temp_directory_path() / ("muster-store-reopen-" + std::to_string(std::random_device{}()));
  {
    auto stores = open_stores(dir.string());
    ASSERT_TRUE(stores.ok()) << stores.error().message;
    domain::Person p;
    p.id = "p_1";
    p.name = "سارة";
    p.email = "sara@example.com";
    ASSERT_TRUE((*stores)->people().insert(p).ok());
  }
  {
    auto stores = open_stores(dir.string());
    ASSERT_TRUE(stores.ok()) << stores.error().message;
    auto found = (*stores)->people().find_by_login("sara@example.com");
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->name, "سارة");
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// Group commit: concurrent transactions share commits, yet each one commits or rolls back alone,
// and after-commit effects run once per committed transaction, never for a rolled-back one.
TEST(SqliteStores, ConcurrentTransactionsCommitOrRollBackEachOnTheirOwn) {
  auto stores = open_fresh_sqlite();
  ASSERT_TRUE(stores);
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> effects{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        bool fail = (t + i) % 3 == 0;
        auto status = stores->transactor().in_transaction([&]() -> Status {
          AuditEntry e;
          e.at = 1;
          e.action = fail ? "doomed" : "kept";
          TRY(stores->audit().append(e));
          stores->transactor().after_commit([&] { ++effects; });
          if (fail) return invalid("rolled back on purpose");
          return ok_status();
        });
        EXPECT_EQ(status.ok(), !fail);
      }
    });
  }
  for (auto& t : threads) t.join();
  int kept = 0;
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kEach; ++i) kept += (t + i) % 3 != 0;
  AuditQuery q;
  q.limit = 1000;
  auto all = stores->audit().list(q);
  ASSERT_TRUE(all.ok());
  int doomed = 0, stored = 0;
  for (const auto& e : all.value()) (e.action == "doomed" ? doomed : stored)++;
  EXPECT_EQ(doomed, 0) << "a failed transaction left rows behind";
  EXPECT_EQ(stored, kept);
  EXPECT_EQ(effects.load(), kept) << "effects ran for exactly the committed transactions";
}

// Submitted writes do not wait: they are stored in the order submitted, each answered after its
// commit and its effects (or after its own rollback, which spares the others).
TEST(SqliteStores, SubmittedWritesAreStoredInOrderAndAnsweredAfterTheirEffects) {
  auto stores = open_fresh_sqlite();
  ASSERT_TRUE(stores);
  constexpr int kWrites = 300;  // more than one batch
  std::mutex mutex;
  std::vector<int> answered;
  std::vector<bool> effect_first(kWrites, false);
  std::atomic<int> effects{0};
  for (int i = 0; i < kWrites; ++i) {
    bool fail = i % 7 == 3;
    auto ran_effect = std::make_shared<bool>(false);
    stores->transactor().submit(
        [&, i, fail, ran_effect]() -> Status {
          AuditEntry e;
          e.at = 1'000 + i;
          e.action = "write-" + std::to_string(i);
          TRY(stores->audit().append(e));
          stores->transactor().after_commit([&, ran_effect] {
            *ran_effect = true;
            ++effects;
          });
          if (fail) return invalid("rolled back on purpose");
          return ok_status();
        },
        [&, i, fail, ran_effect](Status status) {
          EXPECT_EQ(status.ok(), !fail) << i;
          std::lock_guard lock(mutex);
          answered.push_back(i);
          effect_first[i] = fail || *ran_effect;
        });
  }
  ASSERT_TRUE(stores->transactor().flush().ok());
  std::lock_guard lock(mutex);
  ASSERT_EQ(answered.size(), static_cast<size_t>(kWrites));
  EXPECT_TRUE(std::is_sorted(answered.begin(), answered.end())) << "answered in the order submitted";
  EXPECT_EQ(std::count(effect_first.begin(), effect_first.end(), false), 0) << "an answer came before its effect";
  AuditQuery q;
  q.limit = 1000;
  auto all = stores->audit().list(q);
  ASSERT_TRUE(all.ok());
  int kept = 0;
  for (int i = 0; i < kWrites; ++i) kept += i % 7 != 3;
  EXPECT_EQ(static_cast<int>(all->size()), kept);
  EXPECT_EQ(effects.load(), kept);
}

// Sessions and people are served from memory between changes: every change shows at once, a
// transaction sees its own uncommitted change, and a rolled-back one leaves no trace.
TEST(SqliteStores, CachedSessionsAndPeopleFollowEveryChange) {
  auto stores = open_fresh_sqlite();
  ASSERT_TRUE(stores);
  domain::Person p;
  p.id = "p_1";
  p.name = "Amal";
  p.email = "amal@example.com";
  ASSERT_TRUE(stores->people().insert(p).ok());
  Session s{"s_1", "p_1", "digest-1", "csrf", "cookie", "phone", "127.0.0.1", 100, 100, 10'000};
  ASSERT_TRUE(stores->sessions().insert(s).ok());

  ASSERT_EQ(stores->sessions().find_by_digest("digest-1")->last_seen_at, 100);
  ASSERT_TRUE(stores->sessions().touch("s_1", 200).ok());
  // A use is written with the next group commit, but seen at once: the next request's session check
  // and the idle sweep must not take a session just used for an idle one.
  EXPECT_EQ(stores->sessions().find_by_digest("digest-1")->last_seen_at, 200);
  EXPECT_EQ(stores->sessions().list_all()->front().last_seen_at, 200);
  ASSERT_TRUE(stores->transactor().flush().ok());
  EXPECT_EQ(stores->sessions().find_by_digest("digest-1")->last_seen_at, 200);
  ASSERT_TRUE(stores->sessions().touch("s_1", 150).ok());  // a late write of an older use changes nothing
  ASSERT_TRUE(stores->transactor().flush().ok());
  EXPECT_EQ(stores->sessions().find_by_digest("digest-1")->last_seen_at, 200);

  ASSERT_EQ(stores->people().get("p_1")->name, "Amal");
  p.name = "Amal Saeed";
  ASSERT_TRUE(stores->people().update(p).ok());
  EXPECT_EQ(stores->people().get("p_1")->name, "Amal Saeed");

  auto rolled_back = stores->transactor().in_transaction([&]() -> Status {
    domain::Person renamed = p;
    renamed.active = false;
    TRY(stores->people().update(renamed));
    EXPECT_FALSE(stores->people().get("p_1")->active) << "the transaction reads its own change";
    TRY(stores->sessions().remove("s_1"));
    EXPECT_FALSE(stores->sessions().find_by_digest("digest-1").ok()) << "the transaction reads its own removal";
    return Error{ErrorCode::Conflict, "roll back"};
  });
  ASSERT_FALSE(rolled_back.ok());
  EXPECT_TRUE(stores->people().get("p_1")->active);
  EXPECT_TRUE(stores->sessions().find_by_digest("digest-1").ok());

  ASSERT_TRUE(stores->sessions().remove("s_1").ok());
  EXPECT_EQ(stores->sessions().find_by_digest("digest-1").error().code, ErrorCode::NotFound);

  Session second{"s_2", "p_1", "digest-2", "", "bearer", "cli", "127.0.0.1", 100, 100, 10'000};
  ASSERT_TRUE(stores->sessions().insert(second).ok());
  ASSERT_TRUE(stores->sessions().find_by_digest("digest-2").ok());
  auto removed = stores->sessions().remove_all_for_person("p_1");
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, std::vector<std::string>{"s_2"});
  EXPECT_FALSE(stores->sessions().find_by_digest("digest-2").ok());
}

// A database as an older Muster left it: every migration before `first_new` applied and `rows`
// inserted, in a directory of its own (removed afterwards); opening its stores applies the rest.
class MigrationTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void database_before(const std::string& first_new, const std::string& rows) {
    fs::create_directories(dir_);
    auto c = Connection::open(path(), false);
    ASSERT_TRUE(c.ok()) << c.error().message;
    auto& conn = **c;
    ASSERT_TRUE(conn.exec("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)").ok());
    for (const auto& m : migrations()) {
      if (std::string(m.name) >= first_new) break;
      ASSERT_TRUE(conn.exec(m.sql).ok()) << m.name;
      ASSERT_TRUE(conn.exec("INSERT INTO schema_migrations VALUES ('" + std::string(m.name) + "', 0)").ok());
    }
    ASSERT_TRUE(conn.exec(rows).ok());
  }
  std::string path() const { return (dir_ / "muster.db").string(); }

  const fs::path dir_ =
      fs::temp_directory_path() / ("muster-store-migrate-" + std::to_string(std::random_device{}()));
};

// Amal and her group c_1, as every migration since 002 can hold them.
const std::string kAmalsGroup = R"sql(
      INSERT INTO people (id, name, created_at, updated_at, s_names, s_job_title, s_department, s_location,
                          s_employee_id, s_email, s_tags, sort_key)
        VALUES ('p_a', 'Amal', 0, 0, 'amal', '', '', '', '', '', '', 'amal');
      INSERT INTO conversations (id, kind, created_by, created_at, last_activity_at) VALUES ('c_1', 'group', 'p_a', 0, 0);
)sql";

// Migration 022: the voice notes already stored as Opus (WebM, Ogg) are due for an MP3 copy; other
// files, Safari's MP4 notes included, are not.
TEST_F(MigrationTest, VoiceNotesFromBeforeAreDueForACopy) {
  ASSERT_NO_FATAL_FAILURE(database_before("022", kAmalsGroup + R"sql(
      INSERT INTO attachments (id, uploader_id, name, content_type, size, created_at)
        VALUES ('a_1', 'p_a', 'v.webm', 'audio/webm', 9, 0), ('a_2', 'p_a', 'v.ogg', 'audio/ogg', 9, 0),
               ('a_3', 'p_a', 'v.m4a', 'audio/mp4', 9, 0), ('a_4', 'p_a', 'plan.pdf', 'application/pdf', 9, 0);
  )sql"));
  auto stores = open_stores(dir_.string());
  ASSERT_TRUE(stores.ok()) << stores.error().message;
  auto due = (*stores)->attachments().voice_copies_due(10);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(*due, (std::vector<std::string>{"a_1", "a_2"}));
  ASSERT_TRUE((*stores)->attachments().set_voice_copy("a_1", true, 1500).ok());
  EXPECT_EQ((*stores)->attachments().voice_copies_due(10).value(), std::vector<std::string>{"a_2"});
  auto a1 = (*stores)->attachments().get("a_1");
  EXPECT_TRUE(a1->has_voice_copy);
  EXPECT_EQ(a1->duration_ms, 1500);
  EXPECT_EQ((*stores)->attachments().set_voice_copy("a_9", false, std::nullopt).error().code, ErrorCode::NotFound);
}

// Migration 023: a message's push audience comes from two indexes alone (a member's row and a
// subscription's row are not read), and what was stored stays.
TEST_F(MigrationTest, ThePushAudienceIsReadFromIndexesAlone) {
  ASSERT_NO_FATAL_FAILURE(database_before("023", kAmalsGroup + R"sql(
      INSERT INTO members (conversation_id, person_id, role, can_post, joined_at, added_by, last_read_seq, delivered_seq,
                           notification_level, muted, pinned)
        VALUES ('c_1', 'p_a', 'owner', 1, 5, '', 3, 4, 'mentions', 1, 0);
      INSERT INTO push_subscriptions (id, person_id, session_id, endpoint, p256dh, auth, device, created_at)
        VALUES ('ps_1', 'p_a', 's_1', 'https://push.example/1', 'KEY', 'AUTH', 'Chrome', 0);
  )sql"));
  {
    auto stores = open_stores(dir_.string());
    ASSERT_TRUE(stores.ok()) << stores.error().message;
    std::vector<PushAudienceRow> audience;
    ASSERT_TRUE((*stores)->attention().push_audience("c_1", audience).ok());
    ASSERT_EQ(audience.size(), 1u);
    EXPECT_EQ(audience.front().level, domain::NotificationLevel::Mentions);
    EXPECT_TRUE(audience.front().muted);
    EXPECT_EQ(audience.front().subscription.endpoint, "https://push.example/1");
    EXPECT_EQ((*stores)->attention().read_positions("c_1", {"p_a"}).value(), std::vector<std::int64_t>{3});
  }
  auto c = Connection::open(path(), true);
  ASSERT_TRUE(c.ok());
  auto plan_of = [&](const char* sql) {
    auto plan = (*c)->prepare_once(std::string("EXPLAIN QUERY PLAN ") + sql);
    std::string detail;
    EXPECT_TRUE(plan.ok());
    if (plan.ok()) EXPECT_TRUE(plan->each_row([&](const Statement& row) { detail += row.text(3) + "; "; }).ok());
    return detail;
  };
  auto audience = plan_of(kPushAudienceSql);
  EXPECT_NE(audience.find("USING COVERING INDEX members_conversation"), std::string::npos) << audience;
  EXPECT_NE(audience.find("USING COVERING INDEX push_subscriptions_audience"), std::string::npos) << audience;
  EXPECT_EQ(audience.find("TEMP B-TREE"), std::string::npos) << audience;  // no sort: the index is in person order
  // The read positions of the people a push goes to: the array outside, each person by the primary key.
  auto positions = plan_of(kReadPositionsSql);
  EXPECT_NE(positions.find("SEARCH m USING PRIMARY KEY (person_id=? AND conversation_id=?)"), std::string::npos)
      << positions;
}

// Migration 007 keeps members in person order; every member, position and setting stays, and a
// conversation's members are still found through an index (not by reading every member).
TEST_F(MigrationTest, MembersByPersonKeepsEveryMember) {
  ASSERT_NO_FATAL_FAILURE(database_before("007", R"sql(
      INSERT INTO people (id, name, created_at, updated_at, s_names, s_job_title, s_department, s_location,
                          s_employee_id, s_email, s_tags, sort_key)
        VALUES ('p_a', 'Amal', 0, 0, 'amal', '', '', '', '', '', '', 'amal'),
               ('p_b', 'Badr', 0, 0, 'badr', '', '', '', '', '', '', 'badr');
      INSERT INTO conversations (id, kind, created_by, created_at, last_activity_at)
        VALUES ('c_1', 'group', 'p_a', 0, 0), ('c_2', 'channel', 'p_b', 0, 0);
      INSERT INTO members (conversation_id, person_id, role, can_post, joined_at, added_by, last_read_seq, delivered_seq,
                           notification_level, muted, pinned)
        VALUES ('c_1', 'p_a', 'owner', 1, 5, '', 3, 4, 'all', 0, 1),
               ('c_1', 'p_b', 'member', 0, 6, 'p_a', 1, 2, 'mentions', 1, 0),
               ('c_2', 'p_b', 'moderator', 1, 7, '', 0, 0, 'none', 0, 0);
  )sql"));
  {
    auto stores = open_stores(dir_.string());
    ASSERT_TRUE(stores.ok()) << stores.error().message;
    auto& conversations = (*stores)->conversations();
    auto members = conversations.members("c_1");
    ASSERT_TRUE(members.ok());
    ASSERT_EQ(members->size(), 2u);
    const auto& b = members->at(1);
    EXPECT_EQ(b.person_id, "p_b");
    EXPECT_EQ(b.role, domain::MemberRole::Member);
    EXPECT_FALSE(b.can_post);
    EXPECT_EQ(b.joined_at, 6);
    EXPECT_EQ(b.added_by, "p_a");
    EXPECT_EQ(b.last_read_seq, 1);
    EXPECT_EQ(b.delivered_seq, 2);
    EXPECT_EQ(b.notification_level, domain::NotificationLevel::Mentions);
    EXPECT_TRUE(b.muted);
    auto roster = conversations.roster("c_1");
    ASSERT_TRUE(roster.ok());
    EXPECT_EQ((*roster)->person_ids, (std::vector<std::string>{"p_a", "p_b"}));
    auto mine = conversations.list_for_person("p_b");
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(mine->size(), 2u);
    auto advanced = conversations.advance_read("c_1", "p_b", 9);
    ASSERT_TRUE(advanced.ok());
    EXPECT_TRUE(*advanced);
    auto after = conversations.member("c_1", "p_b");
    ASSERT_TRUE(after.ok() && after->has_value());
    EXPECT_EQ((*after)->last_read_seq, 9);
    EXPECT_EQ((*after)->delivered_seq, 9);
  }
  {
    auto c = Connection::open(path(), true);
    ASSERT_TRUE(c.ok());
    auto plan = (*c)->prepare("EXPLAIN QUERY PLAN SELECT person_id FROM members WHERE conversation_id = 'c_1'");
    ASSERT_TRUE(plan.ok());
    std::string detail;
    ASSERT_TRUE(plan->each_row([&](const Statement& row) { detail += row.text(3); }).ok());
    EXPECT_NE(detail.find("members_conversation"), std::string::npos) << detail;
  }
}

// Migration 008 removes the earlier versions that deleted messages left behind, and only theirs.
TEST_F(MigrationTest, DeletedMessagesLoseTheirEarlierVersions) {
  ASSERT_NO_FATAL_FAILURE(database_before("008", kAmalsGroup + R"sql(
      INSERT INTO messages (id, conversation_id, seq, client_id, author_id, text, created_at, deleted)
        VALUES ('m_1', 'c_1', 1, 'k1', 'p_a', '', 10, 1), ('m_2', 'c_1', 2, 'k2', 'p_a', 'kept', 11, 0);
      INSERT INTO message_edits (message_id, text, edited_at)
        VALUES ('m_1', 'a secret', 12), ('m_1', 'a secret, again', 13), ('m_2', 'kpet', 14);
  )sql"));
  auto stores = open_stores(dir_.string());
  ASSERT_TRUE(stores.ok()) << stores.error().message;
  auto deleted = (*stores)->messages().edits("m_1");
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE(deleted->empty());
  auto kept = (*stores)->messages().edits("m_2");
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 1u);
  EXPECT_EQ(kept->front().text, "kpet");
}

// Migration 006 rebuilds the messages table with its client-id key led by the author: a database
// made by the earlier migrations keeps every message (rowids included, which the search index
// follows), and the key still refuses a second message with the same author, client id and
// conversation.
TEST_F(MigrationTest, ClientIdKeepsMessagesAndTheirKey) {
  ASSERT_NO_FATAL_FAILURE(database_before("006", kAmalsGroup + R"sql(
      INSERT INTO members (conversation_id, person_id, role, joined_at) VALUES ('c_1', 'p_a', 'owner', 0);
      INSERT INTO messages (rowid_, id, conversation_id, seq, client_id, author_id, text, created_at, reply_count, pinned)
        VALUES (7, 'm_1', 'c_1', 1, 'k1', 'p_a', 'first words', 10, 1, 0),
               (9, 'm_2', 'c_1', 2, 'k2', 'p_a', 'second words', 11, 0, 1);
  )sql"));
  {
    auto stores = open_stores(dir_.string());
    ASSERT_TRUE(stores.ok()) << stores.error().message;
    auto& messages = (*stores)->messages();
    auto page = messages.list("c_1", std::nullopt, std::nullopt, 10, std::nullopt, 0);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].text, "first words");
    EXPECT_EQ(page->items[0].reply_count, 1);
    EXPECT_EQ(page->items[1].seq, 2);
    auto pinned = messages.pinned("c_1");
    ASSERT_TRUE(pinned.ok());
    ASSERT_EQ(pinned->size(), 1u);
    EXPECT_EQ(pinned->front().id, "m_2");
    auto retry = messages.find_by_client_id("c_1", "p_a", "k2");
    ASSERT_TRUE(retry.ok());
    ASSERT_TRUE(retry->has_value());
    EXPECT_EQ((*retry)->id, "m_2");

    domain::Message again;
    again.id = "m_3";
    again.conversation_id = "c_1";
    again.client_id = "k1";
    again.author_id = "p_a";
    again.text = "a retry";
    auto refused = messages.insert(again);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
    again.client_id = "k3";
    ASSERT_TRUE(messages.insert(again).ok());
    EXPECT_EQ(again.seq, 3);
  }
  {
    auto c = Connection::open(path(), true);
    ASSERT_TRUE(c.ok());
    auto rowids = (*c)->prepare("SELECT rowid_ FROM messages ORDER BY rowid_");
    ASSERT_TRUE(rowids.ok());
    std::vector<std::int64_t> seen;
    ASSERT_TRUE(rowids->each_row([&](const Statement& row) { seen.push_back(row.integer(0)); }).ok());
    EXPECT_EQ(seen, (std::vector<std::int64_t>{7, 9, 10}));
  }
}

// Migration 009 declares message_attachments' key first: Debian 12's SQLite (3.40.1) then checks
// the database as "ok" instead of reporting a NULL that is not there, and every link stays.
TEST_F(MigrationTest, AttachmentLinksPassTheIntegrityCheck) {
  ASSERT_NO_FATAL_FAILURE(database_before("009", kAmalsGroup + R"sql(
      INSERT INTO messages (id, conversation_id, seq, client_id, author_id, text, created_at)
        VALUES ('m_1', 'c_1', 1, 'k1', 'p_a', 'two files', 10);
      INSERT INTO attachments (id, uploader_id, name, content_type, size, created_at)
        VALUES ('f_1', 'p_a', 'a.pdf', 'application/pdf', 3, 10), ('f_2', 'p_a', 'b.png', 'image/png', 4, 10);
      INSERT INTO message_attachments (message_id, attachment_id, position) VALUES ('m_1', 'f_1', 0), ('m_1', 'f_2', 1);
  )sql"));
  auto check = [&] {
    auto c = Connection::open(path(), true);
    EXPECT_TRUE(c.ok());
    std::vector<std::string> lines;
    auto s = (*c)->prepare_once("PRAGMA integrity_check");
    EXPECT_TRUE(s.ok());
    EXPECT_TRUE(s->each_row([&](const Statement& row) { lines.push_back(row.text(0)); }).ok());
    return lines;
  };
  EXPECT_NE(check(), std::vector<std::string>{"ok"}) << "the false alarm this migration removes";
  {
    auto stores = open_stores(dir_.string());
    ASSERT_TRUE(stores.ok()) << stores.error().message;
    auto files = (*stores)->attachments().for_messages({"m_1"});
    ASSERT_TRUE(files.ok()) << files.error().message;
    ASSERT_EQ((*files)["m_1"].size(), 2u);
    EXPECT_EQ((*files)["m_1"][0].id, "f_1");
    EXPECT_EQ((*files)["m_1"][1].id, "f_2");
  }
  EXPECT_EQ(check(), std::vector<std::string>{"ok"});
}

}  // namespace
}  // namespace muster::store::sqlite
