// AuthService::authenticate against real SQLite stores: what it writes on the request path
// (last seen, an expired session's removal) is submitted, not waited for, and still happens.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "app/auth_service.hpp"
#include "core/clock.hpp"
#include "crypto/crypto.hpp"
#include "realtime/hub.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace muster::app {
namespace {

namespace fs = std::filesystem;

class AuthenticateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("muster-auth-test-" + std::to_string(std::random_device{}()));
    auto opened = store::sqlite::open_stores(dir_.string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    stores_ = std::move(opened).value();
    auth_ = std::make_unique<AuthService>(*stores_, hub_, AppConfig{});
    domain::Person p;
    p.id = "p_1";
    p.name = "Huda";
    p.email = "huda@example.com";
    ASSERT_TRUE(stores_->people().insert(p).ok());
  }
  void TearDown() override {
    auth_.reset();
    stores_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // A bearer session for p_1 with the given token, last seen and expiry.
  void add_session(const std::string& id, const std::string& token, UnixSeconds last_seen, UnixSeconds expires) {
    // Signed in when last seen: the lifetime policy counts from sign-in.
    store::Session s{id, "p_1", crypto::token_digest(token), "", "bearer", "cli", "127.0.0.1", last_seen, last_seen, expires};
    ASSERT_TRUE(stores_->sessions().insert(s).ok());
  }

  fs::path dir_;
  realtime::LocalHub hub_;
  std::unique_ptr<store::Stores> stores_;
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthenticateTest, AnExpiredSessionIsRefusedAndRemoved) {
  add_session("s_old", "expired-token", 0, now_seconds() - 1);
  auto actor = auth_->authenticate("expired-token", {});
  ASSERT_FALSE(actor.ok());
  EXPECT_EQ(actor.error().code, ErrorCode::Unauthenticated);
  EXPECT_NE(actor.error().message.find("expired"), std::string::npos) << actor.error().message;
  ASSERT_TRUE(stores_->transactor().flush().ok());
  EXPECT_EQ(stores_->sessions().find_by_digest(crypto::token_digest("expired-token")).error().code,
            ErrorCode::NotFound);
  EXPECT_FALSE(auth_->authenticate("expired-token", {}).ok());
}

TEST_F(AuthenticateTest, ALiveSessionIsTouchedAtMostOnceAMinute) {
  auto now = now_seconds();
  add_session("s_live", "live-token", now - 3600, now + 3600);
  auto actor = auth_->authenticate("live-token", {});
  ASSERT_TRUE(actor.ok()) << actor.error().message;
  EXPECT_EQ(actor->person.id, "p_1");
  EXPECT_EQ(actor->session_id, "s_live");
  ASSERT_TRUE(stores_->transactor().flush().ok());
  auto seen = stores_->sessions().find_by_digest(crypto::token_digest("live-token"))->last_seen_at;
  EXPECT_GE(seen, now);
  ASSERT_TRUE(auth_->authenticate("live-token", {}).ok());
  ASSERT_TRUE(stores_->transactor().flush().ok());
  EXPECT_EQ(stores_->sessions().find_by_digest(crypto::token_digest("live-token"))->last_seen_at, seen);
}

}  // namespace
}  // namespace muster::app
