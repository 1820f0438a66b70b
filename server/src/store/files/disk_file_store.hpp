// FileStore on the local disk: `<root>/<2 chars>/<2 chars>/<key>` (fan-out by the random part of
// the key, so no directory grows huge), written to a temporary name, synced, then renamed.
#pragma once
#include <filesystem>
#include <memory>

#include "store/attachment_store.hpp"

namespace muster::store::files {

std::unique_ptr<FileStore> make_disk_file_store(std::filesystem::path root);

// Where a key lives under `root` (exposed for tests); InvalidArgument for a bad key.
Result<std::filesystem::path> file_path(const std::filesystem::path& root, const std::string& key);

}  // namespace muster::store::files
