// A consistent copy of a live muster.db for backups, taken by any process while the server
// serves (WAL: the copy is one read transaction, and the writer is never held).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/keyring.hpp"

namespace muster::store::sqlite {

// The copy is removed when this goes out of scope.
class DatabaseSnapshot {
 public:
  // `VACUUM INTO <data_dir>/muster.backup-<random>.db`; with the store's keyring through the
  // encrypting VFS, so the copy's pages are sealed (valid again once the copy is named muster.db);
  // without one (a plaintext store) through SQLite's default VFS.
  static Result<std::unique_ptr<DatabaseSnapshot>> take(const std::filesystem::path& data_dir,
                                                        std::shared_ptr<crypto::Keyring> keyring);
  ~DatabaseSnapshot();
  const std::filesystem::path& path() const { return path_; }
  // The file-store keys the copy refers to: every attachment, its thumbnail ("<id>.thumb")
  // and its voice copy ("<id>.mp3").
  Result<std::vector<std::string>> file_keys() const;

 private:
  DatabaseSnapshot(std::filesystem::path path, const char* vfs) : path_(std::move(path)), vfs_(vfs) {}
  std::filesystem::path path_;
  const char* vfs_;
};

}  // namespace muster::store::sqlite
