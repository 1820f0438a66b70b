// Routes /api requests: matches method and path pattern, then runs the steps every handler
// shares (check the body's type and size, authenticate, check CSRF) before the handler itself.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "transport/http/message.hpp"

namespace muster::transport::http_api {

enum class Access { Public, SignedIn };
// Binary: raw file bytes of any type, up to upload_limit(). OptionalJson: none, null or a JSON object
// (the handler then reads "{}" for none).
enum class Body { None, Json, Csv, Binary, OptionalJson };

using Handler = std::function<Response(Request&, const app::Actor*)>;
// Resolves the caller from the session cookie or bearer token.
using Authenticator = std::function<Result<app::Actor>(const Request&, bool* via_cookie)>;

inline constexpr size_t kMaxJsonBody = 64 * 1024;
inline constexpr size_t kMaxCsvBody = 10 * 1024 * 1024;

class Router {
 public:
  explicit Router(Authenticator authenticate) : authenticate_(std::move(authenticate)) {}

  // pattern: "/api/v1/people/{id}"; a {name} segment matches one non-empty path segment.
  void add(std::string method, std::string pattern, Access access, Body body, Handler handler);
  // A route whose handler never waits (no commit, no password hashing, no file I/O; at most a read
  // that the caches usually answer) runs on the thread that read the request, without a hop to the
  // worker pool and back: the message send, which answers after its commit through answer_later.
  void add_quick(std::string method, std::string pattern, Access access, Body body, Handler handler);
  Response handle(Request& request) const;
  // The request's answer when its route is quick; nothing (and no work done) otherwise.
  std::optional<Response> handle_quick(Request& request) const;
  // "METHOD /pattern" for every route, for `muster routes` and the OpenAPI check.
  std::vector<std::string> describe() const;
  // The largest Body::Binary request (an attachment upload); the HTTP server enforces it early too.
  void set_upload_limit(size_t bytes) { upload_limit_ = bytes; }
  size_t upload_limit() const { return upload_limit_; }
  // The kind of body the route for this method and target (query and all) takes, known from the
  // request's head: the HTTP server picks its body limit and timeout from it before reading the body.
  Body body_kind(std::string_view method, std::string_view target) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Access access;
    Body body;
    Handler handler;
    bool quick = false;
  };
  // On a match, the {name} segments go into `params` (when given).
  static bool match(const Route& route, const std::vector<std::string>& segments,
                    std::map<std::string, std::string>* params);
  Response run(const Route& route, Request& request) const;
  Response run_signed_in(const Route& route, Request& request) const;

  Authenticator authenticate_;
  std::vector<Route> routes_;
  size_t upload_limit_ = 25 * 1024 * 1024;
};

std::vector<std::string> split_path(const std::string& path);

}  // namespace muster::transport::http_api
