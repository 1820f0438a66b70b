// The backup file format (docs/operations.md, "Backups"). One file:
//
//   header (plaintext, kHeaderBytes): magic, version, chunk size, key kind, argon2id parameters,
//          salt, a key check value, the secretstream header. Nothing secret.
//   chunks: crypto_secretstream_xchacha20poly1305, every one exactly chunk_size plaintext bytes
//          (so no length travels in the clear), the header bytes as associated data, the last one
//          tagged FINAL. A flipped byte anywhere fails authentication; a missing tail lacks FINAL.
//
// The plaintext is a stream of records `[type u8][length u32 LE][payload]`: BEGIN, then for each
// entry (database image, attachment file, data keys) ENTRY + DATA... , then MANIFEST (counts and
// BLAKE2b digests of every entry) last; zero padding fills the final chunk.
#pragma once
#include <sodium.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace muster::backup {

inline constexpr std::string_view kMagic{"MUSTERBK", 8};
inline constexpr std::uint16_t kVersion = 1;
inline constexpr std::uint32_t kDefaultChunk = 64 * 1024;
inline constexpr std::uint32_t kMinChunk = 256;
inline constexpr std::uint32_t kMaxChunk = 4 * 1024 * 1024;
inline constexpr size_t kKeyBytes = 32;
inline constexpr size_t kSaltBytes = 16;
inline constexpr size_t kCheckBytes = 16;
inline constexpr size_t kHeaderBytes =
    8 + 2 + 4 + 1 + 8 + 8 + kSaltBytes + kCheckBytes + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
// Bounds on the argon2id cost a header may ask for: a forged header cannot make verify allocate
// more than 1 GiB or spin for minutes.
inline constexpr std::uint64_t kMaxMemlimit = std::uint64_t{1} << 30;
inline constexpr std::uint64_t kMaxOpslimit = 16;

enum class KeyKind : std::uint8_t { KeyFile = 1, Passphrase = 2 };

enum class RecordType : std::uint8_t { Begin = 1, Entry = 2, Data = 3, Manifest = 4 };

// What unlocks a backup: the 32 bytes of a backup key file, or a passphrase for argon2id.
struct BackupSecret {
  KeyKind kind = KeyKind::KeyFile;
  std::string bytes;  // the key (32 bytes) or the passphrase; never logged
  // argon2id cost for new backups (the header of an existing one says what it used).
  std::uint64_t opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
  std::uint64_t memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
  ~BackupSecret() { sodium_memzero(bytes.data(), bytes.size()); }
};

struct Header {
  std::uint16_t version = kVersion;
  std::uint32_t chunk_size = kDefaultChunk;
  KeyKind kind = KeyKind::KeyFile;
  std::uint64_t opslimit = 0;
  std::uint64_t memlimit = 0;
  std::array<unsigned char, kSaltBytes> salt{};
  std::array<unsigned char, kCheckBytes> check{};
  std::array<unsigned char, crypto_secretstream_xchacha20poly1305_HEADERBYTES> stream{};

  std::string encode() const;
  // InvalidArgument "not a Muster backup" / "unsupported version" / "damaged header".
  static Result<Header> decode(std::string_view bytes);
};

// The secretstream key and the check value derived from a secret and a header's salt and cost.
struct DerivedKey {
  std::array<unsigned char, kKeyBytes> stream{};
  std::array<unsigned char, kCheckBytes> check{};
  ~DerivedKey() { sodium_memzero(stream.data(), stream.size()); }
};
Result<DerivedKey> derive_key(const BackupSecret& secret, const Header& header);

// Reads a backup key file: exactly 32 bytes, refused when others may read it.
Result<BackupSecret> read_key_file(const std::string& path);
// Writes 32 random bytes to `path` with mode 0600; refuses to overwrite.
Status create_key_file(const std::string& path);

}  // namespace muster::backup
