#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace muster {
namespace {

TEST(Rfc3339, ReadsDatesAndUtcTimes) {
  EXPECT_EQ(parse_rfc3339("1970-01-02"), 86400);
  EXPECT_EQ(parse_rfc3339("2026-12-06T20:00:00Z"), 1796587200);
  EXPECT_EQ(to_rfc3339(1796587200), "2026-12-06T20:00:00Z");
}

TEST(Rfc3339, DropsFractionsOfASecondAsJavaScriptWritesThem) {
  EXPECT_EQ(parse_rfc3339("2026-12-06T20:00:00.000Z"), 1796587200);
  EXPECT_EQ(parse_rfc3339("2026-12-06T20:00:00.999999999Z"), 1796587200);
  EXPECT_EQ(parse_rfc3339("2026-12-06T20:00:00.5Z"), 1796587200);
}

TEST(Rfc3339, RefusesWhatIsNotOne) {
  for (const char* bad : {"", "2026-12-06T20:00:00", "2026-12-06T20:00:00.Z", "2026-12-06T20:00:00.12aZ",
                          "2026-12-06T20:00:00.1234567890Z", "2026-13-06T20:00:00Z", "2026-12-06 20:00:00Z",
                          "2026-12-06T20:00:00+03:00"})
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
}

}  // namespace
}  // namespace muster
