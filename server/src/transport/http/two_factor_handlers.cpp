// Two-factor sign-in: a person's own enrolment and recovery codes, the second step of sign-in, and
// admins' view and reset of a person's two-factor (docs/api/two-factor.md).
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

constexpr size_t kMaxCodeChars = 40;  // a 6-digit code or a recovery code, with spaces

Json status_json(const app::TwoFactorStatus& st) {
  return {{"enabled", st.enabled},
          {"enabled_at", st.enabled_at ? Json(to_rfc3339(*st.enabled_at)) : Json(nullptr)},
          {"recovery_codes_left", st.recovery_codes_left},
          {"pending", st.pending},
          {"required", st.required},
          {"required_by", st.required_by ? Json(to_rfc3339(*st.required_by)) : Json(nullptr)}};
}

Json enrolment_json(const app::TwoFactorEnrolment& e) {
  return {{"secret", e.secret}, {"otpauth_uri", e.otpauth_uri}};
}

Response status_response(const Result<app::TwoFactorStatus>& st) {
  if (!st.ok()) return error_response(st.error());
  return json_response(200, status_json(st.value()));
}

Response codes_response(const Result<std::vector<std::string>>& codes) {
  if (!codes.ok()) return error_response(codes.error());
  return json_response(200, {{"recovery_codes", codes.value()}});
}

// A cookie session carries a CSRF token; a bearer one does not.
Response session_response(const Services& s, const app::SignedIn& in, Json extra = Json::object()) {
  if (in.csrf_token.empty()) return token_response(in, std::move(extra));
  return signed_in_response(s, 200, in, std::move(extra));
}

Response get_own_status(Services& s, Request&, const app::Actor* actor) {
  return status_response(s.two_factor->status(*actor));
}

Response start_own(Services& s, Request&, const app::Actor* actor) {
  auto enrolment = s.two_factor->start(*actor);
  if (!enrolment.ok()) return error_response(enrolment.error());
  return json_response(201, enrolment_json(enrolment.value()));
}

Response confirm_own(Services& s, Request& req, const app::Actor* actor) {
  PARSE_BODY(body, req);
  JsonReader r(body, {"code"});
  std::string code = r.required_string("code", kMaxCodeChars);
  if (!r.status().ok()) return error_response(r.status().error());
  return codes_response(s.two_factor->confirm(*actor, code));
}

Response replace_codes(Services& s, Request& req, const app::Actor* actor) {
  PARSE_BODY(body, req);
  JsonReader r(body, {"code"});
  std::string code = r.required_string("code", kMaxCodeChars);
  if (!r.status().ok()) return error_response(r.status().error());
  return codes_response(s.two_factor->regenerate_recovery_codes(*actor, code));
}

Response disable_own(Services& s, Request& req, const app::Actor* actor) {
  PARSE_BODY(body, req);
  JsonReader r(body, {"password", "code"});
  std::string password = r.required_string("password", 1024);
  std::string code = r.required_string("code", kMaxCodeChars);
  if (!r.status().ok()) return error_response(r.status().error());
  auto done = s.two_factor->disable(*actor, password, code);
  if (!done.ok()) return error_response(done.error());
  return no_content();
}

Response second_step(Services& s, Request& req, const app::Actor*) {
  PARSE_BODY(body, req);
  JsonReader r(body, {"token", "code", "recovery_code"});
  std::string token = r.required_string("token", 128);
  std::string code = r.string("code", kMaxCodeChars).value_or("");
  std::string recovery_code = r.string("recovery_code", kMaxCodeChars).value_or("");
  if (!r.status().ok()) return error_response(r.status().error());
  auto in = s.two_factor->verify(token, code, recovery_code, client_info(req));
  if (!in.ok()) return error_response(in.error());
  return session_response(s, in.value());
}

Response enrol_with_token(Services& s, Request& req, const app::Actor*) {
  PARSE_BODY(body, req);
  JsonReader r(body, {"token"});
  std::string token = r.required_string("token", 128);
  if (!r.status().ok()) return error_response(r.status().error());
  auto enrolment = s.two_factor->start_with_token(token);
  if (!enrolment.ok()) return error_response(enrolment.error());
  return json_response(201, enrolment_json(enrolment.value()));
}

Response confirm_with_token(Services& s, Request& req, const app::Actor*) {
  PARSE_BODY(body, req);
  JsonReader r(body, {"token", "code"});
  std::string token = r.required_string("token", 128);
  std::string code = r.required_string("code", kMaxCodeChars);
  if (!r.status().ok()) return error_response(r.status().error());
  auto done = s.two_factor->confirm_with_token(token, code, client_info(req));
  if (!done.ok()) return error_response(done.error());
  return session_response(s, done->signed_in, {{"recovery_codes", done->recovery_codes}});
}

Response get_person_status(Services& s, Request& req, const app::Actor* actor) {
  return status_response(s.two_factor->status_of(*actor, req.params["id"]));
}

Response reset_person(Services& s, Request& req, const app::Actor* actor) {
  auto done = s.two_factor->reset(actor, req.params["id"]);
  if (!done.ok()) return error_response(done.error());
  return no_content();
}

}  // namespace

void register_two_factor_routes(Router& router, Services& s) {
  auto bind = [&s](Response (*handler)(Services&, Request&, const app::Actor*)) {
    return [&s, handler](Request& req, const app::Actor* actor) { return handler(s, req, actor); };
  };
  router.add("GET", "/api/v1/me/two-factor", Access::SignedIn, Body::None, bind(get_own_status));
  router.add("POST", "/api/v1/me/two-factor/start", Access::SignedIn, Body::None, bind(start_own));
  router.add("POST", "/api/v1/me/two-factor/confirm", Access::SignedIn, Body::Json, bind(confirm_own));
  router.add("POST", "/api/v1/me/two-factor/recovery-codes", Access::SignedIn, Body::Json, bind(replace_codes));
  router.add("POST", "/api/v1/me/two-factor/disable", Access::SignedIn, Body::Json, bind(disable_own));
  router.add("POST", "/api/v1/auth/two-factor", Access::Public, Body::Json, bind(second_step));
  router.add("POST", "/api/v1/auth/two-factor/enrol", Access::Public, Body::Json, bind(enrol_with_token));
  router.add("POST", "/api/v1/auth/two-factor/enrol/confirm", Access::Public, Body::Json, bind(confirm_with_token));
  router.add("GET", "/api/v1/people/{id}/two-factor", Access::SignedIn, Body::None, bind(get_person_status));
  router.add("DELETE", "/api/v1/people/{id}/two-factor", Access::SignedIn, Body::None, bind(reset_person));
}

}  // namespace muster::transport::http_api
