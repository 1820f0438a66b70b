// Plain request and response values that handlers work with, so handler files never include Beast.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "core/result.hpp"

namespace muster::transport::http_api {

struct Response;

struct Request {
  std::string method;  // upper case, as sent
  std::string path;    // percent-decoded
  std::map<std::string, std::string> query;    // percent-decoded
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_ip;
  std::map<std::string, std::string> params;  // from the route pattern
  // Set by the server: a handler that would wait (for a commit) may take it and return deferred()
  // instead; the server then writes the response passed to it, once, from whichever thread.
  std::function<void(Response)> answer_later;

  std::string header(const std::string& name) const;
  std::string query_value(const std::string& name) const;
  std::optional<std::string> cookie(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

Response json_response(int status, const Json& body);
// `body` is JSON already serialized (as json_response would).
Response json_text_response(int status, std::string body);
Response no_content();
// What a handler returns when it has taken Request::answer_later.
Response deferred();
bool is_deferred(const Response& response);
Response error_response(const Error& error);
// The `error` object of an error answer: {"code","message","field"?} (also sent over the WebSocket).
Json error_json(const Error& error);
// Adds "reason" and "params" (an object) to `body` when there is a reason: what apps translate.
void put_reason(Json& body, const std::string& reason, const Error::Params& params);
int http_status(ErrorCode code);

}  // namespace muster::transport::http_api
