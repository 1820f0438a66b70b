#include "realtime/hub.hpp"

namespace muster::realtime {

void LocalHub::attach(const std::string& person_id, const std::string& session_id,
                      std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  by_session_.emplace(session_id, Entry{person_id, session_id, std::move(connection)});
}

void LocalHub::detach(const std::string& session_id, const Connection* connection) {
  std::lock_guard lock(mutex_);
  auto [begin, end] = by_session_.equal_range(session_id);
  for (auto it = begin; it != end; ++it) {
    auto live = it->second.connection.lock();
    if (!live || live.get() == connection) {
      by_session_.erase(it);
      return;
    }
  }
}

// Collect under the lock, close outside it: close() posts to each connection's own strand.
void LocalHub::close_session(const std::string& session_id) {
  std::vector<std::shared_ptr<Connection>> doomed;
  {
    std::lock_guard lock(mutex_);
    auto [begin, end] = by_session_.equal_range(session_id);
    for (auto it = begin; it != end; ++it)
      if (auto c = it->second.connection.lock()) doomed.push_back(std::move(c));
    by_session_.erase(session_id);
  }
  for (auto& c : doomed) c->close(kCloseSessionEnded, "session_ended");
}

void LocalHub::close_person(const std::string& person_id) {
  std::vector<std::shared_ptr<Connection>> doomed;
  {
    std::lock_guard lock(mutex_);
    for (auto it = by_session_.begin(); it != by_session_.end();) {
      if (it->second.person_id == person_id) {
        if (auto c = it->second.connection.lock()) doomed.push_back(std::move(c));
        it = by_session_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& c : doomed) c->close(kCloseSessionEnded, "session_ended");
}

size_t LocalHub::connection_count() {
  std::lock_guard lock(mutex_);
  return by_session_.size();
}

}  // namespace muster::realtime
