// Message search in a database file of its own (search.db), kept up to date by an indexer thread
// that follows the messages table: the writer's transactions carry no index work (an FTS5 trigram
// entry costs more than the rest of a send), and the index can become a keyed (blind) one later
// without touching the chat tables.
//
// The indexer reads two streams from muster.db: new messages (rowid_ above its position) and
// search_changes (edits and deletions, appended by the writer in the same transaction as the
// change). It applies both to search.db and records its positions in the same search.db
// transaction, so a crash at any point resumes exactly where the index stopped. A search first
// waits until the index has caught up with everything committed before it began, so a person
// always finds the message they just sent.
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "domain/conversation.hpp"
#include "domain/text/arabic.hpp"
#include "store/sqlite/chat_stores.hpp"
#include "store/sqlite/encrypted_vfs.hpp"
#include "store/sqlite/search_terms.hpp"

namespace muster::store::sqlite {

namespace {

using domain::Message;

constexpr int kIndexBatch = 2000;  // messages per search.db transaction while catching up
constexpr auto kCatchUpWait = std::chrono::seconds(5);  // a search waits at most this for the index
// After a commit the indexer waits this long for more before indexing, unless a search is waiting:
// an FTS5 transaction writes a segment of its own, so a few large ones cost far less per message
// than one per commit.
// (Groups at 2,000 msg/s: 17-23 % more deliveries per server CPU-second.)
constexpr auto kGatherWait = std::chrono::milliseconds(200);

struct Positions {
  std::int64_t messages = 0;  // messages.rowid_ indexed up to
  std::int64_t changes = 0;   // search_changes.id applied up to
};

class SqliteMessageSearch final : public MessageSearch {
 public:
  SqliteMessageSearch(Database& chat, std::string chat_path, std::string index_path)
      : chat_(chat), chat_path_(std::move(chat_path)), index_path_(std::move(index_path)) {}
  ~SqliteMessageSearch() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (indexer_.joinable()) indexer_.join();
  }

  Status start() {
    ASSIGN_OR_RETURN(index_, Connection::open(index_path_, false, chat_.encrypted()));
    // Derived data: losing the last commits to a power cut only moves the positions back with them.
    // Checkpoints at SQLite's default (every 1,000 pages of WAL), not the chat database's writer
    // setting: a checkpoint syncs the file, and on one disk a large sync (deleting many entries
    // writes many pages) held the chat writer's own commits for 100 ms and more.
    TRY(index_->exec("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384; PRAGMA wal_autocheckpoint=1000;"
                     "CREATE VIRTUAL TABLE IF NOT EXISTS message_search USING fts5(body, tokenize='trigram');"
                     "CREATE TABLE IF NOT EXISTS positions (stream TEXT PRIMARY KEY, position INTEGER NOT NULL);"));
    // A message adds ~100 trigrams. FTS5 merges its segments 4 at a time and in 1,000-byte pages by
    // default; 16 at a time in ~4 KB pages costs 40 % less CPU per message indexed (measured with
    // 150,000 messages: 16.9 -> 9.6 us), for more segments per search: ~0.7 ms instead of ~0.3.
    TRY(index_->exec("INSERT INTO message_search(message_search, rank) VALUES ('automerge', 16);"
                     "INSERT INTO message_search(message_search, rank) VALUES ('pgsz', 4000);"));
    ASSIGN_OR_RETURN(source_, Connection::open(chat_path_, true, chat_.encrypted()));
    ASSIGN_OR_RETURN(auto read, index_->prepare("SELECT stream, position FROM positions"));
    TRY(read.each_row([&](const Statement& row) {
      (row.text(0) == "messages" ? indexed_.messages : indexed_.changes) = row.integer(1);
    }));
    published_messages_ = indexed_.messages;
    published_changes_ = indexed_.changes;
    indexer_ = std::thread([this] { run(); });
    return ok_status();
  }

  // A new message needs nothing from the transaction: the indexer finds it by its rowid.
  Status index_new(const Message&) override {
    chat_.after_commit([this] { poke(); });
    return ok_status();
  }
  Status index(const Message& m) override { return record_change(m); }
  Status remove(const Message& m) override { return record_change(m); }

