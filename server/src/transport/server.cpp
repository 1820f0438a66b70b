#include "transport/server.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "store/storage_health.hpp"
#include "transport/beast.hpp"
#include "transport/http/api.hpp"
#include "transport/http/request_target.hpp"
#include "transport/http/security_headers.hpp"
#include "transport/tls.hpp"
#include "transport/ws/heartbeat.hpp"
#include "transport/ws/pacer.hpp"
#include "transport/ws/ws_session.hpp"

namespace muster::transport {

using http_api::Request;
using http_api::Response;

namespace {

constexpr std::uint64_t kHeaderLimit = 16 * 1024;
// A client that connects and never completes the TLS handshake is dropped after this.
constexpr auto kHandshakeTimeout = std::chrono::seconds(10);

Response health(const Request& req, store::Stores& stores) {
  if (req.path == "/healthz") return http_api::json_response(200, {{"status", "ok"}});
  if (stores.ready()) return http_api::json_response(200, {{"status", "ready"}});
  if (store::storage_health().disk_full())
    return http_api::json_response(503, {{"status", "unavailable"}, {"reason", "disk_full"}});
  return http_api::json_response(503, {{"status", "unavailable"}});
}

Response serve_static(const Request& req, const http_api::StaticFiles& web) {
  if (req.method != "GET" && req.method != "HEAD")
    return http_api::error_response({ErrorCode::MethodNotAllowed, "Only GET and HEAD are allowed here."});
  const auto* file = web.find(req.path);
  if (!file) {
    if (web.empty()) {
      Response r;
      r.status = 503;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "The Muster web app is not built. Run `make run`, or pass --web DIR.\n";
      return r;
    }
    return http_api::error_response(not_found("No such file."));
  }
  Response r;
  r.content_type = file->content_type;
  r.headers.push_back({"ETag", file->etag});
  r.headers.push_back({"Cache-Control", file->immutable ? "public, max-age=31536000, immutable" : "no-cache"});
  r.headers.push_back({"Vary", "Accept-Encoding"});
  if (req.header("if-none-match") == file->etag) {
    r.status = 304;
    return r;
  }
  if (!file->gzip.empty() && req.header("accept-encoding").find("gzip") != std::string::npos) {
    r.headers.push_back({"Content-Encoding", "gzip"});
    r.body = file->gzip;
  } else {
    r.body = file->body;
  }
  return r;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  ServerParts parts;
  asio::io_context io;
  asio::thread_pool workers;
  std::shared_ptr<ssl::context> tls;  // set: every connection speaks TLS (HTTPS and WSS)
  // On a strand of its own: the accept handlers and the shutdown's close never run at once.
  tcp::acceptor acceptor{asio::make_strand(io)};
  asio::steady_timer accept_pause{acceptor.get_executor()};  // accept() failed for want of descriptors: wait, then retry
  int accept_pause_ms = 0;              // touched only by the one pending accept's handlers

  WsServices ws_services;
  WsPacer pacer{io, std::chrono::milliseconds(options.ws_write_pace_ms)};  // after ws_services: holds sessions
  WsHeartbeat heartbeat{io, options.ws_idle_seconds};

  Impl(ServerOptions o, ServerParts p)
      : options(std::move(o)),
        parts(p),
        workers(options.worker_threads),
        ws_services{parts.hub, parts.chat, [this](std::function<void()> work) { asio::post(workers, std::move(work)); },
                    options.ws_write_pace_ms > 0 ? &pacer : nullptr,
                    [this](const std::string& session_id) { parts.auth.note_use(session_id); }} {}

  Response dispatch(Request& req) {
    if (req.path.starts_with("/api/")) return parts.router.handle(req);
    if (req.path == "/healthz" || req.path == "/readyz") return health(req, parts.stores);
    return serve_static(req, parts.web);
  }

  void accept();
};

namespace {

// One HTTP connection, plain (Stream = beast::tcp_stream) or TLS (TlsStream); the same code
// serves both, and an upgrade hands the stream to a WebSocket session.
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  using std::enable_shared_from_this<HttpSession>::shared_from_this;

