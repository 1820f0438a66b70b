// TwoFactorService against real SQLite stores: a code works once (replay), recovery codes work
// once each, the second step is single-use, and typed digits in Arabic scripts count.
#include "app/two_factor_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "crypto/crypto.hpp"
#include "crypto/totp.hpp"
#include "realtime/hub.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace muster::app {
namespace {

namespace fs = std::filesystem;

class TwoFactorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("muster-2fa-test-" + std::to_string(std::random_device{}()));
    auto opened = store::sqlite::open_stores(dir_.string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    stores_ = std::move(opened).value();
    auth_ = std::make_unique<AuthService>(*stores_, hub_, AppConfig{});
    service_ = std::make_unique<TwoFactorService>(*stores_, *auth_);
    auth_->set_sign_in_gate(service_.get());
    person_.id = "p_1";
    person_.name = "Huda";
    person_.email = "huda@example.com";
    ASSERT_TRUE(stores_->people().insert(person_).ok());
    ASSERT_TRUE(stores_->people().set_password(person_.id, crypto::hash_password("huda-password-1").value()).ok());
    actor_ = Actor{person_, "s_1", {"10.0.0.1", "test"}, "csrf"};
  }
  void TearDown() override {
    service_.reset();
    auth_.reset();
    stores_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string code(int offset = 0) { return crypto::totp(key_, now_seconds() + offset * 30); }

  // Turns two-factor on with the code of the previous step; returns the recovery codes.
  std::vector<std::string> enrol() {
    auto started = service_->start(actor_);
    EXPECT_TRUE(started.ok());
    key_ = crypto::base32_decode(started->secret).value();
    auto codes = service_->confirm(actor_, code(-1));
    EXPECT_TRUE(codes.ok()) << codes.error().message;
    return codes.ok() ? codes.value() : std::vector<std::string>{};
  }

  std::string second_step_token() {
    auto in = auth_->sign_in("huda@example.com", "huda-password-1", "cookie", {"10.0.0.2", "test"});
    EXPECT_TRUE(in.ok());
    EXPECT_TRUE(in->second_step.has_value());
    EXPECT_TRUE(in->token.empty()) << "no session before the second step";
    return in->second_step ? in->second_step->token : "";
  }

  fs::path dir_;
  realtime::LocalHub hub_;
  std::unique_ptr<store::Stores> stores_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<TwoFactorService> service_;
  domain::Person person_;
  Actor actor_;
  std::string key_;
};

TEST_F(TwoFactorTest, ACodeSignsInOnceAndNotAgainWithinItsWindow) {
  enrol();
  // The very code used, typed again: taken once, since a sign-in (a password hash) can carry the
  // clock into the next 30-second step, whose new code would rightly be accepted.
  const auto used = code();
  auto first = service_->verify(second_step_token(), used, "", {"10.0.0.2", "test"});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->token.empty());
  auto replay = service_->verify(second_step_token(), used, "", {"10.0.0.2", "test"});
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().code, ErrorCode::Unauthenticated);
  // An older code than one already used is refused too.
  EXPECT_FALSE(service_->verify(second_step_token(), code(-1), "", {"10.0.0.2", "test"}).ok());
  EXPECT_TRUE(service_->verify(second_step_token(), code(1), "", {"10.0.0.2", "test"}).ok());
}

TEST_F(TwoFactorTest, RecoveryCodesWorkOnceEach) {
  auto codes = enrol();
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_TRUE(service_->verify(second_step_token(), "", codes[3], {"10.0.0.2", "test"}).ok());
  EXPECT_FALSE(service_->verify(second_step_token(), "", codes[3], {"10.0.0.2", "test"}).ok());
  EXPECT_EQ(service_->status(actor_)->recovery_codes_left, 9);
  EXPECT_FALSE(service_->verify(second_step_token(), "", "aaaa-bbbb-cccc-dddd", {"10.0.0.2", "test"}).ok());
}

TEST_F(TwoFactorTest, TheSecondStepTokenIsSingleUse) {
  enrol();
  auto token = second_step_token();
  EXPECT_TRUE(service_->verify(token, code(), "", {"10.0.0.2", "test"}).ok());
  auto again = service_->verify(token, code(1), "", {"10.0.0.2", "test"});
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("Sign in again"), std::string::npos);
}

TEST_F(TwoFactorTest, WithoutTwoFactorAPasswordOpensASession) {
  auto in = auth_->sign_in("huda@example.com", "huda-password-1", "cookie", {"10.0.0.2", "test"});
  ASSERT_TRUE(in.ok());
  EXPECT_FALSE(in->second_step);
  EXPECT_FALSE(in->token.empty());
}

TEST(NormalizeCode, ArabicDigitsSpacesDashesAndCase) {
  EXPECT_EQ(normalize_code("١٢٣ ٤٥٦"), "123456");
  EXPECT_EQ(normalize_code("۰۹۸-۷۶۵"), "098765");
  EXPECT_EQ(normalize_code("ABCD-efgh 2345"), "abcdefgh2345");
}

}  // namespace
}  // namespace muster::app
