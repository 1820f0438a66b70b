#include "store/files/disk_file_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <utility>

#include <spdlog/spdlog.h>

#include "store/files/sealed_file.hpp"
#include "store/storage_health.hpp"

namespace muster::store::files {

namespace fs = std::filesystem;

namespace {

bool valid_key(const std::string& key) {
  if (key.empty() || key.size() > 100 || key.front() == '.') return false;
  for (char c : key)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return false;
  return true;
}

// Paths and system messages go to the log, never to a client: a full disk says so, anything else
// is a plain "could not".
Error io_error(const std::string& what, int err) {
  std::string detail = what + ": " + std::strerror(err);
  if (is_out_of_space(err)) return storage_health().out_of_space(detail);
  spdlog::warn("file store: {}", detail);
  return {ErrorCode::Unavailable, "The file could not be stored or read. Try again later."};
}

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd(std::exchange(other.fd, -1)) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// A stored file opened for reading, with its size; NotFound when there is none.
struct OpenedFile {
  Fd fd;
  std::uint64_t size;
};
Result<OpenedFile> open_for_read(const fs::path& path) {
  int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0) {
    if (errno == ENOENT) return not_found("No such file.");
    return io_error("cannot open " + path.string(), errno);
  }
  Fd fd(raw);
  struct stat st{};
  if (::fstat(fd.fd, &st) != 0) return io_error("cannot stat " + path.string(), errno);
  return OpenedFile{std::move(fd), static_cast<std::uint64_t>(st.st_size)};
}

Status write_all(int fd, std::string_view bytes, const fs::path& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error("cannot write " + path.string(), n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
  return ok_status();
}

Status read_exact(int fd, char* out, size_t n, const fs::path& path) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::read(fd, out + done, n - done);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return io_error("cannot read " + path.string(), errno);
    if (r == 0) return internal_error("The stored file is damaged or was altered.");
    done += static_cast<size_t>(r);
  }
  return ok_status();
}

// Writes `temp` through `fill`, syncs it, and renames it to `path`: a reader sees all or nothing.
Status write_and_rename(const fs::path& temp, const fs::path& path,
                        const std::function<Status(const std::function<Status(std::string_view)>&)>& fill) {
  int raw = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (raw < 0) return io_error("cannot create a file in " + temp.parent_path().string(), errno);
  Fd fd(raw);
  // Writeback of each few megabytes starts as soon as they are written, so the disk works while the
  // rest is sealed (encryption and writing overlap) and the closing fsync has little left to wait for.
  constexpr std::uint64_t kWritebackStep = 4 * 1024 * 1024;
  std::uint64_t total = 0, started = 0;
  auto written = fill([&](std::string_view piece) -> Status {
    TRY(write_all(fd.fd, piece, temp));
    total += piece.size();
    if (total - started >= kWritebackStep) {
      ::sync_file_range(fd.fd, static_cast<off_t>(started), static_cast<off_t>(total - started), SYNC_FILE_RANGE_WRITE);
      started = total;
    }
    return ok_status();
  });
  if (written.ok() && ::fsync(fd.fd) != 0) written = io_error("cannot sync " + temp.string(), errno);
  if (written.ok()) {
    int rc = ::close(fd.fd);
    fd.fd = -1;
    if (rc != 0) written = io_error("cannot write " + temp.string(), errno);
  }
  if (written.ok() && ::rename(temp.c_str(), path.c_str()) != 0) written = io_error("cannot rename to " + path.string(), errno);
  if (!written.ok()) ::unlink(temp.c_str());
  return written;
}

// Opens the sealed file at `path` (stored under `key`) and returns the asked bytes of it.
Result<std::string> read_sealed(const fs::path& path, const std::string& key, const crypto::Keyring& keyring,
                                std::uint64_t offset, std::uint64_t length) {
  ASSIGN_OR_RETURN(auto file, open_for_read(path));
  auto& fd = file.fd;
  auto size = file.size;
  if (size < kSealedHeaderBytes) return internal_error("The stored file is damaged or was altered.");
  auto opened = open_sealed(key, keyring, size - kSealedHeaderBytes,
                            [&](char* out, size_t n) { return read_exact(fd.fd, out, n, path); }, offset, length);
  if (!opened.ok() && opened.error().code == ErrorCode::Internal)
    spdlog::error("file store: {} does not open: {}", path.string(), opened.error().message);
  return opened;
}

