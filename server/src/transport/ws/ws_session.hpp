// One WebSocket client: authenticated before the upgrade, registered with the hub, with a bounded
// outbound queue and one write in flight, all on its own strand.
#pragma once
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "app/context.hpp"
#include "core/json.hpp"
#include "realtime/hub.hpp"
#include "transport/beast.hpp"

namespace muster::transport {

// What the session needs from the rest of the server, for messages clients send.
struct WsServices {
  realtime::Hub& hub;
  // Runs blocking work (database) off the I/O threads.
  std::function<void(std::function<void()>)> run_on_workers;
  // A client said it is typing in a conversation (checked and fanned out by the app layer).
  std::function<void(const app::Actor&, const std::string& conversation_id)> typing;
};

class WsSession final : public realtime::Connection, public std::enable_shared_from_this<WsSession> {
 public:
  // A socket that falls this far behind is closed as too slow: frames, and bytes (bodies are shared
  // with other sockets, but a slow one keeps them alive).
  static constexpr size_t kMaxQueued = 1024;
  static constexpr size_t kMaxQueuedBytes = 1024 * 1024;
  static constexpr int kCloseGraceSeconds = 30;  // for the write in flight before a close frame
  static constexpr size_t kMaxBatch = 64;               // messages coalesced into one frame
  static constexpr size_t kMaxBatchBytes = 256 * 1024;

  WsSession(beast::tcp_stream&& stream, WsServices& services, app::Actor actor);
  ~WsSession() override;

  void start(http::request<http::string_body> upgrade);
  void close(int code, std::string reason) override;                   // thread-safe
  void deliver(std::int64_t seq, realtime::SharedText event) override;  // thread-safe

 private:
  // An outgoing frame: `head` + the shared `body` + "}" for events; just `body` otherwise. The body
  // is serialized once for every recipient; only the small head is per connection.
  struct Frame {
    std::string head;
    realtime::SharedText body;
  };

  void on_accept(beast::error_code ec);
  void read();
  void on_read(beast::error_code ec, size_t bytes);
  void handle(const Json& message);
  void send_json(const Json& message);
  void queue(Frame frame);
  void write_next();
  void on_write(beast::error_code ec, size_t bytes);
  void do_close(int code, std::string reason);
  void start_close();
  void drop_frames(size_t from, size_t to);  // outbox_ positions [from, to)

  websocket::stream<beast::tcp_stream> ws_;
  asio::steady_timer close_timer_;
  WsServices& services_;
  app::Actor actor_;
  beast::flat_buffer buffer_;
  std::deque<Frame> outbox_;  // only touched on the strand
  std::vector<asio::const_buffer> parts_;  // the write in flight gathers these
  size_t in_flight_ = 0;                   // frames at the front of outbox_ being written
  size_t queued_bytes_ = 0;                // of the frames in outbox_
  std::int64_t attach_seq_ = 0;
  bool closing_ = false;
  bool writing_ = false;
  bool attached_ = false;
  websocket::close_reason close_reason_;
};

}  // namespace muster::transport
