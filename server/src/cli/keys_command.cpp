#include "cli/keys_command.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <iostream>

namespace muster::cli {

namespace fs = std::filesystem;

namespace {

int fail(const Error& error) {
  std::cerr << "muster: " << error.message << "\n";
  return 1;
}

int rotate(const std::string& data_dir, const KeyOptions& options) {
  auto keys = open_data_keys(data_dir, options, false);
  if (!keys.ok()) return fail(keys.error());
  auto key = crypto::rotate_data_key(data_dir, keys->master);
  if (!key.ok()) return fail(key.error());
  std::cout << "Data key " << key->id << " is now the key for new writes.\n"
            << "A running server takes it within one scheduler tick and re-encrypts older content in the background;\n"
            << "otherwise the next start does. Older keys are marked retired once nothing uses them.\n";
  return 0;
}

Status sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return internal_error("cannot open " + dir.string());
  ::fsync(fd);
  ::close(fd);
  return ok_status();
}

// Order, so that at every instant one key file opens the keyring: (1) the new key is written and
// synced beside the old one; (2) the keyring is re-wrapped under it (atomic rename); (3) the new
// key file is renamed over the old one. A stop between (2) and (3) is finished at the next open
// (data_keys.cpp).
int rotate_master(const std::string& data_dir, const KeyOptions& options, const std::string& new_key_file) {
  auto keys = open_data_keys(data_dir, options, false);
  if (!keys.ok()) return fail(keys.error());
  bool from_file = !keys->key_file.empty();
  if (!from_file && new_key_file.empty())
    return fail(invalid("The master key came from the environment or a descriptor: give --new-key-file PATH for the new one."));
  fs::path target = from_file ? keys->key_file : fs::path(new_key_file);
  fs::path staged = from_file ? fs::path(target.string() + ".new") : target;
  auto lock = crypto::KeyringLock::acquire(data_dir);
  if (!lock.ok()) return fail(lock.error());
  auto file = crypto::read_keyring_file(data_dir, keys->master);
  if (!file.ok()) return fail(file.error());
  auto fresh = crypto::generate_master_key();
  if (auto written = crypto::write_master_key_file(staged, fresh); !written.ok()) return fail(written.error());
  if (auto saved = crypto::write_keyring_file(data_dir, file.value(), fresh); !saved.ok()) {
    ::unlink(staged.c_str());
    return fail(saved.error());
  }
  if (from_file) {
    if (::rename(staged.c_str(), target.c_str()) != 0) return fail(internal_error("cannot rename " + staged.string()));
    (void)sync_dir(target.parent_path());
  }
  std::cout << "Every data key is now wrapped by a new master key, in " << fs::absolute(target).lexically_normal().string()
            << ".\n";
  if (!from_file)
    std::cout << "Put it where the server reads its key (secrets manager, MUSTER_MASTER_KEY), then delete that file.\n";
  std::cout << "Back up the new key now, apart from the data. The previous key no longer opens this data directory,\n"
            << "but backups made before now still need it: keep it with them. Restart a running server with the new key.\n";
  return 0;
}

}  // namespace

void add_keys_commands(CLI::App& cli, KeysCommands& commands, KeyOptions& keys,
                       const std::function<void(CLI::App*)>& add_data) {
  auto* group = cli.add_subcommand("keys", "Encryption keys of a data directory");
  group->require_subcommand(1);
  commands.rotate = group->add_subcommand("rotate", "New data key for new writes; older content is re-encrypted in the background");
  add_data(commands.rotate);
  add_key_options(commands.rotate, keys);
  commands.rotate_master = group->add_subcommand("rotate-master", "New master key; every data key is re-wrapped");
  add_data(commands.rotate_master);
  add_key_options(commands.rotate_master, keys);
  commands.rotate_master->add_option("--new-key-file", commands.new_key_file,
                                     "Where to write the new key when the current one is not from a key file");
}

std::optional<int> run_keys_commands(const KeysCommands& commands, const std::string& data_dir, const KeyOptions& keys) {
  if (commands.rotate && commands.rotate->parsed()) return rotate(data_dir, keys);
  if (commands.rotate_master && commands.rotate_master->parsed())
    return rotate_master(data_dir, keys, commands.new_key_file);
  return std::nullopt;
}

}  // namespace muster::cli
