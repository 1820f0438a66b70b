// WebSocket heartbeats from one timer for every session.
#pragma once
#include <algorithm>
#include <memory>
#include <vector>

#include "core/mutex.hpp"
#include "transport/beast.hpp"
#include "transport/ws/ws_session.hpp"

namespace muster::transport {

// Heartbeats for every session from one timer: each sweep asks each session whether it should
// ping its client or give up on it. Cheaper in memory than a timer per socket.
class WsHeartbeat {
 public:
  // Sweeps every 10 s, or more often for short timeouts (tests), so a dead peer goes in time.
  WsHeartbeat(asio::io_context& io, int idle_seconds)
      : timer_(io), idle_seconds_(idle_seconds), sweep_seconds_(std::clamp(idle_seconds / 4, 1, 10)) {}
  void add(std::weak_ptr<WsSession> session);
  void start();
  void stop() { timer_.cancel(); }

 private:
  void sweep();
  asio::steady_timer timer_;
  const int idle_seconds_;
  const int sweep_seconds_;
  Mutex mutex_;
  std::vector<std::weak_ptr<WsSession>> sessions_ GUARDED_BY(mutex_);
};

}  // namespace muster::transport
