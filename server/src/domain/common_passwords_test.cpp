#include "domain/common_passwords.hpp"

#include <gtest/gtest.h>

namespace muster::domain {
namespace {

TEST(CommonPasswords, ShipsAtLeastTenThousand) { EXPECT_GE(common_password_count(), 10'000u); }

TEST(CommonPasswords, FoldsCaseAndBothArabicDigitForms) {
  struct Case {
    const char* in;
    const char* folded;
  } cases[] = {
      {"PassWord", "password"},
      {"\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xA5\xD9\xA6\xD9\xA7\xD9\xA8", "12345678"},  // ١٢٣٤٥٦٧٨
      {"\xDB\xB1\xDB\xB2\xDB\xB3\xDB\xB4\xDB\xB5\xDB\xB6\xDB\xB7\xDB\xB8", "12345678"},  // ۱۲۳۴۵۶۷۸
      {"abc\xD9\xA0x", "abc0x"},
      {"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"},  // مرحبا stays
      {"\xC3\x89t\xC3\xA9", "\xC3\x89t\xC3\xA9"},  // only ASCII letters are folded
  };
  for (const auto& c : cases) EXPECT_EQ(fold_password(c.in), c.folded) << c.in;
}

TEST(CommonPasswords, RefusesListedPasswordsInAnyCaseAndDigits) {
  for (const char* p : {"password", "PASSWORD", "12345678", "qwertyuiop", "iloveyou",
                        "\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xA5\xD9\xA6\xD9\xA7\xD9\xA8",
                        "\xDB\xB1\xDB\xB2\xDB\xB3\xDB\xB4\xDB\xB5\xDB\xB6\xDB\xB7\xDB\xB8"})
    EXPECT_TRUE(is_common_password(p)) << p;
}

TEST(CommonPasswords, AcceptsUncommonOnes) {
  for (const char* p : {"correct horse battery staple", "Muster-rollout-2026!", "", "\xD9\x83\xD9\x84\xD9\x85\xD8\xA9 \xD8\xB3\xD8\xB1"})
    EXPECT_FALSE(is_common_password(p)) << p;
}

}  // namespace
}  // namespace muster::domain
