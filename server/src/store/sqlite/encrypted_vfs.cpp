#include "store/sqlite/encrypted_vfs.hpp"
#include "store/sqlite/database.hpp"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "core/mutex.hpp"
#include "store/sqlite/opened_page_cache.hpp"
#include "store/sqlite/page_cipher.hpp"

namespace muster::store::sqlite {

namespace {

constexpr std::size_t kWalHeaderBytes = 32;
constexpr std::size_t kWalFrameHeaderBytes = 24;
constexpr std::size_t kWalFrameBytes = kWalFrameHeaderBytes + kPageSize;
constexpr std::uint64_t kResealBatch = 256;  // pages per hold of the exclusive page lock
constexpr char kPlainMagic[] = "SQLite format 3";  // and its terminating zero: 16 bytes

// Set by set_opened_page_cache_bytes (the server's --page-cache-mb).
std::atomic<std::size_t> g_cache_pages{kDefaultOpenedPageCachePages};

// What every connection to one database file shares.
struct PathState {
  // Pages of the main database file: reads take it shared; writes, truncation and resealing take it
  // exclusive, so a checkpoint's write of page P and the resealing of P never interleave and no
  // reader sees a half-rewritten page. (Never held while calling out of the VFS.)
  std::shared_mutex pages;
  // Pages of the database and its WAL opened lately, shared by every connection; dropped when the
  // last connection closes (store/sqlite/opened_page_cache.hpp says why).
  explicit PathState(std::size_t cache_pages) : opened(cache_pages) {}
  OpenedPageCache opened;
  std::atomic<int> open_connections{0};
  Mutex mutex;
  std::shared_ptr<crypto::Keyring> keyring GUARDED_BY(mutex);
};

class Registry {
 public:
  std::shared_ptr<PathState> get_or_add(const std::string& full_path) {
    MutexLock lock(mutex_);
    auto& state = states_[full_path];
    if (!state) state = std::make_shared<PathState>(g_cache_pages.load());
    return state;
  }
  std::shared_ptr<PathState> find(const std::string& full_path) {
    MutexLock lock(mutex_);
    auto it = states_.find(full_path);
    return it == states_.end() ? nullptr : it->second;
  }

 private:
  Mutex mutex_;
  std::map<std::string, std::shared_ptr<PathState>> states_ GUARDED_BY(mutex_);
};

Registry& registry() {
  static Registry* r = new Registry();  // outlives every connection, even at exit
  return *r;
}

sqlite3_vfs* g_base = nullptr;  // the default (unix) VFS, set once by register_vfs

enum class Role { Database, Wal, Journal, Temp, Passthrough };

struct FileContext {
  Role role = Role::Passthrough;
  std::shared_ptr<PathState> state;  // Database, Wal, Journal
  std::shared_ptr<crypto::Keyring> keyring;
  std::string name;  // the database name bound into every page
  std::array<unsigned char, crypto_stream_xchacha20_KEYBYTES> temp_key{};  // Temp: throwaway
  std::array<unsigned char, crypto_stream_xchacha20_NONCEBYTES> temp_nonce{};
};

struct VfsFile {
  sqlite3_file base;
  FileContext* ctx;
};
constexpr std::size_t kRealOffset = (sizeof(VfsFile) + 15) & ~std::size_t{15};

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kRealOffset); }
FileContext& ctx_of(sqlite3_file* f) { return *reinterpret_cast<VfsFile*>(f)->ctx; }

std::string full_path(const std::string& path) {
  std::vector<char> out(static_cast<std::size_t>(g_base->mxPathname) + 1);
  if (g_base->xFullPathname(g_base, path.c_str(), g_base->mxPathname + 1, out.data()) != SQLITE_OK) return path;
  return out.data();
}

// --- sealing with the keyring ---

bool reserved_is_zero(const unsigned char* page) {
  for (std::size_t i = kSealedBytes; i < kPageSize; ++i)
    if (page[i]) return false;
  return true;
}

