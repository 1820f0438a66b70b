#include "transport/ws/ws_session.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>

#include "transport/http/mappers.hpp"
#include "transport/http/message.hpp"

namespace muster::transport {

namespace {
constexpr std::string_view kEventHead = R"({"type":"event","seq":)";
constexpr std::string_view kEventBody = R"(,"event":)";
constexpr size_t kEventOverhead = kEventHead.size() + kEventBody.size() + 21;  // + digits and "}"
constexpr size_t kMaxReadPerTurn = 256 * 1024;  // then let other sockets have the thread

std::int64_t steady_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

const realtime::SharedText& ping_frame() {
  static const auto frame = std::make_shared<const std::string>(ws::control_frame(ws::Opcode::Ping, ""));
  return frame;
}

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

namespace {
tcp::socket& tcp_socket_of(WsSession::Stream& stream) {
  if (auto* tls = std::get_if<TlsStream>(&stream)) return beast::get_lowest_layer(*tls).socket();
  return std::get<tcp::socket>(stream);
}
}  // namespace

WsSession::WsSession(Stream stream, WsServices& services, app::Actor actor)
    : stream_(std::move(stream)),
      socket_(tcp_socket_of(stream_)),
      tls_(std::get_if<TlsStream>(&stream_)),
      services_(services),
      actor_(slim(std::move(actor))),
      last_heard_(steady_seconds()) {}

WsSession::~WsSession() {
  if (attached_) services_.hub.detach(actor_.person.id, actor_.session_id, this);
}

// Runs on the strand. The 101 answer and "hello" go first, ahead of any event published since
// attaching (those are already queued, and their write is posted to this strand, so it waits).
void WsSession::start(std::string handshake_response) {
  beast::error_code ignored;
  if (!tls_) socket_.non_blocking(true, ignored);
  socket_.set_option(tcp::no_delay(true), ignored);  // events are small and batched already
  attach_seq_ = services_.hub.attach(actor_.person.id, actor_.session_id, weak_from_this());
  attached_ = true;
  Json hello = {{"type", "hello"}, {"user_id", actor_.person.id}, {"session_id", actor_.session_id}, {"seq", attach_seq_}};
  bool start_writer = false;
  {
    MutexLock lock(mutex_);
    queue_.insert(queue_.begin(),
                  {Outgoing{Outgoing::Kind::Control, 0, std::make_shared<const std::string>(std::move(handshake_response))},
                   Outgoing{Outgoing::Kind::Reply, 0, std::make_shared<const std::string>(hello.dump())}});
    queued_bytes_ += queue_[0].bytes->size() + queue_[1].bytes->size();
    start_writer = !std::exchange(writer_active_, true);
  }
  if (start_writer) write_next();
  wait_readable();
}

void WsSession::deliver(std::int64_t seq, realtime::SharedText event) {
  push({Outgoing::Kind::Event, seq, std::move(event)});
}

void WsSession::push(Outgoing item) {
  bool start_writer = false;
  bool pace = false;
  bool too_slow = false;
  {
    MutexLock lock(mutex_);
    if (closing_) return;
    size_t bytes = item.bytes->size();
    bool event = item.kind == Outgoing::Kind::Event;
    too_slow = (event && queued_events_ >= kMaxQueued) || queued_bytes_ + bytes > kMaxQueuedBytes;
    if (!too_slow) {
      queued_bytes_ += bytes;
      queued_events_ += event ? 1 : 0;
      queue_.push_back(std::move(item));
      if (!std::exchange(writer_active_, true)) {
        // An event for a socket that wrote a moment ago waits for the pacer's tick, with whatever
        // else arrives by then; a reply or control frame never waits.
        pace = event && services_.pacer && WsPacer::Clock::now() - last_write_ < services_.pacer->gap();
        paced_ = pace;
        start_writer = !pace;
      } else if (!event && paced_) {
        paced_ = false;
        start_writer = true;
      }
    }
  }
  // The client cannot keep up: cut it off (it resynchronizes) rather than grow the server's memory.
  if (too_slow) return close(realtime::kCloseTooSlow, "resync");
  if (pace) services_.pacer->defer(shared_from_this());
  if (start_writer) asio::post(socket_.get_executor(), [self = shared_from_this()] { self->write_next(); });
}

void WsSession::resume_paced() {
  {
    MutexLock lock(mutex_);
    if (!std::exchange(paced_, false)) return;  // already written, with a reply or a close
  }
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->write_next(); });
}

