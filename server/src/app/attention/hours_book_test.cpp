// HoursBook on real SQLite stores: the working state it keeps between messages follows the clock
// both ways, a reload after hours change, and a move to another department.
#include "app/attention/hours_book.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "store/sqlite/sqlite_stores.hpp"

namespace muster::app {
namespace {

namespace fs = std::filesystem;

UnixSeconds utc(const char* text) { return parse_rfc3339(text).value_or(0); }

// Sun-Thu 08:00-16:00 in Riyadh (UTC+3), and a night desk 20:00-04:00 every day.
const char* kRiyadhDays = R"({"time_zone":"Asia/Riyadh","weekly":{"sun":[["08:00","16:00"]],
  "mon":[["08:00","16:00"]],"tue":[["08:00","16:00"]],"wed":[["08:00","16:00"]],"thu":[["08:00","16:00"]]}})";
const char* kNightDesk = R"({"time_zone":"Asia/Riyadh","weekly":{"sun":[["20:00","04:00"]],"mon":[["20:00","04:00"]],
  "tue":[["20:00","04:00"]],"wed":[["20:00","04:00"]],"thu":[["20:00","04:00"]],"fri":[["20:00","04:00"]],
  "sat":[["20:00","04:00"]]}})";

class HoursBookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("muster-hours-book-" + std::to_string(std::random_device{}()));
    auto opened = store::sqlite::open_stores(dir_.string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    stores_ = std::move(opened).value();
    person_.id = "p_omar";
    person_.department = "Sales";
  }
  void TearDown() override {
    stores_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void put(store::HoursScope scope, const std::string& key, const char* json) {
    ASSERT_TRUE(stores_->attention().put_hours(scope, key, std::string(json), 0).ok());
  }

  fs::path dir_;
  std::unique_ptr<store::Stores> stores_;
  domain::Person person_;
};

TEST_F(HoursBookTest, TheKeptStateFollowsTheClockBothWays) {
  put(store::HoursScope::Person, person_.id, kRiyadhDays);
  HoursBook book(*stores_);
  EXPECT_TRUE(book.working(person_, utc("2026-12-06T07:00:00Z")));   // Sunday 10:00
  EXPECT_TRUE(book.working(person_, utc("2026-12-06T12:59:59Z")));   // 15:59:59, still the same period
  EXPECT_FALSE(book.working(person_, utc("2026-12-06T13:00:00Z")));  // 16:00
  EXPECT_FALSE(book.working(person_, utc("2026-12-07T04:59:59Z")));  // Monday 07:59:59
  EXPECT_TRUE(book.working(person_, utc("2026-12-07T05:00:00Z")));   // Monday 08:00
  EXPECT_FALSE(book.working(person_, utc("2026-12-06T14:00:00Z")));  // the clock set back to Sunday evening
  EXPECT_TRUE(book.working(person_, utc("2026-12-06T07:00:00Z")));
  EXPECT_FALSE(book.working(person_, utc("2026-12-11T07:00:00Z")));  // Friday
}

TEST_F(HoursBookTest, NewHoursCountAfterAReload) {
  put(store::HoursScope::Person, person_.id, kRiyadhDays);
  HoursBook book(*stores_);
  const UnixSeconds sunday_noon = utc("2026-12-06T09:00:00Z");
  EXPECT_TRUE(book.working(person_, sunday_noon));
  put(store::HoursScope::Person, person_.id, kNightDesk);
  book.reload();
  EXPECT_FALSE(book.working(person_, sunday_noon));
  EXPECT_TRUE(book.working(person_, utc("2026-12-06T18:00:00Z")));  // Sunday 21:00
}

TEST_F(HoursBookTest, AMoveToAnotherDepartmentIsSeenAtOnce) {
  put(store::HoursScope::Department, "Sales", kRiyadhDays);
  put(store::HoursScope::Department, "Night desk", kNightDesk);
  HoursBook book(*stores_);
  const UnixSeconds sunday_noon = utc("2026-12-06T09:00:00Z");
  EXPECT_TRUE(book.working(person_, sunday_noon));
  person_.department = "Night desk";
  EXPECT_FALSE(book.working(person_, sunday_noon));
  EXPECT_EQ(book.of(person_)->source, domain::HoursSource::Department);
  person_.department = "";  // no default anywhere: always working
  EXPECT_TRUE(book.working(person_, utc("2026-12-06T01:00:00Z")));
}

}  // namespace
}  // namespace muster::app