// Copies SQLite's page into `out` sealed for `place`; false when it cannot be sealed safely.
bool seal_copy(const FileContext& c, const void* page, unsigned char* out, const PagePlace& place) {
  std::memcpy(out, page, kPageSize);
  // SQLite never writes reserved bytes and we hand it zeros there, so anything else means a file
  // without our reserve (its content would overlap the nonce and tag): refuse rather than lose it.
  if (!reserved_is_zero(out)) {
    sqlite3_log(SQLITE_IOERR_WRITE, "muster-encrypted: page with reserved bytes in use (%s)", c.name.c_str());
    return false;
  }
  seal_page(out, c.keyring->current(), place);
  return true;
}

bool open_sealed(const FileContext& c, unsigned char* page, const PagePlace& place) {
  auto key = c.keyring->find(sealed_key_id(page));
  if (!key) {
    sqlite3_log(SQLITE_IOERR_DATA, "muster-encrypted: page sealed under an unknown key id %u (%s)", sealed_key_id(page),
                c.name.c_str());
    std::memset(page, 0, kPageSize);
    return false;
  }
  if (!open_page(page, *key, place)) {
    sqlite3_log(SQLITE_IOERR_DATA, "muster-encrypted: page does not authenticate (%s)", c.name.c_str());
    return false;
  }
  return true;
}

// Opens `page` in place and remembers it opened.
bool open_and_remember(const FileContext& c, unsigned char* page, const PagePlace& place) {
  std::array<unsigned char, kReservedBytes> tail;
  std::memcpy(tail.data(), page + kSealedBytes, kReservedBytes);
  if (!open_sealed(c, page, place)) return false;
  c.state->opened.put(place.kind, place.position, tail.data(), page);
  return true;
}

// Opens `page` in place, from the cache of opened pages when it holds this very sealed page.
bool open_cached(const FileContext& c, unsigned char* page, const PagePlace& place) {
  return c.state->opened.find(place.kind, place.position, page + kSealedBytes, page) || open_and_remember(c, page, place);
}

// Seals SQLite's `page` into `out` and remembers it opened, so reading it back costs no decryption.
bool seal_cached(const FileContext& c, const void* page, unsigned char* out, const PagePlace& place) {
  if (!seal_copy(c, page, out, place)) return false;
  c.state->opened.put(place.kind, place.position, out + kSealedBytes, static_cast<const unsigned char*>(page));
  return true;
}

// --- main database file: whole pages, page 1 sealed whole ---

int db_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  auto& c = ctx_of(f);
  sqlite3_file* real = real_of(f);
  auto within = static_cast<std::size_t>(offset % kPageSize);
  if (amount < 0 || within + static_cast<std::size_t>(amount) > kPageSize) {
    sqlite3_log(SQLITE_IOERR_READ, "muster-encrypted: read of %d bytes at %lld crosses a page (%s)", amount,
                static_cast<long long>(offset), c.name.c_str());
    return SQLITE_IOERR_READ;
  }
  sqlite3_int64 page_start = offset - static_cast<sqlite3_int64>(within);
  auto page_number = static_cast<std::uint64_t>(page_start / static_cast<sqlite3_int64>(kPageSize)) + 1;
  // When the cache has the page, first only its sealed tail: if the cache opened this very sealed
  // page before, that is all the file has to give (a read of 44 bytes, and no decryption).
  unsigned char page[kPageSize];
  unsigned char* tail = page + kSealedBytes;
  int rc;
  {
    std::shared_lock lock(c.state->pages);
    if (c.state->opened.holds(FileKind::Database, page_number) &&
        real->pMethods->xRead(real, tail, static_cast<int>(kReservedBytes),
                              page_start + static_cast<sqlite3_int64>(kSealedBytes)) == SQLITE_OK) {
      // A whole page (what SQLite reads but for the header) is copied straight into SQLite's buffer.
      bool whole = within == 0 && amount == static_cast<int>(kPageSize);
      if (c.state->opened.find(FileKind::Database, page_number, tail, whole ? static_cast<unsigned char*>(out) : page)) {
        if (!whole) std::memcpy(out, page + within, static_cast<std::size_t>(amount));
        return SQLITE_OK;
      }
    }
    rc = real->pMethods->xRead(real, page, kPageSize, page_start);
  }
  if (rc == SQLITE_IOERR_SHORT_READ) {  // past the end: SQLite expects zeros
    std::memset(out, 0, static_cast<std::size_t>(amount));
    return rc;
  }
  if (rc != SQLITE_OK) return rc;
  // The cache was asked above (when it might hold the page): open it.
  if (!open_and_remember(c, page, {c.name, FileKind::Database, page_number})) return SQLITE_IOERR_DATA;
  std::memcpy(out, page + within, static_cast<std::size_t>(amount));
  return SQLITE_OK;
}

