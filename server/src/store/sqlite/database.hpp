// SQLite plumbing: one writer connection on a thread of its own that group-commits whatever is
// queued, a pool of reader connections (WAL lets them read while the writer writes), cached
// prepared statements, and migrations at open.
#pragma once
#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/mutex.hpp"
#include "core/result.hpp"
#include "crypto/keyring.hpp"

namespace muster::store::sqlite {

class Checkpointer;
class Connection;

// A prepared statement borrowed from a connection's cache; reset when it goes out of scope.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, Connection& conn, bool owned) : stmt_(stmt), conn_(&conn), owned_(owned) {}
  ~Statement();
  Statement(Statement&& other) noexcept
      : stmt_(std::exchange(other.stmt_, nullptr)), conn_(other.conn_), owned_(other.owned_) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind_null(int index);
  Statement& bind_optional(int index, const std::optional<std::string>& text);
  Statement& bind_optional(int index, std::optional<bool> flag);  // 1 or 0; NULL when unset
  Statement& bind_nonempty(int index, const std::string& text);  // empty string binds NULL
  Statement& bind_blob(int index, std::string_view bytes);       // bytes, not text (images)

  // One step: true when a row is ready, false when done; errors become Result errors.
  Result<bool> step();
  Status run();  // steps to completion
  // Steps through every row, handing each to `on_row`.
  Status each_row(const std::function<void(const Statement&)>& on_row);

  std::string text(int col) const;
  std::string_view text_view(int col) const;  // valid until the next step
  std::optional<std::string> optional_text(int col) const;
  std::int64_t integer(int col) const;
  std::string blob(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3_stmt* stmt_;
  Connection* conn_;
  bool owned_;  // finalized here rather than returned to the connection's cache
};

// SQLite's process-wide settings (no allocation statistics, problems logged): before its first use,
// which the first Connection::open or the encrypting VFS's registration is.
int configure_sqlite();

class Connection {
 public:
  // `encrypted`: through the encrypting VFS (store/sqlite/encrypted_vfs.hpp), whose keys for `path`
  // must be registered; a new file gets the page size and reserved bytes that VFS needs.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, bool read_only, bool encrypted = false);
  ~Connection();

  // Cached by the SQL text's address: pass only string literals or other static strings.
  Result<Statement> prepare(const char* sql);
  // For SQL assembled at run time from fixed fragments (never from input): not cached.
  Result<Statement> prepare_once(const std::string& sql);
  Status exec(const std::string& sql);
  // One statement from a string literal, prepared once and cached (BEGIN, COMMIT, SAVEPOINT...).
  Status run(const char* sql);
  Error error(std::string_view what) const;
  sqlite3* handle() { return db_; }
  std::int64_t changes() const { return sqlite3_changes64(db_); }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

// Read-only connections kept for reuse: `with` lends one (opening another when none is idle)
// and takes it back, keeping at most `max_idle`.
class ReaderPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;
  ReaderPool(Opener open, size_t max_idle) : open_(std::move(open)), max_idle_(max_idle) {}
  Status with(const std::function<Status(Connection&)>& work);
  Status open_idle(size_t count);  // opens `count` ahead of use (and fails early if it cannot)

 private:
  Opener open_;
  size_t max_idle_;
  Mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_ GUARDED_BY(mutex_);
};

class Database {
 public:
  using Work = std::function<Status(Connection&)>;
  using Done = std::function<void(Status)>;

  // Opens (creating if needed) the database file, applies pending migrations, starts the writer.
  // With a keyring every connection goes through the encrypting VFS (the file must be encrypted
  // already, or new: open_stores upgrades a plaintext one first); without one, plaintext.
  static Result<std::unique_ptr<Database>> open(const std::string& path, int readers = 4,
                                                std::shared_ptr<crypto::Keyring> keyring = nullptr);
  ~Database();
  // Stores what was submitted, then stops the writer; later writes fail. For owners that must
  // drain the writer while what its work refers to still exists.
  void stop();

  // Runs `work` on the writer inside a transaction and returns once it has committed and its
  // effects have run (or it rolled back, on error). Nested calls inside a transaction join it. Not
  // from an effect or a `done` (they run on the publisher, which would wait for itself).
  Status write(const Work& work);
  // The same without waiting: `work` joins the writer's next batch and `done` gets its result
  // after the commit and the batch's effects (or after the rollback), on the publisher thread, so
  // it must be quick and must not write. Submissions from one thread are stored in order.
  void submit(Work work, Done done);
  // Runs `work` on a reader, or on the writer when this thread is inside a write transaction (so
  // it sees its own uncommitted changes).
  Status read(const Work& work);
  // Inside write(): `effect` runs after the commit on the publisher thread, after the effects of
  // every earlier batch (events leave in commit order), possibly while the writer stores the next
  // batch. Dropped if the write rolls back.
  void after_commit(std::function<void()> effect);
  // Inside write(): `hook` runs on the writer right after this batch's commit (or rollback),
  // before the next batch begins: for caches a later transaction must not read stale.
  void on_commit(std::function<void()> hook);
  // Inside write(): a number that identifies the running write transaction (a group-commit batch:
  // every write in it shares it), never 0. Outside: 0.
  std::uint64_t current_transaction() const;
  const std::string& path() const { return path_; }
  bool encrypted() const { return encrypted_; }

 private:
  Database() = default;
  Status migrate();

  struct WriteJob {
    Work work;
    Done done;
    Status result = ok_status();
    std::vector<std::function<void()>> effects;  // after-commit effects of this write
  };
  using Batch = std::vector<std::unique_ptr<WriteJob>>;
  // Large enough for a busy server's sockets to share a commit: random conversations dirty fewer
  // pages per message in a larger batch, and a batch of 1,024 sends still commits within ~0.1 s.
  static constexpr size_t kMaxBatch = 1024;
  void writer_loop();             // the writer thread
  void run_batch(Batch& batch);   // on the writer thread only: the transaction, then the hooks
  void run_transaction(Batch& batch);
  void publisher_loop();          // the publisher thread: effects and answers of committed batches

  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<std::unique_ptr<WriteJob>> queue_;  // guarded by queue_mutex_
  bool writer_idle_ = false;                     // guarded by queue_mutex_: waiting for work
  bool stopping_ = false;                        // guarded by queue_mutex_
  std::uint64_t batches_ = 0;           // by the writer only: numbers the batches' transactions
  std::unique_ptr<Checkpointer> checkpointer_;  // declared before writer_: outlives its WAL hook
  std::unique_ptr<Connection> writer_;  // used only by the writer thread (and migrations before it)
  std::vector<std::function<void()>> commit_hooks_;  // the running batch's; writer thread only
  std::thread writer_thread_;
  std::mutex publish_mutex_;
  std::condition_variable publish_ready_;
  std::deque<Batch> committed_;  // guarded by publish_mutex_: committed, effects not yet run
  bool publisher_idle_ = false;  // guarded by publish_mutex_
  bool writer_done_ = false;     // guarded by publish_mutex_
  std::thread publisher_thread_;
  std::unique_ptr<ReaderPool> readers_;
  std::string path_;
  bool encrypted_ = false;
};

bool is_unique_violation(const Error& error);

// One statement on the writer, `bind` setting its parameters.
template <typename Bind>
Status write_one(Database& db, const char* sql, Bind bind) {
  return db.write([&](Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto s, c.prepare(sql));
    bind(s);
    return s.run();
  });
}

}  // namespace muster::store::sqlite