  HttpSession(tcp::socket&& socket, Server::Impl& server) : stream_(make_stream(std::move(socket), server)), server_(server) {}

  void start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::begin, shared_from_this()));
  }

 private:
  static Stream make_stream(tcp::socket&& socket, Server::Impl& server) {
    if constexpr (kTls) return Stream(std::move(socket), *server.tls);
    else return Stream(std::move(socket));
  }

  // The handshake is asynchronous and timed: a client that connects and says nothing (or speaks
  // plain HTTP to the TLS port) costs one socket for a few seconds, never the acceptor.
  void begin() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(kHandshakeTimeout);
      stream_.async_handshake(ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
        if (ec) return self->abort();
        self->read();
      });
    } else {
      read();
    }
  }

  void read() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    // Beast checks Content-Length against the limit as the header completes: start at the
    // largest (the CSV import) and tighten in on_header once the target is known.
    parser_->body_limit(std::max<std::uint64_t>(http_api::kMaxCsvBody, server_.parts.router.upload_limit()));
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
  }

  // Knowing the target, pick the body limit, and refuse a too-large body before it is sent.
  void on_header(beast::error_code ec, size_t bytes) {
    if (ec) return on_read(ec, bytes);
    const auto& head = parser_->get();
    auto method = head.method_string();
    auto target = head.target();
    auto body = server_.parts.router.body_kind({method.data(), method.size()}, {target.data(), target.size()});
    bool upload = body == http_api::Body::Binary;
    std::uint64_t limit = upload                         ? server_.parts.router.upload_limit()
                          : body == http_api::Body::Csv ? http_api::kMaxCsvBody
                                                        : http_api::kMaxJsonBody;
    if (upload) beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(120));  // a large file on a slow link
    parser_->body_limit(limit);
    if (parser_->content_length() && *parser_->content_length() > limit)
      return on_read(http::error::body_limit, bytes);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof || ec == ssl::error::stream_truncated)
      return close();
    if (ec) {
      // A request Beast cannot parse still gets a proper answer, then the connection closes.
      int status = ec == http::error::body_limit ? 413 : ec == http::error::header_limit ? 431 : 400;
      Error error{status == 413 ? ErrorCode::PayloadTooLarge : ErrorCode::InvalidArgument,
                  status == 431   ? "The request headers are too large."
                  : status == 413 ? "The request body is too large."
                                  : "The request is malformed."};
      Response r = http_api::error_response(error);
      r.status = status;
      return write(std::move(r), false, false);
    }
    auto req = parser_->release();
    if (websocket::is_upgrade(req)) return upgrade(std::move(req));

    Request request;
    request.method = std::string(req.method_string());
    request.remote_ip = client_ip(req);
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = std::string(field.value());
    }
    request.body = std::move(req.body());
    bool keep_alive = req.keep_alive();
    bool head = req.method() == http::verb::head;
    auto target = http_api::parse_target(std::string_view(req.target().data(), req.target().size()));
    if (!target.ok()) {
      Response r = http_api::error_response(target.error());
      if (target.error().code == ErrorCode::PayloadTooLarge) r.status = 414;
      return write(std::move(r), keep_alive, head);
    }
    request.path = std::move(target->path);
    request.query = std::move(target->query);

    // A handler that waits for a commit answers later instead (Request::answer_later), from
    // whichever thread finishes it; the answer is written on our strand.
    request.answer_later = [self = shared_from_this(), keep_alive, head, started = std::chrono::steady_clock::now(),
                            method = request.method, path = request.path](Response response) {
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
      if (path.starts_with("/api/"))
        spdlog::info("http method={} path={} status={} us={}", method, http_api::redacted_path(path), response.status,
                     micros.count());
      asio::post(self->stream_.get_executor(), [self, response = std::move(response), keep_alive, head]() mutable {
        self->write(std::move(response), keep_alive, head);
      });
    };
    if (request.path.starts_with("/api/"))
      if (auto response = server_.parts.router.handle_quick(request)) return answer(request, std::move(*response));
    // Other handlers may block (database, argon2): they run on the worker pool.
    asio::post(server_.workers, [self = shared_from_this(), request = std::move(request)]() mutable {
      Response response = self->server_.dispatch(request);
      answer(request, std::move(response));
    });
  }

  // A handler that did not defer left answer_later where it was.
  static void answer(Request& request, Response response) {
    if (!http_api::is_deferred(response)) request.answer_later(std::move(response));
  }

  void upgrade(http::request<http::string_body> req) {
    auto target = http_api::parse_target(std::string_view(req.target().data(), req.target().size()));
    if (!target.ok() || target->path != "/api/v1/ws") {
      return write(http_api::error_response(not_found("No WebSocket endpoint here.")), false, false);
    }
    auto handshake = handshake_response(req);
    if (!handshake.ok()) return write(http_api::error_response(handshake.error()), false, false);
    Request request;
    request.path = target->path;
    request.query = target->query;
    request.remote_ip = client_ip(req);
    if (auto it = req.find(http::field::cookie); it != req.end()) request.headers["cookie"] = std::string(it->value());
    if (auto it = req.find(http::field::user_agent); it != req.end())
      request.headers["user-agent"] = std::string(it->value());
    std::string token;
    if (auto it = req.find(http::field::authorization); it != req.end() && it->value().starts_with("Bearer "))
      token = std::string(it->value().substr(7));
    else if (auto c = request.cookie("muster_session"))
      token = *c;
    else
      token = request.query_value("access_token");

    asio::post(server_.workers, [self = shared_from_this(), request, token, handshake = std::move(handshake.value())]() mutable {
      auto actor = self->server_.parts.auth.authenticate(token, http_api::client_info(request));
      asio::post(self->stream_.get_executor(), [self, actor = std::move(actor), handshake = std::move(handshake)]() mutable {
        if (!actor.ok()) return self->write(http_api::error_response(actor.error()), false, false);
        beast::get_lowest_layer(self->stream_).expires_never();
        auto ws = std::make_shared<WsSession>(self->release_for_websocket(), self->server_.ws_services, actor.value());
        self->server_.heartbeat.add(ws);
        ws->start(std::move(handshake));
      });
    });
  }

  // The 101 answer to a valid upgrade request. A page on another site may not open a socket with
  // the user's cookie (cross-site WebSocket hijacking): a browser's Origin must be this host.
  static Result<std::string> handshake_response(const http::request<http::string_body>& req) {
    if (req[http::field::sec_websocket_version] != "13")
      return invalid("Only WebSocket version 13 is spoken here.");
    auto key = req[http::field::sec_websocket_key];
    auto accept = ws::accept_key(std::string_view(key.data(), key.size()));
    if (!accept) return invalid("The Sec-WebSocket-Key header is missing or malformed.");
    if (auto origin = req.find(http::field::origin); origin != req.end()) {
      auto value = std::string_view(origin->value().data(), origin->value().size());
      auto scheme_end = value.find("://");
      auto host = scheme_end == std::string_view::npos ? std::string_view() : value.substr(scheme_end + 3);
      if (!beast::iequals(beast::string_view(host.data(), host.size()), req[http::field::host]))
        return Error{ErrorCode::PermissionDenied, "WebSockets may be opened only from this server's own pages."};
    }
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
           *accept + "\r\nServer: muster\r\n\r\n";
  }

  WsSession::Stream release_for_websocket() {
    if constexpr (kTls) return std::move(stream_);
    else return stream_.release_socket();
  }

  void write(Response response, bool keep_alive, bool head) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(response.status));
    res->set(http::field::server, "muster");
    if (!response.content_type.empty()) res->set(http::field::content_type, response.content_type);
    // The one place the browser-hardening headers are set, on every answer (security_headers.hpp).
    auto view = [](std::string_view s) { return beast::string_view(s.data(), s.size()); };  // Boost 1.74's own type
    for (const auto& header : http_api::security_headers()) res->set(view(header.name), view(header.value));
    // Browsers that once reached us over https never try plain http again (a year; no subdomains:
    // the organization's other hosts are not ours to decide).
    if (server_.options.hsts || kTls) res->set("Strict-Transport-Security", view(http_api::kStrictTransportSecurity));
    for (auto& [name, value] : response.headers) {
      // A handler may tighten the policy (attachments are sandboxed), replacing the app's.
      if (beast::iequals(name, "Content-Security-Policy")) res->set(name, value);
      else res->insert(name, value);
    }
    res->keep_alive(keep_alive);
    size_t length = response.body.size();
    if (!head) res->body() = std::move(response.body);
    res->prepare_payload();
    if (head) res->content_length(length);
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      if (ec || !res->keep_alive()) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // A failed or timed-out TLS handshake: nothing to say in HTTP, so hang up.
  void abort() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  // Rate limits, sessions and the audit log see the client, not the proxy in front of it.
  std::string client_ip(const http::request<http::string_body>& req) {
    auto header = [&](beast::string_view name) {
      auto it = req.find(name);
      return it == req.end() ? std::string_view() : std::string_view(it->value().data(), it->value().size());
    };
    return http_api::client_address(remote_ip(), header("Forwarded"), header("X-Forwarded-For"),
                                    server_.options.trusted_proxies);
  }

  std::string remote_ip() {
    beast::error_code ec;
    auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    return ec ? "" : endpoint.address().to_string();
  }

  Stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