  Result<std::vector<SearchHit>> search(const MessageSearchQuery& q) override {
    std::vector<SearchHit> out;
    std::string match;
    std::vector<std::string> like_terms;
    for (const auto& term : q.terms) {
      if (domain::utf8_length(term) >= 3) match += (match.empty() ? "" : " AND ") + fts_phrase(term);
      else like_terms.push_back(like_pattern(term));
    }
    if (match.empty() && like_terms.empty()) return out;
    TRY(wait_until_indexed());
    // Assembled from fixed fragments; every value is bound.
    std::string sql =
        "SELECT m.id, ms.rowid FROM search.message_search ms JOIN messages m ON m.rowid_ = ms.rowid "
        "JOIN conversations c ON c.id = m.conversation_id WHERE m.deleted = 0 "
        // Membership and history visibility, as domain::history_window decides them.
        "AND (EXISTS (SELECT 1 FROM members WHERE conversation_id = m.conversation_id AND person_id = ?1 "
        "AND (c.history = 'full' OR c.kind = 'direct' OR m.seq > joined_seq)) "
        "OR (?2 = '0' AND c.is_public = 1 AND c.kind IN ('channel', 'announcement') AND c.history = 'full'))";
    std::vector<std::string> binds = {q.viewer_id, q.members_only ? "1" : "0"};
    if (!match.empty()) sql += " AND ms.message_search MATCH ?", binds.push_back(match);
    for (const auto& like : like_terms) sql += " AND ms.body LIKE ? ESCAPE '\\'", binds.push_back(like);
    if (!q.conversation_id.empty()) sql += " AND m.conversation_id = ?", binds.push_back(q.conversation_id);
    if (!q.author_id.empty()) sql += " AND m.author_id = ?", binds.push_back(q.author_id);
    if (q.since) sql += " AND m.created_at >= " + std::to_string(*q.since);
    if (q.until) sql += " AND m.created_at <= " + std::to_string(*q.until);
    if (q.before_rank) sql += " AND ms.rowid < " + std::to_string(*q.before_rank);
    sql += " ORDER BY ms.rowid DESC LIMIT " + std::to_string(q.limit);
    TRY(readers_.with([&](Connection& conn) -> Status {
      ASSIGN_OR_RETURN(auto s, conn.prepare_once(sql));
      for (size_t i = 0; i < binds.size(); ++i) s.bind(static_cast<int>(i + 1), binds[i]);
      return s.each_row([&](const Statement& row) { out.push_back({row.text(0), row.integer(1)}); });
    }));
    return out;
  }

