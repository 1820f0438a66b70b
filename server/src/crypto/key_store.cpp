#include "crypto/key_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace muster::crypto {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr const char* kFormat = "muster-keyring-1";

std::string associated_data(std::uint32_t id) { return "muster data key " + std::to_string(id); }

std::string to_hex(const unsigned char* data, size_t size) {
  std::string hex(2 * size + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, size);
  hex.pop_back();
  return hex;
}

bool from_hex(const std::string& hex, std::vector<unsigned char>& out) {
  out.assign(hex.size() / 2, 0);
  size_t len = 0;
  return sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == out.size();
}

Json wrap(const DataKey& key, const MasterKey& master) {
  unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  randombytes_buf(nonce, sizeof nonce);
  std::vector<unsigned char> sealed(kDataKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  auto ad = associated_data(key.id);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data(), &len, key.bytes.data(), key.bytes.size(),
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                             nonce, master.bytes.data());
  return {{"id", key.id}, {"nonce", to_hex(nonce, sizeof nonce)}, {"wrapped", to_hex(sealed.data(), len)}};
}

Status sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return internal_error("cannot open " + dir.string() + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return internal_error("cannot sync " + dir.string() + ": " + std::strerror(errno));
  return ok_status();
}

Error damaged(const fs::path& data_dir) {
  return internal_error("The keyring " + keyring_path(data_dir).string() + " is damaged.");
}

}  // namespace

fs::path keyring_path(const fs::path& data_dir) { return data_dir / "keyring"; }

bool keyring_exists(const fs::path& data_dir) {
  std::error_code ec;
  return fs::exists(keyring_path(data_dir), ec);
}

Result<KeyringFile> read_keyring_file(const fs::path& data_dir, const MasterKey& master) {
  std::ifstream in(keyring_path(data_dir), std::ios::binary);
  if (!in) return not_found("There is no keyring in " + data_dir.string() + ".");
  std::stringstream text;
  text << in.rdbuf();
  Json doc = Json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != kFormat || !doc.contains("keys") ||
      !doc["keys"].is_array() || !doc.contains("current") || !doc["current"].is_number_unsigned())
    return damaged(data_dir);
  KeyringFile file;
  file.current = doc["current"].get<std::uint32_t>();
  for (const auto& entry : doc["keys"]) {
    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_unsigned() ||
        !entry.value("nonce", Json()).is_string() || !entry.value("wrapped", Json()).is_string())
      return damaged(data_dir);
    DataKey key;
    key.id = entry["id"].get<std::uint32_t>();
    std::vector<unsigned char> nonce, sealed;
    if (!from_hex(entry["nonce"].get<std::string>(), nonce) || nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
        !from_hex(entry["wrapped"].get<std::string>(), sealed) ||
        sealed.size() != kDataKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES)
      return damaged(data_dir);
    auto ad = associated_data(key.id);
    unsigned long long len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(key.bytes.data(), &len, nullptr, sealed.data(), sealed.size(),
                                                   reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
                                                   nonce.data(), master.bytes.data()) != 0)
      return denied("The master key does not open the keyring of " + data_dir.string() +
                    ": it is not this data directory's key.");
    if (entry.value("retired", false)) file.retired.insert(key.id);
    file.keys.push_back(key);
  }
  bool has_current = false;
  for (const auto& k : file.keys) has_current = has_current || k.id == file.current;
  if (!has_current) return damaged(data_dir);
  return file;
}

Status write_keyring_file(const fs::path& data_dir, const KeyringFile& file, const MasterKey& master) {
  Json keys = Json::array();
  for (const auto& key : file.keys) {
    Json entry = wrap(key, master);
    entry["retired"] = file.retired.count(key.id) > 0;
    keys.push_back(std::move(entry));
  }
  std::string text = Json{{"format", kFormat}, {"current", file.current}, {"keys", keys}}.dump(2) + "\n";
  fs::path temp = data_dir / ".keyring.tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return internal_error("cannot create " + temp.string() + ": " + std::strerror(errno));
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  if (::close(fd) != 0 || !written) {
    ::unlink(temp.c_str());
    return internal_error("cannot write " + temp.string());
  }
  if (::rename(temp.c_str(), keyring_path(data_dir).c_str()) != 0) {
    ::unlink(temp.c_str());
    return internal_error("cannot replace " + keyring_path(data_dir).string() + ": " + std::strerror(errno));
  }
  return sync_dir(data_dir);
}

