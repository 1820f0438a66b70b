// After `muster keys rotate` the running server takes the new data key and moves older content
// onto it while it serves: file keys are re-wrapped, database pages re-encrypted; then the older
// keys are marked retired. Run from the scheduler every tick: cheap when there is nothing to do
// (one small file read), idempotent, and it resumes after a restart or a stop (what is already
// under the new key is skipped).
#pragma once
#include <functional>
#include <memory>

#include "core/result.hpp"
#include "crypto/key_store.hpp"

namespace muster::app {

struct KeyRotationConfig {
  // The keyring as on disk (the CLI may have changed it).
  std::function<Result<crypto::KeyringFile>()> read_keyring;
  // Re-wraps every file under the current key; returns how many changed.
  std::function<Result<int>(const std::function<bool()>& stop)> rewrap_files;
  // Re-encrypts the database pages under `key_id` (the encrypting VFS's reencrypt_database);
  // may be empty while the database is not encrypted.
  std::function<Status(std::uint32_t key_id, const std::function<bool()>& stop)> reencrypt_database;
  // Marks every key but `current_id` retired.
  std::function<Status(std::uint32_t current_id)> retire_all_but;
};

class KeyRotation {
 public:
  KeyRotation(std::shared_ptr<crypto::Keyring> keyring, KeyRotationConfig config)
      : keyring_(std::move(keyring)), config_(std::move(config)) {}

  // One pass: take a new current key, move content onto it, retire the rest. `stop()` ends it
  // early (the next pass goes on).
  Status run(const std::function<bool()>& stop);

 private:
  std::shared_ptr<crypto::Keyring> keyring_;
  KeyRotationConfig config_;
};

}  // namespace muster::app
