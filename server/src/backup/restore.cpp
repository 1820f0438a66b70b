// Restore: into a staging folder beside the target, renamed into place only after the whole
// backup was read and its manifest checked.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "backup/backup.hpp"

namespace muster::backup {

namespace fs = std::filesystem;

namespace {

// A file entry's name: "files/" then plain path components (no "..", no absolute path).
bool safe_file_name(const std::string& name) {
  if (!name.starts_with("files/") || name.size() > 300) return false;
  fs::path p(name);
  for (const auto& part : p) {
    auto s = part.string();
    if (s.empty() || s == "." || s == ".." || s.front() == '.') return false;
    for (char c : s)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

Status sync_path(const fs::path& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return Error{ErrorCode::Unavailable, "Cannot open " + path.string() + ": " + std::strerror(errno)};
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Error{ErrorCode::Unavailable, "Cannot sync " + path.string() + ": " + std::strerror(errno)};
  return ok_status();
}

class StagingSink final : public BackupSink {
 public:
  explicit StagingSink(fs::path root) : root_(std::move(root)) {}
  ~StagingSink() override {
    if (out_) std::fclose(out_);
  }

  Status begin_entry(const std::string& kind, const std::string& name) override {
    keyring_ = kind == kKeyringEntry;
    if (keyring_) return ok_status();
    fs::path target;
    if (kind == kDatabaseEntry && name == "muster.db") target = root_ / name;
    else if (kind == kFileEntry && safe_file_name(name)) target = root_ / name;
    else return invalid("The backup is damaged: entry '" + name + "' cannot be restored.");
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    out_ = std::fopen(target.c_str(), "wbx");
    if (!out_) return Error{ErrorCode::Unavailable, "Cannot create " + target.string() + ": " + std::strerror(errno)};
    ::fchmod(::fileno(out_), 0640);
    return ok_status();
  }

  Status data(std::string_view bytes) override {
    if (keyring_) {
      keyring_bytes_.append(bytes);
      return ok_status();
    }
    if (std::fwrite(bytes.data(), 1, bytes.size(), out_) != bytes.size())
      return Error{ErrorCode::Unavailable, std::string("Cannot write the restored data: ") + std::strerror(errno)};
    return ok_status();
  }

  Status end_entry() override {
    if (keyring_) return ok_status();
    bool ok = std::fflush(out_) == 0 && ::fsync(::fileno(out_)) == 0;
    ok = std::fclose(out_) == 0 && ok;
    out_ = nullptr;
    if (!ok) return Error{ErrorCode::Unavailable, std::string("Cannot write the restored data: ") + std::strerror(errno)};
    if (++entries_ % 500 == 0 && progress_) progress_("restored " + std::to_string(entries_) + " entries");
    return ok_status();
  }

  std::string& keyring_bytes() { return keyring_bytes_; }
  Progress progress_;

 private:
  fs::path root_;
  std::FILE* out_ = nullptr;
  bool keyring_ = false;
  std::string keyring_bytes_;
  size_t entries_ = 0;
};

// Removes the staging folder unless released.
struct StagingGuard {
  fs::path path;
  bool keep = false;
  ~StagingGuard() {
    std::error_code ec;
    if (!keep) fs::remove_all(path, ec);
  }
};

}  // namespace

Result<BackupSummary> restore_backup(const RestoreOptions& options, const BackupSecret& secret) {
  fs::path target = fs::absolute(options.data_dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) return conflict(target.string() + " exists and is not a directory.");
    if (!fs::is_empty(target, ec))
      return conflict("Refusing to restore into " + target.string() +
                      ": it is not empty. Restore into a new or empty directory.");
  }
  fs::create_directories(target.parent_path(), ec);
  StagingGuard staging{target.parent_path() / ("." + target.filename().string() + ".restore-" + std::to_string(::getpid()))};
  fs::remove_all(staging.path, ec);
  if (!fs::create_directory(staging.path, ec))
    return Error{ErrorCode::Unavailable, "Cannot create " + staging.path.string() + ": " + ec.message()};
  fs::permissions(staging.path, fs::perms::owner_all, ec);

  StagingSink sink(staging.path);
  sink.progress_ = options.progress;
  if (options.progress) options.progress("reading and checking the backup");
  ASSIGN_OR_RETURN(auto summary, read_backup(options.backup, secret, &sink));
  if (summary.has_keyring) {
    if (!options.write_keyring)
      return invalid("This backup holds encryption keys, and no master key was given to protect them.");
    ASSIGN_OR_RETURN(auto keys, decode_keyring(sink.keyring_bytes()));
    sodium_memzero(sink.keyring_bytes().data(), sink.keyring_bytes().size());
    TRY(options.write_keyring(staging.path, *keys));
  }
  for (auto it = fs::recursive_directory_iterator(staging.path, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_directory()) TRY(sync_path(it->path(), true));
  TRY(sync_path(staging.path, true));
  // rename(2) replaces an empty directory; a directory that was filled meanwhile makes it fail.
  if (::rename(staging.path.c_str(), target.c_str()) != 0)
    return conflict("Cannot move the restored data to " + target.string() + ": " + std::strerror(errno));
  staging.keep = true;
  TRY(sync_path(target.parent_path(), true));
  return summary;
}

}  // namespace muster::backup
