// Scheduled backups inside the server (`serve --backup-every`): each run writes
// `<dir>/muster-<UTC time>.mbk` with the same code as `muster backup`, then keeps the newest N.
// Runs on the scheduler's thread (app/scheduler.hpp), never on a request's. Admins read the last
// run's outcome. Thread-safe.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/context.hpp"
#include "backup/backup.hpp"
#include "core/mutex.hpp"

namespace muster::app {

struct BackupScheduleConfig {
  std::filesystem::path data_dir;
  std::filesystem::path dir;
  int every_seconds = 0;
  int keep = 7;
  std::shared_ptr<backup::BackupSecret> secret;
  std::shared_ptr<crypto::Keyring> keyring;  // the store's data keys (null: plaintext)
  std::string muster_version;
};

struct BackupRun {
  UnixSeconds at = 0;  // when it finished
  bool ok = false;
  std::string file;     // the file's name in the backup directory
  std::uint64_t bytes = 0;
  size_t files = 0;
  std::string message;  // what went wrong (no secrets, no content)
};

struct BackupStatusView {
  bool enabled = false;
  int every_seconds = 0;
  int keep = 0;
  std::optional<BackupRun> last;
};

class BackupSchedule {
 public:
  explicit BackupSchedule(std::optional<BackupScheduleConfig> config) : config_(std::move(config)) {}
  bool enabled() const { return config_.has_value(); }
  // One scheduled backup and the pruning after it; the outcome is logged and kept for admins.
  Status run();
  Result<BackupStatusView> status(const Actor& actor) const;  // admins only

 private:
  void prune();
  std::optional<BackupScheduleConfig> config_;
  mutable Mutex mutex_;
  std::optional<BackupRun> last_ GUARDED_BY(mutex_);
};

}  // namespace muster::app
