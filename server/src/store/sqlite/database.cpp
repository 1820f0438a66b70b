#include "store/sqlite/database.hpp"

#include <spdlog/spdlog.h>

#include <semaphore>

#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/encrypted_vfs.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/page_cipher.hpp"
#include "store/storage_health.hpp"

namespace muster::store::sqlite {

namespace {
thread_local Connection* t_writer_in_transaction = nullptr;
thread_local std::uint64_t t_transaction = 0;  // the batch being run, while t_writer_in_transaction
thread_local std::vector<std::function<void()>>* t_after_commit = nullptr;
thread_local bool t_is_publisher_thread = false;
// A checkpoint copies every page changed since the last one into the database file and syncs
// it, on the checkpointer's thread (store/sqlite/checkpointer.hpp). Small and often: on one disk a
// sync of 64 MiB held the writer's own commit syncs for 100 ms and more. With 4 MiB the p99 of
// sends during a retention run fell from ~25-30 to ~20 ms (docs/performance.md, "Retention under
// load"), for more copies of hot pages (fewer sends per CPU-second, "Tried on the writer").
constexpr int kCheckpointPages = 1024;
constexpr std::string_view kUniqueMarker = "UNIQUE constraint failed";
}  // namespace

bool is_unique_violation(const Error& error) {
  return error.code == ErrorCode::Conflict;
}

Statement::~Statement() {
  if (!stmt_) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
Statement& Statement::bind_optional(int index, const std::optional<std::string>& text) {
  return text ? bind(index, *text) : bind_null(index);
}
Statement& Statement::bind_optional(int index, std::optional<bool> flag) {
  return flag ? bind(index, std::int64_t{*flag ? 1 : 0}) : bind_null(index);
}
Statement& Statement::bind_nonempty(int index, const std::string& text) {
  return text.empty() ? bind_null(index) : bind(index, text);
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_->error("step");
}

Status Statement::run() {
  while (true) {
    ASSIGN_OR_RETURN(bool row, step());
    if (!row) return ok_status();
  }
}

Status Statement::each_row(const std::function<void(const Statement&)>& on_row) {
  while (true) {
    ASSIGN_OR_RETURN(bool row, step());
    if (!row) return ok_status();
    on_row(*this);
  }
}

std::string Statement::text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string{};
}
std::string_view Statement::text_view(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view{};
}
std::optional<std::string> Statement::optional_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }
std::string Statement::blob(int col) const {
  auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string{};
}
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

namespace {
// SQLite's own account of an I/O or corruption error (the encrypting VFS explains its refusals
// here too), which the error code alone does not give. Its messages name files, never data.
void log_sqlite_problem(void*, int code, const char* message) {
  int primary = code & 0xff;
  if (primary == SQLITE_IOERR || primary == SQLITE_CORRUPT || primary == SQLITE_FULL)
    spdlog::warn("sqlite ({}): {}", code, message);
}
}  // namespace

