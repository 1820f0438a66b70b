// What a backup holds, above the record stream: BEGIN (when, which version), the entries (the
// database image, attachment files, the data keys), each an ENTRY record and its DATA records,
// and the MANIFEST last (every entry's kind, name, size and BLAKE2b-256 digest, the counts, and
// the files that were gone before they could be copied). The reader checks the manifest against
// what it read, so a backup that authenticates but misses an entry is refused too.
#pragma once
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "backup/stream.hpp"

namespace muster::backup {

inline constexpr const char* kDatabaseEntry = "database";  // name: the file name in the data dir
inline constexpr const char* kFileEntry = "file";          // name: path under <data>/files/
inline constexpr const char* kKeyringEntry = "keyring";    // the raw data keys (crypto::Keyring)

struct EntryInfo {
  std::string kind;
  std::string name;
  std::uint64_t size = 0;
  std::string digest;  // BLAKE2b-256, hex
};

struct BackupSummary {
  nlohmann::json begin;
  std::vector<EntryInfo> entries;
  std::vector<std::string> missing_files;
  std::uint64_t database_bytes = 0;
  size_t files = 0;
  bool has_keyring = false;
};

// Writes `<out>.partial` and renames it to `out` on commit(); dropped uncommitted, the partial
// file is removed. Not thread-safe.
class BackupWriter {
 public:
  static Result<std::unique_ptr<BackupWriter>> create(const std::filesystem::path& out, const BackupSecret& secret,
                                                       nlohmann::json begin, std::uint32_t chunk_size = kDefaultChunk);
  ~BackupWriter();
  Status add_bytes(const std::string& kind, const std::string& name, std::string_view bytes);
  // NotFound when `path` does not exist (the caller decides whether that is fine).
  Status add_file(const std::string& kind, const std::string& name, const std::filesystem::path& path);
  void note_missing(const std::string& name) { missing_.push_back(name); }
  // Writes the manifest, seals, syncs and renames. Returns the backup's size in bytes.
  Result<std::uint64_t> commit();
  std::uint64_t bytes_written() const { return records_->bytes_written(); }

 private:
  BackupWriter() = default;
  Status begin_entry(const std::string& kind, const std::string& name);
  Status data(std::string_view bytes);
  void end_entry();

  std::filesystem::path out_, partial_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<RecordWriter> records_;
  std::vector<EntryInfo> entries_;
  std::vector<std::string> missing_;
  crypto_generichash_state hash_{};
  bool committed_ = false;
};

// Receives a backup's entries while it is read (restore writes them out). Each call may fail,
// which stops the read.
class BackupSink {
 public:
  virtual ~BackupSink() = default;
  virtual Status begin_entry(const std::string& kind, const std::string& name) = 0;
  virtual Status data(std::string_view bytes) = 0;
  virtual Status end_entry() = 0;
};

// Reads and checks a whole backup: every chunk authenticated, the records in order, the manifest
// matching every entry read, the FINAL tag present. `sink` may be null (verify only). Errors say
// what is wrong: not a backup, wrong key or passphrase, damaged (and where), truncated.
Result<BackupSummary> read_backup(const std::filesystem::path& path, const BackupSecret& secret, BackupSink* sink);

}  // namespace muster::backup
