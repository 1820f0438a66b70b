#include "realtime/hub.hpp"

#include <algorithm>
#include <chrono>

namespace muster::realtime {

LocalHub::LocalHub()
    : epoch_(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count() *
             1'000'000) {}

LocalHub::PersonStream& LocalHub::stream(const std::string& person_id) {
  auto [it, fresh] = streams_.try_emplace(person_id);
  if (fresh) it->second.seq = epoch_;
  return it->second;
}

std::int64_t LocalHub::attach(const std::string& person_id, const std::string& session_id,
                              std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  auto& s = stream(person_id);
  s.links.push_back({session_id, std::move(connection)});
  return s.seq;
}

void LocalHub::detach(const std::string& session_id, const Connection* connection) {
  std::lock_guard lock(mutex_);
  for (auto& [_, s] : streams_)
    std::erase_if(s.links, [&](const Link& l) {
      auto live = l.connection.lock();
      return !live || (l.session_id == session_id && live.get() == connection);
    });
}

// Collect under the lock, close outside it: close() posts to each connection's own strand.
void LocalHub::close_session(const std::string& session_id) {
  std::vector<std::shared_ptr<Connection>> doomed;
  {
    std::lock_guard lock(mutex_);
    for (auto& [_, s] : streams_) {
      for (auto& l : s.links)
        if (l.session_id == session_id)
          if (auto c = l.connection.lock()) doomed.push_back(std::move(c));
      std::erase_if(s.links, [&](const Link& l) { return l.session_id == session_id; });
    }
  }
  for (auto& c : doomed) c->close(kCloseSessionEnded, "session_ended");
}

void LocalHub::close_person(const std::string& person_id) {
  std::vector<std::shared_ptr<Connection>> doomed;
  {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(person_id);
    if (it == streams_.end()) return;
    for (auto& l : it->second.links)
      if (auto c = l.connection.lock()) doomed.push_back(std::move(c));
    it->second.links.clear();
  }
  for (auto& c : doomed) c->close(kCloseSessionEnded, "session_ended");
}

// Delivery happens under the lock on purpose: deliver() only posts to a strand (cheap), and
// posting in numbering order keeps every connection's events in sequence.
void LocalHub::publish(const std::vector<std::string>& person_ids, SharedText event) {
  std::lock_guard lock(mutex_);
  for (const auto& person : person_ids) {
    auto& s = stream(person);
    auto seq = ++s.seq;
    s.recent.emplace_back(seq, event);
    if (s.recent.size() > kReplayBuffer) s.recent.pop_front();
    for (auto& l : s.links)
      if (auto c = l.connection.lock()) c->deliver(seq, event);
  }
}

void LocalHub::publish_ephemeral(const std::vector<std::string>& person_ids, SharedText event) {
  std::lock_guard lock(mutex_);
  for (const auto& person : person_ids) {
    auto it = streams_.find(person);
    if (it == streams_.end()) continue;
    for (auto& l : it->second.links)
      if (auto c = l.connection.lock()) c->deliver(0, event);
  }
}

Replay LocalHub::replay(const std::string& person_id, std::int64_t after, std::int64_t up_to) {
  std::lock_guard lock(mutex_);
  Replay out;
  auto& s = stream(person_id);
  if (after > s.seq || after < epoch_) return out;
  std::int64_t oldest = s.recent.empty() ? s.seq + 1 : s.recent.front().first;
  if (after + 1 < oldest && after < up_to) return out;  // the gap fell out of the buffer
  for (const auto& [seq, event] : s.recent)
    if (seq > after && seq <= up_to) out.events.emplace_back(seq, event);
  out.complete = true;
  return out;
}

size_t LocalHub::connection_count() {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (auto& [_, s] : streams_) n += s.links.size();
  return n;
}

}  // namespace muster::realtime
