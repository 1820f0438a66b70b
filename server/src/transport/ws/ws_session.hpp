// One WebSocket client: authenticated before the upgrade, registered with the hub, with a bounded
// outbound queue and one write in flight. Socket work runs on the session's strand; deliver() and
// close() may be called from any thread (the hub calls them under its lock, so they only queue).
//
// Memory is what bounds how many clients one process holds, so an idle session holds no buffers:
// it waits for the socket to become readable and reads into a per-thread buffer; heartbeats come
// from one sweep over all sessions (ws/heartbeat.hpp), not a timer each.
//
// The same session serves plain sockets and TLS: only reading and writing the bytes differ
// (a TLS session reads with async_read_some into a buffer of its own, since a socket's readiness
// says nothing about the bytes OpenSSL has already decrypted); queueing, pacing, heartbeats and
// flood limits are one code path.
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "app/chat_service.hpp"
#include "app/context.hpp"
#include "core/json.hpp"
#include "core/mutex.hpp"
#include "realtime/hub.hpp"
#include "transport/beast.hpp"
#include "transport/tls.hpp"
#include "transport/ws/frame.hpp"
#include "transport/ws/pacer.hpp"

namespace muster::transport {

// What the session needs from the rest of the server, for messages clients send.
struct WsServices {
  realtime::Hub& hub;
  app::ChatService& chat;  // sending and typing; it checks who may do what
  // Runs blocking work (database) off the I/O threads.
  std::function<void(std::function<void()>)> run_on_workers;
  WsPacer* pacer = nullptr;  // events to a socket that just wrote wait for its tick; none: never
  // Records that the session was used (a send or typing): the idle timeout counts from last use.
  // Called at most once a minute per socket, on a worker.
  std::function<void(const std::string& session_id)> note_use;
};

class WsSession final : public realtime::Connection, public Paced, public std::enable_shared_from_this<WsSession> {
 public:
  // A socket that falls this far behind is closed as too slow: events, and bytes (bodies are
  // shared with other sockets, but a slow one keeps them alive). Replies to the client's own
  // requests count only in bytes: a burst of requests read in one turn is answered in a burst
  // (up to kMaxSendsInFlight sends plus every refusal), and is not a sign of a slow reader.
  static constexpr size_t kMaxQueued = 1024;
  static constexpr size_t kMaxQueuedBytes = 1024 * 1024;
  static constexpr size_t kMaxBatchBytes = 256 * 1024;   // coalesced into one frame and one write
  static constexpr size_t kMaxMessage = 64 * 1024;       // what a client may send
  static constexpr std::int64_t kCloseGraceSeconds = 30;  // for the writes before a close frame
  static constexpr size_t kMaxSendsInFlight = 256;         // "send"s not yet answered, per socket
  // Every other client message (ping, typing, presence, resume, unknown kinds) draws on a token
  // bucket: a burst of kMessageBurst, refilled at kMessagesPerSecond. The web app sends a few a
  // minute; a flood beyond the bucket is dropped, with one rate_limited error a second.
  static constexpr double kMessagesPerSecond = 20;
  static constexpr double kMessageBurst = 60;

  // A plain TCP socket, or a TLS connection whose handshake is done.
  using Stream = std::variant<tcp::socket, TlsStream>;

  // `stream` is on its own strand, its HTTP upgrade request already answered with 101.
  WsSession(Stream stream, WsServices& services, app::Actor actor);
  ~WsSession() override;

  // Queues the handshake's 101 answer and "hello", registers with the hub, and starts reading.
  // Runs on the socket's strand.
  void start(std::string handshake_response);
  void close(int code, std::string reason) override;                   // thread-safe
  void deliver(std::int64_t seq, realtime::SharedText event) override;  // thread-safe
  // From the heartbeat sweep (any thread): ping a client silent for half of `idle_seconds`, drop
  // one silent for all of it, or stuck on its close.
  void tick(std::int64_t now_seconds, std::int64_t idle_seconds);
  void resume_paced() override;  // from the pacer: the events that waited for its tick go out now

