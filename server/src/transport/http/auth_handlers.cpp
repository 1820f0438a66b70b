// Setup, sign-in and sign-out, the signed-in person, their sessions, and invitations.
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

constexpr const char* kSessionCookie = "muster_session";

std::string session_cookie(const Services& s, const std::string& token, int max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                       std::to_string(max_age);
  if (s.secure_cookies) cookie += "; Secure";
  return cookie;
}

// The second step of a sign-in that needs one (docs/api/two-factor.md).
Json second_step_json(const app::SecondStep& step) {
  return {{"token", step.token}, {"purpose", step.purpose}, {"expires_at", to_rfc3339(step.expires_at)}};
}

}  // namespace

Response signed_in_response(const Services& s, int status, const app::SignedIn& in, Json extra) {
  if (in.second_step) return json_response(200, {{"second_step", second_step_json(*in.second_step)}});
  Json body = {{"user", person_json({in.person, std::nullopt, {}})}, {"csrf_token", in.csrf_token}};
  if (in.two_factor_setup_by) body["two_factor_setup_by"] = to_rfc3339(*in.two_factor_setup_by);
  for (auto& [k, v] : extra.items()) body[k] = v;
  Response r = json_response(status, body);
  auto max_age = in.expires_at - now_seconds();
  r.headers.push_back({"Set-Cookie", session_cookie(s, in.token, static_cast<int>(max_age > 0 ? max_age : 30 * 24 * 3600))});
  return r;
}

Response token_response(const app::SignedIn& in, Json extra) {
  if (in.second_step) return json_response(200, {{"second_step", second_step_json(*in.second_step)}});
  Json body = {{"token", in.token}, {"session_id", in.session_id}};
  if (in.two_factor_setup_by) body["two_factor_setup_by"] = to_rfc3339(*in.two_factor_setup_by);
  for (auto& [k, v] : extra.items()) body[k] = v;
  return json_response(201, body);
}

