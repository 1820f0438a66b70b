// The audit log's hash chain against a real SQLite file: tampering done the way an attacker with
// the database file would (triggers dropped, rows changed with SQL) is found at the right entry.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>
#include <string>

#include "store/audit_chain.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace muster::store::sqlite {
namespace {

namespace fs = std::filesystem;

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("muster-audit-chain-" + std::to_string(std::random_device{}()));
    fs::remove_all(dir_);
    auto stores = open_stores(dir_.string());
    ASSERT_TRUE(stores.ok()) << stores.error().message;
    for (int i = 1; i <= 5; ++i) {
      AuditEntry e;
      e.at = 1700000000 + i;
      e.actor_id = "admin";
      e.action = "test.action" + std::to_string(i);
      e.details_json = R"({"n":)" + std::to_string(i) + "}";
      ASSERT_TRUE(stores.value()->audit().append(e).ok());
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs SQL on the closed database the way someone holding the file would.
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "muster.db").string().c_str(), &db), SQLITE_OK);
    std::string all = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; "
                      "DROP TRIGGER audit_log_chained_only; " + sql;
    char* error = nullptr;
    int rc = sqlite3_exec(db, all.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }

  AuditChainReport verify() {
    auto stores = open_stores(dir_.string());
    EXPECT_TRUE(stores.ok());
    auto report = stores.value()->audit().verify();
    EXPECT_TRUE(report.ok());
    return report.value();
  }

  fs::path dir_;
};

TEST_F(AuditChainTest, UntouchedChainVerifiesToItsHead) {
  auto report = verify();
  EXPECT_FALSE(report.problem.has_value());
  EXPECT_EQ(report.count, 5);
  auto stores = open_stores(dir_.string());
  auto head = stores.value()->audit().head();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->first, 5);
  EXPECT_EQ(head->second, report.head);
  EXPECT_NE(report.head, audit_chain_genesis());
}

TEST_F(AuditChainTest, TheDatabaseRefusesUpdatesAndDeletes) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "muster.db").string().c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET action = 'x' WHERE seq = 2", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_log WHERE seq = 2", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "INSERT INTO audit_log (at, action) VALUES (1, 'forged')", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_FALSE(verify().problem.has_value());
}

TEST_F(AuditChainTest, AnEditedEntryIsNamed) {
  tamper("UPDATE audit_log SET details = '{\"n\":99}' WHERE seq = 3");
  auto report = verify();
  ASSERT_TRUE(report.problem.has_value());
  EXPECT_EQ(report.problem->fault, AuditChainFault::Edited);
  EXPECT_EQ(report.problem->seq, 3);
  EXPECT_EQ(report.problem->id, 3);
}

TEST_F(AuditChainTest, ARemovedEntryIsNamed) {
  tamper("DELETE FROM audit_log WHERE seq = 2");
  auto report = verify();
  ASSERT_TRUE(report.problem.has_value());
  EXPECT_EQ(report.problem->fault, AuditChainFault::Removed);
  EXPECT_EQ(report.problem->seq, 2);
}

TEST_F(AuditChainTest, ReorderedEntriesAreNamed) {
  tamper("UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 4; "
         "UPDATE audit_log SET seq = 4 WHERE seq = -2");
  auto report = verify();
  ASSERT_TRUE(report.problem.has_value());
  EXPECT_EQ(report.problem->fault, AuditChainFault::Reordered);
  EXPECT_EQ(report.problem->seq, 2);
  EXPECT_EQ(report.problem->id, 4);
}

TEST_F(AuditChainTest, AnInsertedEntryIsNamedEvenWithAValidHash) {
  // The forger links the new entry to entry 2 correctly and shifts the rest up by one.
  AuditEntry forged{99, 1700000002, "admin", "", "forged.action", "", "", "", "{}"};
  std::string prev;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "muster.db").string().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT hash FROM audit_log WHERE seq = 2", -1, &s, nullptr);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  prev = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  std::string hash = audit_entry_hash(prev, forged);
  tamper("UPDATE audit_log SET seq = -seq WHERE seq >= 3; UPDATE audit_log SET seq = 1 - seq WHERE seq < 0; "
         "INSERT INTO audit_log (id, at, actor_id, action, details, seq, prev_hash, hash) VALUES (99, 1700000002, "
         "'admin', 'forged.action', '{}', 3, '" + prev + "', '" + hash + "')");
  auto report = verify();
  ASSERT_TRUE(report.problem.has_value());
  EXPECT_EQ(report.problem->fault, AuditChainFault::Inserted);
  EXPECT_EQ(report.problem->seq, 3);
  EXPECT_EQ(report.problem->id, 99);
}

TEST_F(AuditChainTest, AnUnchainedRowIsNamedAndNeverAdopted) {
  tamper("INSERT INTO audit_log (at, action) VALUES (1, 'forged')");
  auto report = verify();  // reopening must not chain the forged row
  ASSERT_TRUE(report.problem.has_value());
  EXPECT_EQ(report.problem->fault, AuditChainFault::Inserted);
}

TEST_F(AuditChainTest, EntriesFromBeforeTheChainAreChainedOnceInOrder) {
  tamper("UPDATE audit_log SET seq = NULL, prev_hash = NULL, hash = NULL");
  auto report = verify();  // the first open after the migration chains them
  EXPECT_FALSE(report.problem.has_value());
  EXPECT_EQ(report.count, 5);
}

}  // namespace
}  // namespace muster::store::sqlite