Result<KeyringLock> KeyringLock::acquire(const fs::path& data_dir) {
  fs::path path = data_dir / "keyring.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return internal_error("cannot open " + path.string() + ": " + std::strerror(errno));
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    ::close(fd);
    return internal_error("cannot lock " + path.string() + ": " + std::strerror(errno));
  }
  return KeyringLock(fd);
}

KeyringLock::KeyringLock(KeyringLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

KeyringLock::~KeyringLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

Result<std::shared_ptr<Keyring>> open_keyring(const fs::path& data_dir, const MasterKey& master, bool create_if_missing) {
  auto file = read_keyring_file(data_dir, master);
  if (!file.ok() && file.error().code == ErrorCode::NotFound && create_if_missing) {
    std::error_code ec;
    fs::create_directories(data_dir, ec);
    if (ec) return internal_error("cannot create " + data_dir.string() + ": " + ec.message());
    ASSIGN_OR_RETURN(auto lock, KeyringLock::acquire(data_dir));
    file = read_keyring_file(data_dir, master);  // another process may have made it meanwhile
    if (!file.ok() && file.error().code == ErrorCode::NotFound) {
      KeyringFile fresh;
      fresh.keys.push_back(generate_data_key(1));
      fresh.current = 1;
      TRY(write_keyring_file(data_dir, fresh, master));
      file = fresh;
    }
  }
  if (!file.ok()) return file.error();
  return std::make_shared<Keyring>(file->keys, file->current);
}

Status save_keyring(const fs::path& data_dir, const Keyring& keyring, const MasterKey& master) {
  ASSIGN_OR_RETURN(auto lock, KeyringLock::acquire(data_dir));
  KeyringFile file;
  if (auto old = read_keyring_file(data_dir, master); old.ok()) file.retired = old->retired;
  else if (old.error().code != ErrorCode::NotFound) return old.error();
  for (auto id : keyring.ids())
    if (auto key = keyring.find(id)) file.keys.push_back(*key);
  file.current = keyring.current().id;
  file.retired.erase(file.current);
  return write_keyring_file(data_dir, file, master);
}

Result<DataKey> rotate_data_key(const fs::path& data_dir, const MasterKey& master) {
  ASSIGN_OR_RETURN(auto lock, KeyringLock::acquire(data_dir));
  ASSIGN_OR_RETURN(auto file, read_keyring_file(data_dir, master));
  std::uint32_t next = 1;
  for (const auto& k : file.keys) next = std::max(next, k.id + 1);
  auto key = generate_data_key(next);
  file.keys.push_back(key);
  file.current = key.id;
  TRY(write_keyring_file(data_dir, file, master));
  return key;
}

Status retire_all_but(const fs::path& data_dir, const MasterKey& master, std::uint32_t current_id) {
  ASSIGN_OR_RETURN(auto lock, KeyringLock::acquire(data_dir));
  ASSIGN_OR_RETURN(auto file, read_keyring_file(data_dir, master));
  if (file.current != current_id) return ok_status();  // rotated again meanwhile: the next job retires
  for (const auto& k : file.keys)
    if (k.id != current_id) file.retired.insert(k.id);
  return write_keyring_file(data_dir, file, master);
}

std::vector<std::uint32_t> keys_to_retire(const KeyringFile& file) {
  std::vector<std::uint32_t> out;
  for (const auto& k : file.keys)
    if (k.id != file.current && !file.retired.count(k.id)) out.push_back(k.id);
  return out;
}

}  // namespace muster::crypto