// Out of file descriptors (EMFILE, ENFILE), accept() fails at once for as long as the waiting
// connection stays queued: retrying at once spins a core. Pause instead (100 ms, doubling to 1 s)
// while the connections already open go on being served, and say so once per episode.
void Server::Impl::accept() {
  acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    bool starved = ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
                   ec == asio::error::no_memory || ec.value() == ENFILE;
    if (!starved) {
      if (accept_pause_ms > 0) spdlog::info("accepting connections again");
      accept_pause_ms = 0;
      if (!ec && tls) std::make_shared<HttpSession<TlsStream>>(std::move(socket), *this)->start();
      else if (!ec) std::make_shared<HttpSession<beast::tcp_stream>>(std::move(socket), *this)->start();
      return accept();
    }
    if (accept_pause_ms == 0) spdlog::warn("cannot accept connections: {}; pausing accepts until descriptors free up", ec.message());
    accept_pause_ms = std::min(accept_pause_ms == 0 ? 100 : accept_pause_ms * 2, 1000);
    accept_pause.expires_after(std::chrono::milliseconds(accept_pause_ms));
    accept_pause.async_wait([this](beast::error_code waited) {
      if (!waited && acceptor.is_open()) accept();
    });
  });
}

Server::Server(ServerOptions options, ServerParts parts) : impl_(std::make_unique<Impl>(std::move(options), parts)) {}