// Page 1's header must announce our page size and reserve, or the layout would not hold.
bool header_fits(const unsigned char* page1) {
  unsigned page_size = (static_cast<unsigned>(page1[16]) << 8) | page1[17];
  return page_size == kPageSize && page1[20] == kReservedBytes;
}

int db_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  auto& c = ctx_of(f);
  sqlite3_file* real = real_of(f);
  if (amount != static_cast<int>(kPageSize) || offset % static_cast<sqlite3_int64>(kPageSize) != 0) {
    sqlite3_log(SQLITE_IOERR_WRITE, "muster-encrypted: partial page write (%s); page size must be 4096", c.name.c_str());
    return SQLITE_IOERR_WRITE;
  }
  auto page_number = static_cast<std::uint64_t>(offset / static_cast<sqlite3_int64>(kPageSize)) + 1;
  if (page_number == 1 && !header_fits(static_cast<const unsigned char*>(data))) {
    sqlite3_log(SQLITE_IOERR_WRITE, "muster-encrypted: %s lacks page size 4096 with %d reserved bytes", c.name.c_str(),
                static_cast<int>(kReservedBytes));
    return SQLITE_IOERR_WRITE;
  }
  unsigned char page[kPageSize];
  if (!seal_cached(c, data, page, {c.name, FileKind::Database, page_number})) return SQLITE_IOERR_WRITE;
  std::unique_lock lock(c.state->pages);
  return real->pMethods->xWrite(real, page, kPageSize, offset);
}

// --- WAL: a 32-byte header, then frames of a 24-byte header and a page; only pages are sealed ---

int wal_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  auto& c = ctx_of(f);
  sqlite3_file* real = real_of(f);
  int rc = real->pMethods->xRead(real, out, amount, offset);
  if (rc != SQLITE_OK || offset < static_cast<sqlite3_int64>(kWalHeaderBytes)) return rc;
  auto rel = static_cast<std::uint64_t>(offset) - kWalHeaderBytes;
  auto within = rel % kWalFrameBytes;
  auto* bytes = static_cast<unsigned char*>(out);
  // Frame headers are plain: SQLite reads them whole, and reads a frame's checksum alone (8 bytes
  // at 16) when a transaction that spilled its cache rewrites frames it wrote before.
  if (amount >= 0 && within + static_cast<std::uint64_t>(amount) <= kWalFrameHeaderBytes) return SQLITE_OK;
  const bool recovery = within == 0 && amount == static_cast<int>(kWalFrameBytes);  // SQLite reads whole frames then
  if (recovery) bytes += kWalFrameHeaderBytes;
  else if (within != kWalFrameHeaderBytes || amount != static_cast<int>(kPageSize)) {
    sqlite3_log(SQLITE_IOERR_READ, "muster-encrypted: WAL read of %d bytes at %lld is not a page (%s)", amount,
                static_cast<long long>(offset), c.name.c_str());
    return SQLITE_IOERR_READ;
  }
  auto page_offset = static_cast<std::uint64_t>(offset) + (within == 0 ? kWalFrameHeaderBytes : 0);
  if (open_cached(c, bytes, {c.name, FileKind::Wal, page_offset})) return SQLITE_OK;
  // A frame a crash cut short does not authenticate: a frame's page straddles two kernel pages, and
  // SIGKILL can end the write between them. Recovery gets zeros for it, so SQLite's checksum over the
  // frame fails and the WAL ends there, as it ends at a torn frame of a plaintext WAL (whose
  // transaction was never acknowledged). Read anywhere else, the page is an error.
  if (recovery) {
    std::memset(bytes, 0, kPageSize);
    return SQLITE_OK;
  }
  return SQLITE_IOERR_DATA;
}

