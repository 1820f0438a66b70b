// Paces busy sockets' writes. Coalescing what is queued for a socket into one write is what makes
// a busy room cheap, but on a fast link a write finishes at once, so without a pause every event
// would still cost a write of its own (and the system calls and wake-ups on both ends with it).
#pragma once
#include <chrono>
#include <memory>
#include <utility>
#include <vector>

#include "core/mutex.hpp"
#include "transport/beast.hpp"

namespace muster::transport {

// What the pacer holds back: a socket with events waiting for the next tick.
class Paced {
 public:
  virtual ~Paced() = default;
  virtual void resume_paced() = 0;  // the tick: write what waited (thread-safe, never blocks)
};

// A socket that wrote within the last `gap` leaves its next events to the pacer, which resumes it
// on its next tick: while events keep coming a socket writes about once per gap, each write
// carrying everything that arrived in between, and no event waits longer than one gap. A socket
// that has been quiet writes at once. One timer for every socket, armed only while one waits.
class WsPacer {
 public:
  using Clock = std::chrono::steady_clock;
  WsPacer(asio::io_context& io, Clock::duration gap) : timer_(io), gap_(gap) {}

  Clock::duration gap() const { return gap_; }
  void defer(std::shared_ptr<Paced> socket);  // thread-safe
  // Resumes every waiting socket now; later deferrals resume at once (shutting down).
  void stop();

 private:
  void tick();
  asio::steady_timer timer_;
  const Clock::duration gap_;
  Mutex mutex_;
  std::vector<std::shared_ptr<Paced>> waiting_ GUARDED_BY(mutex_);
  bool armed_ GUARDED_BY(mutex_) = false;
  bool stopped_ GUARDED_BY(mutex_) = false;
};

}  // namespace muster::transport
