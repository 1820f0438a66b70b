// Whether the data directory can take writes. A full disk turns every write into a failure that
// people should understand ("the disk is full", 503) and an operator should see once (one log line
// per episode, /readyz answering 503), and it ends by itself when space returns: the next write that
// succeeds, or the readiness probe's own small write, clears it.
#pragma once
#include <atomic>
#include <filesystem>
#include <string_view>

#include "core/result.hpp"

namespace muster::store {

class StorageHealth {
 public:
  // What people are told, on every path that could not write (no paths, no SQLite text).
  static constexpr std::string_view kDiskFull =
      "The server's disk is full, so nothing was saved. Try again later; an administrator has been told.";

  // A write failed for want of space: logs `cause` (an error text, never user data) once per episode.
  // Returns the error to answer with.
  Error out_of_space(std::string_view cause);
  void wrote();  // a write succeeded: an episode is over (logged)
  bool disk_full() const { return full_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> full_ = false;
};

// One per process: every store and the file store share the disk they report on.
StorageHealth& storage_health();

// errno values that mean the disk (or the quota) is full.
bool is_out_of_space(int err);

// Writes 64 KiB to `file`, syncs and removes it: whether the disk takes writes now.
bool space_probe(const std::filesystem::path& file);

}  // namespace muster::store