int wal_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  auto& c = ctx_of(f);
  sqlite3_file* real = real_of(f);
  auto* bytes = static_cast<const unsigned char*>(data);
  if (offset == 0 && amount == static_cast<int>(kWalHeaderBytes)) {
    std::uint32_t page_size = (std::uint32_t{bytes[8]} << 24) | (std::uint32_t{bytes[9]} << 16) |
                              (std::uint32_t{bytes[10]} << 8) | bytes[11];
    if (page_size != kPageSize) return SQLITE_IOERR_WRITE;
    return real->pMethods->xWrite(real, data, amount, offset);
  }
  if (offset < static_cast<sqlite3_int64>(kWalHeaderBytes)) return SQLITE_IOERR_WRITE;
  auto within = (static_cast<std::uint64_t>(offset) - kWalHeaderBytes) % kWalFrameBytes;
  if (within == 0 && amount == static_cast<int>(kWalFrameHeaderBytes)) return real->pMethods->xWrite(real, data, amount, offset);
  // A page split over two writes (a sync point inside it, without power-safe overwrite) is refused.
  if (within != kWalFrameHeaderBytes || amount != static_cast<int>(kPageSize)) return SQLITE_IOERR_WRITE;
  unsigned char page[kPageSize];
  if (!seal_cached(c, data, page, {c.name, FileKind::Wal, static_cast<std::uint64_t>(offset)})) return SQLITE_IOERR_WRITE;
  return real->pMethods->xWrite(real, page, kPageSize, offset);
}

// --- rollback journal: headers, page numbers and checksums pass through; page images are sealed.
// A record is [page number u32][page][checksum u32] after a header padded to the sector size (a
// multiple of 512), so page images start at offsets that are 4 mod 8 and nothing else does. ---

bool is_journal_page(int amount, sqlite3_int64 offset) {
  return amount == static_cast<int>(kPageSize) && offset % 8 == 4;
}

int journal_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  sqlite3_file* real = real_of(f);
  int rc = real->pMethods->xRead(real, out, amount, offset);
  if (rc != SQLITE_OK || !is_journal_page(amount, offset)) return rc;
  auto& c = ctx_of(f);
  return open_sealed(c, static_cast<unsigned char*>(out), {c.name, FileKind::Journal, static_cast<std::uint64_t>(offset)})
             ? SQLITE_OK
             : SQLITE_IOERR_DATA;
}

int journal_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  sqlite3_file* real = real_of(f);
  if (!is_journal_page(amount, offset)) return real->pMethods->xWrite(real, data, amount, offset);
  auto& c = ctx_of(f);
  unsigned char page[kPageSize];
  if (!seal_copy(c, data, page, {c.name, FileKind::Journal, static_cast<std::uint64_t>(offset)})) return SQLITE_IOERR_WRITE;
  return real->pMethods->xWrite(real, page, kPageSize, offset);
}

// --- temporary files (sorter spills, temp databases if temp_store were FILE): any write pattern,
// so a keystream at the byte offset under a key that lives only as long as the file. ---

void temp_xor(const FileContext& c, unsigned char* data, std::size_t amount, std::uint64_t offset) {
  constexpr std::uint64_t kBlock = 64;
  std::size_t skip = offset % kBlock;
  std::vector<unsigned char> buf(skip + amount, 0);
  std::memcpy(buf.data() + skip, data, amount);
  crypto_stream_xchacha20_xor_ic(buf.data(), buf.data(), buf.size(), c.temp_nonce.data(), offset / kBlock, c.temp_key.data());
  std::memcpy(data, buf.data() + skip, amount);
}

int temp_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  sqlite3_file* real = real_of(f);
  int rc = real->pMethods->xRead(real, out, amount, offset);
  if (rc == SQLITE_OK) temp_xor(ctx_of(f), static_cast<unsigned char*>(out), static_cast<std::size_t>(amount), offset);
  return rc;
}

