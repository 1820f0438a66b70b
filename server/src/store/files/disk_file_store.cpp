#include "store/files/disk_file_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

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

class DiskFileStore final : public FileStore {
 public:
  explicit DiskFileStore(fs::path root) : root_(std::move(root)) {}

  Status put(const std::string& key, std::string_view bytes) override {
    ASSIGN_OR_RETURN(auto path, file_path(root_, key));
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return io_error("cannot create " + path.parent_path().string(), ec.value());
    static std::atomic<unsigned> counter{0};
    fs::path temp = path.parent_path() /
                    (".tmp-" + key + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return io_error("cannot create a file in " + path.parent_path().string(), errno);
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        int err = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        return io_error("cannot write " + temp.string(), err);
      }
      done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      int err = errno;
      ::unlink(temp.c_str());
      return io_error("cannot write " + temp.string(), err);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(temp.c_str());
      return io_error("cannot rename to " + path.string(), err);
    }
    storage_health().wrote();
    return ok_status();
  }

  Result<std::string> read(const std::string& key) override {
    ASSIGN_OR_RETURN(auto path, file_path(root_, key));
    std::ifstream in(path, std::ios::binary);
    if (!in) return not_found("No such file.");
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) return io_error("cannot read " + path.string(), EIO);
    return std::move(out).str();
  }

  Status remove(const std::string& key) override {
    ASSIGN_OR_RETURN(auto path, file_path(root_, key));
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) return io_error("cannot remove " + path.string(), ec.value());
    return ok_status();
  }

 private:
  fs::path root_;
};

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

std::unique_ptr<FileStore> make_disk_file_store(fs::path root) { return std::make_unique<DiskFileStore>(std::move(root)); }

}  // namespace muster::store::files
