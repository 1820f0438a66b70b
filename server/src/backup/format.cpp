#include "backup/format.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace muster::backup {

namespace {

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t get_le(std::string_view in, size_t at, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= std::uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  return value;
}

template <size_t N>
void put_bytes(std::string& out, const std::array<unsigned char, N>& a) {
  out.append(reinterpret_cast<const char*>(a.data()), N);
}

template <size_t N>
void get_bytes(std::string_view in, size_t at, std::array<unsigned char, N>& a) {
  std::memcpy(a.data(), in.data() + at, N);
}

// BLAKE2b keyed by `key` over a label and the salt: separate keys for the stream and the check.
template <size_t N>
void keyed_hash(std::array<unsigned char, N>& out, const unsigned char* key, std::string_view label,
                const std::array<unsigned char, kSaltBytes>& salt) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key, kKeyBytes, N);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(label.data()), label.size());
  crypto_generichash_update(&state, salt.data(), salt.size());
  crypto_generichash_final(&state, out.data(), N);
}

}  // namespace

std::string Header::encode() const {
  std::string out(kMagic);
  put_le(out, version, 2);
  put_le(out, chunk_size, 4);
  out.push_back(static_cast<char>(kind));
  put_le(out, opslimit, 8);
  put_le(out, memlimit, 8);
  put_bytes(out, salt);
  put_bytes(out, check);
  put_bytes(out, stream);
  return out;
}

Result<Header> Header::decode(std::string_view bytes) {
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic)
    return invalid("This is not a Muster backup file.");
  if (bytes.size() < kHeaderBytes) return invalid("The backup is truncated: its header is incomplete.");
  Header h;
  size_t at = kMagic.size();
  h.version = static_cast<std::uint16_t>(get_le(bytes, at, 2)), at += 2;
  if (h.version != kVersion)
    return invalid("The backup was written in format version " + std::to_string(h.version) +
                   ", which this version of Muster cannot read.");
  h.chunk_size = static_cast<std::uint32_t>(get_le(bytes, at, 4)), at += 4;
  auto kind = static_cast<unsigned char>(bytes[at++]);
  h.opslimit = get_le(bytes, at, 8), at += 8;
  h.memlimit = get_le(bytes, at, 8), at += 8;
  get_bytes(bytes, at, h.salt), at += kSaltBytes;
  get_bytes(bytes, at, h.check), at += kCheckBytes;
  get_bytes(bytes, at, h.stream);
  bool kind_ok = kind == static_cast<unsigned char>(KeyKind::KeyFile) || kind == static_cast<unsigned char>(KeyKind::Passphrase);
  h.kind = static_cast<KeyKind>(kind);
  bool cost_ok = h.kind == KeyKind::KeyFile
                     ? h.opslimit == 0 && h.memlimit == 0
                     : h.opslimit >= crypto_pwhash_OPSLIMIT_MIN && h.opslimit <= kMaxOpslimit &&
                           h.memlimit >= crypto_pwhash_MEMLIMIT_MIN && h.memlimit <= kMaxMemlimit;
  if (!kind_ok || !cost_ok || h.chunk_size < kMinChunk || h.chunk_size > kMaxChunk)
    return invalid("The backup is damaged: its header is not valid.");
  return h;
}

Result<DerivedKey> derive_key(const BackupSecret& secret, const Header& header) {
  if (secret.kind != header.kind)
    return invalid(header.kind == KeyKind::Passphrase ? "This backup was made with a passphrase, not a key file."
                                                      : "This backup was made with a backup key file, not a passphrase.");
  std::array<unsigned char, kKeyBytes> root{};
  if (secret.kind == KeyKind::KeyFile) {
    if (secret.bytes.size() != kKeyBytes) return invalid("A backup key file holds exactly 32 bytes.");
    std::memcpy(root.data(), secret.bytes.data(), kKeyBytes);
  } else {
    if (secret.bytes.empty()) return invalid("The passphrase is empty.");
    if (crypto_pwhash(root.data(), root.size(), secret.bytes.data(), secret.bytes.size(), header.salt.data(),
                      header.opslimit, static_cast<size_t>(header.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
      return Error{ErrorCode::Unavailable, "Not enough memory to derive the key from the passphrase."};
  }
  DerivedKey key;
  keyed_hash(key.stream, root.data(), "muster-backup-stream-v1", header.salt);
  keyed_hash(key.check, root.data(), "muster-backup-check-v1", header.salt);
  sodium_memzero(root.data(), root.size());
  return key;
}

Result<BackupSecret> read_key_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return invalid("Cannot open the backup key file " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return invalid("The backup key file " + path + " is not a regular file.");
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    ::close(fd);
    return invalid("The backup key file " + path + " may be read by others; make it owner-only (chmod 600).");
  }
  BackupSecret secret;
  secret.kind = KeyKind::KeyFile;
  secret.bytes.resize(kKeyBytes + 1);
  ssize_t n = ::read(fd, secret.bytes.data(), secret.bytes.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(kKeyBytes)) return invalid("The backup key file " + path + " must hold exactly 32 bytes.");
  secret.bytes.resize(kKeyBytes);
  return secret;
}

Status create_key_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return invalid("Cannot create " + path + ": " + std::strerror(errno));
  std::array<unsigned char, kKeyBytes> key{};
  randombytes_buf(key.data(), key.size());
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  sodium_memzero(key.data(), key.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(path.c_str());
    return invalid("Cannot write " + path + ".");
  }
  return ok_status();
}

}  // namespace muster::backup