int temp_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  sqlite3_file* real = real_of(f);
  std::vector<unsigned char> buf(static_cast<const unsigned char*>(data), static_cast<const unsigned char*>(data) + amount);
  temp_xor(ctx_of(f), buf.data(), buf.size(), offset);
  return real->pMethods->xWrite(real, buf.data(), amount, offset);
}

// --- the io methods: reads and writes by role, everything else forwarded ---

int x_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  switch (ctx_of(f).role) {
    case Role::Database: return db_read(f, out, amount, offset);
    case Role::Wal: return wal_read(f, out, amount, offset);
    case Role::Journal: return journal_read(f, out, amount, offset);
    case Role::Temp: return temp_read(f, out, amount, offset);
    case Role::Passthrough: break;
  }
  sqlite3_file* real = real_of(f);
  return real->pMethods->xRead(real, out, amount, offset);
}

int x_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  switch (ctx_of(f).role) {
    case Role::Database: return db_write(f, data, amount, offset);
    case Role::Wal: return wal_write(f, data, amount, offset);
    case Role::Journal: return journal_write(f, data, amount, offset);
    case Role::Temp: return temp_write(f, data, amount, offset);
    case Role::Passthrough: break;
  }
  sqlite3_file* real = real_of(f);
  return real->pMethods->xWrite(real, data, amount, offset);
}

int x_close(sqlite3_file* f) {
  sqlite3_file* real = real_of(f);
  int rc = real->pMethods ? real->pMethods->xClose(real) : SQLITE_OK;
  auto* ctx = reinterpret_cast<VfsFile*>(f)->ctx;
  // With no connection left, nothing vouches for the file any more: the next open authenticates anew.
  if (ctx && ctx->role == Role::Database && ctx->state->open_connections.fetch_sub(1) == 1) ctx->state->opened.clear();
  delete ctx;
  reinterpret_cast<VfsFile*>(f)->ctx = nullptr;
  return rc;
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  auto& c = ctx_of(f);
  sqlite3_file* real = real_of(f);
  if (c.role != Role::Database) return real->pMethods->xTruncate(real, size);
  std::unique_lock lock(c.state->pages);
  return real->pMethods->xTruncate(real, size);
}

#define MUSTER_FORWARD(method, ...) \
  sqlite3_file* real = real_of(f);  \
  return real->pMethods->method(real, ##__VA_ARGS__)

int x_sync(sqlite3_file* f, int flags) { MUSTER_FORWARD(xSync, flags); }
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { MUSTER_FORWARD(xFileSize, size); }
int x_lock(sqlite3_file* f, int level) { MUSTER_FORWARD(xLock, level); }
int x_unlock(sqlite3_file* f, int level) { MUSTER_FORWARD(xUnlock, level); }
int x_check_reserved(sqlite3_file* f, int* out) { MUSTER_FORWARD(xCheckReservedLock, out); }
int x_file_control(sqlite3_file* f, int op, void* arg) { MUSTER_FORWARD(xFileControl, op, arg); }
int x_sector_size(sqlite3_file* f) { MUSTER_FORWARD(xSectorSize); }
int x_device(sqlite3_file* f) { MUSTER_FORWARD(xDeviceCharacteristics); }
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  MUSTER_FORWARD(xShmMap, region, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) { MUSTER_FORWARD(xShmLock, offset, n, flags); }
void x_shm_barrier(sqlite3_file* f) {
  sqlite3_file* real = real_of(f);
  real->pMethods->xShmBarrier(real);
}
int x_shm_unmap(sqlite3_file* f, int delete_flag) { MUSTER_FORWARD(xShmUnmap, delete_flag); }
#undef MUSTER_FORWARD

// Version 2: no xFetch, so SQLite never memory-maps (and reads) ciphertext as pages.
const sqlite3_io_methods kMethods = {
    2,          x_close,   x_read,         x_write,     x_truncate,    x_sync,       x_file_size,
    x_lock,     x_unlock,  x_check_reserved, x_file_control, x_sector_size, x_device, x_shm_map,
    x_shm_lock, x_shm_barrier, x_shm_unmap, nullptr,   nullptr};

Role role_for(int flags) {
  if (flags & SQLITE_OPEN_MAIN_DB) return Role::Database;
  if (flags & SQLITE_OPEN_WAL) return Role::Wal;
  if (flags & SQLITE_OPEN_MAIN_JOURNAL) return Role::Journal;
  if (flags & SQLITE_OPEN_SUPER_JOURNAL) return Role::Passthrough;  // names of journals only
  return Role::Temp;
}

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto* file = reinterpret_cast<VfsFile*>(f);
  file->base.pMethods = nullptr;
  file->ctx = nullptr;
  auto ctx = std::make_unique<FileContext>();
  ctx->role = role_for(flags);
  if (ctx->role == Role::Database || ctx->role == Role::Wal || ctx->role == Role::Journal) {
    if (!name) return SQLITE_CANTOPEN;
    const char* db_path = ctx->role == Role::Database ? name : sqlite3_filename_database(name);
    ctx->state = registry().find(db_path);
    if (ctx->state) {
      MutexLock lock(ctx->state->mutex);
      ctx->keyring = ctx->state->keyring;
    }
    if (!ctx->keyring) {
      sqlite3_log(SQLITE_CANTOPEN, "muster-encrypted: no keys registered for %s", db_path);
      return SQLITE_CANTOPEN;
    }
    ctx->name = database_name(db_path);
  } else if (ctx->role == Role::Temp) {
    randombytes_buf(ctx->temp_key.data(), ctx->temp_key.size());
    randombytes_buf(ctx->temp_nonce.data(), ctx->temp_nonce.size());
  }
  sqlite3_file* real = real_of(f);
  real->pMethods = nullptr;
  int rc = g_base->xOpen(g_base, name, real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (real->pMethods) real->pMethods->xClose(real);
    return rc;
  }
  if (ctx->role == Role::Database) ctx->state->open_connections.fetch_add(1);
  file->ctx = ctx.release();
  file->base.pMethods = &kMethods;
  return SQLITE_OK;
}

