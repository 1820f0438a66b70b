#include "cli/backup_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "backup/backup.hpp"
#include "cli/data_keys.hpp"
#include "crypto/crypto.hpp"
#include "crypto/key_store.hpp"

namespace muster::cli {

namespace {

struct BackupKeyOptions {
  std::string key_file;
  std::string passphrase_file;
};

void add_backup_key_options(CLI::App* cmd, BackupKeyOptions& keys) {
  cmd->add_option("--backup-key-file", keys.key_file, "Backup key file (32 bytes, made by `muster backup keygen`)")
      ->envname("MUSTER_BACKUP_KEY_FILE");
  cmd->add_option("--passphrase-file", keys.passphrase_file,
                  "File holding the backup passphrase (or set MUSTER_BACKUP_PASSPHRASE, or type it when asked)");
}

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "muster: " << message << "\n";
  throw CLI::RuntimeError(1);
}

void progress(const std::string& line) { std::cerr << "backup: " << line << "\n"; }

std::string prompt_hidden(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios old {};
  bool tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  return line;
}

// The secret from the options: a key file, else a passphrase (file, environment, prompt).
backup::BackupSecret secret_from(const BackupKeyOptions& keys, bool confirm) {
  if (!keys.key_file.empty()) {
    auto secret = backup::read_key_file(keys.key_file);
    if (!secret.ok()) fail(secret.error().message);
    return std::move(secret).value();
  }
  backup::BackupSecret secret;
  secret.kind = backup::KeyKind::Passphrase;
  if (!keys.passphrase_file.empty()) {
    std::ifstream in(keys.passphrase_file, std::ios::binary);
    if (!in) fail("Cannot read the passphrase file " + keys.passphrase_file + ".");
    std::ostringstream text;
    text << in.rdbuf();
    secret.bytes = std::move(text).str();
    while (!secret.bytes.empty() && (secret.bytes.back() == '\n' || secret.bytes.back() == '\r')) secret.bytes.pop_back();
  } else if (const char* env = std::getenv("MUSTER_BACKUP_PASSPHRASE"); env && *env) {
    secret.bytes = env;
  } else if (::isatty(STDIN_FILENO)) {
    secret.bytes = prompt_hidden("Backup passphrase: ");
    if (confirm && prompt_hidden("Again: ") != secret.bytes) fail("The two passphrases differ.");
  } else {
    fail("Give --backup-key-file, --passphrase-file or MUSTER_BACKUP_PASSPHRASE.");
  }
  if (secret.bytes.empty()) fail("The passphrase is empty.");
  if (confirm && secret.bytes.size() < 12) fail("Use a passphrase of at least 12 characters.");
  return secret;
}

void init_crypto() {
  if (!crypto::init().ok()) fail("libsodium could not start.");
}

void describe(const backup::BackupSummary& s) {
  std::cout << "database: " << s.database_bytes << " bytes\nfiles: " << s.files << "\n";
  if (!s.missing_files.empty())
    std::cout << "files removed after the snapshot (their messages were deleted meanwhile): " << s.missing_files.size()
              << "\n";
  std::cout << "data keys: " << (s.has_keyring ? "included" : "none (plaintext store)") << "\n";
  if (s.begin.contains("created_at")) std::cout << "created_at: " << s.begin["created_at"] << "\n";
}

}  // namespace

void add_backup_commands(CLI::App& app, const std::string& muster_version) {
  struct State {
    BackupKeyOptions keys, verify_keys, restore_keys;
    KeyOptions master, restore_master;  // the data directory's master key (cli/data_keys.hpp)
    std::string data = "./var", out, keygen_out, verify_file, restore_file, restore_data;
  };
  auto state = std::make_shared<State>();

  auto* backup_cmd = app.add_subcommand("backup", "Make an encrypted online backup (or: keygen, verify)");
  backup_cmd->require_subcommand(0, 1);
  backup_cmd->add_option("--data", state->data, "Data directory of the server")->envname("MUSTER_DATA")->capture_default_str();
  backup_cmd->add_option("--out", state->out, "Backup file to write (must not exist)");
  add_backup_key_options(backup_cmd, state->keys);
  add_key_options(backup_cmd, state->master);

  auto* keygen = backup_cmd->add_subcommand("keygen", "Create a backup key file (32 random bytes, mode 0600)");
  keygen->add_option("--out", state->keygen_out, "Key file to create")->required();
  keygen->callback([state] {
    init_crypto();
    if (auto made = backup::create_key_file(state->keygen_out); !made.ok()) fail(made.error().message);
    std::cout << "Created backup key " << state->keygen_out
              << ". Keep a copy away from the backups and the server: without it no backup made with it can be read.\n";
  });

  auto* verify = backup_cmd->add_subcommand("verify", "Check a backup end to end without restoring it");
  verify->add_option("file", state->verify_file, "Backup file")->required();
  add_backup_key_options(verify, state->verify_keys);
  verify->callback([state] {
    init_crypto();
    auto secret = secret_from(state->verify_keys, false);
    auto summary = backup::read_backup(state->verify_file, secret, nullptr);
    if (!summary.ok()) fail(summary.error().message);
    std::cout << "The backup is complete and intact.\n";
    describe(summary.value());
  });

  backup_cmd->callback([state, keygen, verify, muster_version] {
    if (keygen->parsed() || verify->parsed()) return;  // keygen or verify ran
    if (state->out.empty()) fail("--out FILE is required.");
    init_crypto();
    auto secret = secret_from(state->keys, true);
    backup::BackupOptions options;
    options.data_dir = state->data;
    options.out = state->out;
    options.muster_version = muster_version;
    options.progress = progress;
    auto keys = open_data_keys(state->data, state->master, false);
    if (!keys.ok()) fail(keys.error().message);
    options.keyring = keys.value().keyring;
    auto made = backup::make_backup(options, secret);
    if (!made.ok()) fail(made.error().message);
    const auto& r = made.value();
    std::cerr << "backup: done, " << r.bytes << " bytes, database " << r.database_bytes << " bytes, " << r.files
              << " files" << (r.missing_files ? ", " + std::to_string(r.missing_files) + " removed after the snapshot" : "")
              << "\n";
    std::cout << state->out << "\n";
  });

  auto* restore = app.add_subcommand("restore", "Restore a backup into a new or empty data directory");
  restore->add_option("file", state->restore_file, "Backup file")->required();
  restore->add_option("--data", state->restore_data, "Data directory to create (absent or empty)")->required();
  add_backup_key_options(restore, state->restore_keys);
  add_key_options(restore, state->restore_master);
  restore->callback([state] {
    init_crypto();
    auto secret = secret_from(state->restore_keys, false);
    backup::RestoreOptions options;
    options.backup = state->restore_file;
    options.data_dir = state->restore_data;
    options.progress = [](const std::string& line) { std::cerr << "restore: " << line << "\n"; };
    // The restored data keys are wrapped by the target's master key: the one given, or a new one.
    options.write_keyring = [state](const std::filesystem::path& dir, const crypto::Keyring& keys) -> Status {
      ASSIGN_OR_RETURN(auto master, master_key_for_new_directory(state->restore_data, state->restore_master));
      return crypto::save_keyring(dir, keys, master);
    };
    auto restored = backup::restore_backup(options, secret);
    if (!restored.ok()) fail(restored.error().message);
    std::cout << "Restored into " << state->restore_data << ". The search index is rebuilt when the server starts.\n";
    describe(restored.value());
  });
}

}  // namespace muster::cli
