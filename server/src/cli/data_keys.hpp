// The master key options every command that opens a data directory shares (serve, admin ...,
// keys ..., backup), and the one place that turns them into the directory's keyring.
#pragma once
#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "crypto/key_store.hpp"
#include "crypto/master_key.hpp"

namespace muster::cli {

struct KeyOptions {
  int key_fd = -1;       // --key-fd: read the key from this inherited descriptor
  std::string key_file;  // --key-file: default `<parent>/<data dir name>.key`
};

void add_key_options(CLI::App* command, KeyOptions& options);

struct DataKeys {
  crypto::MasterKey master;
  std::shared_ptr<crypto::Keyring> keyring;
  // The key file the master key came from; empty when it came from the environment or a descriptor.
  std::filesystem::path key_file;
};

// The key file `options` name for `data_dir` (the default when none is given).
std::filesystem::path key_file_for(const std::string& data_dir, const KeyOptions& options);

// The master key from the first source given: --key-fd, MUSTER_MASTER_KEY, the key file.
// NotFound when none holds one. Sets `from_file` to the key file it used, if any.
Result<crypto::MasterKey> read_master_key(const std::string& data_dir, const KeyOptions& options,
                                          std::filesystem::path* from_file = nullptr);

// Opens the data directory's keyring. A directory without one (new, or from a version without
// encryption) gets one, and, when no key was given, a new key file (0600) with a message on
// stderr saying where it is and that it must be backed up apart from the data. With
// `create == false`, or when the directory has a keyring, a missing or wrong key is an error in
// one sentence and nothing on disk changes.
Result<DataKeys> open_data_keys(const std::string& data_dir, const KeyOptions& options, bool create = true);

// The master key for a data directory about to be made (a restore): the one given, or a new key
// file with the same message as above.
Result<crypto::MasterKey> master_key_for_new_directory(const std::string& data_dir, const KeyOptions& options);

}  // namespace muster::cli