Server::~Server() {
  impl_->workers.join();
  // Sends handed to the store answer their sockets: before those sockets' I/O context goes.
  (void)impl_->parts.stores.transactor().flush();
}

Result<unsigned short> Server::listen() {
  if (!impl_->options.tls_cert.empty() || !impl_->options.tls_key.empty()) {
    ASSIGN_OR_RETURN(impl_->tls, make_tls_context(impl_->options.tls_cert, impl_->options.tls_key));
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return invalid("Cannot listen on '" + impl_->options.address + "': not an IP address.");
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{ErrorCode::Unavailable, "Cannot listen on " + impl_->options.address + ":" +
                                                   std::to_string(impl_->options.port) + ": " + ec.message()};
  return acceptor.local_endpoint().port();
}

void Server::run() {
  impl_->accept();
  impl_->heartbeat.start();
  asio::signal_set signals(impl_->io, SIGINT, SIGTERM);
  signals.async_wait(asio::bind_executor(impl_->acceptor.get_executor(), [this](beast::error_code, int) {
    spdlog::info("shutting down");
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->accept_pause.cancel();
    impl_->heartbeat.stop();
    impl_->pacer.stop();
    impl_->io.stop();
  }));
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.io_threads; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : threads) t.join();
}

}  // namespace muster::transport
