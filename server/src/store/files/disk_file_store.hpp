// FileStore on the local disk: `<root>/<2 chars>/<2 chars>/<key>` (fan-out by the random part of
// the key, so no directory grows huge), written to a temporary name, synced, then renamed.
// With a keyring every file is sealed (sealed_file.hpp): what reaches the disk, temporary files
// included, is ciphertext under a key of its own; without one (null) files are plaintext.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>

#include "crypto/keyring.hpp"
#include "store/attachment_store.hpp"

namespace muster::store::files {

std::unique_ptr<FileStore> make_disk_file_store(std::filesystem::path root,
                                                std::shared_ptr<crypto::Keyring> keyring = nullptr);

// Where a key lives under `root` (exposed for tests); InvalidArgument for a bad key.
Result<std::filesystem::path> file_path(const std::filesystem::path& root, const std::string& key);

// The first start with a keyring: seals every plaintext file under `root` and removes temporary
// files left by interrupted writes. Crash-safe: each sealed copy is written and synced before the
// plaintext is overwritten with zeros and replaced; a sealed copy complete on disk is finished
// first at the next start. `progress(done, total)` after each file. Returns how many it sealed.
Result<int> seal_plaintext_files(const std::filesystem::path& root, const crypto::Keyring& keyring,
                                 const std::function<void(size_t, size_t)>& progress = nullptr);

// Key rotation: re-wraps the file key of every file not sealed under `keyring.current()` (the
// content stays as it is). Returns how many it changed; stops early when `stop()` says so.
Result<int> rewrap_files(const std::filesystem::path& root, const crypto::Keyring& keyring,
                         const std::function<bool()>& stop = nullptr);

}  // namespace muster::store::files
