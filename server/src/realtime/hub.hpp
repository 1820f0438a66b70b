// Who is connected right now. The app layer asks the hub to cut a session or a person off;
// transports register their live connections. Later issues route events through it, and a NATS
// bridge will share it across server processes: keep it an interface.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace muster::realtime {

// One live client connection (a WebSocket today). Thread-safe: close() may be called from any thread.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void close(int code, std::string reason) = 0;
};

// Close codes the clients understand.
inline constexpr int kCloseSessionEnded = 4001;

class Hub {
 public:
  virtual ~Hub() = default;
  virtual void attach(const std::string& person_id, const std::string& session_id,
                      std::weak_ptr<Connection> connection) = 0;
  virtual void detach(const std::string& session_id, const Connection* connection) = 0;
  virtual void close_session(const std::string& session_id) = 0;
  virtual void close_person(const std::string& person_id) = 0;
  virtual size_t connection_count() = 0;
};

// The hub of a single server process.
class LocalHub final : public Hub {
 public:
  void attach(const std::string& person_id, const std::string& session_id,
              std::weak_ptr<Connection> connection) override;
  void detach(const std::string& session_id, const Connection* connection) override;
  void close_session(const std::string& session_id) override;
  void close_person(const std::string& person_id) override;
  size_t connection_count() override;

 private:
  struct Entry {
    std::string person_id;
    std::string session_id;
    std::weak_ptr<Connection> connection;
  };
  std::mutex mutex_;
  std::unordered_multimap<std::string, Entry> by_session_;  // guarded by mutex_
};

}  // namespace muster::realtime