sqlite3_vfs g_vfs{};

Status register_vfs() {
  static const int rc = [] {
    configure_sqlite();  // sqlite3_vfs_find initializes SQLite: its settings come first
    g_base = sqlite3_vfs_find(nullptr);
    if (!g_base) return SQLITE_ERROR;
    g_vfs.iVersion = 3;
    g_vfs.szOsFile = static_cast<int>(kRealOffset) + g_base->szOsFile;
    g_vfs.mxPathname = g_base->mxPathname;
    g_vfs.zName = kEncryptedVfs;
    g_vfs.pAppData = g_base;
    g_vfs.xOpen = x_open;
    g_vfs.xDelete = [](sqlite3_vfs*, const char* n, int sync) { return g_base->xDelete(g_base, n, sync); };
    g_vfs.xAccess = [](sqlite3_vfs*, const char* n, int flags, int* out) { return g_base->xAccess(g_base, n, flags, out); };
    g_vfs.xFullPathname = [](sqlite3_vfs*, const char* n, int size, char* out) {
      return g_base->xFullPathname(g_base, n, size, out);
    };
    g_vfs.xDlOpen = [](sqlite3_vfs*, const char* n) { return g_base->xDlOpen(g_base, n); };
    g_vfs.xDlError = [](sqlite3_vfs*, int size, char* out) { g_base->xDlError(g_base, size, out); };
    g_vfs.xDlSym = [](sqlite3_vfs*, void* h, const char* s) { return g_base->xDlSym(g_base, h, s); };
    g_vfs.xDlClose = [](sqlite3_vfs*, void* h) { g_base->xDlClose(g_base, h); };
    g_vfs.xRandomness = [](sqlite3_vfs*, int n, char* out) { return g_base->xRandomness(g_base, n, out); };
    g_vfs.xSleep = [](sqlite3_vfs*, int us) { return g_base->xSleep(g_base, us); };
    g_vfs.xCurrentTime = [](sqlite3_vfs*, double* out) { return g_base->xCurrentTime(g_base, out); };
    g_vfs.xGetLastError = [](sqlite3_vfs*, int n, char* out) { return g_base->xGetLastError(g_base, n, out); };
    g_vfs.xCurrentTimeInt64 = [](sqlite3_vfs*, sqlite3_int64* out) { return g_base->xCurrentTimeInt64(g_base, out); };
    // xSetSystemCall and friends stay null: they are for SQLite's own tests.
    return sqlite3_vfs_register(&g_vfs, 0);
  }();
  if (rc != SQLITE_OK) return internal_error("cannot register the encrypting SQLite VFS");
  return ok_status();
}

