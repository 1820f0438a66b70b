#include "store/sqlite/plaintext_upgrade.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "store/sqlite/encrypted_vfs.hpp"
#include "store/sqlite/page_cipher.hpp"

namespace muster::store::sqlite {

namespace {

namespace fs = std::filesystem;

constexpr int kProgressEveryOps = 20000;  // VM steps between looks at the copy's size

Error io_error(const std::string& what, const std::string& path) {
  return Error{ErrorCode::Unavailable, what + " " + path + ": " + std::strerror(errno)};
}

// Overwrites the whole file behind `fd` with zeros and syncs it.
Status overwrite_fd(int fd, const std::string& path) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return io_error("cannot stat", path);
  std::vector<char> zeros(1 << 20, 0);
  for (off_t done = 0; done < st.st_size;) {
    auto n = static_cast<size_t>(std::min<off_t>(st.st_size - done, static_cast<off_t>(zeros.size())));
    ssize_t w = pwrite(fd, zeros.data(), n, done);
    if (w <= 0) return io_error("cannot overwrite", path);
    done += w;
  }
  if (fsync(fd) != 0) return io_error("cannot sync", path);
  return ok_status();
}

Status sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return io_error("cannot open directory", dir.string());
  int rc = fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot sync directory", dir.string());
  return ok_status();
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  return stat(a.c_str(), &sa) == 0 && stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

std::uint64_t file_size_or_zero(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

// "file:" URI of `path` through the encrypting VFS.
std::string encrypted_uri(const std::string& path) {
  std::string out = "file:";
  for (char ch : path) {
    if (ch == '%' || ch == '?' || ch == '#') {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(ch));
      out += hex;
    } else {
      out += ch;
    }
  }
  return out + "?vfs=" + kEncryptedVfs;
}

struct CopyProgress {
  const ByteProgress* report;
  std::string target;
  std::uint64_t total;
};

int on_progress(void* arg) {
  auto* p = static_cast<CopyProgress*>(arg);
  if (*p->report) (*p->report)(std::min(file_size_or_zero(p->target), p->total), p->total);
  return 0;
}

// Copies the plaintext database at `path` into a new encrypted file at `target`. The plaintext
// connection closes before this returns, and the descriptors in `keep_open` still reach its -wal
// and -shm after SQLite has removed them, so their content can be overwritten.
Status copy_encrypted(const std::string& path, const std::string& target, const ByteProgress& progress,
                      std::vector<std::pair<int, std::string>>& keep_open) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{ErrorCode::Unavailable, "cannot open " + path + ": " + msg};
  }
  sqlite3_busy_timeout(db, 5000);
  auto fail = [&](const std::string& what) {
    Error e{ErrorCode::Unavailable, what + " " + path + ": " + sqlite3_errmsg(db)};
    sqlite3_close(db);
    return e;
  };
  if (sqlite3_exec(db, "PRAGMA temp_store=MEMORY; SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) != SQLITE_OK)
    return fail("cannot read");
  for (const char* suffix : {"-wal", "-shm"}) {
    std::string side = path + suffix;
    int fd = ::open(side.c_str(), O_RDWR);
    if (fd >= 0) keep_open.emplace_back(fd, side);
  }
  // The copy keeps the source's page size and takes the reserve this asks for (SQLite remembers
  // the wish even though the source's own layout is fixed).
  sqlite3_stmt* stmt = nullptr;
  int page_size = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
    page_size = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  if (page_size != static_cast<int>(kPageSize))
    return fail("page size " + std::to_string(page_size) + " (4096 needed to encrypt) in");
  int reserve = static_cast<int>(kReservedBytes);
  sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  CopyProgress state{&progress, target, file_size_or_zero(path) + file_size_or_zero(path + "-wal")};
  sqlite3_progress_handler(db, kProgressEveryOps, on_progress, &state);
  if (sqlite3_prepare_v2(db, "VACUUM INTO ?1", -1, &stmt, nullptr) != SQLITE_OK) return fail("cannot copy");
  std::string uri = encrypted_uri(target);
  sqlite3_bind_text(stmt, 1, uri.c_str(), -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return fail("cannot encrypt");
  sqlite3_progress_handler(db, 0, nullptr, nullptr);
  if (sqlite3_close(db) != SQLITE_OK) return Error{ErrorCode::Unavailable, "cannot close " + path};
  if (progress) progress(state.total, state.total);
  return ok_status();
}

Status sync_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR);
  if (fd < 0) return io_error("cannot open", path);
  int rc = fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot sync", path);
  return ok_status();
}

}  // namespace

Status shred_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY);
  if (fd < 0) return errno == ENOENT ? ok_status() : io_error("cannot open", path);
  auto status = overwrite_fd(fd, path);
  ::close(fd);
  TRY(status);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return io_error("cannot remove", path);
  return sync_directory(fs::path(path).parent_path());
}

Status encrypt_plaintext_database(const std::string& path, std::shared_ptr<crypto::Keyring> keyring,
                                  const ByteProgress& progress) {
  const std::string target = path + ".encrypting";  // same database name: pages bound to "muster"
  const std::string old = path + ".plaintext-old";
  // An earlier run stopped after the swap: `old` is the plaintext's last name. Before the swap it
  // is a second name of the plaintext itself, which stays.
  if (fs::exists(old)) {
    if (same_file(old, path)) {
      if (::unlink(old.c_str()) != 0) return io_error("cannot remove", old);
    } else {
      TRY(shred_file(old));
    }
  }
  if (!is_plaintext_database(path)) return ok_status();
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    std::error_code ec;
    fs::remove(target + suffix, ec);  // an unfinished copy: encrypted, so a plain removal
  }
  TRY(use_encryption_keys(target, keyring));
  std::vector<std::pair<int, std::string>> sidecars;
  auto copied = copy_encrypted(path, target, progress, sidecars);
  // Closing the last connection checkpoints the -wal into the database and removes it; a -wal
  // still there holds commits the file lacks (another process has it open): keep it.
  bool released = copied.ok() && !fs::exists(path + "-wal");
  Status wiped = ok_status();
  for (auto& [fd, name] : sidecars) {
    if (released && wiped.ok()) wiped = overwrite_fd(fd, name);  // what the descriptor still reaches
    ::close(fd);
  }
  TRY(copied);
  if (!released) return Error{ErrorCode::Unavailable, path + " is in use by another process"};
  TRY(wiped);
  TRY(shred_file(path + "-shm"));  // if SQLite kept it
  TRY(sync_file(target));
  TRY(check_database_key(target, *keyring));
  // The swap: `old` keeps the plaintext reachable until the encrypted file has taken its name.
  if (::link(path.c_str(), old.c_str()) != 0) return io_error("cannot link", path);
  if (::rename(target.c_str(), path.c_str()) != 0) return io_error("cannot rename", target);
  TRY(sync_directory(fs::path(path).parent_path()));
  return shred_file(old);
}

}  // namespace muster::store::sqlite
