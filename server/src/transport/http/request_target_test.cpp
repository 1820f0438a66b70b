#include "transport/http/request_target.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace muster::transport::http_api {
namespace {

using Query = std::map<std::string, std::string>;

TEST(ParseTarget, DecodesPathAndQuery) {
  struct Case {
    std::string target;
    std::string path;
    Query query;
  };
  const std::vector<Case> cases = {
      {"/", "/", {}},
      {"/api/v1/people", "/api/v1/people", {}},
      {"/api/v1/people/", "/api/v1/people/", {}},  // a trailing slash is kept
      {"/api/v1/people/p_1", "/api/v1/people/p_1", {}},
      {"/files/a%20b.txt", "/files/a b.txt", {}},
      {"/files/a+b", "/files/a+b", {}},  // '+' is a space only in the query
      {"/%D8%A3%D8%AD%D9%85%D8%AF", "/أحمد", {}},
      {"/%d8%a3", "/أ", {}},  // lower-case hex
      {"/أحمد", "/أحمد", {}},  // raw UTF-8 passes through
      {"/api?q=a+b", "/api", {{"q", "a b"}}},
      {"/api?q=a%20b", "/api", {{"q", "a b"}}},
      {"/api?q=a%2Bb", "/api", {{"q", "a+b"}}},
      {"/api?q=%D8%A7%D8%AD%D9%85%D8%AF&limit=20", "/api", {{"q", "احمد"}, {"limit", "20"}}},
      {"/api?a=1&b=&c", "/api", {{"a", "1"}, {"b", ""}, {"c", ""}}},
      {"/api?a=1&&b=2&", "/api", {{"a", "1"}, {"b", "2"}}},
      {"/api?x=1&x=2", "/api", {{"x", "2"}}},  // the last value wins
      {"/api?", "/api", {}},
      {"/api?email=a%40b.com&cursor=x%3Dy", "/api", {{"email", "a@b.com"}, {"cursor", "x=y"}}},
      {"/api?q=a=b", "/api", {{"q", "a=b"}}},
      {"/api?next=/a/../b", "/api", {{"next", "/a/../b"}}},  // path rules do not apply to the query
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.target);
    auto target = parse_target(c.target);
    ASSERT_TRUE(target.ok()) << target.error().message;
    EXPECT_EQ(target->path, c.path);
    EXPECT_EQ(target->query, c.query);
  }
}

TEST(ParseTarget, RejectsAmbiguousOrHostileTargets) {
  const std::vector<std::string> cases = {
      "",
      "api/v1/people",
      "http://example.com/api",
      "*",
      "/api/../etc/passwd",
      "/api/..",
      "/..",
      "/api/./people",
      "/.",
      "/api/%2e%2e/secret",
      "/api/%2E%2E/secret",
      "/api/.%2e/secret",
      "/api/%2e",
      "/api/people%2F..%2Fsecret",
      "/api/people%2fx",
      "/api/people%5Cx",
      "/api//people",
      "//api",
      "/api/people//",
      "/api/a%00b",
      "/api?q=a%00b",
      "/api/%C3%28",
      "/api?q=%C3%28",
      "/api/%FF",
      "/api/%C0%AF",  // overlong '/'
      "/api/%",
      "/api/%4",
      "/api/%zz",
      "/api?q=%",
      "/api?q=%G1",
      "/api/a%0Ab",
      "/api/a%7Fb",
      "/api/a\x01",
      "/api?q=line%0Dbreak",
  };
  for (const auto& target : cases) {
    SCOPED_TRACE(target);
    auto parsed = parse_target(target);
    ASSERT_FALSE(parsed.ok()) << "accepted as " << parsed->path;
    EXPECT_EQ(parsed.error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(parsed.error().message.empty());
  }
}

TEST(ParseTarget, TooLongIsPayloadTooLarge) {
  std::string at_limit = "/api?q=" + std::string(4096 - 7, 'a');
  ASSERT_EQ(at_limit.size(), 4096u);
  EXPECT_TRUE(parse_target(at_limit).ok());

  auto too_long = parse_target(at_limit + "a");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, ErrorCode::PayloadTooLarge);
  // Length is checked before anything else, even for a target that is bad in other ways too.
  auto long_and_bad = parse_target(std::string(5000, 'x'));
  ASSERT_FALSE(long_and_bad.ok());
  EXPECT_EQ(long_and_bad.error().code, ErrorCode::PayloadTooLarge);
}

TEST(RedactedPath, HidesSegmentsLongEnoughToBeSecrets) {
  struct Case {
    std::string path;
    std::string redacted;
  };
  const std::string token = "Zk3v9Q_xY2mN8pLr4tW6aB1cD5eF7gH0iJ3kL9";  // like an invitation token
  const std::vector<Case> cases = {
      {"/", "/"},
      {"/api/v1/people", "/api/v1/people"},
      {"/api/v1/invitations/" + token, "/api/v1/invitations/{redacted}"},
      {"/api/v1/invitations/" + token + "/accept", "/api/v1/invitations/{redacted}/accept"},
      {"/api/v1/people/p_abcdefghijklmnop", "/api/v1/people/p_abcdefghijklmnop"},  // ids are short enough
      {"/x/" + std::string(24, 'a'), "/x/" + std::string(24, 'a')},
      {"/x/" + std::string(25, 'a'), "/x/{redacted}"},
      {"/api/", "/api/"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(redacted_path(c.path), c.redacted) << c.path;
    EXPECT_EQ(redacted_path(c.path).find(token), std::string::npos);
  }
}

}  // namespace
}  // namespace muster::transport::http_api
