// The data keys that encrypt what Muster stores (database pages, file keys). Each key has a small
// id written next to what it sealed, so content sealed under an older key stays readable after a
// rotation while new writes use the current key. Thread-safe: the encrypting SQLite VFS and the
// file store read it on every write while a rotation may add a key.
//
// Where the keys live on disk (wrapped by the master key) is key_store's business, not this class's.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/mutex.hpp"


namespace muster::crypto {

inline constexpr size_t kDataKeyBytes = 32;

struct DataKey {
  std::uint32_t id = 0;
  std::array<unsigned char, kDataKeyBytes> bytes{};
};

class Keyring {
 public:
  // `keys` must contain `current_id`.
  Keyring(std::vector<DataKey> keys, std::uint32_t current_id);

  DataKey current() const;
  std::optional<DataKey> find(std::uint32_t id) const;
  std::vector<std::uint32_t> ids() const;
  // Adds `key` (a fresh id) and makes it the key for new writes.
  void add_current(const DataKey& key);

 private:
  mutable Mutex mutex_;
  std::vector<DataKey> keys_ GUARDED_BY(mutex_);
  std::uint32_t current_id_ GUARDED_BY(mutex_);
};

// A fresh random key with the given id.
DataKey generate_data_key(std::uint32_t id);

}  // namespace muster::crypto
