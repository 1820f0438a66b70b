#include "transport/ws/ws_session.hpp"


namespace muster::transport {

namespace {
const std::string kEventTail = "}";
const std::string kBatchOpen = "[";
const std::string kBatchComma = ",";
const std::string kBatchClose = "]";

// Thousands of idle sockets each keep their actor: keep only what the socket uses (ids, name and
// role for typing and authorization checks), not the whole directory profile.
app::Actor slim(app::Actor actor) {
  domain::Person person;
  person.id = std::move(actor.person.id);
  person.name = std::move(actor.person.name);
  person.role = actor.person.role;
  person.active = actor.person.active;
  return app::Actor{std::move(person), std::move(actor.session_id), {}, {}};
}
}  // namespace

WsSession::WsSession(beast::tcp_stream&& stream, WsServices& services, app::Actor actor)
    : ws_(std::move(stream)), close_timer_(ws_.get_executor()), services_(services), actor_(slim(std::move(actor))) {}

WsSession::~WsSession() {
  if (attached_) services_.hub.detach(actor_.person.id, actor_.session_id, this);
}

void WsSession::start(http::request<http::string_body> upgrade) {
  beast::get_lowest_layer(ws_).expires_never();
  // Pings idle clients and drops the ones that stopped answering: heartbeats without app code.
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(64 * 1024);
  ws_.auto_fragment(false);  // one frame per event: fewer writes, no fragment bookkeeping
  auto self = shared_from_this();
  ws_.async_accept(upgrade, [self](beast::error_code ec) { self->on_accept(ec); });
}

void WsSession::on_accept(beast::error_code ec) {
  if (ec) return;
  attach_seq_ = services_.hub.attach(actor_.person.id, actor_.session_id, weak_from_this());
  attached_ = true;
  send_json({{"type", "hello"}, {"user_id", actor_.person.id}, {"session_id", actor_.session_id}, {"seq", attach_seq_}});
  read();
}

void WsSession::read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
}

void WsSession::on_read(beast::error_code ec, size_t) {
  if (ec) return;  // closed, timed out or failed: the session ends when the last handler lets go
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  handle(Json::parse(text, nullptr, false));
  read();
}

void WsSession::handle(const Json& message) {
  std::string type = message.is_object() ? message.value("type", "") : "";
  if (type == "ping") return send_json({{"type", "pong"}});
  if (type == "resume" && message.contains("after") && message["after"].is_number_integer()) {
    // Replays what was missed up to the moment this socket attached; later events arrive live.
    auto replay = services_.hub.replay(actor_.person.id, message["after"].get<std::int64_t>(), attach_seq_);
    // More than the queue holds would cut the socket off as too slow: refetching is cheaper.
    size_t bytes = 0;
    for (const auto& [_, event] : replay.events) bytes += event->size();
    if (!replay.complete || replay.events.size() > kMaxQueued / 2 || bytes > kMaxQueuedBytes / 2)
      return send_json({{"type", "resync"}});
    for (auto& [seq, event] : replay.events) deliver(seq, event);
    return;
  }
  if (type == "presence" && message.contains("person_ids") && message["person_ids"].is_array() &&
      message["person_ids"].size() <= 500) {
    std::vector<std::string> ids;
    for (const auto& id : message["person_ids"])
      if (id.is_string() && id.get<std::string>().size() <= 64) ids.push_back(id.get<std::string>());
    auto online = services_.hub.watch_presence(this, weak_from_this(), ids);
    return send_json({{"type", "presence"}, {"online", online}});
  }
  if (type == "typing" && message.contains("conversation_id") && message["conversation_id"].is_string()) {
    auto conversation = message["conversation_id"].get<std::string>();
    if (conversation.size() > 64) return;
    services_.run_on_workers([services = &services_, actor = actor_, conversation] { services->typing(actor, conversation); });
    return;
  }
  send_json({{"type", "error"}, {"code", "invalid_argument"}, {"message", "Unknown message type."}});
}

void WsSession::send_json(const Json& message) { queue({"", std::make_shared<const std::string>(message.dump())}); }

void WsSession::deliver(std::int64_t seq, realtime::SharedText event) {
  std::string head = R"({"type":"event","seq":)" + std::to_string(seq) + R"(,"event":)";
  asio::post(ws_.get_executor(), [self = shared_from_this(), frame = Frame{std::move(head), std::move(event)}]() mutable {
    self->queue(std::move(frame));
  });
}

void WsSession::queue(Frame frame) {
  if (closing_) return;
  size_t bytes = frame.head.size() + frame.body->size();
  if (outbox_.size() >= kMaxQueued || queued_bytes_ + bytes > kMaxQueuedBytes) {
    // The client cannot keep up: cut it off rather than let its queue grow the server's memory.
    do_close(realtime::kCloseTooSlow, "resync");
    return;
  }
  queued_bytes_ += bytes;
  outbox_.push_back(std::move(frame));
  if (!writing_) write_next();
}

// Everything queued goes out in one write, as a JSON array of messages when there are several:
// under load a socket costs one frame and one system call per batch, not per event. Bodies are
// not copied: the write gathers the shared buffers.
void WsSession::write_next() {
  writing_ = true;
  ws_.text(true);
  parts_.clear();
  in_flight_ = 0;
  size_t bytes = 0;
  for (const Frame& f : outbox_) {
    if (in_flight_ == kMaxBatch || (in_flight_ > 0 && bytes + f.body->size() > kMaxBatchBytes)) break;
    parts_.push_back(asio::buffer(in_flight_ == 0 ? kBatchOpen : kBatchComma));
    if (!f.head.empty()) parts_.push_back(asio::buffer(f.head));
    parts_.push_back(asio::buffer(*f.body));
    if (!f.head.empty()) parts_.push_back(asio::buffer(kEventTail));
    bytes += f.head.size() + f.body->size() + 2;
    ++in_flight_;
  }
  if (in_flight_ == 1) {
    parts_.erase(parts_.begin());  // a single message goes out as itself, not as an array
  } else {
    parts_.push_back(asio::buffer(kBatchClose));
  }
  ws_.async_write(parts_, beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
}

void WsSession::on_write(beast::error_code ec, size_t) {
  writing_ = false;
  if (ec) return;
  drop_frames(0, in_flight_);
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
  if (!writing_) return start_close();
  // Keep only the frames being written (their buffers are in use); the close frame follows them,
  // so the client learns why. A client that takes nothing more within the grace period is dropped.
  drop_frames(in_flight_, outbox_.size());
  close_timer_.expires_after(std::chrono::seconds(kCloseGraceSeconds));
  close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || !self->writing_) return;
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
  });
}

void WsSession::drop_frames(size_t from, size_t to) {
  auto first = outbox_.begin() + static_cast<std::ptrdiff_t>(from);
  auto last = outbox_.begin() + static_cast<std::ptrdiff_t>(to);
  for (auto it = first; it != last; ++it) queued_bytes_ -= it->head.size() + it->body->size();
  outbox_.erase(first, last);
}

void WsSession::start_close() {
  close_timer_.cancel();
  drop_frames(0, outbox_.size());
  ws_.async_close(close_reason_, [self = shared_from_this()](beast::error_code) {
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
  });
}

}  // namespace muster::transport