// Drops what is not yet written; the close frame follows the write in flight, so the client
// learns why. One that takes nothing more within the grace period is dropped by the heartbeat.
void WsSession::close(int code, std::string reason) {
  bool start_writer = false;
  {
    MutexLock lock(mutex_);
    if (closing_) return;
    closing_ = true;
    closing_since_ = steady_seconds();
    queue_.clear();
    queued_bytes_ = 0;
    queued_events_ = 0;
    queue_.push_back({Outgoing::Kind::Control, 0, std::make_shared<const std::string>(ws::close_frame(code, reason))});
    start_writer = !std::exchange(writer_active_, true) || std::exchange(paced_, false);
  }
  if (start_writer) asio::post(socket_.get_executor(), [self = shared_from_this()] { self->write_next(); });
}

void WsSession::write_next() {
  size_t begin = 0;
  {
    MutexLock lock(mutex_);
    if (queue_.empty() || !socket_.is_open()) {
      writer_active_ = false;
      std::string().swap(out_);  // idle: hold no buffer
      return;
    }
    begin = build_batch();
    last_write_ = WsPacer::Clock::now();
  }
  auto bytes = asio::buffer(out_.data() + begin, out_.size() - begin);
  auto done = [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); };
  if (tls_) asio::async_write(*tls_, bytes, std::move(done));
  else asio::async_write(socket_, bytes, std::move(done));
}

// Everything queued (up to kMaxBatchBytes) goes out as one frame in one write, as a JSON array when
// there are several messages: under load a socket costs one system call per batch, not per event.
// Copying the shared bodies into one buffer is cheaper than gathering many small pieces.
size_t WsSession::build_batch() {
  out_has_close_ = false;
  if (queue_.front().kind == Outgoing::Kind::Control) {
    out_ = *queue_.front().bytes;
    out_has_close_ = static_cast<std::uint8_t>(out_[0]) == (0x80 | static_cast<std::uint8_t>(ws::Opcode::Close));
    queued_bytes_ -= queue_.front().bytes->size();
    queue_.erase(queue_.begin());
    return 0;
  }
  size_t count = 0;
  size_t bytes = 0;
  for (const auto& item : queue_) {
    if (item.kind == Outgoing::Kind::Control || (count > 0 && bytes + item.bytes->size() > kMaxBatchBytes)) break;
    bytes += item.bytes->size() + kEventOverhead;
    ++count;
  }
  out_.clear();
  out_.reserve(ws::kMaxHeader + bytes + 2);
  out_.append(ws::kMaxHeader, '\0');  // room for the frame header, written last
  if (count > 1) out_ += '[';
  for (size_t i = 0; i < count; ++i) {
    const auto& item = queue_[i];
    if (i > 0) out_ += ',';
    if (item.kind == Outgoing::Kind::Event) {
      --queued_events_;
      std::array<char, 20> digits{};
      auto end = std::to_chars(digits.data(), digits.data() + digits.size(), item.seq).ptr;
      out_.append(kEventHead).append(digits.data(), end).append(kEventBody).append(*item.bytes) += '}';
    } else {
      out_.append(*item.bytes);
    }
    queued_bytes_ -= item.bytes->size();
  }
  if (count > 1) out_ += ']';
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
  if (queue_.empty() && queue_.capacity() > 64) std::vector<Outgoing>().swap(queue_);
  char* frame = ws::put_header_before(out_.data() + ws::kMaxHeader, ws::Opcode::Text, out_.size() - ws::kMaxHeader);
  return static_cast<size_t>(frame - out_.data());
}

void WsSession::on_write(beast::error_code ec) {
  if (ec) return drop();
  if (out_has_close_) {
    // Said goodbye: the client answers with its own close and hangs up, which the reader sees.
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    std::string().swap(out_);
    return;
  }
  write_next();
}

void WsSession::wait_readable() {
  if (tls_) {
    if (!tls_in_) tls_in_ = std::make_unique<std::array<char, 16 * 1024>>();
    tls_->async_read_some(asio::buffer(*tls_in_), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->on_tls_read(ec, n);
    });
    return;
  }
  socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) { self->on_readable(ec); });
}

