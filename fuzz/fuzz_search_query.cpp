// A message search as a user types it: split and folded into terms (domain/text), each term made
// into an FTS5 phrase or a LIKE pattern (store/sqlite/search_terms) exactly as message_search.cpp
// does, then run against an in-memory FTS5 trigram table. No query may make SQLite fail, and a
// term found in the indexed text must be found by its phrase.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/text/arabic.hpp"
#include "store/sqlite/search_terms.hpp"

namespace {
sqlite3* index_db() {
  static sqlite3* db = [] {
    sqlite3* d = nullptr;
    if (sqlite3_open(":memory:", &d) != SQLITE_OK) __builtin_trap();
    const char* setup =
        "CREATE VIRTUAL TABLE message_search USING fts5(body, tokenize='trigram');"
        "CREATE TABLE plain(body TEXT);";
    if (sqlite3_exec(d, setup, nullptr, nullptr, nullptr) != SQLITE_OK) __builtin_trap();
    return d;
  }();
  return db;
}

// Rows that match `sql` with `value` bound; -1 when SQLite refused the statement.
int count(const char* sql, const std::string& value) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(index_db(), sql, -1, &stmt, nullptr) != SQLITE_OK) __builtin_trap();
  sqlite3_bind_text(stmt, 1, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  int rows = 0, rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) ++rows;
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? rows : -1;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view query(reinterpret_cast<const char*>(data), size);
  auto terms = muster::domain::search_terms(query);
  if (terms.size() > muster::domain::kMaxSearchTerms) __builtin_trap();
  if (terms.empty()) return 0;
  // The indexed text is the folded query itself: every term must find it.
  std::string body = muster::domain::normalize_for_search(query);
  sqlite3* db = index_db();
  sqlite3_exec(db, "DELETE FROM message_search; DELETE FROM plain;", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO message_search(body) VALUES (?1)", -1, &ins, nullptr);
  sqlite3_bind_text(ins, 1, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(ins) != SQLITE_DONE) __builtin_trap();
  sqlite3_finalize(ins);
  sqlite3_prepare_v2(db, "INSERT INTO plain(body) VALUES (?1)", -1, &ins, nullptr);
  sqlite3_bind_text(ins, 1, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
  sqlite3_step(ins);
  sqlite3_finalize(ins);

  for (const auto& term : terms) {
    if (term.empty()) __builtin_trap();
    int found;
    if (muster::domain::utf8_length(term) >= 3)
      found = count("SELECT 1 FROM message_search WHERE message_search MATCH ?1",
                    muster::store::sqlite::fts_phrase(term));
    else
      found = count("SELECT 1 FROM plain WHERE body LIKE ?1 ESCAPE '\\'", muster::store::sqlite::like_pattern(term));
    if (found != 1) __builtin_trap();
  }
  return 0;
}