// Bytes [offset, offset + length) of a plaintext file, read straight into the result (an
// iostream copy was 10x slower on a 50 MB file).
Result<std::string> read_plain(const fs::path& path, std::uint64_t offset, std::uint64_t length) {
  ASSIGN_OR_RETURN(auto file, open_for_read(path));
  auto& fd = file.fd;
  auto size = file.size;
  if (offset >= size) return std::string();
  std::string out(std::min(length, size - offset), '\0');
  if (::lseek(fd.fd, static_cast<off_t>(offset), SEEK_SET) < 0) return io_error("cannot seek " + path.string(), errno);
  TRY(read_exact(fd.fd, out.data(), out.size(), path));
  return out;
}

// A removal and a re-wrap of the same file must not interleave, or the re-wrap's rename would
// bring a removed file back. Striped by key so removals of other files never wait.
std::mutex& stripe(const std::string& key) {
  static std::array<std::mutex, 64> stripes;
  return stripes[std::hash<std::string>{}(key) % stripes.size()];
}

std::string unique_suffix() {
  static std::atomic<unsigned> counter{0};
  return std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

class DiskFileStore final : public FileStore {
 public:
  DiskFileStore(fs::path root, std::shared_ptr<crypto::Keyring> keyring)
      : root_(std::move(root)), keyring_(std::move(keyring)) {}

  Status put(const std::string& key, std::string_view bytes) override {
    ASSIGN_OR_RETURN(auto path, file_path(root_, key));
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return io_error("cannot create " + path.parent_path().string(), ec.value());
    fs::path temp = path.parent_path() / (".tmp-" + key + "-" + unique_suffix());
    TRY(write_and_rename(temp, path, [&](const auto& write) -> Status {
      if (!keyring_) return write(bytes);
      return seal(key, bytes, keyring_->current(), write);  // the temporary file holds ciphertext only
    }));
    storage_health().wrote();
    return ok_status();
  }

  Result<std::string> read(const std::string& key) override { return read_range(key, 0, UINT64_MAX); }

  // Not in FileStore yet: no handler serves HTTP ranges today. Sealed files support them
  // (open_sealed), so one can be added without a format change.
  Result<std::string> read_range(const std::string& key, std::uint64_t offset, std::uint64_t length) {
    ASSIGN_OR_RETURN(auto path, file_path(root_, key));
    if (keyring_) return read_sealed(path, key, *keyring_, offset, length);
    return read_plain(path, offset, length);
  }

  Status remove(const std::string& key) override {
    ASSIGN_OR_RETURN(auto path, file_path(root_, key));
    std::lock_guard lock(stripe(key));
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) return io_error("cannot remove " + path.string(), ec.value());
    return ok_status();
  }

 private:
  fs::path root_;
  std::shared_ptr<crypto::Keyring> keyring_;
};

// Every regular file under `root` (empty when there is no such folder).
std::vector<fs::path> all_files(const fs::path& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec)) out.push_back(it->path());
  return out;
}

Result<std::string> read_prefix(const fs::path& path, size_t n) {
  int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0) return io_error("cannot open " + path.string(), errno);
  Fd fd(raw);
  std::string out(n, '\0');
  ssize_t got = ::read(fd.fd, out.data(), n);
  if (got < 0) return io_error("cannot read " + path.string(), errno);
  out.resize(static_cast<size_t>(got));
  return out;
}

Result<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error("cannot open " + path.string(), ENOENT);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

// Overwrites a plaintext file's bytes with zeros and syncs them, so the plaintext does not linger
// in the blocks the rename frees.
Status zero_out(const fs::path& path, size_t size) {
  int raw = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (raw < 0) return io_error("cannot open " + path.string(), errno);
  Fd fd(raw);
  std::string zeros(std::min<size_t>(size, 1 << 20), '\0');
  for (size_t done = 0; done < size; done += zeros.size())
    TRY(write_all(fd.fd, std::string_view(zeros).substr(0, std::min(zeros.size(), size - done)), path));
  if (::fsync(fd.fd) != 0) return io_error("cannot sync " + path.string(), errno);
  return ok_status();
}

constexpr std::string_view kSealingPrefix = ".seal-";

}  // namespace

