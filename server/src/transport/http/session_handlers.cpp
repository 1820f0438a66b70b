// Devices and sessions: ending one's own with "end and erase", and an admin's view of a person's
// devices (list, end, end and erase; audited in the app layer).
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

// The optional {"erase": true|false} body of an end request.
Result<bool> read_erase(Request& req) {
  ASSIGN_OR_RETURN(auto body, parse_json_object(req.body));
  JsonReader r(body, {"erase"});
  auto erase = r.boolean("erase");
  if (!r.status().ok()) return r.status().error();
  return erase.value_or(false);
}

Response end_own(Services& s, Request& req, const app::Actor* actor) {
  auto erase = read_erase(req);
  if (!erase.ok()) return error_response(erase.error());
  auto done = s.auth.end_session(*actor, req.params["id"], erase.value());
  if (!done.ok()) return error_response(done.error());
  return no_content();
}

Response list_person(Services& s, Request& req, const app::Actor* actor) {
  auto sessions = s.auth.person_sessions(*actor, req.params["id"]);
  if (!sessions.ok()) return error_response(sessions.error());
  Json items = Json::array();
  for (const auto& session : sessions.value()) items.push_back(session_json(session, actor->session_id));
  return json_response(200, {{"items", items}});
}

Response end_person(Services& s, Request& req, const app::Actor* actor) {
  auto erase = read_erase(req);
  if (!erase.ok()) return error_response(erase.error());
  auto done = s.auth.end_person_session(*actor, req.params["id"], req.params["session_id"], erase.value());
  if (!done.ok()) return error_response(done.error());
  return no_content();
}

}  // namespace

void register_session_routes(Router& router, Services& s) {
  router.add("POST", "/api/v1/me/sessions/{id}/end", Access::SignedIn, Body::OptionalJson,
             [&s](Request& req, const app::Actor* actor) { return end_own(s, req, actor); });
  router.add("GET", "/api/v1/people/{id}/sessions", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* actor) { return list_person(s, req, actor); });
  router.add("POST", "/api/v1/people/{id}/sessions/{session_id}/end", Access::SignedIn, Body::OptionalJson,
             [&s](Request& req, const app::Actor* actor) { return end_person(s, req, actor); });
}

}  // namespace muster::transport::http_api
