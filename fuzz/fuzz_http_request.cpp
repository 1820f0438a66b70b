// HTTP request bytes as a client sends them: Beast's parser (with the server's limits), the
// target decoder, then the router's shared steps (body type and size, authentication, CSRF) over
// routes shaped like the real ones. The handlers only echo, so nothing here needs a database.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/json.hpp"
#include "transport/beast.hpp"
#include "transport/http/request_target.hpp"
#include "transport/http/router.hpp"

namespace {
using namespace muster;
using namespace muster::transport;
using namespace muster::transport::http_api;

// A bearer token or the session cookie "good" signs in; the cookie also needs the CSRF header.
Result<app::Actor> authenticate(const Request& request, bool* via_cookie) {
  app::Actor actor;
  actor.session_id = "s_1";
  if (request.header("authorization") == "Bearer good") return actor;
  if (request.cookie("muster_session") == "good") {
    *via_cookie = true;
    actor.csrf_token = "csrf-token";
    return actor;
  }
  return Error{ErrorCode::Unauthenticated, "Sign in first."};
}

Response echo(Request& request, const app::Actor*) {
  Json params = Json::object();
  for (const auto& [key, value] : request.params) params[key] = value;
  return json_response(200, {{"params", params}, {"redacted", redacted_path(request.path)}});
}

Response read_json(Request& request, const app::Actor*) {
  auto body = parse_json_object(request.body);
  if (!body.ok()) return error_response(body.error());
  return json_response(200, {{"keys", body->size()}});
}

const Router& router() {
  static const Router r = [] {
    Router r(authenticate);
    r.add("POST", "/api/v1/auth/login", Access::Public, Body::Json, read_json);
    r.add("GET", "/api/v1/invitations/{token}", Access::Public, Body::None, echo);
    r.add("GET", "/api/v1/people", Access::SignedIn, Body::None, echo);
    r.add("GET", "/api/v1/people/{id}", Access::SignedIn, Body::None, echo);
    r.add("PATCH", "/api/v1/people/{id}", Access::SignedIn, Body::Json, read_json);
    r.add("POST", "/api/v1/people/import", Access::SignedIn, Body::Csv, echo);
    r.add("POST", "/api/v1/attachments", Access::SignedIn, Body::Binary, echo);
    r.add("POST", "/api/v1/conversations/{id}/read", Access::SignedIn, Body::OptionalJson, read_json);
    r.add("DELETE", "/api/v1/conversations/{id}/messages/{message_id}", Access::SignedIn, Body::None, echo);
    r.add_quick("POST", "/api/v1/conversations/{id}/messages", Access::SignedIn, Body::Json, read_json);
    r.set_upload_limit(1 << 20);
    return r;
  }();
  return r;
}

// What the server does with a parsed request before its handler runs (transport/server.cpp).
void route(http::request<http::string_body>& parsed) {
  Request request;
  request.method = std::string(parsed.method_string());
  for (const auto& field : parsed) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = std::string(field.value());
  }
  request.body = std::move(parsed.body());
  auto target = parse_target(std::string_view(parsed.target().data(), parsed.target().size()));
  if (!target.ok()) return;
  request.path = std::move(target->path);
  request.query = std::move(target->query);
  (void)request.query_value("limit");
  if (!request.path.starts_with("/api/")) return;
  if (auto quick = router().handle_quick(request)) return;
  Response response = router().handle(request);
  if (response.status < 200 || response.status > 599) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(16 * 1024);
  parser.body_limit(10 * 1024 * 1024);
  beast::error_code ec;
  boost::asio::const_buffer input(data, size);
  while (input.size() > 0 && !parser.is_done()) {
    std::size_t used = parser.put(input, ec);
    input += used;
    if (ec == http::error::need_more) {
      if (used == 0) break;
      ec = {};
    } else if (ec) {
      return 0;
    }
  }
  if (!parser.is_done()) {
    // The connection closes: as Beast's own reads do, end of stream before any byte is no request.
    if (!parser.got_some()) return 0;
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
  }
  auto parsed = parser.release();
  route(parsed);
  return 0;
}