Result<fs::path> file_path(const fs::path& root, const std::string& key) {
  if (!valid_key(key)) return invalid("Not a valid file key.");
  // Fan out by the characters after the prefix ("a_"), which are random.
  auto underscore = key.find('_');
  std::string spread = underscore == std::string::npos ? key : key.substr(underscore + 1);
  while (spread.size() < 4) spread += '0';
  for (auto& c : spread) if (c == '.') c = '0';
  return root / spread.substr(0, 2) / spread.substr(2, 2) / key;
}

std::unique_ptr<FileStore> make_disk_file_store(fs::path root, std::shared_ptr<crypto::Keyring> keyring) {
  return std::make_unique<DiskFileStore>(std::move(root), std::move(keyring));
}

Result<int> seal_plaintext_files(const fs::path& root, const crypto::Keyring& keyring,
                                 const std::function<void(size_t, size_t)>& progress) {
  std::vector<fs::path> plaintext;
  for (const auto& path : all_files(root)) {
    std::string name = path.filename().string();
    if (name.starts_with(kSealingPrefix)) {
      // An interrupted sealing: finish it if the sealed copy is whole, else the original is intact.
      std::string key = name.substr(kSealingPrefix.size());
      std::error_code ec;
      auto size = fs::file_size(path, ec);
      bool whole = !ec && size >= kSealedHeaderBytes && read_sealed(path, key, keyring, 0, UINT64_MAX).ok();
      if (whole && ::rename(path.c_str(), (path.parent_path() / key).c_str()) == 0) continue;
      ::unlink(path.c_str());
    } else if (name.front() == '.') {
      ::unlink(path.c_str());  // a write that never finished (its rename never happened)
    }
  }
  for (const auto& path : all_files(root)) {
    ASSIGN_OR_RETURN(auto prefix, read_prefix(path, kSealedHeaderBytes));
    if (!looks_sealed(prefix)) plaintext.push_back(path);
  }
  int sealed = 0;
  for (const auto& path : plaintext) {
    std::string key = path.filename().string();
    ASSIGN_OR_RETURN(auto content, read_whole(path));
    fs::path temp = path.parent_path() / (std::string(kSealingPrefix) + key);
    int raw = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (raw < 0) return io_error("cannot create " + temp.string(), errno);
    {
      Fd fd(raw);
      TRY(seal(key, content, keyring.current(), [&](std::string_view piece) { return write_all(fd.fd, piece, temp); }));
      if (::fsync(fd.fd) != 0) return io_error("cannot sync " + temp.string(), errno);
    }
    TRY(zero_out(path, content.size()));
    std::fill(content.begin(), content.end(), '\0');
    if (::rename(temp.c_str(), path.c_str()) != 0) return io_error("cannot rename to " + path.string(), errno);
    ++sealed;
    if (progress) progress(static_cast<size_t>(sealed), plaintext.size());
  }
  return sealed;
}

Result<int> rewrap_files(const fs::path& root, const crypto::Keyring& keyring, const std::function<bool()>& stop) {
  auto target = keyring.current();
  int changed = 0;
  for (const auto& path : all_files(root)) {
    if (stop && stop()) break;
    std::string key = path.filename().string();
    if (key.front() == '.') continue;
    std::lock_guard lock(stripe(key));
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;  // removed meanwhile
    ASSIGN_OR_RETURN(auto header, read_prefix(path, kSealedHeaderBytes));
    auto id = sealed_key_id(header);
    if (!id.ok() || id.value() == target.id) continue;
    ASSIGN_OR_RETURN(auto fresh, rewrap_header(key, header, keyring, target));
    fs::path temp = path.parent_path() / (".rewrap-" + key + "-" + unique_suffix());
    TRY(write_and_rename(temp, path, [&](const auto& write) -> Status {
      TRY(write(fresh));
      std::ifstream in(path, std::ios::binary);
      in.seekg(static_cast<std::streamoff>(kSealedHeaderBytes));
      std::string buffer(1 << 20, '\0');
      while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        if (in.gcount() > 0) TRY(write(std::string_view(buffer.data(), static_cast<size_t>(in.gcount()))));
      }
      if (in.bad()) return io_error("cannot read " + path.string(), EIO);
      return ok_status();
    }));
    ++changed;
  }
  return changed;
}

}  // namespace muster::store::files
