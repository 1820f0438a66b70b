#include "transport/http/router.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/json.hpp"
#include "crypto/crypto.hpp"

namespace muster::transport::http_api {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Access access, Body body, Handler handler) {
  auto segments = split_path(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), access, body, std::move(handler)});
}

void Router::add_quick(std::string method, std::string pattern, Access access, Body body, Handler handler) {
  add(std::move(method), std::move(pattern), access, body, std::move(handler));
  routes_.back().quick = true;
}

std::optional<Response> Router::handle_quick(Request& request) const {
  // Most requests (every GET) have no quick route: they are told so before the path is split.
  if (std::none_of(routes_.begin(), routes_.end(),
                   [&](const Route& r) { return r.quick && r.method == request.method; }))
    return std::nullopt;
  auto segments = split_path(request.path);
  for (const auto& route : routes_)
    if (route.quick && route.method == request.method && match(route, segments, &request.params)) return run(route, request);
  return std::nullopt;
}

bool Router::match(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& want = route.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (segments[i].empty()) return false;
      found[want.substr(1, want.size() - 2)] = segments[i];
    } else if (want != segments[i]) {
      return false;
    }
  }
  if (params) *params = std::move(found);
  return true;
}

Body Router::body_kind(std::string_view method, std::string_view target) const {
  auto segments = split_path(std::string(target.substr(0, target.find('?'))));
  for (const auto& route : routes_)
    if (route.method == method && match(route, segments, nullptr)) return route.body;
  return Body::None;
}

Response Router::handle(Request& request) const {
  auto segments = split_path(request.path);
  std::string allowed;
  for (const auto& route : routes_) {
    if (!match(route, segments, &request.params)) continue;
    if (route.method == request.method) return run(route, request);
    allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (!allowed.empty()) {
    Response r = error_response({ErrorCode::MethodNotAllowed, "This method is not allowed here."});
    r.headers.push_back({"Allow", allowed});
    return r;
  }
  return error_response(not_found("No such API route."));
}

static bool content_type_is(const Request& request, std::string_view type) {
  std::string ct = request.header("content-type");
  auto semi = ct.find(';');
  if (semi != std::string::npos) ct.resize(semi);
  while (!ct.empty() && ct.back() == ' ') ct.pop_back();
  for (auto& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ct == type;
}

// A route that takes no body accepts none, an empty JSON object or null: anything else is a field
// or a body the client means but the server would ignore, so it is refused like an unknown field.
static bool blank_or_null(std::string_view body);

static Status refuse_unexpected_body(std::string_view body) {
  if (blank_or_null(body)) return ok_status();
  ASSIGN_OR_RETURN(auto object, parse_json_object(body));
  return JsonReader(object, {}).status();  // every field is unknown here
}

static bool blank_or_null(std::string_view body) {
  auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return true;
  auto last = body.find_last_not_of(" \t\r\n");
  return body.substr(first, last - first + 1) == "null";
}

Response Router::run(const Route& route, Request& request) const {
  if (route.body == Body::OptionalJson && blank_or_null(request.body)) {
    request.body = "{}";
  } else if (route.body == Body::Json || route.body == Body::OptionalJson) {
    if (request.body.size() > kMaxJsonBody)
      return error_response({ErrorCode::PayloadTooLarge, "The request body is larger than 64 KiB."});
    if (!content_type_is(request, "application/json"))
      return error_response({ErrorCode::UnsupportedMediaType, "Send the body as application/json."});
  } else if (route.body == Body::Csv) {
    if (request.body.size() > kMaxCsvBody)
      return error_response({ErrorCode::PayloadTooLarge, "The file is larger than 10 MiB."});
    if (!content_type_is(request, "text/csv") && !content_type_is(request, "text/plain"))
      return error_response({ErrorCode::UnsupportedMediaType, "Send the file as text/csv."});
  } else if (route.body == Body::Binary) {
    // Any declared type: the handler decides by content (magic bytes), never by this header.
    if (request.body.size() > upload_limit_)
      return error_response({ErrorCode::PayloadTooLarge, "The file is larger than the upload limit."});
  } else if (request.body.size() > kMaxJsonBody) {
    return error_response({ErrorCode::PayloadTooLarge, "The request body is too large."});
  } else if (auto refused = refuse_unexpected_body(request.body); !refused.ok()) {
    return error_response(refused.error());
  }

  try {
    if (route.access == Access::Public) return route.handler(request, nullptr);
    return run_signed_in(route, request);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", route.method, route.pattern, e.what());
    return error_response(internal_error("unexpected exception"));
  }
}

Response Router::run_signed_in(const Route& route, Request& request) const {
  bool via_cookie = false;
  auto actor = authenticate_(request, &via_cookie);
  if (!actor.ok()) return error_response(actor.error());
  bool safe = request.method == "GET" || request.method == "HEAD";
  if (via_cookie && !safe && !crypto::equal_secrets(request.header("x-csrf-token"), actor->csrf_token))
    return error_response({ErrorCode::CsrfFailed, "The CSRF token is missing or wrong. Reload the page."});
  return route.handler(request, &actor.value());
}

std::vector<std::string> Router::describe() const {
  std::vector<std::string> out;
  for (const auto& r : routes_) out.push_back(r.method + " " + r.pattern);
  return out;
}

}  // namespace muster::transport::http_api