 private:
  // Something to send. Events get a per-socket head (their sequence number) around the body,
  // which is serialized once for every recipient; replies are JSON of their own; control frames
  // (ping, pong, close) are written as they are.
  struct Outgoing {
    enum class Kind : std::uint8_t { Event, Reply, Control } kind;
    std::int64_t seq;
    realtime::SharedText bytes;
  };

  void push(Outgoing item);  // thread-safe
  void send_json(const Json& message) { push({Outgoing::Kind::Reply, 0, std::make_shared<const std::string>(message.dump())}); }
  void write_next();
  size_t build_batch() REQUIRES(mutex_);  // fills out_, returns where the bytes begin
  void on_write(beast::error_code ec);
  void wait_readable();
  void on_readable(beast::error_code ec);
  void on_tls_read(beast::error_code ec, size_t bytes);
  bool take_bytes(std::string_view bytes);  // strand only; false: the socket closed meanwhile
  void handle(const ws::Incoming& incoming);
  void handle_message(const Json& message);
  void note_use();
  bool take_message_token();  // strand only; false: over the limit, refused (told at most once a second)
  void send_message(const Json& request);
  void store_sends();
  void answer_send(const std::string& client_id, const Result<app::SentMessage>& sent);
  void send_failed(const std::string& client_id, const Error& error);
  void drop();  // closes the socket now; the session ends when its last handler returns

  Stream stream_;
  tcp::socket& socket_;  // the TCP socket under stream_ (itself when plain)
  TlsStream* tls_ = nullptr;  // in stream_ when TLS
  std::unique_ptr<std::array<char, 16 * 1024>> tls_in_;  // TLS only: what async_read_some fills
  WsServices& services_;
  app::Actor actor_;
  ws::Reader reader_{kMaxMessage};  // strand only
  std::string out_;                 // the bytes of the write in flight; strand only, empty when idle
  bool out_has_close_ = false;      // strand only
  std::int64_t attach_seq_ = 0;
  std::atomic<std::int64_t> last_heard_;  // steady seconds; written on the strand, read by tick()
  std::atomic<bool> pinged_ = false;
  double message_tokens_ = kMessageBurst;                  // strand only
  std::chrono::steady_clock::time_point tokens_at_{};      // strand only: when last refilled
  std::chrono::steady_clock::time_point refused_at_{};     // strand only: the last rate_limited error
  std::chrono::steady_clock::time_point used_at_{};        // strand only: last use reported (note_use)
  bool attached_ = false;

  Mutex mutex_;  // guards what follows
  std::vector<Outgoing> queue_ GUARDED_BY(mutex_);
  size_t queued_bytes_ GUARDED_BY(mutex_) = 0;
  size_t queued_events_ GUARDED_BY(mutex_) = 0;  // of queue_, the events
  bool writer_active_ GUARDED_BY(mutex_) = false;  // a write_next is posted, waits for the pacer, or a write is in flight
  bool paced_ GUARDED_BY(mutex_) = false;          // waits for the pacer (writer_active_ is set)
  WsPacer::Clock::time_point last_write_ GUARDED_BY(mutex_){};
  bool closing_ GUARDED_BY(mutex_) = false;        // a close frame is queued or sent: nothing else is queued
  std::int64_t closing_since_ GUARDED_BY(mutex_) = 0;
  struct PendingSend {
    std::string conversation_id;
    app::NewMessage message;
  };
  std::vector<PendingSend> sends_ GUARDED_BY(mutex_);  // handed to the store in order by one worker at a time
  bool sending_ GUARDED_BY(mutex_) = false;            // that worker is running
  size_t storing_ GUARDED_BY(mutex_) = 0;              // handed to the store, not yet answered
};

}  // namespace muster::transport
