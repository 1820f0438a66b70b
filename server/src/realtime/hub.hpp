// Who is connected, and the per-person event stream. The app layer publishes events after commit;
// the hub numbers them per person (one sequence across all of a person's devices), keeps a short
// replay buffer for resuming, and hands each event, serialized once, to every live connection.
// A NATS bridge will implement the same interface for several server processes.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/mutex.hpp"

namespace muster::realtime {

using SharedText = std::shared_ptr<const std::string>;

// One live client connection (a WebSocket today). Thread-safe: may be called from any thread,
// and must not block (it queues on the connection's own strand).
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void close(int code, std::string reason) = 0;
  // seq 0: an ephemeral event (typing) that is not numbered or replayed.
  virtual void deliver(std::int64_t seq, SharedText event) = 0;
};

// Close codes the clients understand.
inline constexpr int kCloseSessionEnded = 4001;
inline constexpr int kCloseTooSlow = 4008;
// The session was ended with "end and erase": the device erases what it keeps, then signs out.
inline constexpr int kCloseSessionErased = 4011;

struct Replay {
  bool complete = false;  // false: too much was missed, the client must resynchronize
  std::vector<std::pair<std::int64_t, SharedText>> events;
};

class Hub {
 public:
  virtual ~Hub() = default;
  // Registers a connection; returns the person's current sequence (events after it arrive live).
  virtual std::int64_t attach(const std::string& person_id, const std::string& session_id,
                              std::weak_ptr<Connection> connection) = 0;
  virtual void detach(const std::string& person_id, const std::string& session_id, const Connection* connection) = 0;
  virtual void close_session(const std::string& session_id) = 0;
  virtual void close_person(const std::string& person_id) = 0;
  // Like close_session, with the close code that tells the device to erase its local data.
  virtual void erase_session(const std::string& session_id) { close_session(session_id); }
  // Numbers `event` for each recipient and delivers it to their connections.
  virtual void publish(const std::vector<std::string>& person_ids, SharedText event) = 0;
  // Not numbered, not replayed (typing indicators).
  virtual void publish_ephemeral(const std::vector<std::string>& person_ids, SharedText event) = 0;
  // Events with after < seq <= up_to, if all are still buffered.
  virtual Replay replay(const std::string& person_id, std::int64_t after, std::int64_t up_to) = 0;
  // `connection` wants presence changes of these people (replacing what it watched before);
  // returns those of them online now.
  virtual std::vector<std::string> watch_presence(const Connection* connection, std::weak_ptr<Connection> weak,
                                                  const std::vector<std::string>& person_ids) = 0;
  virtual bool online(const std::string& person_id) = 0;
};

// The hub of a single server process.
class LocalHub final : public Hub {
 public:
  static constexpr size_t kReplayBuffer = 1024;

  LocalHub();
  std::int64_t attach(const std::string& person_id, const std::string& session_id,
                      std::weak_ptr<Connection> connection) override;
  void detach(const std::string& person_id, const std::string& session_id, const Connection* connection) override;
  void close_session(const std::string& session_id) override;
  void close_person(const std::string& person_id) override;
  void erase_session(const std::string& session_id) override;
  void publish(const std::vector<std::string>& person_ids, SharedText event) override;
  void publish_ephemeral(const std::vector<std::string>& person_ids, SharedText event) override;
  Replay replay(const std::string& person_id, std::int64_t after, std::int64_t up_to) override;
  std::vector<std::string> watch_presence(const Connection* connection, std::weak_ptr<Connection> weak,
                                          const std::vector<std::string>& person_ids) override;
  bool online(const std::string& person_id) override;

 private:
  void close_links(const std::string& session_id, int code, const char* reason);

  struct Link {
    std::string session_id;
    std::weak_ptr<Connection> connection;
  };
  struct PersonStream {
    std::int64_t seq = 0;
    std::deque<std::pair<std::int64_t, SharedText>> recent;  // the replay buffer
    std::vector<Link> links;
    std::int64_t last_connected = 0;  // steady seconds; offline for long: no replay buffer kept
  };
  // Holds the hub's lock. Connections taken from weak pointers while it is held are kept alive
  // until after it is released, so a connection's destructor (which detaches from the hub) never
  // runs under the lock.
  class SCOPED_CAPABILITY Guard {
   public:
    explicit Guard(Mutex& mutex) ACQUIRE(mutex) : lock_(mutex) {}
    ~Guard() RELEASE() {
      lock_.unlock();
      keep_.clear();
    }
    std::shared_ptr<Connection> live(const std::weak_ptr<Connection>& weak) {
      auto connection = weak.lock();
      if (connection) keep_.push_back(connection);
      return connection;
    }

   private:
    MutexLock lock_;
    std::vector<std::shared_ptr<Connection>> keep_;
  };

  PersonStream& stream(const std::string& person_id) REQUIRES(mutex_);
  // Tells the watchers of `person_id` that they came online or went offline.
  void announce_presence(Guard& guard, const std::string& person_id, bool online) REQUIRES(mutex_);
  void forget_watcher(const Connection* connection) REQUIRES(mutex_);

  // A person gone longer than this resynchronizes on return; their buffer is not worth the memory.
  static constexpr std::int64_t kReplayGraceSeconds = 300;

  // Sequences start from the process start time (ms x 1000, below 2^53 so JavaScript reads them
  // exactly), so a client resuming with a number from an earlier run is told to resynchronize.
  const std::int64_t epoch_;
  Mutex mutex_;
  std::unordered_map<std::string, PersonStream> streams_ GUARDED_BY(mutex_);
  // Presence: watched person -> connections watching; connection -> people it watches.
  std::unordered_map<std::string, std::vector<std::pair<const Connection*, std::weak_ptr<Connection>>>>
      watchers_ GUARDED_BY(mutex_);
  std::unordered_map<const Connection*, std::vector<std::string>> watching_ GUARDED_BY(mutex_);
};

}  // namespace muster::realtime
