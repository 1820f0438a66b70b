// How one page of an encrypted SQLite file is sealed (store/sqlite/encrypted_vfs.hpp uses it).
// A page is kPageSize bytes; SQLite keeps its last kReservedBytes free (the "reserved bytes" of
// the file header), and they hold [key id u32 LE][nonce 24][tag 16]. The first kSealedBytes are
// ciphertext: AES-256-GCM under a subkey derived from the nonce (page_cipher.cpp) where the CPU has
// AES instructions, marked by the key id's top bit; otherwise, and in pages written before,
// XChaCha20-Poly1305 (IETF). The associated data binds a page to its place: the
// database name, the kind of file and the page number or byte offset, so a page copied to another
// position, file kind or database fails authentication.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/keyring.hpp"

namespace muster::store::sqlite {

inline constexpr std::size_t kPageSize = 4096;
inline constexpr std::size_t kKeyIdBytes = 4;
inline constexpr std::size_t kNonceBytes = 24;
inline constexpr std::size_t kTagBytes = 16;
inline constexpr std::size_t kReservedBytes = kKeyIdBytes + kNonceBytes + kTagBytes;  // 44
inline constexpr std::size_t kSealedBytes = kPageSize - kReservedBytes;

enum class FileKind : unsigned char { Database = 1, Wal = 2, Journal = 3 };

// What a sealed page is bound to. `position` is the page number (database) or the byte offset of
// the page in the file (WAL, journal).
struct PagePlace {
  std::string_view database;  // the file's basename up to its first '.': "muster" for muster.db-wal
  FileKind kind;
  std::uint64_t position;
};

// "muster" for "/data/muster.db", "muster.db-wal" and "muster.backup-123.db".
std::string database_name(std::string_view path);

// Seals `page` (kPageSize bytes, its reserved tail ignored) in place under `key`.
void seal_page(unsigned char* page, const crypto::DataKey& key, const PagePlace& place);
// The key id a sealed page names (without the cipher's bit).
std::uint32_t sealed_key_id(const unsigned char* page);
// Opens a sealed page in place; the reserved tail becomes zeros (what SQLite wrote there: it never
// uses reserved bytes). False, with `page` zeroed, when it does not authenticate.
[[nodiscard]] bool open_page(unsigned char* page, const crypto::DataKey& key, const PagePlace& place);

}  // namespace muster::store::sqlite
