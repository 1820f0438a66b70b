#include "crypto/master_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace muster::crypto {

namespace fs = std::filesystem;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

Status sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return internal_error("cannot open folder " + dir.string() + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return internal_error("cannot sync folder " + dir.string() + ": " + std::strerror(errno));
  return ok_status();
}

}  // namespace

MasterKey generate_master_key() {
  MasterKey key;
  randombytes_buf(key.bytes.data(), key.bytes.size());
  return key;
}

Result<MasterKey> parse_master_key(std::string_view text) {
  text = trim(text);
  MasterKey key;
  size_t len = 0;
  if (text.size() != 2 * kMasterKeyBytes ||
      sodium_hex2bin(key.bytes.data(), key.bytes.size(), text.data(), text.size(), nullptr, &len, nullptr) != 0 ||
      len != kMasterKeyBytes)
    return invalid("A master key is 64 hexadecimal digits.");
  return key;
}

std::string master_key_hex(const MasterKey& key) {
  std::string hex(2 * kMasterKeyBytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key.bytes.data(), key.bytes.size());
  hex.pop_back();
  return hex;
}

fs::path default_key_file(const fs::path& data_dir) {
  fs::path dir = fs::absolute(data_dir).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();  // "var/" names "var"
  return dir.parent_path() / (dir.filename().string() + ".key");
}

Result<MasterKey> read_master_key_fd(int fd) {
  std::string text;
  char buf[256];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return invalid("The master key could not be read from file descriptor " + std::to_string(fd) + ".");
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > 4096) return invalid("The master key on file descriptor " + std::to_string(fd) + " is too long.");
  }
  if (text.size() == kMasterKeyBytes) {  // raw bytes, as a secrets manager may hand them over
    MasterKey key;
    std::memcpy(key.bytes.data(), text.data(), kMasterKeyBytes);
    sodium_memzero(text.data(), text.size());
    return key;
  }
  auto key = parse_master_key(text);
  sodium_memzero(text.data(), text.size());
  if (!key.ok()) return invalid("File descriptor " + std::to_string(fd) + " holds no master key: " + key.error().message);
  return key;
}

Result<MasterKey> read_master_key_file(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return not_found("There is no master key file at " + path.string() + ".");
    return denied("The master key file " + path.string() + " cannot be read: " + std::strerror(errno) + ".");
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return denied("The master key file " + path.string() + " may be read by others; run: chmod 600 " + path.string());
  }
  std::string text(200, '\0');
  ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  text.resize(n > 0 ? static_cast<size_t>(n) : 0);
  auto key = parse_master_key(text);
  sodium_memzero(text.data(), text.size());
  if (!key.ok()) return invalid("The master key file " + path.string() + " holds no master key (64 hexadecimal digits).");
  return key;
}

Status write_master_key_file(const fs::path& path, const MasterKey& key) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return conflict("A file already exists at " + path.string() + ".");
    return internal_error("The master key file " + path.string() + " cannot be created: " + std::strerror(errno) + ".");
  }
  ::fchmod(fd, 0600);  // whatever the umask
  std::string text = master_key_hex(key) + "\n";
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  sodium_memzero(text.data(), text.size());
  if (::close(fd) != 0 || !written) {
    ::unlink(path.c_str());
    return internal_error("The master key file " + path.string() + " could not be written.");
  }
  return sync_dir(path.parent_path());
}

}  // namespace muster::crypto
