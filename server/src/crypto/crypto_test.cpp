#include "crypto/crypto.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>

namespace muster::crypto {
namespace {

bool is_url_safe(const std::string& s) {
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

bool is_lower_hex(const std::string& s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

class CryptoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(init().ok()); }
};

// Hashing is deliberately slow (~100 ms), so the suite hashes only twice.
TEST_F(CryptoTest, PasswordHashing) {
  const std::string password = "كلمة-سر correct horse";
  auto first = hash_password(password);
  auto second = hash_password(password);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(first->starts_with("$argon2id$")) << *first;
  EXPECT_EQ(first->find(password), std::string::npos) << "the password is not stored";
  EXPECT_NE(*first, *second) << "each hash has its own salt";

  EXPECT_TRUE(verify_password(password, *first));
  EXPECT_TRUE(verify_password(password, *second));
  EXPECT_FALSE(verify_password("كلمة-سر correct horsE", *first));
  EXPECT_FALSE(verify_password(password.substr(0, password.size() - 1), *first));
}

TEST_F(CryptoTest, VerifyRejectsMissingOrBrokenHashes) {
  EXPECT_FALSE(verify_password("anything", ""));
  EXPECT_FALSE(verify_password("", ""));
  EXPECT_FALSE(verify_password("anything", "not a hash"));
  EXPECT_FALSE(verify_password("anything", "$argon2id$v=19$m=65536,t=2,p=1$garbage"));
}

TEST_F(CryptoTest, RandomTokenLengthAndAlphabet) {
  struct Case {
    size_t bytes;
    size_t chars;  // unpadded base64
  };
  for (auto c : {Case{32, 43}, Case{16, 22}, Case{12, 16}, Case{1, 2}}) {
    std::string token = random_token(c.bytes);
    EXPECT_EQ(token.size(), c.chars) << c.bytes;
    EXPECT_TRUE(is_url_safe(token)) << token;
  }
  EXPECT_EQ(random_token().size(), 43u) << "default is 32 bytes";
}

TEST_F(CryptoTest, RandomTokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(random_token());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(CryptoTest, RandomIdHasPrefix) {
  std::string id = random_id("p");
  ASSERT_TRUE(id.starts_with("p_")) << id;
  EXPECT_EQ(id.size(), 2u + 16u);
  EXPECT_TRUE(is_url_safe(id.substr(2)));
  EXPECT_NE(random_id("p"), random_id("p"));
}

TEST_F(CryptoTest, TimeOrderedIdsSortByCreation) {
  std::string first = time_ordered_id("m");
  ASSERT_TRUE(first.starts_with("m_")) << first;
  EXPECT_EQ(first.size(), 2u + 12u + 12u);
  EXPECT_TRUE(is_url_safe(first.substr(2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::string later = time_ordered_id("m");
  EXPECT_LT(first, later) << "a later id sorts after an earlier one";
  EXPECT_NE(time_ordered_id("m"), time_ordered_id("m")) << "same millisecond, different ids";
}

TEST_F(CryptoTest, TokenDigestIsStableHexBlake2b) {
  // BLAKE2b with a 32-byte output, known answers.
  EXPECT_EQ(token_digest(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(token_digest("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  std::string token = random_token();
  std::string digest = token_digest(token);
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_TRUE(is_lower_hex(digest)) << digest;
  EXPECT_EQ(token_digest(token), digest) << "the same token always finds the same session";
  EXPECT_NE(token_digest(token + "x"), digest);
  EXPECT_EQ(digest.find(token), std::string::npos);
}

TEST_F(CryptoTest, EqualSecrets) {
  EXPECT_TRUE(equal_secrets("abc123", "abc123"));
  EXPECT_TRUE(equal_secrets("", ""));
  EXPECT_FALSE(equal_secrets("abc123", "abc124"));
  EXPECT_FALSE(equal_secrets("abc123", "abc12"));
  EXPECT_FALSE(equal_secrets("", "x"));
  EXPECT_FALSE(equal_secrets(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace muster::crypto