 private:
  // Inside the writer's transaction: the edit or deletion joins the change stream with it.
  Status record_change(const Message& m) {
    TRY(chat_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO search_changes (message_rowid) SELECT rowid_ FROM messages "
                                         "WHERE id = ?1"));
      s.bind(1, m.id);
      return s.run();
    }));
    chat_.after_commit([this] { poke(); });
    return ok_status();
  }

  // Wakes the indexer only when this changes what it waits for (not at every commit).
  void poke(bool urgent = false) {
    bool changed = false;
    {
      std::lock_guard lock(mutex_);
      changed = !poked_ || (urgent && !urgent_);
      poked_ = true;
      urgent_ = urgent_ || urgent;
    }
    if (changed) wake_.notify_all();
  }

  // The indexer thread: catches up whenever poked (and every second, should a poke be missed),
  // gathering commits for kGatherWait first unless a search is waiting (an urgent poke).
  // A failing step (a full disk, say) is retried once a second, not at every poke, and logged
  // once a minute.
  void run() {
    using Clock = std::chrono::steady_clock;
    bool failing = false;
    Clock::time_point logged{};
    while (true) {
      {
        std::unique_lock lock(mutex_);
        if (failing) wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
        else wake_.wait_for(lock, std::chrono::seconds(1), [&] { return poked_ || stopping_; });
        if (poked_ && !urgent_) wake_.wait_for(lock, kGatherWait, [&] { return urgent_ || stopping_; });
        if (stopping_) return;
        poked_ = urgent_ = false;
      }
      while (true) {
        auto step = index_step();
        if (!step.ok()) {
          if (!failing || Clock::now() - logged > std::chrono::minutes(1)) {
            spdlog::error("search index: {} (retrying every second)", step.error().message);
            logged = Clock::now();
          }
          failing = true;
          break;
        }
        if (failing) spdlog::info("search index: indexing again");
        failing = false;
        if (!step.value()) break;
      }
    }
  }

  // One batch from each stream into search.db; false when there was nothing to do.
  Result<bool> index_step() {
    struct Row {
      std::int64_t rowid;
      std::string text;
      bool deleted;
    };
    std::vector<Row> added, changed;
    Positions next = indexed_;
    {
      ASSIGN_OR_RETURN(auto s, source_->prepare("SELECT rowid_, text, deleted FROM messages WHERE rowid_ > ?1 "
                                                "ORDER BY rowid_ LIMIT ?2"));
      s.bind(1, indexed_.messages).bind(2, kIndexBatch);
      TRY(s.each_row([&](const Statement& row) {
        added.push_back({row.integer(0), row.text(1), row.integer(2) != 0});
        next.messages = row.integer(0);
      }));
    }
    {
      // LEFT JOIN: a message that retention deleted outright has no row left; its entry goes.
      ASSIGN_OR_RETURN(auto s, source_->prepare("SELECT c.id, c.message_rowid, coalesce(m.text, ''), "
                                                "coalesce(m.deleted, 1) FROM search_changes c LEFT JOIN messages m "
                                                "ON m.rowid_ = c.message_rowid WHERE c.id > ?1 ORDER BY c.id LIMIT ?2"));
      s.bind(1, indexed_.changes).bind(2, kIndexBatch);
      TRY(s.each_row([&](const Statement& row) {
        next.changes = row.integer(0);
        // A message the new-message stream has not reached yet is indexed as it is by then.
        if (row.integer(1) <= next.messages) changed.push_back({row.integer(1), row.text(2), row.integer(3) != 0});
      }));
    }
    if (next.messages == indexed_.messages && next.changes == indexed_.changes) return false;
    // What each touched message's entry becomes (later reads win), and which entries may exist.
    std::map<std::int64_t, const Row*> entries;
    std::set<std::int64_t> stale;
    for (const auto& row : added) entries[row.rowid] = &row;
    for (const auto& row : changed) {
      entries[row.rowid] = &row;
      if (row.rowid <= indexed_.messages) stale.insert(row.rowid);
    }

    TRY(index_->run("BEGIN IMMEDIATE"));
    Status applied = [&]() -> Status {
      for (auto rowid : stale) {
        ASSIGN_OR_RETURN(auto del, index_->prepare("DELETE FROM message_search WHERE rowid = ?1"));
        del.bind(1, rowid);
        TRY(del.run());
      }
      for (const auto& [rowid, row] : entries) {
        if (row->deleted) continue;
        ASSIGN_OR_RETURN(auto ins, index_->prepare("INSERT INTO message_search (rowid, body) VALUES (?1, ?2)"));
        ins.bind(1, rowid).bind(2, domain::normalize_for_search(domain::searchable_text(row->text)));
        TRY(ins.run());
      }
      ASSIGN_OR_RETURN(auto pos, index_->prepare("INSERT INTO positions (stream, position) VALUES ('messages', ?1), "
                                                 "('changes', ?2) ON CONFLICT (stream) DO UPDATE SET "
                                                 "position = excluded.position"));
      pos.bind(1, next.messages).bind(2, next.changes);
      return pos.run();
    }();
    if (!applied.ok()) {
      (void)index_->exec("ROLLBACK");
      return applied.error();
    }
    TRY(index_->run("COMMIT"));
    indexed_ = next;
    {
      std::lock_guard lock(mutex_);
      published_messages_ = next.messages;
      published_changes_ = next.changes;
    }
    caught_up_.notify_all();
    return true;
  }

  // Waits until everything committed so far is in the index (or kCatchUpWait has passed, when a
  // search answers from what is there rather than not at all).
  Status wait_until_indexed() {
    Positions target;
    TRY(chat_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT (SELECT COALESCE(MAX(rowid_), 0) FROM messages), "
                                         "(SELECT COALESCE(MAX(id), 0) FROM search_changes)"));
      return s.each_row([&](const Statement& row) { target = {row.integer(0), row.integer(1)}; });
    }));
    poke(true);
    std::unique_lock lock(mutex_);
    caught_up_.wait_for(lock, kCatchUpWait, [&] {
      return stopping_ || (published_messages_ >= target.messages && published_changes_ >= target.changes);
    });
    return ok_status();
  }

  // Search connections read muster.db with search.db attached, so one query filters by membership.
  // (ATTACH opens search.db through the same VFS as muster.db.)
  Result<std::unique_ptr<Connection>> open_reader() {
    ASSIGN_OR_RETURN(auto conn, Connection::open(chat_path_, true, chat_.encrypted()));
    ASSIGN_OR_RETURN(auto attach, conn->prepare_once("ATTACH DATABASE ?1 AS search"));
    attach.bind(1, index_path_);
    TRY(attach.run());
    return conn;
  }

  Database& chat_;
  std::string chat_path_, index_path_;
  std::unique_ptr<Connection> index_;   // search.db, written by the indexer only
  std::unique_ptr<Connection> source_;  // muster.db, read by the indexer only
  Positions indexed_;                   // by the indexer only
  std::thread indexer_;
  ReaderPool readers_{[this] { return open_reader(); }, 4};

  std::mutex mutex_;  // guards what follows
  std::condition_variable wake_, caught_up_;
  bool poked_ = false, stopping_ = false;
  bool urgent_ = false;  // a search waits for the index
  std::int64_t published_messages_ = 0, published_changes_ = 0;  // what searches may count on
};

}  // namespace

Result<std::unique_ptr<MessageSearch>> open_message_search(Database& chat, const std::string& index_path,
                                                           std::shared_ptr<crypto::Keyring> keyring) {
  if (chat.encrypted() != (keyring != nullptr)) return internal_error("search.db and muster.db must both be encrypted or not");
  if (keyring) {
    TRY(use_encryption_keys(index_path, keyring));
    TRY(check_database_key(index_path, *keyring));
  }
  auto search = std::make_unique<SqliteMessageSearch>(chat, chat.path(), index_path);
  TRY(search->start());
  return std::unique_ptr<MessageSearch>(std::move(search));
}

}  // namespace muster::store::sqlite
