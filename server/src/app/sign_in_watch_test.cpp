#include "app/sign_in_watch.hpp"

#include <gtest/gtest.h>

namespace muster::app {
namespace {

TEST(SignInWatch, TellsOnceWhenFailuresReachTheThresholdWithinTheWindow) {
  SignInWatch watch(5, 900);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(watch.failed("p1", "10.0.0.1", 1000 + i).empty());
  auto told = watch.failed("p1", "10.0.0.2", 1004);
  ASSERT_EQ(told.size(), 5u);
  EXPECT_EQ(told.front().ip, "10.0.0.1");
  EXPECT_EQ(told.back().ip, "10.0.0.2");
  EXPECT_EQ(told.back().at, 1004);
  // The same episode goes on: no second notice.
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(watch.failed("p1", "10.0.0.1", 1010 + i).empty());
}

TEST(SignInWatch, FailuresSpreadBeyondTheWindowDoNotCount) {
  SignInWatch watch(5, 900);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(watch.failed("p1", "10.0.0.1", 1000 + i * 300).empty());
}

TEST(SignInWatch, ANewEpisodeAfterAQuietWindowIsToldAgain) {
  SignInWatch watch(5, 900);
  for (int i = 0; i < 5; ++i) watch.failed("p1", "a", 1000 + i);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(watch.failed("p1", "b", 5000 + i).empty());
  EXPECT_EQ(watch.failed("p1", "b", 5004).size(), 5u);
}

TEST(SignInWatch, AccountsAreCountedApart) {
  SignInWatch watch(2, 900);
  EXPECT_TRUE(watch.failed("p1", "a", 1000).empty());
  EXPECT_TRUE(watch.failed("p2", "a", 1001).empty());
  EXPECT_EQ(watch.failed("p1", "a", 1002).size(), 2u);
}

}  // namespace
}  // namespace muster::app
