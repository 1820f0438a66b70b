// A consistent copy of a live muster.db for backups, taken by any process while the server
// serves (WAL: the copy is one read transaction, and the writer is never held).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace muster::store::sqlite {

// The copy is removed when this goes out of scope.
class DatabaseSnapshot {
 public:
  // `VACUUM INTO <data_dir>/muster.backup-<random>.db` through `vfs` (null: SQLite's default; the
  // encrypted VFS writes the copy's pages encrypted, valid again once the copy is named muster.db).
  static Result<std::unique_ptr<DatabaseSnapshot>> take(const std::filesystem::path& data_dir, const char* vfs);
  ~DatabaseSnapshot();
  const std::filesystem::path& path() const { return path_; }
  // The file-store keys the copy refers to: every attachment and its thumbnail ("<id>.thumb").
  Result<std::vector<std::string>> file_keys(const char* vfs) const;

 private:
  explicit DatabaseSnapshot(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace muster::store::sqlite
