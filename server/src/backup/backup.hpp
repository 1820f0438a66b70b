// Making, verifying and restoring backups (docs/operations.md, "Backups"). Shared by the CLI
// (cli/backup_command.cpp) and the server's scheduled backups.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "backup/archive.hpp"
#include "crypto/keyring.hpp"

namespace muster::backup {

using Progress = std::function<void(const std::string&)>;  // one line, no secrets

struct BackupOptions {
  std::filesystem::path data_dir;
  std::filesystem::path out;
  std::uint32_t chunk_size = kDefaultChunk;
  // The data keys of an encrypted store (null: a plaintext store). They go into the
  // backup raw, under the backup's own encryption, so a restore needs only the backup's secret.
  std::shared_ptr<crypto::Keyring> keyring;
  std::string muster_version;
  Progress progress;
};

struct BackupReport {
  std::uint64_t bytes = 0;
  std::uint64_t database_bytes = 0;
  size_t files = 0;
  size_t missing_files = 0;
};

// A consistent online backup: the database as of one moment (VACUUM INTO), every file that moment
// refers to, and the data keys. A file removed (by retention or a deletion) after that moment and
// before its copy is recorded as missing: the restored server has its metadata but not its bytes.
Result<BackupReport> make_backup(const BackupOptions& options, const BackupSecret& secret);

// Writes the restored data keys into the new data directory (wrapped by the
// target's master key). Called on the staging directory before it is renamed into place.
using KeyringWriter = std::function<Status(const std::filesystem::path& data_dir, const crypto::Keyring& keys)>;

struct RestoreOptions {
  std::filesystem::path backup;
  std::filesystem::path data_dir;  // absent or empty; refused otherwise
  KeyringWriter write_keyring;     // required when the backup holds data keys
  Progress progress;
};

// Restores into a folder beside `data_dir` and renames it into place once everything was read and
// checked: a failed restore leaves nothing behind. The search index is not in the backup; the
// server rebuilds it from the messages on its first start.
Result<BackupSummary> restore_backup(const RestoreOptions& options, const BackupSecret& secret);

// The data keys as a backup entry, and back.
std::string encode_keyring(const crypto::Keyring& keys);
Result<std::shared_ptr<crypto::Keyring>> decode_keyring(std::string_view bytes);

}  // namespace muster::backup
