// The pages of one encrypted database that the VFS sealed or opened lately, kept opened so that a
// page read again is not decrypted again (store/sqlite/encrypted_vfs.cpp).
//
// Why the VFS needs it: in WAL mode SQLite empties a connection's own page cache whenever another
// connection commits, so under writes every reader re-reads its pages through the VFS, and with
// encryption each of those reads was a full XChaCha20-Poly1305 open. This cache is shared by every
// connection of the process and survives commits.
//
// Why it stays correct without knowing who wrote the file: an entry is used only when the sealed
// page on disk still carries the same reserved tail (key id, 24-byte nonce, tag) as the one it was
// opened from. The VFS never seals twice with one nonce, so a page rewritten by any connection or
// process (a checkpoint, a rotation, a restore) carries a new tail and misses. A page whose body was
// altered on disk behind a tail kept intact returns the content that was authenticated before; the
// VFS drops a database's cache when its last connection closes, so a fresh open authenticates every
// page again.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/mutex.hpp"
#include "store/sqlite/page_cipher.hpp"

namespace muster::store::sqlite {

// 64 MiB of opened pages per database by default: enough for the hot pages of a large company
// (the directory of 100,000 people is about 40 MB), bounded whatever the database's size.
inline constexpr std::size_t kDefaultOpenedPageCachePages = 65536;

class OpenedPageCache {
 public:
  explicit OpenedPageCache(std::size_t capacity_pages = kDefaultOpenedPageCachePages);

  // True, with the opened page copied to `out` (kPageSize bytes, reserved tail zeroed), when the
  // cache holds the page at (`kind`, `position`) opened from a sealed page ending in `sealed_tail`
  // (kReservedBytes).
  bool find(FileKind kind, std::uint64_t position, const unsigned char* sealed_tail, unsigned char* out);
  // Whether the cache holds some page for (`kind`, `position`), whichever sealed page it came from:
  // when not, a reader need not read the sealed tail on its own first.
  bool holds(FileKind kind, std::uint64_t position);
  // Remembers `opened` (kPageSize bytes) as the content of the sealed page at (`kind`, `position`)
  // ending in `sealed_tail`; when the cache is full, a page not used lately makes room (CLOCK).
  void put(FileKind kind, std::uint64_t position, const unsigned char* sealed_tail, const unsigned char* opened);
  void clear();
  std::size_t size();

 private:
  // Set-associative, like a CPU cache: a page can live only in the kWays slots of the set its key
  // hashes to, so a lookup reads one set's keys and tails (a few cache lines) and no list or node is
  // chased; the set's pages are allocated when it takes its first one. Eviction within a set is
  // CLOCK (second chance): a hit only sets a bit.
  static constexpr std::size_t kWays = 8;
  struct Set {
    std::array<std::uint64_t, kWays> keys{};
    std::uint8_t valid = 0;        // bit per way
    std::uint8_t used_lately = 0;  // bit per way, CLOCK's reference bits
    std::uint8_t hand = 0;
    std::array<std::array<unsigned char, kReservedBytes>, kWays> tails{};
    std::unique_ptr<std::array<std::array<unsigned char, kPageSize>, kWays>> pages;
  };
  // The sets in chunks, each with its lock (readers on several threads rarely wait for each other)
  // and allocated at its first page, so a small database costs little and clear() frees it all.
  static constexpr std::size_t kChunks = 64;
  struct Chunk {
    Mutex mutex;
    std::unique_ptr<Set[]> sets GUARDED_BY(mutex);
  };

  static std::uint64_t key_of(FileKind kind, std::uint64_t position) {
    return position * 4 + static_cast<std::uint64_t>(kind);
  }
  // The chunk and the set within it for `key`.
  std::pair<std::size_t, std::size_t> place_of(std::uint64_t key) const;
  // The way of `set` holding `key` (whichever sealed page it came from), or kWays.
  static std::size_t way_of(const Set& set, std::uint64_t key);

  std::size_t sets_per_chunk_;
  std::array<Chunk, kChunks> chunks_;
};

}  // namespace muster::store::sqlite
