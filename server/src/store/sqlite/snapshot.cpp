#include "store/sqlite/snapshot.hpp"

#include <sqlite3.h>
#include <sodium.h>

#include <cstdio>
#include <memory>

#include "store/sqlite/encrypted_vfs.hpp"

namespace muster::store::sqlite {

namespace fs = std::filesystem;

namespace {

using Handle = std::unique_ptr<sqlite3, int (*)(sqlite3*)>;

Result<Handle> open(const std::string& uri, int flags, const char* vfs) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(uri.c_str(), &raw, flags | SQLITE_OPEN_URI, vfs);
  Handle db(raw, &sqlite3_close_v2);
  if (rc != SQLITE_OK)
    return Error{ErrorCode::Unavailable, std::string("cannot open the database: ") + (raw ? sqlite3_errmsg(raw) : "out of memory")};
  sqlite3_busy_timeout(db.get(), 10000);
  return db;
}

std::string uri_of(const fs::path& path, const char* query) {
  // Percent-encode what a URI path cannot hold literally.
  std::string out = "file:";
  for (unsigned char c : fs::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + query;
}

}  // namespace

Result<std::unique_ptr<DatabaseSnapshot>> DatabaseSnapshot::take(const fs::path& data_dir,
                                                                 std::shared_ptr<crypto::Keyring> keyring) {
  fs::path source = data_dir / "muster.db";
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) return not_found("No database in " + data_dir.string() + ".");
  unsigned char random[8];
  randombytes_buf(random, sizeof random);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, random, sizeof random);
  const char* vfs = keyring ? kEncryptedVfs : nullptr;
  std::unique_ptr<DatabaseSnapshot> snapshot(
      new DatabaseSnapshot(data_dir / ("muster.backup-" + std::string(hex) + ".db"), vfs));
  if (keyring) {
    TRY(use_encryption_keys(fs::absolute(source).string(), keyring));
    TRY(use_encryption_keys(fs::absolute(snapshot->path_).string(), keyring));
  }
  // Read-write without create: a reader of a WAL database needs the shared-memory index, and this
  // must never make a database where there was none.
  ASSIGN_OR_RETURN(auto db, open(uri_of(source, ""), SQLITE_OPEN_READWRITE, vfs));
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "VACUUM INTO ?1", -1, &stmt, nullptr) != SQLITE_OK)
    return Error{ErrorCode::Unavailable, std::string("cannot copy the database: ") + sqlite3_errmsg(db.get())};
  std::string target = snapshot->path_.string();
  sqlite3_bind_text(stmt, 1, target.c_str(), static_cast<int>(target.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE)
    return Error{ErrorCode::Unavailable, std::string("cannot copy the database: ") + sqlite3_errmsg(db.get())};
  return snapshot;
}

DatabaseSnapshot::~DatabaseSnapshot() {
  std::error_code ec;
  fs::remove(path_, ec);
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(path_.string() + suffix, ec);
}

Result<std::vector<std::string>> DatabaseSnapshot::file_keys() const {
  // immutable: the copy is no one else's, so no locks, no WAL and no side files.
  ASSIGN_OR_RETURN(auto db, open(uri_of(path_, "?immutable=1"), SQLITE_OPEN_READONLY, vfs_));
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "SELECT id, has_thumbnail, has_voice_copy FROM attachments ORDER BY id", -1, &stmt, nullptr) != SQLITE_OK)
    return Error{ErrorCode::Unavailable, std::string("cannot read the database copy: ") + sqlite3_errmsg(db.get())};
  std::vector<std::string> keys;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::string id(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    keys.push_back(id);
    if (sqlite3_column_int(stmt, 1) != 0) keys.push_back(id + ".thumb");
    if (sqlite3_column_int(stmt, 2) != 0) keys.push_back(id + ".mp3");
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE)
    return Error{ErrorCode::Unavailable, std::string("cannot read the database copy: ") + sqlite3_errmsg(db.get())};
  return keys;
}

}  // namespace muster::store::sqlite
