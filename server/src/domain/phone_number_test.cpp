#include "domain/phone_number.hpp"

#include <gtest/gtest.h>

#include "domain/person.hpp"

namespace muster::domain {
namespace {

TEST(PhoneNumber, OneNumberHowEverItIsWritten) {
  for (std::string_view typed : {"0509876543", "+966509876543", "+966 50 987 6543", "00966509876543", "٠٥٠٩٨٧٦٥٤٣"})
    EXPECT_EQ(to_e164(typed, "SA"), "+966509876543") << typed;
}

TEST(PhoneNumber, WithoutACountryOnlyInternationalNumbersRead) {
  EXPECT_EQ(to_e164("+971 50 123 4567", ""), "+971501234567");
  EXPECT_EQ(to_e164("0501234567", ""), std::nullopt);
  EXPECT_EQ(to_e164("0501234567", "AE"), "+971501234567");
}

TEST(PhoneNumber, NotNumbers) {
  EXPECT_EQ(to_e164("", "SA"), std::nullopt);
  EXPECT_EQ(to_e164("12", "SA"), std::nullopt);
  EXPECT_EQ(to_e164("sara@example.com", "SA"), std::nullopt);
}

TEST(PhoneNumber, SearchTextHasTheInternationalAndTheNationalDigits) {
  EXPECT_EQ(phone_search_text("+966509876543", "SA"), "966509876543 0509876543");
  EXPECT_EQ(phone_search_text("junk", "SA"), "");
}

TEST(PhoneNumber, Regions) {
  EXPECT_TRUE(is_phone_region("SA"));
  EXPECT_TRUE(is_phone_region("AE"));
  EXPECT_FALSE(is_phone_region("XX"));
  EXPECT_FALSE(is_phone_region("sa"));
}

TEST(PhoneNumber, TheDirectoryKeyUsesTheOrganizationsCountry) {
  set_phone_region("SA");
  EXPECT_EQ(phone_key("0509876543"), phone_key("+966509876543"));
  EXPECT_EQ(phone_key("0509876543"), "+966509876543");
  set_phone_region("");
  EXPECT_EQ(phone_key("0509876543"), "0509876543") << "no country: the digits, as before";
  EXPECT_EQ(phone_key("+966509876543"), "+966509876543");
}

}  // namespace
}  // namespace muster::domain
