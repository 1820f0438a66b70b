// The clock that session lifetimes and idle timeouts are measured by: the real one, plus — in
// tests only (the hidden --test-session-clock-file) — an offset in seconds read from a file, so an
// integration test can let hours pass while the server runs.
#pragma once
#include <string>

#include "core/clock.hpp"

namespace muster::app {

class SessionClock {
 public:
  SessionClock() = default;
  explicit SessionClock(std::string offset_file) : offset_file_(std::move(offset_file)) {}
  UnixSeconds now() const;

 private:
  std::string offset_file_;
};

}  // namespace muster::app
