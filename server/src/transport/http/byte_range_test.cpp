#include "transport/http/byte_range.hpp"

#include <gtest/gtest.h>

namespace muster::transport::http_api {
namespace {

TEST(ByteRange, OneRangeIsAPart) {
  ByteRange r;
  ASSERT_EQ(answer_range("bytes=0-1", 100, r), RangeAnswer::Part);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 1u);
  ASSERT_EQ(answer_range("bytes=10-", 100, r), RangeAnswer::Part);
  EXPECT_EQ(r.first, 10u);
  EXPECT_EQ(r.last, 99u);
  ASSERT_EQ(answer_range("bytes=90-500", 100, r), RangeAnswer::Part) << "the end is cut to the file";
  EXPECT_EQ(r.last, 99u);
  ASSERT_EQ(answer_range("bytes=-30", 100, r), RangeAnswer::Part);
  EXPECT_EQ(r.first, 70u);
  ASSERT_EQ(answer_range("bytes=-300", 100, r), RangeAnswer::Part);
  EXPECT_EQ(r.first, 0u);
}

TEST(ByteRange, BeyondTheEndIsUnsatisfiable) {
  ByteRange r;
  EXPECT_EQ(answer_range("bytes=100-", 100, r), RangeAnswer::Unsatisfiable);
  EXPECT_EQ(answer_range("bytes=-0", 100, r), RangeAnswer::Unsatisfiable);
}

TEST(ByteRange, AnythingElseGetsTheWholeFile) {
  ByteRange r;
  for (std::string_view h : {"", "items=0-1", "bytes=0-1,5-6", "bytes=5-2", "bytes=x-1", "bytes=1", "bytes=-", "bytes=0-1x"})
    EXPECT_EQ(answer_range(h, 100, r), RangeAnswer::Whole) << h;
}

}  // namespace
}  // namespace muster::transport::http_api