void register_auth_routes(Router& router, Services& s) {
  router.add("GET", "/api/v1/setup", Access::Public, Body::None, [&s](Request&, const app::Actor*) {
    auto needed = s.auth.setup_needed();
    if (!needed.ok()) return error_response(needed.error());
    return json_response(200, {{"needed", needed.value()}});
  });

  router.add("POST", "/api/v1/setup", Access::Public, Body::Json, [&s](Request& req, const app::Actor*) {
    PARSE_BODY(body, req);
    JsonReader r(body, {"organization_name", "default_language", "owner"});
    std::string org_name = r.required_string("organization_name");
    std::string language = r.required_string("default_language", 5);
    const Json* owner_json = r.object("owner");
    if (!r.status().ok()) return error_response(r.status().error());
    if (!owner_json) return error_response(invalid("Field 'owner' is required.", "owner"));
    JsonReader o(*owner_json, {"name", "name_latin", "email", "phone", "password"});
    app::NewOwner owner{o.required_string("name"), o.string("name_latin").value_or(""),
                        o.required_string("email", 254), o.string("phone", 40).value_or(""),
                        o.required_string("password", 1024)};
    if (!o.status().ok()) return error_response(o.status().error());
    auto in = s.auth.setup(org_name, language, std::move(owner), client_info(req));
    if (!in.ok()) return error_response(in.error());
    auto org = s.admin.organization();
    return signed_in_response(s, 201, in.value(), {{"organization", organization_json(org.value())}});
  });

  router.add("POST", "/api/v1/auth/sign-in", Access::Public, Body::Json, [&s](Request& req, const app::Actor*) {
    PARSE_BODY(body, req);
    JsonReader r(body, {"login", "password"});
    std::string login = r.required_string("login", 254);
    std::string password = r.required_string("password", 1024);
    if (!r.status().ok()) return error_response(r.status().error());
    auto in = s.auth.sign_in(login, password, "cookie", client_info(req));
    if (!in.ok()) return error_response(in.error());
    return signed_in_response(s, 200, in.value());
  });

  router.add("POST", "/api/v1/auth/tokens", Access::Public, Body::Json, [&s](Request& req, const app::Actor*) {
    PARSE_BODY(body, req);
    JsonReader r(body, {"login", "password", "device"});
    std::string login = r.required_string("login", 254);
    std::string password = r.required_string("password", 1024);
    auto device = r.string("device", 100);
    if (!r.status().ok()) return error_response(r.status().error());
    auto client = client_info(req);
    if (device) client.device = *device;
    auto in = s.auth.sign_in(login, password, "bearer", client);
    if (!in.ok()) return error_response(in.error());
    return token_response(in.value());
  });

  router.add("POST", "/api/v1/auth/sign-out", Access::SignedIn, Body::None, [&s](Request&, const app::Actor* actor) {
    auto done = s.auth.sign_out(*actor);
    if (!done.ok()) return error_response(done.error());
    Response r = no_content();
    r.headers.push_back({"Set-Cookie", session_cookie(s, "", 0)});
    return r;
  });

  router.add("GET", "/api/v1/me", Access::SignedIn, Body::None, [&s](Request&, const app::Actor* actor) {
    auto org = s.admin.organization();
    if (!org.ok()) return error_response(org.error());
    return json_response(200, {{"user", person_json({actor->person, std::nullopt, {}})},
                               {"organization", organization_json(org.value())},
                               {"csrf_token", actor->csrf_token.empty() ? Json(nullptr) : Json(actor->csrf_token)},
                               {"session_id", actor->session_id}});
  });

  router.add("PATCH", "/api/v1/me", Access::SignedIn, Body::Json, [&s](Request& req, const app::Actor* actor) {
    PARSE_BODY(body, req);
    JsonReader r(body, {"language", "name", "name_latin"});
    auto language = r.nullable_string("language", 5);
    auto name = r.string("name", 200);
    auto name_latin = r.nullable_string("name_latin", 200);
    if (!r.status().ok()) return error_response(r.status().error());
    domain::Person person = actor->person;
    if (name || name_latin) {
      auto named = s.people.update_own_name(*actor, name.value_or(person.name),
                                            name_latin ? name_latin->value_or("") : person.name_latin);
      if (!named.ok()) return error_response(named.error());
      person = named.value();
    }
    if (language) {
      auto spoken = s.auth.set_language(*actor, *language);
      if (!spoken.ok()) return error_response(spoken.error());
      person = spoken.value();
    }
    return json_response(200, {{"user", person_json({person, std::nullopt, {}})}});
  });

  router.add("POST", "/api/v1/me/password", Access::SignedIn, Body::Json, [&s](Request& req, const app::Actor* actor) {
    PARSE_BODY(body, req);
    JsonReader r(body, {"current_password", "new_password", "end_other_sessions"});
    auto current = r.string("current_password", 1024);
    auto next = r.string("new_password", 1024);
    auto end_others = r.boolean("end_other_sessions");
    if (!r.status().ok()) return error_response(r.status().error());
    if (!current || current->empty())
      return error_response(invalid("Enter your current password.", "current_password").because("field_required"));
    if (!next || next->empty()) return error_response(invalid("Enter a new password.", "new_password").because("field_required"));
    auto done = s.auth.change_password(*actor, *current, *next, end_others.value_or(false));
    if (!done.ok()) return error_response(done.error());
    return no_content();
  });

  router.add("GET", "/api/v1/me/sessions", Access::SignedIn, Body::None, [&s](Request&, const app::Actor* actor) {
    auto sessions = s.auth.sessions(*actor);
    if (!sessions.ok()) return error_response(sessions.error());
    Json items = Json::array();
    for (const auto& session : sessions.value()) items.push_back(session_json(session, actor->session_id));
    return json_response(200, {{"items", items}});
  });

  router.add("DELETE", "/api/v1/me/sessions/{id}", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* actor) {
               auto done = s.auth.end_session(*actor, req.params["id"]);
               if (!done.ok()) return error_response(done.error());
               return no_content();
             });

  router.add("GET", "/api/v1/invitations/{token}", Access::Public, Body::None, [&s](Request& req, const app::Actor*) {
    auto info = s.auth.invitation(req.params["token"]);
    if (!info.ok()) return error_response(info.error());
    return json_response(200, {{"name", info->name},
                               {"organization", organization_json(info->organization)},
                               {"expires_at", to_rfc3339(info->expires_at)},
                               {"reset", info->reset}});
  });

  router.add("POST", "/api/v1/invitations/{token}/accept", Access::Public, Body::Json,
             [&s](Request& req, const app::Actor*) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"password"});
               std::string password = r.required_string("password", 1024);
               if (!r.status().ok()) return error_response(r.status().error());
               auto in = s.auth.accept_invitation(req.params["token"], password, client_info(req));
               if (!in.ok()) return error_response(in.error());
               return signed_in_response(s, 200, in.value());
             });
}

}  // namespace muster::transport::http_api
