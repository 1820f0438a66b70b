#include "crypto/totp.hpp"

#include <gtest/gtest.h>

namespace muster::crypto {
namespace {

const std::string kSeed20 = "12345678901234567890";

TEST(Hotp, Rfc4226AppendixD) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int counter = 0; counter < 10; ++counter) EXPECT_EQ(hotp(kSeed20, counter), expected[counter]) << counter;
}

struct TotpVector {
  UnixSeconds time;
  const char* code;
  OtpHash hash;
};

TEST(Totp, Rfc6238AppendixB) {
  const std::string seed32 = "12345678901234567890123456789012";
  const std::string seed64 = "1234567890123456789012345678901234567890123456789012345678901234";
  const TotpVector vectors[] = {
      {59, "94287082", OtpHash::Sha1},          {59, "46119246", OtpHash::Sha256},
      {59, "90693936", OtpHash::Sha512},        {1111111109, "07081804", OtpHash::Sha1},
      {1111111109, "68084774", OtpHash::Sha256}, {1111111109, "25091201", OtpHash::Sha512},
      {1111111111, "14050471", OtpHash::Sha1},  {1111111111, "67062674", OtpHash::Sha256},
      {1111111111, "99943326", OtpHash::Sha512}, {1234567890, "89005924", OtpHash::Sha1},
      {1234567890, "91819424", OtpHash::Sha256}, {1234567890, "93441116", OtpHash::Sha512},
      {2000000000, "69279037", OtpHash::Sha1},  {2000000000, "90698825", OtpHash::Sha256},
      {2000000000, "38618901", OtpHash::Sha512}, {20000000000, "65353130", OtpHash::Sha1},
      {20000000000, "77737706", OtpHash::Sha256}, {20000000000, "47863826", OtpHash::Sha512},
  };
  for (const auto& v : vectors) {
    const std::string& key = v.hash == OtpHash::Sha1 ? kSeed20 : v.hash == OtpHash::Sha256 ? seed32 : seed64;
    TotpParams params{8, 30, 1, v.hash};
    EXPECT_EQ(totp(key, v.time, params), v.code) << v.time;
  }
}

TEST(Totp, AcceptsOneStepEitherSideAndNoFurther) {
  const UnixSeconds now = 1111111111;
  const std::int64_t step = totp_step(now);
  for (int offset : {-1, 0, 1}) {
    auto code = totp(kSeed20, now + offset * 30);
    auto matched = match_totp(kSeed20, code, now);
    ASSERT_TRUE(matched) << offset;
    EXPECT_EQ(*matched, step + offset);
  }
  for (int offset : {-3, -2, 2, 3}) EXPECT_FALSE(match_totp(kSeed20, totp(kSeed20, now + offset * 30), now)) << offset;
}

TEST(Totp, RefusesWrongLengthsAndOtherCodes) {
  const UnixSeconds now = 2000000000;
  auto code = totp(kSeed20, now);
  EXPECT_FALSE(match_totp(kSeed20, code.substr(0, 5), now));
  EXPECT_FALSE(match_totp(kSeed20, code + "0", now));
  EXPECT_FALSE(match_totp(kSeed20, "", now));
  std::string other = code;
  other[0] = other[0] == '9' ? '0' : static_cast<char>(other[0] + 1);
  EXPECT_FALSE(match_totp(kSeed20, other, now));
  EXPECT_FALSE(match_totp("another key of twenty", code, now));
}

TEST(Base32, Rfc4648VectorsWithoutPadding) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},           {"f", "MY"},          {"fo", "MZXQ"},
                                                         {"foo", "MZXW6"},   {"foob", "MZXW6YQ"},  {"fooba", "MZXW6YTB"},
                                                         {"foobar", "MZXW6YTBOI"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(base32_encode(plain), encoded);
    EXPECT_EQ(base32_decode(encoded), std::string(plain));
  }
  EXPECT_EQ(base32_decode("mzxw 6ytb-oi=="), std::string("foobar"));
  EXPECT_FALSE(base32_decode("MZXW1"));  // 1 is not in the alphabet
}

TEST(Totp, SecretsRoundTripThroughBase32AndTheUri) {
  auto secret = new_otp_secret();
  EXPECT_EQ(secret.size(), 20u);
  EXPECT_NE(secret, new_otp_secret());
  auto text = base32_encode(secret);
  EXPECT_EQ(text.size(), 32u);
  EXPECT_EQ(base32_decode(text), secret);
  EXPECT_EQ(otpauth_uri("Acme Muster", "sara@acme.example", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Acme%20Muster:sara%40acme.example?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20Muster"
            "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace muster::crypto