// No counting of every allocation behind a global mutex (Muster never asks for those statistics;
// SQLite's own advice for speed, and ~5 % more stores per CPU-second here).
int configure_sqlite() {
  static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) | sqlite3_config(SQLITE_CONFIG_LOG, log_sqlite_problem, nullptr);
  return rc;
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, bool read_only, bool encrypted) {
  static const int configured = configure_sqlite();
  (void)configured;
  sqlite3* db = nullptr;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, encrypted ? kEncryptedVfs : nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{ErrorCode::Unavailable, "cannot open database " + path + ": " + msg};
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  if (encrypted) {
    // Before anything writes page 1 (journal_mode=WAL does): the layout the VFS seals. Both only
    // take effect on a new file; an existing one keeps its own (which the VFS checks).
    TRY(conn->exec("PRAGMA page_size=" + std::to_string(kPageSize)));
    int reserve = static_cast<int>(kReservedBytes);
    sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  }
  TRY(conn->exec("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"));
  // An answer after commit promises the change survives a power cut, not only a crash: the WAL is
  // synced at every commit (FULL), which group commit pays once per batch.
  if (!read_only) TRY(conn->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"));
  // The writer touches the same hot pages (conversations, members, index ends) batch after batch:
  // a 64 MiB page cache keeps them instead of reading them back from the file (SQLite's default
  // is 2 MiB). It fills only as far as the database is used.
  if (!read_only) TRY(conn->exec("PRAGMA cache_size=-65536;"));
  // The WAL file stays at most 64 MiB on disk once a checkpoint has let it grow further. (The
  // Database's writer checkpoints on a thread of its own instead: see kCheckpointPages.)
  if (!read_only) TRY(conn->exec("PRAGMA wal_autocheckpoint=16384; PRAGMA journal_size_limit=67108864;"));
  return conn;
}

Connection::~Connection() {
  for (auto& [_, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Result<Statement> Connection::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
      return error("prepare");
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(it->second, *this, false);
}

Result<Statement> Connection::prepare_once(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return error("prepare");
  return Statement(stmt, *this, true);
}

Status Connection::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Error{ErrorCode::Internal, "sqlite: " + msg};
  }
  return ok_status();
}

Status Connection::run(const char* sql) {
  ASSIGN_OR_RETURN(auto s, prepare(sql));
  return s.run();
}

Error Connection::error(std::string_view what) const {
  std::string msg = sqlite3_errmsg(db_);
  int code = sqlite3_extended_errcode(db_);
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ||
      msg.find(kUniqueMarker) != std::string::npos)
    return Error{ErrorCode::Conflict, msg};
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Error{ErrorCode::Unavailable, "database busy"};
  if ((code & 0xff) == SQLITE_FULL) return storage_health().out_of_space("sqlite " + std::string(what) + ": " + msg);
  return Error{ErrorCode::Internal, "sqlite " + std::string(what) + ": " + msg + " (" + std::to_string(code) + ")"};
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, int readers,
                                                std::shared_ptr<crypto::Keyring> keyring) {
  std::unique_ptr<Database> db(new Database());
  db->path_ = path;
  db->encrypted_ = keyring != nullptr;
  if (keyring) {
    TRY(use_encryption_keys(path, keyring));
    TRY(check_database_key(path, *keyring));  // a clear message rather than SQLite's "disk I/O error"
  }
  const bool encrypted = db->encrypted_;
  ASSIGN_OR_RETURN(db->writer_, Connection::open(path, false, encrypted));
  TRY(db->migrate());
  ASSIGN_OR_RETURN(db->checkpointer_, Checkpointer::start(path, kCheckpointPages, encrypted));
  db->checkpointer_->watch(*db->writer_);
  db->readers_ = std::make_unique<ReaderPool>([path, encrypted] { return Connection::open(path, true, encrypted); }, 16);
  TRY(db->readers_->open_idle(static_cast<size_t>(readers)));
  db->writer_thread_ = std::thread([writer = db.get()] { writer->writer_loop(); });
  db->publisher_thread_ = std::thread([writer = db.get()] { writer->publisher_loop(); });
  return db;
}

Status Database::migrate() {
  TRY(writer_->exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)"));
  for (const auto& m : migrations()) {
    static const char* kApplied = "SELECT 1 FROM schema_migrations WHERE name = ?";
    ASSIGN_OR_RETURN(auto check, writer_->prepare(kApplied));
    check.bind(1, m.name);
    ASSIGN_OR_RETURN(bool applied, check.step());
    if (applied) continue;
    TRY(writer_->exec("BEGIN IMMEDIATE"));
    auto status = writer_->exec(m.sql);
    if (status.ok())
      status = writer_->exec("INSERT INTO schema_migrations(name, applied_at) VALUES ('" + std::string(m.name) +
                             "', strftime('%s','now'))");
    if (!status.ok()) {
      (void)writer_->exec("ROLLBACK");
      return Error{ErrorCode::Internal, "migration " + std::string(m.name) + " failed: " + status.error().message};
    }
    TRY(writer_->exec("COMMIT"));
    spdlog::info("applied migration {}", m.name);
  }
  return ok_status();
}

Database::~Database() { stop(); }

void Database::stop() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_one();
  if (writer_thread_.joinable()) writer_thread_.join();
  {
    std::lock_guard lock(publish_mutex_);
    writer_done_ = true;
  }
  publish_ready_.notify_one();
  if (publisher_thread_.joinable()) publisher_thread_.join();
}

Status Database::write(const Work& work) {
  if (t_writer_in_transaction) return work(*t_writer_in_transaction);
  // Its answer would have to come from this very thread.
  if (t_is_publisher_thread) return internal_error("a write from an after-commit effect or answer");
  Status result = ok_status();
  // Shared, so the publisher may still be inside release() when this caller has returned.
  auto finished = std::make_shared<std::binary_semaphore>(0);
  submit([&work](Connection& c) { return work(c); },
         [&result, finished](Status status) {
           result = std::move(status);
           finished->release();
         });
  finished->acquire();
  return result;
}

void Database::submit(Work work, Done done) {
  auto job = std::make_unique<WriteJob>(WriteJob{std::move(work), std::move(done), ok_status(), {}});
  bool wake = false;
  {
    std::lock_guard lock(queue_mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(job));
      wake = std::exchange(writer_idle_, false);
    }
  }
  if (job && job->done) job->done(Error{ErrorCode::Unavailable, "The database is closing."});
  if (wake) queue_ready_.notify_one();
}

