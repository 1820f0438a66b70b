#include "transport/http/message.hpp"

#include <spdlog/spdlog.h>

namespace muster::transport::http_api {

std::string Request::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::query_value(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}

std::optional<std::string> Request::cookie(const std::string& name) const {
  std::string all = header("cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string pair = all.substr(pos, end - pos);
    size_t b = pair.find_first_not_of(' ');
    if (b != std::string::npos) pair = pair.substr(b);
    auto eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    pos = end + 1;
  }
  return std::nullopt;
}

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return 400;
    case ErrorCode::Unauthenticated: return 401;
    case ErrorCode::PermissionDenied:
    case ErrorCode::CsrfFailed: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::MethodNotAllowed: return 405;
    case ErrorCode::Conflict:
    case ErrorCode::SetupRequired: return 409;
    case ErrorCode::Gone: return 410;
    case ErrorCode::PayloadTooLarge: return 413;
    case ErrorCode::UnsupportedMediaType: return 415;
    case ErrorCode::RateLimited: return 429;
    case ErrorCode::Unavailable: return 503;
    case ErrorCode::Internal: return 500;
    case ErrorCode::PasswordTooCommon: return 400;
    case ErrorCode::SessionErased: return 401;
  }
  return 500;
}

static const char* code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::Unauthenticated: return "unauthenticated";
    case ErrorCode::PermissionDenied: return "permission_denied";
    case ErrorCode::CsrfFailed: return "csrf_failed";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::MethodNotAllowed: return "method_not_allowed";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::Gone: return "gone";
    case ErrorCode::PayloadTooLarge: return "payload_too_large";
    case ErrorCode::UnsupportedMediaType: return "unsupported_media_type";
    case ErrorCode::RateLimited: return "rate_limited";
    case ErrorCode::SetupRequired: return "setup_required";
    case ErrorCode::Unavailable: return "unavailable";
    case ErrorCode::Internal: return "internal";
    case ErrorCode::PasswordTooCommon: return "password_too_common";
    case ErrorCode::SessionErased: return "session_erased";
  }
  return "internal";
}

Response json_response(int status, const Json& body) {
  return json_text_response(status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Response json_text_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

// Status 0 never goes on the wire: it only tells the server that the answer comes later.
Response deferred() {
  Response r;
  r.status = 0;
  return r;
}
bool is_deferred(const Response& response) { return response.status == 0; }

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

Json error_json(const Error& error) {
  Json body = {{"code", code_name(error.code)}, {"message", error.message}};
  // Internal details stay in the log; clients get a stable, harmless message.
  if (error.code == ErrorCode::Internal) body["message"] = "Something went wrong on the server.";
  if (!error.field.empty()) body["field"] = error.field;
  if (error.code != ErrorCode::Internal) put_reason(body, error.reason, error.params);
  return body;
}

void put_reason(Json& body, const std::string& reason, const Error::Params& params) {
  if (reason.empty()) return;
  body["reason"] = reason;
  Json object = Json::object();
  for (const auto& [name, value] : params) object[name] = value;
  body["params"] = std::move(object);
}

Response error_response(const Error& error) {
  // The cause of an internal error is for the operator (an SQLite or system message, never user data).
  if (error.code == ErrorCode::Internal) spdlog::error("internal error: {}", error.message);
  Response r = json_response(http_status(error.code), {{"error", error_json(error)}});
  if (error.code == ErrorCode::RateLimited) r.headers.push_back({"Retry-After", std::to_string(error.retry_after_seconds)});
  return r;
}

}  // namespace muster::transport::http_api
