// The network front: one listener for HTTP (API, static web app, health) and WebSocket upgrades.
// Beast stays behind this interface so main.cpp and most files compile without it.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "app/auth_service.hpp"
#include "app/chat_service.hpp"
#include "realtime/hub.hpp"
#include "store/store.hpp"
#include "transport/http/client_address.hpp"
#include "transport/http/router.hpp"
#include "transport/http/static_files.hpp"

namespace muster::transport {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  int io_threads = 2;
  // Handlers (database, password hashing) run off the I/O threads. Most of their time is spent
  // waiting for the group commit, so there are more of them than cores.
  int worker_threads = 16;
  // A WebSocket silent this long is dropped as dead; it is pinged at half of it.
  int ws_idle_seconds = 300;
  // A WebSocket that wrote less than this long ago gathers its next events into one write at the
  // pacer's next tick (see ws/pacer.hpp); 0 writes every event at once.
  int ws_write_pace_ms = 10;
  // Peers whose Forwarded / X-Forwarded-For headers name the real client (--trusted-proxy).
  http_api::TrustedProxies trusted_proxies;
  bool hsts = false;  // the public URL is https: every answer carries Strict-Transport-Security
  // Built-in TLS (--tls-cert, --tls-key, PEM): both set, every connection is HTTPS/WSS (and HSTS
  // is sent); neither, plain HTTP (behind a reverse proxy).
  std::string tls_cert;
  std::string tls_key;
};

struct ServerParts {
  http_api::Router& router;
  http_api::StaticFiles& web;
  app::AuthService& auth;
  app::ChatService& chat;
  realtime::Hub& hub;
  store::Stores& stores;
};

class Server {
 public:
  Server(ServerOptions options, ServerParts parts);
  ~Server();
  // Binds; returns the port actually bound (the chosen one when 0 was asked).
  Result<unsigned short> listen();
  // Runs until SIGINT/SIGTERM.
  void run();

  struct Impl;  // Beast-facing state; defined in server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace muster::transport
