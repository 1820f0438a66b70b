#include "transport/http/router.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "crypto/crypto.hpp"

namespace muster::transport::http_api {
namespace {

constexpr const char* kCookieToken = "cookie-session-token";
constexpr const char* kBearerToken = "bearer-session-token";
constexpr const char* kCsrf = "csrf-secret-123";

// Stands in for the session lookup: one valid cookie session and one valid bearer session.
Result<app::Actor> fake_authenticate(const Request& request, bool* via_cookie) {
  app::Actor actor;
  actor.person.id = "p_1";
  actor.person.name = "Ahmed";
  std::string auth = request.header("authorization");
  if (!auth.empty()) {
    *via_cookie = false;
    if (auth != std::string("Bearer ") + kBearerToken) return Error{ErrorCode::Unauthenticated, "Sign in to continue."};
    actor.session_id = "s_bearer";
    return actor;
  }
  auto cookie = request.cookie("muster_session");
  if (!cookie) return Error{ErrorCode::Unauthenticated, "Sign in to continue."};
  *via_cookie = true;
  if (*cookie != kCookieToken) return Error{ErrorCode::Unauthenticated, "Sign in to continue."};
  actor.session_id = "s_cookie";
  actor.csrf_token = kCsrf;
  return actor;
}

struct Call {
  int count = 0;
  std::string actor_id;
  std::map<std::string, std::string> params;
  bool had_actor = false;
};

class RouterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto::init().ok()); }

  void SetUp() override {
    auto record = [this](const char* name) {
      return [this, name](Request& request, const app::Actor* actor) {
        auto& call = calls_[name];
        ++call.count;
        call.params = request.params;
        call.had_actor = actor != nullptr;
        if (actor) call.actor_id = actor->person.id;
        return json_response(200, {{"handler", name}});
      };
    };
    router_.add("GET", "/api/v1/health", Access::Public, Body::None, record("health"));
    router_.add("GET", "/api/v1/people", Access::SignedIn, Body::None, record("list"));
    router_.add("POST", "/api/v1/people", Access::SignedIn, Body::Json, record("create"));
    router_.add("GET", "/api/v1/people/{id}", Access::SignedIn, Body::None, record("get"));
    router_.add("PATCH", "/api/v1/people/{id}", Access::SignedIn, Body::Json, record("update"));
    router_.add("DELETE", "/api/v1/people/{id}/sessions/{session_id}", Access::SignedIn, Body::None,
                record("revoke"));
    router_.add("POST", "/api/v1/people/import", Access::SignedIn, Body::Csv, record("import"));
    router_.add("PUT", "/api/v1/people/{id}/photo", Access::SignedIn, Body::Binary, record("photo"));
    router_.add("POST", "/api/v1/auth/login", Access::Public, Body::Json, record("login"));
    router_.add_quick("POST", "/api/v1/conversations/{id}/messages", Access::SignedIn, Body::Json, record("send"));
    router_.add("GET", "/api/v1/boom", Access::Public, Body::None,
                [](Request&, const app::Actor*) -> Response { throw std::runtime_error("secret detail"); });
  }

  static Request request(std::string method, std::string path) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    return r;
  }
  static Request cookie_request(std::string method, std::string path) {
    Request r = request(std::move(method), std::move(path));
    r.headers["cookie"] = std::string("theme=dark; muster_session=") + kCookieToken;
    return r;
  }
  static Request json_body(Request r, std::string body = "{}") {
    r.headers["content-type"] = "application/json";
    r.body = std::move(body);
    return r;
  }

  Response handle(Request r) { return router_.handle(r); }
  int calls(const std::string& name) { return calls_[name].count; }

  Router router_{fake_authenticate};
  std::map<std::string, Call> calls_;
};