// Reads whatever arrived into a buffer of the thread's, not the session's: idle sessions hold none.
void WsSession::on_readable(beast::error_code ec) {
  if (ec) return drop();
  thread_local std::array<char, 64 * 1024> buffer;
  for (size_t total = 0; total < kMaxReadPerTurn;) {
    beast::error_code read_error;
    size_t n = socket_.read_some(asio::buffer(buffer), read_error);
    if (read_error == asio::error::would_block) return wait_readable();
    if (read_error) return drop();  // the client hung up, or the connection broke
    total += n;
    if (!take_bytes(std::string_view(buffer.data(), n))) return;
  }
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->on_readable({}); });
}

// TLS: each completed read is one turn, so a busy socket lets the others have the thread too.
void WsSession::on_tls_read(beast::error_code ec, size_t n) {
  if (ec) return drop();
  if (take_bytes(std::string_view(tls_in_->data(), n))) wait_readable();
}

bool WsSession::take_bytes(std::string_view bytes) {
  last_heard_.store(steady_seconds(), std::memory_order_relaxed);
  pinged_.store(false, std::memory_order_relaxed);
  std::vector<ws::Incoming> incoming;
  reader_.feed(bytes, incoming);
  for (const auto& item : incoming) handle(item);
  return socket_.is_open();
}

void WsSession::handle(const ws::Incoming& item) {
  using Kind = ws::Incoming::Kind;
  switch (item.kind) {
    case Kind::Message: {
      // Like the server's frames, a client's may carry several messages as a JSON array.
      auto message = Json::parse(item.payload, nullptr, false);
      if (!message.is_array()) return handle_message(message);
      for (const auto& each : message) handle_message(each);
      return;
    }
    case Kind::Ping:
      return push({Outgoing::Kind::Control, 0, std::make_shared<const std::string>(ws::control_frame(ws::Opcode::Pong, item.payload))});
    case Kind::Pong:
      return;
    case Kind::Close:
      return close(ws::kCloseNormal, "");
    case Kind::Fail:
      return close(item.code, "");
  }
}

bool WsSession::take_message_token() {
  auto now = std::chrono::steady_clock::now();
  std::chrono::duration<double> since = now - tokens_at_;
  tokens_at_ = now;
  message_tokens_ = std::min(kMessageBurst, message_tokens_ + since.count() * kMessagesPerSecond);
  if (message_tokens_ >= 1) {
    message_tokens_ -= 1;
    return true;
  }
  if (now - refused_at_ >= std::chrono::seconds(1)) {
    refused_at_ = now;
    send_json({{"type", "error"}, {"code", "rate_limited"}, {"message", "Too many messages: some were dropped. Slow down."}});
  }
  return false;
}

// A person acting over the socket uses their session (idle timeout); reported at most once a minute.
void WsSession::note_use() {
  auto now = std::chrono::steady_clock::now();
  if (used_at_ != std::chrono::steady_clock::time_point{} && now - used_at_ < std::chrono::minutes(1)) return;
  used_at_ = now;
  services_.run_on_workers([services = &services_, session = actor_.session_id] { services->note_use(session); });
}

void WsSession::handle_message(const Json& message) {
  std::string type = message.is_object() ? message.value("type", "") : "";
  // Sends have their own limit (kMaxSendsInFlight) and an answer each; everything else is bucketed.
  if (type != "send" && !take_message_token()) return;
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
  if ((type == "send" || type == "typing") && services_.note_use) note_use();
  if (type == "typing" && message.contains("conversation_id") && message["conversation_id"].is_string()) {
    auto conversation = message["conversation_id"].get<std::string>();
    if (conversation.size() > 64) return;
    services_.run_on_workers([services = &services_, actor = actor_, conversation] { services->chat.typing(actor, conversation); });
    return;
  }
  if (type == "send") return send_message(message);
  send_json({{"type", "error"}, {"code", "invalid_argument"}, {"message", "Unknown message type."}});
}

