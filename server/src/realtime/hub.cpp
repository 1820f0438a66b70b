#include "realtime/hub.hpp"

#include <algorithm>
#include <chrono>
#include <string>

namespace muster::realtime {

LocalHub::LocalHub()
    : epoch_(std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count() *
             1'000) {}

namespace {
std::int64_t steady_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
SharedText presence_event(const std::string& person_id, bool online) {
  return std::make_shared<const std::string>(R"({"kind":"presence","person_id":")" + person_id +
                                             R"(","online":)" + (online ? "true" : "false") + "}");
}
}  // namespace

LocalHub::PersonStream& LocalHub::stream(const std::string& person_id) {
  auto [it, fresh] = streams_.try_emplace(person_id);
  if (fresh) it->second.seq = epoch_;
  return it->second;
}

std::int64_t LocalHub::attach(const std::string& person_id, const std::string& session_id,
                              std::weak_ptr<Connection> connection) {
  Guard guard(mutex_);
  auto& s = stream(person_id);
  bool was_offline = s.links.empty();
  s.links.push_back({session_id, std::move(connection)});
  s.last_connected = steady_seconds();
  if (was_offline) announce_presence(guard, person_id, true);
  return s.seq;
}

void LocalHub::announce_presence(Guard& guard, const std::string& person_id, bool online) {
  auto it = watchers_.find(person_id);
  if (it == watchers_.end()) return;
  auto event = presence_event(person_id, online);
  for (auto& [_, weak] : it->second)
    if (auto c = guard.live(weak)) c->deliver(0, event);
}

void LocalHub::forget_watcher(const Connection* connection) {
  auto it = watching_.find(connection);
  if (it == watching_.end()) return;
  for (const auto& person : it->second) {
    auto w = watchers_.find(person);
    if (w == watchers_.end()) continue;
    std::erase_if(w->second, [&](const auto& entry) { return entry.first == connection; });
    if (w->second.empty()) watchers_.erase(w);
  }
  watching_.erase(it);
}

std::vector<std::string> LocalHub::watch_presence(const Connection* connection, std::weak_ptr<Connection> weak,
                                                  const std::vector<std::string>& person_ids) {
  Guard guard(mutex_);
  forget_watcher(connection);
  std::vector<std::string> online_now;
  for (const auto& person : person_ids) {
    watchers_[person].emplace_back(connection, weak);
    auto it = streams_.find(person);
    if (it != streams_.end() && !it->second.links.empty()) online_now.push_back(person);
  }
  watching_[connection] = person_ids;
  return online_now;
}

bool LocalHub::online(const std::string& person_id) {
  Guard guard(mutex_);
  auto it = streams_.find(person_id);
  return it != streams_.end() && !it->second.links.empty();
}

void LocalHub::detach(const std::string& person_id, const std::string& session_id, const Connection* connection) {
  Guard guard(mutex_);
  forget_watcher(connection);
  auto it = streams_.find(person_id);
  if (it == streams_.end() || it->second.links.empty()) return;
  auto& s = it->second;
  std::erase_if(s.links, [&](const Link& l) {
    auto live = guard.live(l.connection);
    return !live || (l.session_id == session_id && live.get() == connection);
  });
  if (s.links.empty()) {
    s.last_connected = steady_seconds();
    announce_presence(guard, person_id, false);
  }
}

// Collect under the lock, close outside it: close() posts to each connection's own strand.
void LocalHub::close_session(const std::string& session_id) { close_links(session_id, kCloseSessionEnded, "session_ended"); }

void LocalHub::erase_session(const std::string& session_id) { close_links(session_id, kCloseSessionErased, "session_erased"); }

void LocalHub::close_links(const std::string& session_id, int code, const char* reason) {
  std::vector<std::shared_ptr<Connection>> doomed;
  {
    Guard guard(mutex_);
    for (auto& [person, s] : streams_) {
      if (s.links.empty()) continue;
      for (auto& l : s.links)
        if (l.session_id == session_id)
          if (auto c = guard.live(l.connection)) doomed.push_back(std::move(c));
      std::erase_if(s.links, [&](const Link& l) { return l.session_id == session_id; });
      if (s.links.empty()) announce_presence(guard, person, false);
    }
  }
  for (auto& c : doomed) c->close(code, reason);
}

void LocalHub::close_person(const std::string& person_id) {
  std::vector<std::shared_ptr<Connection>> doomed;
  {
    Guard guard(mutex_);
    auto it = streams_.find(person_id);
    if (it == streams_.end()) return;
    for (auto& l : it->second.links)
      if (auto c = guard.live(l.connection)) doomed.push_back(std::move(c));
    if (!it->second.links.empty()) announce_presence(guard, person_id, false);
    it->second.links.clear();
  }
  for (auto& c : doomed) c->close(kCloseSessionEnded, "session_ended");
}

// Delivery happens under the lock on purpose: deliver() only posts to a strand (cheap), and
// posting in numbering order keeps every connection's events in sequence.
void LocalHub::publish(const std::vector<std::string>& person_ids, SharedText event) {
  Guard guard(mutex_);
  auto now = steady_seconds();
  for (const auto& person : person_ids) {
    auto& s = stream(person);
    auto seq = ++s.seq;
    if (s.links.empty() && now - s.last_connected > kReplayGraceSeconds) {
      s.recent.clear();  // long gone: they resynchronize on return, so keep no buffer
    } else {
      s.recent.emplace_back(seq, event);
      if (s.recent.size() > kReplayBuffer) s.recent.pop_front();
    }
    for (auto& l : s.links)
      if (auto c = guard.live(l.connection)) c->deliver(seq, event);
  }
}

void LocalHub::publish_ephemeral(const std::vector<std::string>& person_ids, SharedText event) {
  Guard guard(mutex_);
  for (const auto& person : person_ids) {
    auto it = streams_.find(person);
    if (it == streams_.end()) continue;
    for (auto& l : it->second.links)
      if (auto c = guard.live(l.connection)) c->deliver(0, event);
  }
}

Replay LocalHub::replay(const std::string& person_id, std::int64_t after, std::int64_t up_to) {
  Guard guard(mutex_);
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

}  // namespace muster::realtime
