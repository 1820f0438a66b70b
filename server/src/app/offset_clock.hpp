// A clock that tests can move: the real one, plus — in tests only (the hidden
// --test-session-clock-file and --test-attention-clock-file) — an offset in seconds read from a
// file at each use, so an integration test can let hours pass while the server runs. Session
// lifetimes and idle timeouts, and working hours and digests, are measured by one each.
#pragma once
#include <string>

#include "core/clock.hpp"

namespace muster::app {

class OffsetClock {
 public:
  OffsetClock() = default;
  explicit OffsetClock(std::string offset_file) : offset_file_(std::move(offset_file)) {}
  UnixSeconds now() const;

 private:
  std::string offset_file_;
};

}  // namespace muster::app
