#include "transport/ws/ws_session.hpp"

#include <spdlog/spdlog.h>

#include "core/json.hpp"

namespace muster::transport {

WsSession::WsSession(beast::tcp_stream&& stream, realtime::Hub& hub, app::Actor actor)
    : ws_(std::move(stream)), hub_(hub), actor_(std::move(actor)) {}

WsSession::~WsSession() {
  if (attached_) hub_.detach(actor_.session_id, this);
}

void WsSession::start(http::request<http::string_body> upgrade) {
  beast::get_lowest_layer(ws_).expires_never();
  // Pings idle clients and drops the ones that stopped answering: heartbeats without app code.
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(64 * 1024);
  auto self = shared_from_this();
  ws_.async_accept(upgrade, [self](beast::error_code ec) { self->on_accept(ec); });
}

void WsSession::on_accept(beast::error_code ec) {
  if (ec) return;
  hub_.attach(actor_.person.id, actor_.session_id, weak_from_this());
  attached_ = true;
  Json hello = {{"type", "hello"}, {"user_id", actor_.person.id}, {"session_id", actor_.session_id}};
  queue(std::make_shared<const std::string>(hello.dump()));
  read();
}

void WsSession::read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
}

void WsSession::on_read(beast::error_code ec, size_t) {
  if (ec) return;  // closed, timed out or failed: the session ends when the last handler lets go
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  Json message = Json::parse(text, nullptr, false);
  if (message.is_object() && message.value("type", "") == "ping") {
    queue(std::make_shared<const std::string>(R"({"type":"pong"})"));
  } else {
    queue(std::make_shared<const std::string>(
        R"({"type":"error","code":"invalid_argument","message":"Unknown message type."})"));
  }
  read();
}

void WsSession::send(std::shared_ptr<const std::string> message) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), message = std::move(message)]() mutable {
    self->queue(std::move(message));
  });
}

void WsSession::queue(std::shared_ptr<const std::string> message) {
  if (closing_) return;
  if (outbox_.size() >= kMaxQueued) {
    do_close(kCloseResync, "resync");
    return;
  }
  outbox_.push_back(std::move(message));
  if (outbox_.size() == 1) write_next();
}

void WsSession::write_next() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(asio::buffer(*outbox_.front()),
                  beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
}

void WsSession::on_write(beast::error_code ec, size_t) {
  writing_ = false;
  if (ec) return;
  outbox_.pop_front();
  if (closing_) return start_close();
  if (!outbox_.empty()) write_next();
}

void WsSession::close(int code, std::string reason) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    self->do_close(code, std::move(reason));
  });
}

// Beast allows one write at a time and a close frame is a write: wait for the one in flight.
void WsSession::do_close(int code, std::string reason) {
  if (closing_) return;
  closing_ = true;
  close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
  if (!writing_) start_close();
}

void WsSession::start_close() {
  outbox_.clear();
  ws_.async_close(close_reason_, [self = shared_from_this()](beast::error_code) {
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
  });
}

}  // namespace muster::transport