// A message sent over the socket instead of POST /conversations/{id}/messages, with the same rules:
// answered with "sent" after the commit (the message.created event may come first) or with
// "send_failed", each naming the client_id, so a phone can chat over its one socket.
void WsSession::send_message(const Json& request) {
  std::string client_id;
  if (const auto* body = request.contains("message") ? &request["message"] : nullptr;
      body && body->is_object() && body->contains("client_id") && (*body)["client_id"].is_string())
    client_id = (*body)["client_id"].get<std::string>().substr(0, 64);
  auto fail = [this, &client_id](const Error& error) { send_failed(client_id, error); };
  JsonReader r(request, {"type", "conversation_id", "message"});
  auto conversation = r.required_string("conversation_id", 64);
  const Json* body = r.object("message");
  if (!r.status().ok()) return fail(r.status().error());
  if (!body) return fail(invalid("The message to send is missing.", "message"));
  auto message = http_api::read_new_message(*body);
  if (!message.ok()) return fail(message.error());
  bool start_sender = false;
  bool full = false;
  {
    MutexLock lock(mutex_);
    full = sends_.size() + storing_ >= kMaxSendsInFlight;
    if (!full) {
      sends_.push_back({std::move(conversation), std::move(message.value())});
      start_sender = !std::exchange(sending_, true);
    }
  }
  // Refused outside the lock: the refusal is queued through push(), which takes the same mutex.
  if (full) return fail({ErrorCode::RateLimited, "Too many messages are waiting to be stored: wait for their answers."});
  if (start_sender) services_.run_on_workers([self = shared_from_this()] { self->store_sends(); });
}

// On a worker: hands what this socket had sent by now to the store, in order, without waiting
// for the commits: the sends of every socket share the writer's next batch, and each is answered
// when its batch has committed. Sends that came meanwhile wait for a new turn at the back of the
// pool's queue, so one busy socket cannot keep a worker from everybody else.
void WsSession::store_sends() {
  std::vector<PendingSend> turn;
  {
    MutexLock lock(mutex_);
    turn.swap(sends_);
  }
  for (auto& next : turn) {
    {
      // Closing (the session ended, the person was deactivated, or the socket is going): what
      // is still queued is dropped unsent; the client retries it with the same client_id.
      MutexLock lock(mutex_);
      if (closing_) break;
      ++storing_;
    }
    services_.chat.send_async(actor_, next.conversation_id, next.message,
                              [self = shared_from_this(), client_id = next.message.client_id](
                                  Result<app::SentMessage> sent) { self->answer_send(client_id, sent); });
  }
  {
    MutexLock lock(mutex_);
    if (sends_.empty() || closing_) {
      sends_.clear();
      sending_ = false;
      return;
    }
  }
  services_.run_on_workers([self = shared_from_this()] { self->store_sends(); });
}

// Quick, as it runs on the store's publisher thread (or on the worker, for a send refused before
// it reached the store).
void WsSession::answer_send(const std::string& client_id, const Result<app::SentMessage>& sent) {
  {
    MutexLock lock(mutex_);
    --storing_;
  }
  if (!sent.ok()) return send_failed(client_id, sent.error());
  push({Outgoing::Kind::Reply, 0,
        std::make_shared<const std::string>(R"({"type":"sent","client_id":)" + Json(client_id).dump() +
                                            R"(,"created":)" + (sent->created ? "true" : "false") +
                                            R"(,"message":)" + sent->json + "}")});
}

void WsSession::send_failed(const std::string& client_id, const Error& error) {
  send_json({{"type", "send_failed"}, {"client_id", client_id}, {"error", http_api::error_json(error)}});
}

void WsSession::drop() {
  {
    MutexLock lock(mutex_);
    closing_ = true;
    queue_.clear();
    queued_bytes_ = 0;
    queued_events_ = 0;
  }
  beast::error_code ignored;
  socket_.close(ignored);  // pending handlers finish with an error; the last one ends the session
}

// Most sessions need nothing: decide without posting, so a sweep over thousands of sockets stays
// a loop over atomics instead of a burst of handlers that would delay deliveries.
void WsSession::tick(std::int64_t now, std::int64_t idle_seconds) {
  bool stuck = false;
  {
    MutexLock lock(mutex_);
    stuck = closing_ && now - closing_since_ >= kCloseGraceSeconds;
  }
  auto quiet = now - last_heard_.load(std::memory_order_relaxed);
  if (stuck || quiet >= idle_seconds) {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->drop(); });
  } else if (quiet >= idle_seconds / 2 && !pinged_.exchange(true)) {
    push({Outgoing::Kind::Control, 0, ping_frame()});
  }
}

}  // namespace muster::transport