// Every error has the same shape, {"error": {"code", "message"}}.
void expect_error(const Response& response, int status, const std::string& code) {
  EXPECT_EQ(response.status, status);
  EXPECT_EQ(response.content_type, "application/json");
  auto body = Json::parse(response.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << response.body;
  ASSERT_TRUE(body.contains("error")) << response.body;
  ASSERT_TRUE(body["error"].is_object()) << response.body;
  EXPECT_EQ(body["error"].value("code", ""), code) << response.body;
  ASSERT_TRUE(body["error"].contains("message")) << response.body;
  EXPECT_TRUE(body["error"]["message"].is_string());
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
}

std::string handler_of(const Response& response) {
  auto body = Json::parse(response.body, nullptr, false);
  return body.is_object() ? body.value("handler", "") : "";
}

// The HTTP server reads a body only up to its route's limit, known from the request's head.
TEST_F(RouterTest, TellsTheBodyKindFromMethodAndTarget) {
  EXPECT_EQ(router_.body_kind("PUT", "/api/v1/people/p_1/photo?x=1&y=2&side=30"), Body::Binary);
  EXPECT_EQ(router_.body_kind("POST", "/api/v1/people/import?mode=apply"), Body::Csv);
  EXPECT_EQ(router_.body_kind("PATCH", "/api/v1/people/p_1"), Body::Json);
  EXPECT_EQ(router_.body_kind("GET", "/api/v1/people/p_1/photo"), Body::None);  // another method
  EXPECT_EQ(router_.body_kind("PUT", "/api/v1/people/p_1/photo/x"), Body::None);
  EXPECT_EQ(router_.body_kind("POST", "/nowhere"), Body::None);
}

TEST_F(RouterTest, PublicRouteRunsWithoutSession) {
  auto response = handle(request("GET", "/api/v1/health"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(handler_of(response), "health");
  EXPECT_FALSE(calls_["health"].had_actor);
}

// Quick routes are answered where the request was read; handle_quick leaves every other request
// alone (no handler ran) for the worker pool, and still checks what every route checks.
TEST_F(RouterTest, OnlyQuickRoutesAreHandledQuick) {
  auto send = json_body(cookie_request("POST", "/api/v1/conversations/c_1/messages"));
  send.headers["x-csrf-token"] = kCsrf;
  auto quick = router_.handle_quick(send);
  ASSERT_TRUE(quick.has_value());
  EXPECT_EQ(handler_of(*quick), "send");
  EXPECT_EQ(calls_["send"].params["id"], "c_1");
  EXPECT_EQ(calls_["send"].actor_id, "p_1");

  auto list = cookie_request("GET", "/api/v1/people");
  EXPECT_FALSE(router_.handle_quick(list).has_value());
  auto wrong_method = cookie_request("GET", "/api/v1/conversations/c_1/messages");
  EXPECT_FALSE(router_.handle_quick(wrong_method).has_value());
  EXPECT_EQ(calls("list"), 0);
  EXPECT_EQ(handler_of(handle(list)), "list") << "the same request still runs the normal way";

  auto forged = json_body(cookie_request("POST", "/api/v1/conversations/c_1/messages"));
  auto refused = router_.handle_quick(forged);
  ASSERT_TRUE(refused.has_value());
  expect_error(*refused, 403, "csrf_failed");
  EXPECT_EQ(calls("send"), 1);
}

TEST_F(RouterTest, UnknownRouteIs404) {
  for (std::string path : {"/api/v1/nothing", "/api/v1", "/api/v1/people/p_1/extra", "/api/v1/people/", "/"}) {
    SCOPED_TRACE(path);
    expect_error(handle(cookie_request("GET", path)), 404, "not_found");
  }
  EXPECT_EQ(calls("get") + calls("list"), 0);
}

TEST_F(RouterTest, WrongMethodOnKnownPathIs405) {
  expect_error(handle(cookie_request("PUT", "/api/v1/people")), 405, "method_not_allowed");
  expect_error(handle(cookie_request("POST", "/api/v1/people/p_1")), 405, "method_not_allowed");
  expect_error(handle(request("DELETE", "/api/v1/health")), 405, "method_not_allowed");
  // Methods are case-sensitive.
  expect_error(handle(cookie_request("get", "/api/v1/people")), 405, "method_not_allowed");
}

// RFC 9110 section 15.5.6: a 405 response MUST carry an Allow header listing the methods the
// path supports. The router sends none.
TEST_F(RouterTest, MethodNotAllowedListsAllowedMethods) {
  auto response = handle(cookie_request("PUT", "/api/v1/people/p_1"));
  ASSERT_EQ(response.status, 405);
  std::string allow;
  for (const auto& [name, value] : response.headers)
    if (name == "Allow") allow = value;
  EXPECT_NE(allow.find("GET"), std::string::npos) << "Allow: " << allow;
  EXPECT_NE(allow.find("PATCH"), std::string::npos) << "Allow: " << allow;
}

TEST_F(RouterTest, CapturesPathParameters) {
  auto response = handle(cookie_request("GET", "/api/v1/people/p_42"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(handler_of(response), "get");
  EXPECT_EQ(calls_["get"].params, (std::map<std::string, std::string>{{"id", "p_42"}}));
  EXPECT_EQ(calls_["get"].actor_id, "p_1") << "the actor comes from the session";

  auto revoke = cookie_request("DELETE", "/api/v1/people/p_42/sessions/s_9");
  revoke.headers["x-csrf-token"] = kCsrf;
  EXPECT_EQ(handle(revoke).status, 200);
  EXPECT_EQ(calls_["revoke"].params,
            (std::map<std::string, std::string>{{"id", "p_42"}, {"session_id", "s_9"}}));
}

TEST_F(RouterTest, LiteralSegmentIsMatchedBeforeLaterParameterRoutes) {
  auto r = json_body(cookie_request("POST", "/api/v1/people/import"), "name,email\n");
  r.headers["content-type"] = "text/csv";
  r.headers["x-csrf-token"] = kCsrf;
  EXPECT_EQ(handler_of(handle(r)), "import");
}

TEST_F(RouterTest, JsonRouteNeedsJsonContentType) {
  struct Case {
    std::string content_type;
    int status;
  };
  const std::vector<Case> cases = {
      {"application/json", 200},
      {"application/json; charset=utf-8", 200},
      {"Application/JSON", 200},
      {"", 415},
      {"text/plain", 415},
      {"application/x-www-form-urlencoded", 415},
      {"multipart/form-data; boundary=x", 415},
      {"application/jsonp", 415},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.content_type);
    auto r = cookie_request("POST", "/api/v1/people");
    r.headers["x-csrf-token"] = kCsrf;
    r.body = "{}";
    if (!c.content_type.empty()) r.headers["content-type"] = c.content_type;
    auto response = handle(r);
    if (c.status == 200) EXPECT_EQ(response.status, 200);
    else expect_error(response, 415, "unsupported_media_type");
  }
  EXPECT_EQ(calls("create"), 3);
}

TEST_F(RouterTest, CsvRouteAcceptsCsvOrPlainText) {
  for (std::string type : {"text/csv", "text/plain; charset=utf-8"}) {
    auto r = cookie_request("POST", "/api/v1/people/import");
    r.headers["x-csrf-token"] = kCsrf;
    r.headers["content-type"] = type;
    EXPECT_EQ(handle(r).status, 200) << type;
  }
  auto json = json_body(cookie_request("POST", "/api/v1/people/import"));
  json.headers["x-csrf-token"] = kCsrf;
  expect_error(handle(json), 415, "unsupported_media_type");
}

TEST_F(RouterTest, BodyOver64KiBIs413) {
  auto at_limit = json_body(cookie_request("POST", "/api/v1/people"), std::string(kMaxJsonBody, ' '));
  at_limit.headers["x-csrf-token"] = kCsrf;
  EXPECT_EQ(handle(at_limit).status, 200);

  auto over = json_body(cookie_request("POST", "/api/v1/people"), std::string(kMaxJsonBody + 1, ' '));
  over.headers["x-csrf-token"] = kCsrf;
  expect_error(handle(over), 413, "payload_too_large");

  auto public_over = json_body(request("POST", "/api/v1/auth/login"), std::string(kMaxJsonBody + 1, ' '));
  expect_error(handle(public_over), 413, "payload_too_large");

  auto no_body_route = cookie_request("GET", "/api/v1/people");
  no_body_route.body = std::string(kMaxJsonBody + 1, 'x');
  expect_error(handle(no_body_route), 413, "payload_too_large");
  EXPECT_EQ(calls("create") + calls("login") + calls("list"), 1);
}

TEST_F(RouterTest, CsvBodyMayBeLargerThanJson) {
  auto r = cookie_request("POST", "/api/v1/people/import");
  r.headers["x-csrf-token"] = kCsrf;
  r.headers["content-type"] = "text/csv";
  r.body = std::string(1024 * 1024, 'a');
  EXPECT_EQ(handle(r).status, 200);
  r.body = std::string(kMaxCsvBody + 1, 'a');
  expect_error(handle(r), 413, "payload_too_large");
}

TEST_F(RouterTest, UnauthenticatedIs401) {
  expect_error(handle(request("GET", "/api/v1/people")), 401, "unauthenticated");
  auto wrong_cookie = request("GET", "/api/v1/people");
  wrong_cookie.headers["cookie"] = "muster_session=forged";
  expect_error(handle(wrong_cookie), 401, "unauthenticated");
  auto wrong_bearer = request("GET", "/api/v1/people");
  wrong_bearer.headers["authorization"] = "Bearer forged";
  expect_error(handle(wrong_bearer), 401, "unauthenticated");
  auto unauthenticated_post = json_body(request("POST", "/api/v1/people"));
  expect_error(handle(unauthenticated_post), 401, "unauthenticated");
  EXPECT_EQ(calls("list") + calls("create"), 0);
}

TEST_F(RouterTest, CookiePostNeedsTheCsrfToken) {
  struct Case {
    std::string name;
    std::optional<std::string> token;
    bool runs;
  };
  const std::vector<Case> cases = {
      {"missing", std::nullopt, false},
      {"empty", "", false},
      {"wrong", "csrf-secret-124", false},
      {"prefix", "csrf-secret-12", false},
      {"longer", std::string(kCsrf) + "x", false},
      {"right", kCsrf, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    int before = calls("create");
    auto r = json_body(cookie_request("POST", "/api/v1/people"));
    if (c.token) r.headers["x-csrf-token"] = *c.token;
    auto response = handle(r);
    if (c.runs) {
      EXPECT_EQ(response.status, 200);
      EXPECT_EQ(calls("create"), before + 1);
    } else {
      expect_error(response, 403, "csrf_failed");
      EXPECT_EQ(calls("create"), before) << "the handler must not run";
    }
  }
}

TEST_F(RouterTest, CsrfAppliesToEveryUnsafeMethod) {
  auto patch = json_body(cookie_request("PATCH", "/api/v1/people/p_2"));
  expect_error(handle(patch), 403, "csrf_failed");
  auto del = cookie_request("DELETE", "/api/v1/people/p_2/sessions/s_1");
  expect_error(handle(del), 403, "csrf_failed");
  EXPECT_EQ(calls("update") + calls("revoke"), 0);
  // Reads need no token.
  EXPECT_EQ(handle(cookie_request("GET", "/api/v1/people")).status, 200);
}

TEST_F(RouterTest, BearerNeedsNoCsrfToken) {
  auto r = json_body(request("POST", "/api/v1/people"));
  r.headers["authorization"] = std::string("Bearer ") + kBearerToken;
  auto response = handle(r);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(calls("create"), 1);
  EXPECT_EQ(calls_["create"].actor_id, "p_1");
}

TEST_F(RouterTest, HandlerExceptionIs500WithoutDetails) {
  auto response = handle(request("GET", "/api/v1/boom"));
  expect_error(response, 500, "internal");
  EXPECT_EQ(response.body.find("secret detail"), std::string::npos) << response.body;
}

TEST_F(RouterTest, DescribeListsEveryRoute) {
  auto routes = router_.describe();
  EXPECT_EQ(routes.size(), 11u);
  EXPECT_NE(std::find(routes.begin(), routes.end(), "PATCH /api/v1/people/{id}"), routes.end());
  EXPECT_NE(std::find(routes.begin(), routes.end(), "POST /api/v1/conversations/{id}/messages"), routes.end())
      << "quick routes are listed too";
}

TEST(SplitPath, Segments) {
  EXPECT_EQ(split_path("/api/v1/people"), (std::vector<std::string>{"api", "v1", "people"}));
  EXPECT_EQ(split_path("/api/"), (std::vector<std::string>{"api", ""}));
  EXPECT_EQ(split_path("/"), (std::vector<std::string>{""}));
}

}  // namespace
}  // namespace muster::transport::http_api
