// WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the commit
// that crosses the threshold, on the writer: copying 64 MiB of pages into the database file and
// syncing it held every send queued behind that commit for 100-200 ms (bench/retention_bench.cpp:
// the p99 of sends during a retention run was 5x that of the run without). Here the writer only
// reports the WAL's size after each commit (sqlite3_wal_hook), and this thread runs a PASSIVE
// checkpoint on its own connection, which never blocks the writer or the readers.
#pragma once
#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.hpp"

namespace muster::store::sqlite {

class Connection;

class Checkpointer {
 public:
  // Checkpoints `path` whenever its WAL has reached `threshold_pages` (SQLite's default is 1,000).
  static Result<std::unique_ptr<Checkpointer>> start(const std::string& path, int threshold_pages,
                                                     bool encrypted = false);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installs the WAL hook on the writer's connection (the writer must outlive this object or
  // stop committing before it goes).
  void watch(Connection& writer);

 private:
  Checkpointer(std::unique_ptr<Connection> conn, int threshold_pages);
  static int on_wal(void* self, sqlite3*, const char*, int pages);  // on the writer thread
  void loop();

  std::unique_ptr<Connection> conn_;  // used by the checkpoint thread only
  const int threshold_pages_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;       // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace muster::store::sqlite
