#include "store/storage_health.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <spdlog/spdlog.h>

namespace muster::store {

Error StorageHealth::out_of_space(std::string_view cause) {
  if (!full_.exchange(true)) spdlog::error("storage full: writes fail until space is freed cause=\"{}\"", cause);
  return Error{ErrorCode::Unavailable, std::string(kDiskFull)};
}

void StorageHealth::wrote() {
  if (full_.load(std::memory_order_relaxed) && full_.exchange(false)) spdlog::info("storage writable again");
}

StorageHealth& storage_health() {
  static StorageHealth health;
  return health;
}

bool is_out_of_space(int err) { return err == ENOSPC || err == EDQUOT; }

bool space_probe(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  static const std::string kBlock(64 * 1024, '\0');
  bool ok = ::write(fd, kBlock.data(), kBlock.size()) == static_cast<ssize_t>(kBlock.size()) && ::fsync(fd) == 0;
  ::close(fd);
  ::unlink(file.c_str());
  return ok;
}

}  // namespace muster::store
