#include "store/sqlite/database_rekey.hpp"

#include <chrono>
#include <thread>

#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

namespace {
constexpr auto kTruncateDeadline = std::chrono::seconds(60);
constexpr auto kTruncateRetry = std::chrono::milliseconds(50);
// A TRUNCATE checkpoint holds new writes while it waits for readers: wait little each time.
constexpr int kCheckpointBusyMs = 200;
}  // namespace

Status reencrypt_database(const std::string& path, std::uint32_t target_key_id, const PageProgress& progress) {
  TRY(reseal_database_pages(path, target_key_id, progress));
  ASSIGN_OR_RETURN(auto conn, Connection::open(path, false, true));
  sqlite3_busy_timeout(conn->handle(), kCheckpointBusyMs);
  auto deadline = std::chrono::steady_clock::now() + kTruncateDeadline;
  while (true) {
    int wal_pages = -1, copied = -1;
    int rc = sqlite3_wal_checkpoint_v2(conn->handle(), "main", SQLITE_CHECKPOINT_TRUNCATE, &wal_pages, &copied);
    if (rc == SQLITE_OK) return ok_status();
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) return conn->error("checkpoint");
    if (std::chrono::steady_clock::now() > deadline)
      return Error{ErrorCode::Unavailable, "the WAL of " + path + " stayed in use; re-encryption will finish on a later try"};
    std::this_thread::sleep_for(kTruncateRetry);
  }
}

}  // namespace muster::store::sqlite
