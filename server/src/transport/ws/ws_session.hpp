// One WebSocket client: authenticated before the upgrade, registered with the hub, with a bounded
// outbound queue and one write in flight, all on its own strand.
#pragma once
#include <deque>
#include <memory>
#include <string>

#include "app/context.hpp"
#include "realtime/hub.hpp"
#include "transport/beast.hpp"

namespace muster::transport {

class WsSession final : public realtime::Connection, public std::enable_shared_from_this<WsSession> {
 public:
  static constexpr size_t kMaxQueued = 256;
  static constexpr int kCloseResync = 4008;  // the client fell too far behind; it must resynchronize

  WsSession(beast::tcp_stream&& stream, realtime::Hub& hub, app::Actor actor);
  ~WsSession() override;

  void start(http::request<http::string_body> upgrade);
  void send(std::shared_ptr<const std::string> message);  // thread-safe
  void close(int code, std::string reason) override;      // thread-safe

 private:
  void on_accept(beast::error_code ec);
  void read();
  void on_read(beast::error_code ec, size_t bytes);
  void queue(std::shared_ptr<const std::string> message);
  void write_next();
  void on_write(beast::error_code ec, size_t bytes);
  void do_close(int code, std::string reason);
  void start_close();

  websocket::stream<beast::tcp_stream> ws_;
  realtime::Hub& hub_;
  app::Actor actor_;
  beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> outbox_;  // only touched on the strand
  bool closing_ = false;
  bool writing_ = false;
  websocket::close_reason close_reason_;
  bool attached_ = false;
};

}  // namespace muster::transport
