#include "transport/ws/heartbeat.hpp"

#include <chrono>

namespace muster::transport {

void WsHeartbeat::add(std::weak_ptr<WsSession> session) {
  MutexLock lock(mutex_);
  sessions_.push_back(std::move(session));
}

void WsHeartbeat::start() {
  timer_.expires_after(std::chrono::seconds(sweep_seconds_));
  timer_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    sweep();
    start();
  });
}

void WsHeartbeat::sweep() {
  std::vector<std::shared_ptr<WsSession>> live;
  {
    MutexLock lock(mutex_);
    std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
    live.reserve(sessions_.size());
    for (const auto& weak : sessions_)
      if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  for (const auto& session : live) session->tick(now, idle_seconds_);
}

}  // namespace muster::transport
