#include "crypto/keyring.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace muster::crypto {

Keyring::Keyring(std::vector<DataKey> keys, std::uint32_t current_id) : keys_(std::move(keys)), current_id_(current_id) {
  if (std::none_of(keys_.begin(), keys_.end(), [&](const DataKey& k) { return k.id == current_id; }))
    throw std::invalid_argument("keyring: the current key is not in the keyring");
}

DataKey Keyring::current() const {
  MutexLock lock(mutex_);
  for (const auto& key : keys_)
    if (key.id == current_id_) return key;
  return {};  // unreachable: the constructor and add_current keep the current key present
}

std::optional<DataKey> Keyring::find(std::uint32_t id) const {
  MutexLock lock(mutex_);
  for (const auto& key : keys_)
    if (key.id == id) return key;
  return std::nullopt;
}

std::vector<std::uint32_t> Keyring::ids() const {
  MutexLock lock(mutex_);
  std::vector<std::uint32_t> out;
  for (const auto& key : keys_) out.push_back(key.id);
  return out;
}

void Keyring::add_current(const DataKey& key) {
  MutexLock lock(mutex_);
  keys_.push_back(key);
  current_id_ = key.id;
}

DataKey generate_data_key(std::uint32_t id) {
  DataKey key;
  key.id = id;
  randombytes_buf(key.bytes.data(), key.bytes.size());
  return key;
}

}  // namespace muster::crypto