// The database file through the base VFS with no locks (SQLite's unix VFS keeps the process's
// POSIX locks on the file when this closes, which a plain close() of another descriptor would drop).
class RawFile {
 public:
  static Result<std::unique_ptr<RawFile>> open(const std::string& path, bool writable) {
    TRY(register_vfs());
    std::unique_ptr<RawFile> out(new RawFile());
    out->name_ = sqlite3_create_filename(full_path(path).c_str(), "", "", 0, nullptr);
    out->file_.resize(static_cast<std::size_t>(g_base->szOsFile));
    auto* f = out->file();
    f->pMethods = nullptr;
    int flags = SQLITE_OPEN_MAIN_DB | (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY);
    int rc = g_base->xOpen(g_base, out->name_, f, flags, &flags);
    if (rc != SQLITE_OK) {
      if (f->pMethods) f->pMethods->xClose(f);
      f->pMethods = nullptr;
      return Error{ErrorCode::Unavailable, "cannot open " + path + ": " + sqlite3_errstr(rc)};
    }
    return out;
  }
  ~RawFile() {
    if (file()->pMethods) file()->pMethods->xClose(file());
    sqlite3_free_filename(name_);
  }
  sqlite3_int64 size() {
    sqlite3_int64 n = 0;
    return file()->pMethods->xFileSize(file(), &n) == SQLITE_OK ? n : 0;
  }
  // True when the whole page was there.
  bool read_page(std::uint64_t index, unsigned char* page) {
    return file()->pMethods->xRead(file(), page, kPageSize, static_cast<sqlite3_int64>(index * kPageSize)) == SQLITE_OK;
  }
  bool write_page(std::uint64_t index, const unsigned char* page) {
    return file()->pMethods->xWrite(file(), page, kPageSize, static_cast<sqlite3_int64>(index * kPageSize)) == SQLITE_OK;
  }
  bool read_at(std::uint64_t offset, unsigned char* out, std::size_t n) {
    return file()->pMethods->xRead(file(), out, static_cast<int>(n), static_cast<sqlite3_int64>(offset)) == SQLITE_OK;
  }
  bool sync() { return file()->pMethods->xSync(file(), SQLITE_SYNC_NORMAL) == SQLITE_OK; }

 private:
  RawFile() = default;
  sqlite3_file* file() { return reinterpret_cast<sqlite3_file*>(file_.data()); }
  std::vector<char> file_;
  sqlite3_filename name_ = nullptr;
};

bool file_exists_nonempty(const std::string& path) {
  auto raw = RawFile::open(path, false);
  return raw.ok() && (*raw)->size() > 0;
}

}  // namespace

Status use_encryption_keys(const std::string& path, std::shared_ptr<crypto::Keyring> keyring) {
  if (!keyring) return invalid("no keyring");
  TRY(register_vfs());
  auto state = registry().get_or_add(full_path(path));
  MutexLock lock(state->mutex);
  if (state->keyring != keyring) state->opened.clear();  // what other keys opened is not vouched for
  state->keyring = std::move(keyring);
  return ok_status();
}

void set_opened_page_cache_bytes(std::size_t bytes) { g_cache_pages.store(std::max<std::size_t>(1, bytes / kPageSize)); }

bool is_empty_file(const std::string& path) { return !file_exists_nonempty(path); }

bool is_plaintext_database(const std::string& path) {
  auto raw = RawFile::open(path, false);
  if (!raw.ok() || (*raw)->size() < static_cast<sqlite3_int64>(sizeof(kPlainMagic))) return false;
  unsigned char page[kPageSize];
  (*raw)->read_page(0, page);  // a short read zero-fills the rest
  return std::memcmp(page, kPlainMagic, sizeof(kPlainMagic)) == 0;
}

