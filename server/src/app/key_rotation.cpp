#include "app/key_rotation.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace muster::app {

Status KeyRotation::run(const std::function<bool()>& stop) {
  ASSIGN_OR_RETURN(auto file, config_.read_keyring());
  auto known = keyring_->ids();
  if (std::find(known.begin(), known.end(), file.current) == known.end()) {
    for (const auto& key : file.keys)
      if (key.id == file.current) keyring_->add_current(key);
    spdlog::info("keys: data key id={} is now current", file.current);
  }
  if (keyring_->current().id != file.current) return ok_status();  // the file moved back? never by Muster
  auto pending = crypto::keys_to_retire(file);
  if (pending.empty()) return ok_status();
  spdlog::info("keys: re-encrypting under data key id={} (older keys in use: {})", file.current, pending.size());
  ASSIGN_OR_RETURN(auto rewrapped, config_.rewrap_files(stop));
  if (stop && stop()) return ok_status();
  if (config_.reencrypt_database) TRY(config_.reencrypt_database(file.current, stop));
  if (stop && stop()) return ok_status();
  TRY(config_.retire_all_but(file.current));
  spdlog::info("keys: re-encryption done files={}; older data keys retired", rewrapped);
  return ok_status();
}

}  // namespace muster::app
