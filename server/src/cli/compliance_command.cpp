#include "cli/compliance_command.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "crypto/crypto.hpp"
#include "crypto/sealed_stream.hpp"

namespace muster::cli {

namespace {

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "muster: " << message << "\n";
  throw CLI::RuntimeError(1);
}

// Creates `path` with `mode` (never replacing a file) and writes `text`.
void write_new_file(const std::string& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) fail("cannot create " + path + ": " + std::strerror(errno) + " (an existing key is never replaced)");
  ::fchmod(fd, mode);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) fail("cannot write " + path);
}

void keygen(const std::string& prefix) {
  if (!crypto::init().ok()) fail("libsodium did not start");
  auto pair = crypto::generate_box_key_pair();
  std::string public_path = prefix + ".pub", secret_path = prefix + ".key";
  write_new_file(secret_path, crypto::encode_box_key(pair.secret_key) + "\n", 0600);
  write_new_file(public_path, crypto::encode_box_key(pair.public_key) + "\n", 0644);
  std::cout << "Public key (give it to whoever exports; paste it in the compliance page): " << public_path << "\n"
            << "  " << crypto::encode_box_key(pair.public_key) << "\n"
            << "Secret key (keep it offline; anyone holding it can read every export made to this key): "
            << secret_path << "\n";
}

void open_export(const std::string& file, const std::string& key_file, const std::string& out_path) {
  if (!crypto::init().ok()) fail("libsodium did not start");
  std::ifstream key_in(key_file);
  if (!key_in) fail("cannot read the secret key " + key_file);
  std::stringstream key_text;
  key_text << key_in.rdbuf();
  auto secret = crypto::decode_box_key(key_text.str(), "secret key in " + key_file);
  if (!secret.ok()) fail(secret.error().message);
  std::ifstream in(file, std::ios::binary);
  if (!in) fail("cannot read " + file);
  Status opened = ok_status();
  if (out_path.empty() || out_path == "-") {
    opened = crypto::open_sealed_stream(in, secret.value(), std::cout);
  } else {
    // Owner-only: the output is the plaintext of what the export protects.
    int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) fail("cannot create " + out_path + ": " + std::strerror(errno));
    ::close(fd);
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    opened = crypto::open_sealed_stream(in, secret.value(), out);
    out.close();
    if (!opened.ok()) std::filesystem::remove(out_path);  // never leave half a document behind
  }
  if (!opened.ok()) fail(opened.error().message);
  if (!out_path.empty() && out_path != "-") std::cerr << "Decrypted to " << out_path << "\n";
}

}  // namespace

void add_compliance_commands(CLI::App& app) {
  auto* compliance = app.add_subcommand("compliance", "Compliance export keys and decryption");
  compliance->require_subcommand(1);

  auto prefix = std::make_shared<std::string>();
  auto* gen = compliance->add_subcommand("keygen", "Write a recipient key pair: PREFIX.pub and PREFIX.key (owner-only)");
  gen->add_option("--out", *prefix, "Path prefix of the two key files")->required();
  gen->callback([prefix] { keygen(*prefix); });

  auto file = std::make_shared<std::string>(), key = std::make_shared<std::string>(), out = std::make_shared<std::string>();
  auto* open = compliance->add_subcommand("open", "Decrypt a compliance export with the recipient's secret key");
  open->add_option("file", *file, "The export (.mcx)")->required();
  open->add_option("--key", *key, "The secret key file written by keygen")->required();
  open->add_option("--out", *out, "Where to write the JSON (default: standard output)");
  open->callback([file, key, out] { open_export(*file, *key, *out); });
}

}  // namespace muster::cli