Status check_database_key(const std::string& path, const crypto::Keyring& keyring) {
  if (is_empty_file(path)) return ok_status();
  if (is_plaintext_database(path)) return Error{ErrorCode::Unavailable, path + " is not encrypted"};
  ASSIGN_OR_RETURN(auto raw, RawFile::open(path, false));
  unsigned char page[kPageSize];
  if (!raw->read_page(0, page)) return Error{ErrorCode::Unavailable, path + " is shorter than one page: not a database"};
  auto id = sealed_key_id(page);
  auto key = keyring.find(id);
  if (!key)
    return Error{ErrorCode::Unavailable,
                 path + " is sealed under data key " + std::to_string(id) + ", which the keyring does not hold"};
  if (!open_page(page, *key, {database_name(path), FileKind::Database, 1}))
    return Error{ErrorCode::Unavailable, path + " does not open with data key " + std::to_string(id) +
                                             ": a wrong master key or keyring, or a damaged file"};
  return ok_status();
}

Result<std::set<std::uint32_t>> sealed_key_ids(const std::string& path) {
  std::set<std::uint32_t> ids;
  unsigned char page[kPageSize];
  {
    ASSIGN_OR_RETURN(auto raw, RawFile::open(path, false));
    auto state = registry().find(full_path(path));
    auto pages = static_cast<std::uint64_t>(raw->size()) / kPageSize;
    for (std::uint64_t i = 0; i < pages; ++i) {
      std::shared_lock<std::shared_mutex> lock;
      if (state) lock = std::shared_lock(state->pages);
      if (raw->read_page(i, page)) ids.insert(sealed_key_id(page));
    }
  }
  std::string wal = path + "-wal";
  if (is_empty_file(wal)) return ids;
  ASSIGN_OR_RETURN(auto raw, RawFile::open(wal, false));
  auto size = static_cast<std::uint64_t>(raw->size());
  for (std::uint64_t off = kWalHeaderBytes; off + kWalFrameBytes <= size; off += kWalFrameBytes) {
    if (!raw->read_at(off + kWalFrameHeaderBytes, page, kPageSize)) break;
    ids.insert(sealed_key_id(page));
  }
  return ids;
}

Status reseal_database_pages(const std::string& path, std::uint32_t target_key_id, const PageProgress& progress) {
  TRY(register_vfs());
  auto state = registry().find(full_path(path));
  std::shared_ptr<crypto::Keyring> keyring;
  if (state) {
    MutexLock lock(state->mutex);
    keyring = state->keyring;
  }
  if (!keyring) return invalid("no keys registered for " + path);
  auto target = keyring->find(target_key_id);
  if (!target) return invalid("the keyring has no data key " + std::to_string(target_key_id));
  ASSIGN_OR_RETURN(auto raw, RawFile::open(path, true));
  const std::string name = database_name(path);
  std::vector<unsigned char> page(kPageSize);
  for (std::uint64_t first = 0;; first += kResealBatch) {
    std::uint64_t total = 0;
    {
      std::unique_lock lock(state->pages);
      total = static_cast<std::uint64_t>(raw->size()) / kPageSize;  // re-read: a checkpoint may have grown or cut it
      if (first >= total) break;
      std::uint64_t last = std::min(first + kResealBatch, total);
      for (std::uint64_t i = first; i < last; ++i) {
        if (!raw->read_page(i, page.data())) return internal_error("cannot read page " + std::to_string(i + 1) + " of " + path);
        auto id = sealed_key_id(page.data());
        if (id == target_key_id) continue;
        auto key = keyring->find(id);
        PagePlace place{name, FileKind::Database, i + 1};
        if (!key || !open_page(page.data(), *key, place))
          return internal_error("page " + std::to_string(i + 1) + " of " + path + " does not open with its key");
        seal_page(page.data(), *target, place);
        if (!raw->write_page(i, page.data())) return internal_error("cannot write page " + std::to_string(i + 1) + " of " + path);
      }
    }
    if (progress) progress(std::min(first + kResealBatch, total), total);
  }
  if (!raw->sync()) return internal_error("cannot sync " + path);
  return ok_status();
}

}  // namespace muster::store::sqlite