// Group commit on a thread of its own: the writer takes everything queued by now (up to
// kMaxBatch), runs it in one transaction, each write inside its own savepoint (a failing write
// rolls back alone), commits once and hands the batch to the publisher, which runs the batch's
// after-commit effects in order and then answers each write. Under load many writes share one
// commit and one pass over the WAL, and the writer stores the next batch while the previous one's
// events go out; alone, a write commits at once. Callers never lead a batch, so a caller that does
// not wait (submit) costs no thread.
void Database::writer_loop() {
  Batch batch;
  while (true) {
    {
      std::unique_lock lock(queue_mutex_);
      while (queue_.empty() && !stopping_) {
        writer_idle_ = true;
        queue_ready_.wait(lock);
      }
      if (queue_.empty()) return;  // stopping, and everything submitted is stored
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
    bool wake = false;
    {
      std::lock_guard lock(publish_mutex_);
      committed_.push_back(std::move(batch));
      wake = std::exchange(publisher_idle_, false);
    }
    if (wake) publish_ready_.notify_one();
    batch = Batch{};
  }
}

// Batches leave in commit order, so events do too (message events reach clients in seq order).
void Database::publisher_loop() {
  t_is_publisher_thread = true;
  while (true) {
    Batch batch;
    {
      std::unique_lock lock(publish_mutex_);
      while (committed_.empty() && !writer_done_) {
        publisher_idle_ = true;
        publish_ready_.wait(lock);
      }
      if (committed_.empty()) return;  // the writer has stopped and everything is answered
      batch = std::move(committed_.front());
      committed_.pop_front();
    }
    for (auto& job : batch)
      for (auto& effect : job->effects) effect();
    // Each write is gone once answered, with whatever its callbacks hold (a socket's session, say),
    // before a later write is answered: a caller waiting on a later one (the flush at shutdown)
    // finds nothing of the earlier ones still alive to outlive what it tears down next.
    for (auto& job : batch) {
      auto answered = std::move(job);
      if (answered->done) answered->done(std::move(answered->result));
    }
  }
}

void Database::run_batch(Batch& batch) {
  run_transaction(batch);
  // Committed or not, before the next batch begins.
  for (auto& hook : commit_hooks_) hook();
  commit_hooks_.clear();
}

void Database::run_transaction(Batch& batch) {
  auto fail_all = [&](const Status& status) {
    for (auto& job : batch) job->result = status, job->effects.clear();
  };
  if (auto begin = writer_->run("BEGIN IMMEDIATE"); !begin.ok()) return fail_all(begin);
  // Only a commit that wrote something shows the disk has room again (a periodic job that finds
  // nothing to delete commits without writing).
  const auto changes_before = sqlite3_total_changes64(writer_->handle());
  ++batches_;
  bool any_ok = false;
  for (auto& job : batch) {
    bool savepoint = batch.size() > 1;
    if (savepoint && !writer_->run("SAVEPOINT job").ok()) {
      job->result = internal_error("cannot open a savepoint");
      continue;
    }
    t_writer_in_transaction = writer_.get();
    t_transaction = batches_;
    t_after_commit = &job->effects;
    try {
      job->result = job->work(*writer_);
    } catch (const std::exception& e) {
      job->result = internal_error(std::string("write failed: ") + e.what());
    }
    t_writer_in_transaction = nullptr;
    t_transaction = 0;
    t_after_commit = nullptr;
    if (job->result.ok()) {
      any_ok = true;
      if (savepoint) (void)writer_->run("RELEASE job");
    } else {
      job->effects.clear();
      if (savepoint) {
        (void)writer_->run("ROLLBACK TO job");
        (void)writer_->run("RELEASE job");
      }
    }
  }
  if (!any_ok) {
    (void)writer_->exec("ROLLBACK");
    return;
  }
  if (auto commit = writer_->run("COMMIT"); !commit.ok()) {
    (void)writer_->exec("ROLLBACK");
    for (auto& job : batch)
      if (job->result.ok()) job->result = commit, job->effects.clear();
    return;
  }
  if (sqlite3_total_changes64(writer_->handle()) != changes_before) storage_health().wrote();
}

void Database::after_commit(std::function<void()> effect) {
  if (t_after_commit) t_after_commit->push_back(std::move(effect));
  else effect();  // not in a transaction: the write already committed
}

void Database::on_commit(std::function<void()> hook) {
  if (t_writer_in_transaction) commit_hooks_.push_back(std::move(hook));
  else hook();
}

std::uint64_t Database::current_transaction() const { return t_writer_in_transaction ? t_transaction : 0; }

Status Database::read(const std::function<Status(Connection&)>& work) {
  if (t_writer_in_transaction) return work(*t_writer_in_transaction);
  return readers_->with(work);
}

Status ReaderPool::open_idle(size_t count) {
  for (size_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(auto conn, open_());
    MutexLock lock(mutex_);
    idle_.push_back(std::move(conn));
  }
  return ok_status();
}

Status ReaderPool::with(const std::function<Status(Connection&)>& work) {
  std::unique_ptr<Connection> conn;
  {
    MutexLock lock(mutex_);
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!conn) {
    ASSIGN_OR_RETURN(conn, open_());
  }
  Status status = work(*conn);
  MutexLock lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
  return status;
}

}  // namespace muster::store::sqlite
