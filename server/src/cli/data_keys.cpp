#include "cli/data_keys.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace muster::cli {

namespace fs = std::filesystem;

namespace {

bool inside(const fs::path& path, const fs::path& dir) {
  auto p = fs::absolute(path).lexically_normal().string();
  auto d = fs::absolute(dir).lexically_normal().string();
  if (!d.empty() && d.back() != '/') d += '/';
  return p.starts_with(d);
}

// `muster keys rotate-master` writes the new key beside the old one as `<file>.new` before it
// re-wraps the keyring, and renames it over the old one after: if it stopped in between, the
// `.new` key is the one that opens the keyring, and this finishes the rename.
Result<crypto::MasterKey> finish_master_rotation(const std::string& data_dir, const fs::path& key_file) {
  fs::path pending = key_file.string() + ".new";
  auto fresh = crypto::read_master_key_file(pending);
  if (!fresh.ok() || !crypto::read_keyring_file(data_dir, fresh.value()).ok())
    return denied("The master key does not open this data directory's keyring: it is not the key of " + data_dir + ".");
  if (::rename(pending.c_str(), key_file.c_str()) != 0) return internal_error("cannot rename " + pending.string());
  std::cerr << "muster: finished an interrupted master key rotation: " << key_file.string()
            << " now holds the new master key. Back it up.\n";
  return fresh;
}

}  // namespace

void add_key_options(CLI::App* command, KeyOptions& options) {
  command->add_option("--key-fd", options.key_fd,
                      "Read the master key (64 hex digits) from this inherited file descriptor (for secrets managers)")
      ->check(CLI::Range(0, 65535));
  command->add_option("--key-file", options.key_file,
                      "Master key file (default: beside the data directory, <data dir>.key). "
                      "MUSTER_MASTER_KEY (64 hex digits) is used before it")
      ->envname("MUSTER_KEY_FILE");
}

fs::path key_file_for(const std::string& data_dir, const KeyOptions& options) {
  return options.key_file.empty() ? crypto::default_key_file(data_dir) : fs::path(options.key_file);
}

Result<crypto::MasterKey> read_master_key(const std::string& data_dir, const KeyOptions& options, fs::path* from_file) {
  if (options.key_fd >= 0) return crypto::read_master_key_fd(options.key_fd);
  if (const char* env = std::getenv("MUSTER_MASTER_KEY"); env && *env) {
    auto key = crypto::parse_master_key(env);
    if (!key.ok()) return invalid("MUSTER_MASTER_KEY holds no master key: " + key.error().message);
    return key;
  }
  fs::path file = key_file_for(data_dir, options);
  if (inside(file, data_dir))
    return invalid("The master key file must not be inside the data directory (" + file.string() + ").");
  auto key = crypto::read_master_key_file(file);
  if (key.ok() && from_file) *from_file = file;
  return key;
}

Result<crypto::MasterKey> create_master_key_file(const std::string& data_dir, const fs::path& file) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  auto fresh = crypto::generate_master_key();
  TRY(crypto::write_master_key_file(file, fresh));
  std::cerr << "muster: created a new master key in " << fs::absolute(file).lexically_normal().string()
            << " (mode 0600).\n"
            << "muster: back this file up now, apart from the data directory and its backups: without it nothing in "
            << data_dir << " can be read.\n";
  return fresh;
}

Result<crypto::MasterKey> master_key_for_new_directory(const std::string& data_dir, const KeyOptions& options) {
  auto master = read_master_key(data_dir, options);
  if (master.ok() || master.error().code != ErrorCode::NotFound) return master;
  return create_master_key_file(data_dir, key_file_for(data_dir, options));
}

Result<DataKeys> open_data_keys(const std::string& data_dir, const KeyOptions& options, bool create) {
  DataKeys keys;
  bool has_keyring = crypto::keyring_exists(data_dir);
  auto master = read_master_key(data_dir, options, &keys.key_file);
  if (!master.ok() && master.error().code != ErrorCode::NotFound) return master.error();
  if (!master.ok()) {
    fs::path file = key_file_for(data_dir, options);
    if (has_keyring || !create)
      return denied("The master key of " + data_dir + " is missing: give --key-fd, MUSTER_MASTER_KEY or the key file (" +
                    file.string() + "); without it nothing in the data directory can be read.");
    ASSIGN_OR_RETURN(master, create_master_key_file(data_dir, file));
    keys.key_file = file;
  }
  keys.master = master.value();
  auto keyring = crypto::open_keyring(data_dir, keys.master, create && !has_keyring);
  if (!keyring.ok() && keyring.error().code == ErrorCode::PermissionDenied && !keys.key_file.empty()) {
    ASSIGN_OR_RETURN(keys.master, finish_master_rotation(data_dir, keys.key_file));
    keyring = crypto::open_keyring(data_dir, keys.master, false);
  }
  if (!keyring.ok()) {
    if (keyring.error().code == ErrorCode::NotFound)
      return not_found("There is no keyring in " + data_dir + ": it is not a Muster data directory.");
    return keyring.error();
  }
  keys.keyring = keyring.value();
  return keys;
}

}  // namespace muster::cli
