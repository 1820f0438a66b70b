#include "store/sqlite/checkpointer.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

namespace {
constexpr int kRestartFactor = 16;
}  // namespace

Result<std::unique_ptr<Checkpointer>> Checkpointer::start(const std::string& path, int threshold_pages, bool encrypted) {
  ASSIGN_OR_RETURN(auto conn, Connection::open(path, false, encrypted));
  std::unique_ptr<Checkpointer> out(new Checkpointer(std::move(conn), threshold_pages));
  out->thread_ = std::thread([self = out.get()] { self->loop(); });
  return out;
}

Checkpointer::Checkpointer(std::unique_ptr<Connection> conn, int threshold_pages)
    : conn_(std::move(conn)), threshold_pages_(threshold_pages) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::watch(Connection& writer) {
  // Replaces the writer's automatic checkpoint (sqlite3_wal_autocheckpoint is itself a WAL hook).
  sqlite3_wal_hook(writer.handle(), &Checkpointer::on_wal, this);
}

int Checkpointer::on_wal(void* self, sqlite3*, const char*, int pages) {
  auto* me = static_cast<Checkpointer*>(self);
  if (pages < me->threshold_pages_) return SQLITE_OK;
  {
    std::lock_guard lock(me->mutex_);
    me->due_ = true;
  }
  me->wake_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::loop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return due_ || stopping_; });
      if (stopping_) return;
      due_ = false;
    }
    // PASSIVE copies what no reader still needs and leaves the rest for the next round; the writer
    // starts the WAL over once a round has copied all of it.
    int wal_pages = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_pages, &copied);
    // Readers that never let go of old snapshots would keep the WAL from starting over, so past
    // kRestartFactor times the threshold the checkpoint waits for them (and holds new writes
    // meanwhile): rare, and it bounds the file.
    if (rc == SQLITE_OK && wal_pages > kRestartFactor * threshold_pages_)
      rc = sqlite3_wal_checkpoint_v2(conn_->handle(), nullptr, SQLITE_CHECKPOINT_RESTART, &wal_pages, &copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) spdlog::warn("wal checkpoint failed: {}", sqlite3_errstr(rc));
  }
}

}  // namespace muster::store::sqlite
