// The master key: 32 random bytes that wrap the data keys (key_store.hpp). It never lives inside
// the data directory, so a copy of that directory (or of a backup) alone reveals nothing.
// Sources, first given wins: an inherited file descriptor, the MUSTER_MASTER_KEY environment
// variable (64 hex digits), a key file (mode 0600, 64 hex digits and a newline).
#pragma once
#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace muster::crypto {

inline constexpr size_t kMasterKeyBytes = 32;

struct MasterKey {
  std::array<unsigned char, kMasterKeyBytes> bytes{};
};

MasterKey generate_master_key();

// 64 hex digits, surrounding white space ignored; InvalidArgument otherwise (the message never
// repeats the input).
Result<MasterKey> parse_master_key(std::string_view text);
std::string master_key_hex(const MasterKey& key);

// `<parent>/<data dir name>.key`: a sibling of the data directory, never inside it.
std::filesystem::path default_key_file(const std::filesystem::path& data_dir);

// Reads the key from an open descriptor (hex, or 32 raw bytes) until end of file.
Result<MasterKey> read_master_key_fd(int fd);

// NotFound when the file is absent; PermissionDenied when group or others may read it.
Result<MasterKey> read_master_key_file(const std::filesystem::path& path);

// Creates `path` with mode 0600 (never replacing a file), writes and syncs the key, syncs the
// folder. Conflict when the file exists.
Status write_master_key_file(const std::filesystem::path& path, const MasterKey& key);

}  // namespace muster::crypto
