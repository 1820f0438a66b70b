#include "transport/ws/pacer.hpp"

namespace muster::transport {

void WsPacer::defer(std::shared_ptr<Paced> socket) {
  {
    MutexLock lock(mutex_);
    if (!stopped_) {
      waiting_.push_back(std::move(socket));
      if (std::exchange(armed_, true)) return;
      timer_.expires_after(gap_);
      timer_.async_wait([this](beast::error_code ec) {
        if (!ec) tick();
      });
      return;
    }
  }
  socket->resume_paced();  // shutting down: nothing to wait for
}

void WsPacer::tick() {
  std::vector<std::shared_ptr<Paced>> due;
  {
    MutexLock lock(mutex_);
    due.swap(waiting_);
    armed_ = false;
  }
  for (auto& socket : due) socket->resume_paced();
}

void WsPacer::stop() {
  std::vector<std::shared_ptr<Paced>> due;
  {
    MutexLock lock(mutex_);
    stopped_ = true;
    due.swap(waiting_);
    timer_.cancel();
  }
  for (auto& socket : due) socket->resume_paced();
}

}  // namespace muster::transport
