// The keyring file, `<data>/keyring`: every data key wrapped (XChaCha20-Poly1305) by the master
// key with its id as associated data, which key is current (new writes) and which are retired
// (nothing is sealed under them any more; kept so older backups stay readable). JSON, so an
// operator can see the ids and states; the key bytes inside are sealed.
//
// Writes are atomic (temporary file, fsync, rename, fsync of the folder) and take an exclusive
// flock on `<data>/keyring.lock`, since `muster keys ...` and a running server may both write.
// Reads take no lock (a rename is atomic) and create nothing.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <vector>

#include "core/result.hpp"
#include "crypto/keyring.hpp"
#include "crypto/master_key.hpp"

namespace muster::crypto {

struct KeyringFile {
  std::vector<DataKey> keys;
  std::uint32_t current = 0;
  std::set<std::uint32_t> retired;
};

std::filesystem::path keyring_path(const std::filesystem::path& data_dir);
bool keyring_exists(const std::filesystem::path& data_dir);

// NotFound when there is no keyring; PermissionDenied when `master` does not open it (wrong key).
Result<KeyringFile> read_keyring_file(const std::filesystem::path& data_dir, const MasterKey& master);
// Atomic replace; hold a KeyringLock around a read-modify-write.
Status write_keyring_file(const std::filesystem::path& data_dir, const KeyringFile& file, const MasterKey& master);

// An exclusive flock on `<data>/keyring.lock`, released when destroyed.
class KeyringLock {
 public:
  static Result<KeyringLock> acquire(const std::filesystem::path& data_dir);
  KeyringLock(KeyringLock&& other) noexcept;
  KeyringLock& operator=(KeyringLock&&) = delete;
  ~KeyringLock();

 private:
  explicit KeyringLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// The data keys of `data_dir`. Without a keyring: NotFound, or (create_if_missing) a new keyring
// with one fresh key, written under the lock.
Result<std::shared_ptr<Keyring>> open_keyring(const std::filesystem::path& data_dir, const MasterKey& master,
                                              bool create_if_missing);
// Writes `keyring`'s keys and current key, keeping the retired marks already in the file.
Status save_keyring(const std::filesystem::path& data_dir, const Keyring& keyring, const MasterKey& master);

// `muster keys rotate`: adds a fresh data key (next id) and makes it current. Returns it.
Result<DataKey> rotate_data_key(const std::filesystem::path& data_dir, const MasterKey& master);
// Marks every key but `current_id` retired (after the re-encryption job moved everything off them).
Status retire_all_but(const std::filesystem::path& data_dir, const MasterKey& master, std::uint32_t current_id);
// The ids not yet retired, other than the current one: what the re-encryption job still has to move.
std::vector<std::uint32_t> keys_to_retire(const KeyringFile& file);

}  // namespace muster::crypto
