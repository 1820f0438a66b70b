#include "domain/attention/working_hours.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>

namespace muster::domain {
namespace {

UnixSeconds utc(const char* text) {
  auto t = parse_rfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(0);
}

std::optional<UnixSeconds> utc_opt(const char* text) { return utc(text); }

WorkingHours hours(const std::string& json) {
  auto parsed = parse_working_hours(Json::parse(json));
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : WorkingHours{};
}

// Nothing but one interval on one date.
WorkingHours one_shift(const std::string& zone, const std::string& date, const std::string& start,
                       const std::string& end) {
  return hours(R"({"time_zone":")" + zone + R"(","shifts":[{"date":")" + date + R"(","intervals":[[")" + start +
               R"(",")" + end + R"("]]}]})");
}

// Mon-Fri 09:00-17:00 in a zone.
WorkingHours office(const std::string& zone) {
  return hours(R"({"time_zone":")" + zone + R"(","weekly":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],
    "wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"fri":[["09:00","17:00"]]}})");
}

// Sun-Thu 08:00-16:00 in Riyadh (UTC+3 all year).
WorkingHours riyadh() {
  return hours(R"({"time_zone":"Asia/Riyadh","weekly":{"sun":[["08:00","16:00"]],"mon":[["08:00","16:00"]],
    "tue":[["08:00","16:00"]],"wed":[["08:00","16:00"]],"thu":[["08:00","16:00"]]}})");
}

TEST(WorkingHours, RiyadhSundayToThursday) {
  auto h = riyadh();
  EXPECT_FALSE(is_working(h, utc("2026-12-06T04:59:59Z")));  // Sunday 07:59:59
  EXPECT_TRUE(is_working(h, utc("2026-12-06T05:00:00Z")));    // Sunday 08:00
  EXPECT_TRUE(is_working(h, utc("2026-12-06T12:59:59Z")));
  EXPECT_FALSE(is_working(h, utc("2026-12-06T13:00:00Z")));   // 16:00: the end is not included
  EXPECT_FALSE(is_working(h, utc("2026-12-11T08:00:00Z")));   // Friday
  EXPECT_EQ(current_period_end(h, utc("2026-12-06T06:00:00Z")), utc_opt("2026-12-06T13:00:00Z"));
  EXPECT_EQ(current_period_end(h, utc("2026-12-11T08:00:00Z")), std::nullopt);
  // Thursday evening: off until Sunday 08:00.
  EXPECT_EQ(next_start(h, utc("2026-12-10T13:00:00Z")), utc_opt("2026-12-13T05:00:00Z"));
  auto off = off_until(h, utc("2026-12-10T13:00:00Z"));
  ASSERT_TRUE(off);
  EXPECT_EQ(off->at, utc("2026-12-13T05:00:00Z"));
  EXPECT_EQ(off->weekday, Weekday::Sunday);
  EXPECT_EQ(off->minute_of_day, 8 * 60);
  EXPECT_EQ(off->date, (LocalDate{2026, 12, 13}));
  EXPECT_EQ(off_until_json(*off),
            Json::parse(R"({"at":"2026-12-13T05:00:00Z","weekday":"sun","time":"08:00","date":"2026-12-13"})"));
  // Inside a period the next start is the one after it ends; while working there is no "off until".
  EXPECT_EQ(next_start(h, utc("2026-12-06T05:00:00Z")), utc_opt("2026-12-07T05:00:00Z"));
  EXPECT_EQ(off_until(h, utc("2026-12-06T06:00:00Z")), std::nullopt);
}

TEST(WorkingHours, BerlinFollowsDaylightSaving) {
  auto h = office("Europe/Berlin");
  // 09:00 is 08:00 UTC in winter (CET) and 07:00 UTC in summer (CEST).
  EXPECT_FALSE(is_working(h, utc("2026-01-14T07:59:59Z")));
  EXPECT_TRUE(is_working(h, utc("2026-01-14T08:00:00Z")));
  EXPECT_FALSE(is_working(h, utc("2026-07-15T06:59:59Z")));
  EXPECT_TRUE(is_working(h, utc("2026-07-15T07:00:00Z")));
  // Friday before spring forward (Sunday 29 March) to Monday 09:00 CEST.
  EXPECT_EQ(next_start(h, utc("2026-03-27T16:00:00Z")), utc_opt("2026-03-30T07:00:00Z"));
  // Friday before fall back (Sunday 25 October) to Monday 09:00 CET.
  EXPECT_EQ(next_start(h, utc("2026-10-23T15:00:00Z")), utc_opt("2026-10-26T08:00:00Z"));
  auto off = off_until(h, utc("2026-10-23T15:00:00Z"));
  ASSERT_TRUE(off);
  EXPECT_EQ(off->weekday, Weekday::Monday);
  EXPECT_EQ(off->minute_of_day, 9 * 60);
}

TEST(WorkingHours, NewYorkFollowsDaylightSaving) {
  auto h = office("America/New_York");
  // Friday before spring forward (Sunday 8 March): Monday 09:00 EDT.
  EXPECT_EQ(next_start(h, utc("2026-03-06T22:00:00Z")), utc_opt("2026-03-09T13:00:00Z"));
  // Friday before fall back (Sunday 1 November): Monday 09:00 EST.
  EXPECT_EQ(next_start(h, utc("2026-10-30T21:00:00Z")), utc_opt("2026-11-02T14:00:00Z"));
  EXPECT_EQ(current_period_end(h, utc("2026-11-02T15:00:00Z")), utc_opt("2026-11-02T22:00:00Z"));
}

TEST(WorkingHours, CairoFollowsItsDaylightSaving) {
  // Egypt's clocks go forward at Friday 00:00 (last Friday of April) and back at Thursday 24:00 (last
  // Thursday of October). Sun-Thu 09:00-17:00.
  auto h = hours(R"({"time_zone":"Africa/Cairo","weekly":{"sun":[["09:00","17:00"]],"mon":[["09:00","17:00"]],
    "tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]]}})");
  EXPECT_TRUE(is_working(h, utc("2026-04-23T07:00:00Z")));   // Thursday 09:00 EET
  EXPECT_EQ(next_start(h, utc("2026-04-23T15:00:00Z")), utc_opt("2026-04-26T06:00:00Z"));  // Sunday 09:00 EEST
  EXPECT_TRUE(is_working(h, utc("2026-10-29T06:00:00Z")));   // Thursday 09:00 EEST
  EXPECT_EQ(next_start(h, utc("2026-10-29T14:00:00Z")), utc_opt("2026-11-01T07:00:00Z"));  // Sunday 09:00 EET
}

TEST(WorkingHours, ANightShiftCrossesMidnightAndTheClockChange) {
  // Saturday 22:00 to Sunday 06:00 in Berlin: 7 hours when clocks go forward, 9 when they go back.
  auto h = hours(R"({"time_zone":"Europe/Berlin","weekly":{"sat":[["22:00","06:00"]]}})");
  EXPECT_EQ(h.weekly[static_cast<int>(Weekday::Saturday)], (DayIntervals{{22 * 60, 6 * 60}}));
  EXPECT_TRUE(is_working(h, utc("2026-03-28T21:00:00Z")));
  EXPECT_EQ(current_period_end(h, utc("2026-03-28T21:00:00Z")), utc_opt("2026-03-29T04:00:00Z"));
  EXPECT_TRUE(is_working(h, utc("2026-10-25T02:00:00Z")));  // Sunday 03:00 CET, after midnight
  EXPECT_EQ(current_period_end(h, utc("2026-10-24T21:00:00Z")), utc_opt("2026-10-25T05:00:00Z"));
  EXPECT_FALSE(is_working(h, utc("2026-10-25T05:00:00Z")));
  EXPECT_EQ(next_start(h, utc("2026-10-25T05:00:00Z")), utc_opt("2026-10-31T21:00:00Z"));
  // Cairo: Thursday 22:00 EET to Friday 06:00 EEST, over the midnight that does not exist.
  auto cairo = hours(R"({"time_zone":"Africa/Cairo","weekly":{"thu":[["22:00","06:00"]]}})");
  EXPECT_EQ(next_start(cairo, utc("2026-04-23T12:00:00Z")), utc_opt("2026-04-23T20:00:00Z"));
  EXPECT_EQ(current_period_end(cairo, utc("2026-04-23T21:30:00Z")), utc_opt("2026-04-24T03:00:00Z"));
}

TEST(WorkingHours, ATimeInTheSpringGapStartsWhenTheGapEnds) {
  // 02:30 does not exist in Berlin on 29 March 2026: the shift starts at 03:00 CEST (01:00 UTC).
  auto h = one_shift("Europe/Berlin", "2026-03-29", "02:30", "06:00");
  EXPECT_FALSE(is_working(h, utc("2026-03-29T00:59:59Z")));
  EXPECT_TRUE(is_working(h, utc("2026-03-29T01:00:00Z")));
  EXPECT_EQ(current_period_end(h, utc("2026-03-29T01:00:00Z")), utc_opt("2026-03-29T04:00:00Z"));
  auto off = off_until(h, utc("2026-03-28T12:00:00Z"));
  ASSERT_TRUE(off);
  EXPECT_EQ(off->at, utc("2026-03-29T01:00:00Z"));
  EXPECT_EQ(off->minute_of_day, 3 * 60);  // the time actually reached
  // New York, 8 March 2026: 02:30 becomes 03:00 EDT (07:00 UTC).
  auto ny = one_shift("America/New_York", "2026-03-08", "02:30", "05:00");
  EXPECT_EQ(next_start(ny, utc("2026-03-08T00:00:00Z")), utc_opt("2026-03-08T07:00:00Z"));
  // Cairo, 24 April 2026: midnight does not exist, so a shift from 00:00 starts at 01:00 EEST.
  auto cairo = one_shift("Africa/Cairo", "2026-04-24", "00:00", "04:00");
  EXPECT_EQ(next_start(cairo, utc("2026-04-23T12:00:00Z")), utc_opt("2026-04-23T22:00:00Z"));
  // An interval wholly inside the gap is empty.
  auto empty = one_shift("Europe/Berlin", "2026-03-29", "02:10", "02:50");
  EXPECT_EQ(next_start(empty, utc("2026-03-28T12:00:00Z")), std::nullopt);
}

TEST(WorkingHours, ATimeInTheAutumnOverlapMeansItsFirstOccurrence) {
  // Berlin, 25 October 2026: 02:00-03:00 happens twice. A shift 00:00-02:30 ends at the first 02:30.
  auto h = one_shift("Europe/Berlin", "2026-10-25", "00:00", "02:30");
  EXPECT_TRUE(is_working(h, utc("2026-10-24T22:00:00Z")));
  EXPECT_EQ(current_period_end(h, utc("2026-10-24T23:00:00Z")), utc_opt("2026-10-25T00:30:00Z"));
  EXPECT_FALSE(is_working(h, utc("2026-10-25T01:00:00Z")));  // 02:00 CET, the second time round
  // New York, 1 November 2026: a shift from 01:30 starts at the first 01:30 (EDT).
  auto ny = one_shift("America/New_York", "2026-11-01", "01:30", "05:00");
  EXPECT_EQ(next_start(ny, utc("2026-11-01T00:00:00Z")), utc_opt("2026-11-01T05:30:00Z"));
  EXPECT_EQ(current_period_end(ny, utc("2026-11-01T05:30:00Z")), utc_opt("2026-11-01T10:00:00Z"));
  // Cairo, 29 October 2026: 23:00-24:00 on Thursday happens twice; 23:00 means 23:00 EEST.
  auto cairo = one_shift("Africa/Cairo", "2026-10-29", "23:00", "24:00");
  EXPECT_EQ(next_start(cairo, utc("2026-10-29T12:00:00Z")), utc_opt("2026-10-29T20:00:00Z"));
  EXPECT_EQ(current_period_end(cairo, utc("2026-10-29T20:00:00Z")), utc_opt("2026-10-29T22:00:00Z"));
}

TEST(WorkingHours, ShiftOverridesReplaceTheWeekday) {
  auto h = riyadh();
  h.shifts = {{{2026, 12, 13}, {{12 * 60, 20 * 60}}},  // Sunday: 12:00-20:00 instead
              {{2026, 12, 14}, {}}};                    // Monday: off
  EXPECT_FALSE(is_working(h, utc("2026-12-13T06:00:00Z")));  // 09:00
  EXPECT_TRUE(is_working(h, utc("2026-12-13T09:00:00Z")));   // 12:00
  EXPECT_TRUE(is_working(h, utc("2026-12-13T16:00:00Z")));   // 19:00
  EXPECT_FALSE(is_working(h, utc("2026-12-14T07:00:00Z")));  // Monday 10:00, off
  EXPECT_EQ(next_start(h, utc("2026-12-13T17:00:00Z")), utc_opt("2026-12-15T05:00:00Z"));  // Tuesday 08:00
  auto off = off_until(h, utc("2026-12-14T07:00:00Z"));
  ASSERT_TRUE(off);
  EXPECT_EQ(off->weekday, Weekday::Tuesday);
}

TEST(WorkingHours, ANightShiftOverrideJoinsTheNextMorning) {
  auto h = riyadh();
  // Monday night 22:00 to Tuesday 08:00, then Tuesday's 08:00-16:00: one period.
  h.shifts = {{{2026, 12, 7}, {{22 * 60, 8 * 60}}}};
  EXPECT_FALSE(is_working(h, utc("2026-12-07T10:00:00Z")));  // Monday 13:00: the override replaced the day
  EXPECT_TRUE(is_working(h, utc("2026-12-07T23:00:00Z")));   // Tuesday 02:00
  EXPECT_EQ(current_period_end(h, utc("2026-12-07T23:00:00Z")), utc_opt("2026-12-08T13:00:00Z"));
}

TEST(WorkingHours, TouchingIntervalsAreOnePeriod) {
  auto h = hours(R"({"time_zone":"UTC","weekly":{"mon":[["08:00","12:00"],["12:00","16:00"],["22:00","24:00"]],
    "tue":[["00:00","06:00"]]}})");
  EXPECT_EQ(current_period_end(h, utc("2026-12-07T09:00:00Z")), utc_opt("2026-12-07T16:00:00Z"));
  EXPECT_EQ(current_period_end(h, utc("2026-12-07T23:00:00Z")), utc_opt("2026-12-08T06:00:00Z"));
  EXPECT_EQ(next_start(h, utc("2026-12-07T09:00:00Z")), utc_opt("2026-12-07T22:00:00Z"));
}

TEST(WorkingHours, DoNotDisturbIsNotWorkingUntilItEnds) {
  auto h = riyadh();
  h.do_not_disturb_until = utc("2026-12-06T07:00:00Z");  // Sunday 10:00
  EXPECT_FALSE(is_working(h, utc("2026-12-06T06:00:00Z")));
  EXPECT_TRUE(is_working(h, utc("2026-12-06T07:00:00Z")));
  EXPECT_EQ(current_period_end(h, utc("2026-12-06T06:00:00Z")), std::nullopt);
  EXPECT_EQ(next_start(h, utc("2026-12-06T06:00:00Z")), utc_opt("2026-12-06T07:00:00Z"));
  auto off = off_until(h, utc("2026-12-06T06:00:00Z"));
  ASSERT_TRUE(off);
  EXPECT_EQ(off->minute_of_day, 10 * 60);
  // Ending on a day off: the next period after it. A long one: counted from its end.
  h.do_not_disturb_until = utc("2026-12-11T12:00:00Z");  // Friday
  EXPECT_EQ(next_start(h, utc("2026-12-06T06:00:00Z")), utc_opt("2026-12-13T05:00:00Z"));
  h.do_not_disturb_until = utc("2027-01-20T00:00:00Z");  // a month away, a Wednesday
  EXPECT_EQ(next_start(h, utc("2026-12-06T06:00:00Z")), utc_opt("2027-01-20T05:00:00Z"));
  // Over: no effect.
  h.do_not_disturb_until = utc("2026-12-01T00:00:00Z");
  EXPECT_TRUE(is_working(h, utc("2026-12-06T06:00:00Z")));
}

TEST(WorkingHours, NoHoursAtAll) {
  auto h = hours(R"({"time_zone":"Asia/Riyadh"})");
  EXPECT_FALSE(is_working(h, utc("2026-12-06T06:00:00Z")));
  EXPECT_EQ(next_start(h, utc("2026-12-06T06:00:00Z")), std::nullopt);
  EXPECT_EQ(current_period_end(h, utc("2026-12-06T06:00:00Z")), std::nullopt);
  EXPECT_EQ(off_until(h, utc("2026-12-06T06:00:00Z")), std::nullopt);
}

TEST(WorkingHours, AlwaysWorkingAndUnknownZones) {
  auto h = always_working();
  EXPECT_TRUE(is_working(h, utc("2026-12-06T06:00:00Z")));
  EXPECT_EQ(next_start(h, utc("2026-12-06T06:00:00Z")), std::nullopt);
  EXPECT_EQ(current_period_end(h, utc("2026-12-06T06:00:00Z")), std::nullopt);  // never ends
  h.do_not_disturb_until = utc("2026-12-06T08:00:00Z");
  EXPECT_FALSE(is_working(h, utc("2026-12-06T06:00:00Z")));
  EXPECT_EQ(next_start(h, utc("2026-12-06T06:00:00Z")), utc_opt("2026-12-06T08:00:00Z"));
  // A zone the database does not know (not from parse_working_hours) holds nothing back.
  WorkingHours lost;
  lost.time_zone = "Mars/Olympus_Mons";
  EXPECT_TRUE(is_working(lost, utc("2026-12-06T06:00:00Z")));
  EXPECT_EQ(next_start(lost, utc("2026-12-06T06:00:00Z")), std::nullopt);
}

TEST(WorkingHours, TheStateSaysHowLongItHolds) {
  auto h = riyadh();
  auto state = working_state(h, utc("2026-12-06T07:00:00Z"));  // Sunday 10:00: until 16:00
  EXPECT_TRUE(state.working);
  EXPECT_EQ(state.until, utc("2026-12-06T13:00:00Z"));
  state = working_state(h, utc("2026-12-06T14:00:00Z"));  // Sunday 17:00: off until Monday 08:00
  EXPECT_FALSE(state.working);
  EXPECT_EQ(state.until, utc("2026-12-07T05:00:00Z"));
  // Thursday evening: the weekend runs past the two days looked at, so ask again at Saturday 00:00.
  state = working_state(h, utc("2026-12-10T14:00:00Z"));
  EXPECT_FALSE(state.working);
  EXPECT_EQ(state.until, utc("2026-12-11T21:00:00Z"));
  h.do_not_disturb_until = utc("2026-12-06T07:00:00Z");
  state = working_state(h, utc("2026-12-06T06:00:00Z"));
  EXPECT_FALSE(state.working);
  EXPECT_EQ(state.until, utc("2026-12-06T07:00:00Z"));
  state = working_state(always_working(), utc("2026-12-06T06:00:00Z"));  // UTC: ask again in two days
  EXPECT_TRUE(state.working);
  EXPECT_EQ(state.until, utc("2026-12-08T00:00:00Z"));
  WorkingHours lost;
  lost.time_zone = "Mars/Olympus_Mons";
  EXPECT_TRUE(working_state(lost, utc("2026-12-06T06:00:00Z")).working);
}

// Every instant a state covers gives the same answer, across clock changes, night shifts, shifts
// on dates and do-not-disturb: a state kept until `until` never says the wrong thing.
TEST(WorkingHours, EveryInstantAStateCoversAgrees) {
  auto night = hours(R"({"time_zone":"Europe/Berlin","weekly":{"sat":[["22:00","06:00"]]}})");
  auto dnd = riyadh();
  dnd.do_not_disturb_until = utc("2026-03-28T07:30:00Z");
  const WorkingHours schedules[] = {riyadh(),
                                    office("Europe/Berlin"),
                                    office("America/New_York"),
                                    hours(R"({"time_zone":"Africa/Cairo","weekly":{"thu":[["22:00","06:00"]],
                                      "sun":[["09:00","17:00"]]}})"),
                                    night,
                                    one_shift("Europe/Berlin", "2026-03-29", "02:30", "06:00"),
                                    dnd,
                                    always_working()};
  // The weeks of the spring clock changes in New York, Berlin and Cairo, and of Berlin's in autumn.
  const char* weeks[] = {"2026-03-05T00:00:00Z", "2026-03-26T00:00:00Z", "2026-04-22T00:00:00Z",
                         "2026-10-22T00:00:00Z"};
  for (const auto& h : schedules) {
    for (const char* week : weeks) {
      for (UnixSeconds at = utc(week); at < utc(week) + 6 * 86400; at += 131 * 60) {
        auto state = working_state(h, at);
        ASSERT_GT(state.until, at) << h.time_zone << " at " << at;
        UnixSeconds last = std::min(state.until, at + 2 * 86400) - 1;
        for (UnixSeconds t = at; t < last; t += 29 * 60)
          ASSERT_EQ(is_working(h, t), state.working) << h.time_zone << " at " << at << ", asked at " << t;
        ASSERT_EQ(is_working(h, last), state.working) << h.time_zone << " at " << at << ", asked at " << last;
      }
    }
  }
}

TEST(WorkingHours, InstantsFarOutOfRangeAreTakenAsTheNearestEnd) {
  auto h = office("America/New_York");
  constexpr auto kMin = std::numeric_limits<UnixSeconds>::min(), kMax = std::numeric_limits<UnixSeconds>::max();
  EXPECT_FALSE(is_working(h, kMin));  // 1970-01-01T00:00:00Z: a Wednesday evening in New York
  EXPECT_FALSE(is_working(h, kMax));  // 9999-12-31T23:59:59Z: a Friday evening
  EXPECT_EQ(next_start(h, kMin), utc_opt("1970-01-01T14:00:00Z"));
  h.do_not_disturb_until = kMax;
  EXPECT_FALSE(is_working(h, utc("2026-12-07T15:00:00Z")));
  EXPECT_TRUE(next_start(h, utc("2026-12-07T15:00:00Z")).has_value());  // early January 10000
  drop_past_shifts(h, kMin);
}

TEST(WorkingHours, DefaultsPickTheMostSpecificHours) {
  WorkingHours person = riyadh(), department = office("Europe/Berlin"), location = office("Africa/Cairo"),
               organization = office("America/New_York");
  department.do_not_disturb_until = 999;  // a default's do-not-disturb is not inherited
  auto all = effective_hours(
      {.person = &person, .department = &department, .location = &location, .organization = &organization});
  EXPECT_EQ(all.source, HoursSource::Person);
  auto picked = effective_hours({.department = &department, .location = &location, .organization = &organization});
  EXPECT_EQ(picked.source, HoursSource::Department);
  EXPECT_EQ(picked.hours.time_zone, "Europe/Berlin");
  EXPECT_EQ(picked.hours.do_not_disturb_until, std::nullopt);
  EXPECT_EQ(effective_hours({.location = &location, .organization = &organization}).source, HoursSource::Location);
  EXPECT_EQ(effective_hours({.organization = &organization}).source, HoursSource::Organization);
  auto nothing = effective_hours({});
  EXPECT_EQ(nothing.source, HoursSource::AlwaysWorking);
  EXPECT_EQ(to_string(nothing.source), "always_working");
  EXPECT_EQ(HoursSource{}, HoursSource::AlwaysWorking);
  EXPECT_TRUE(is_working(nothing.hours, utc("2026-12-11T03:00:00Z")));
  // The person's own do-not-disturb applies whatever the source; the later of two wins.
  auto quiet = effective_hours({.do_not_disturb_until = 5000});
  EXPECT_EQ(quiet.hours.do_not_disturb_until, std::optional<UnixSeconds>(5000));
  person.do_not_disturb_until = 7000;
  EXPECT_EQ(effective_hours({.person = &person, .do_not_disturb_until = 5000}).hours.do_not_disturb_until,
            std::optional<UnixSeconds>(7000));
}

TEST(WorkingHours, JsonRoundTrip) {
  auto h = hours(R"({"time_zone":"Asia/Riyadh","weekly":{"sun":[["12:00","16:00"],["8:00","11:30"]],
    "thu":[["22:00","00:00"]]},
    "shifts":[{"date":"2026-12-08","intervals":[]},{"date":"2026-12-07","intervals":[["22:00","06:00"]]}],
    "do_not_disturb_until":"2026-12-05T20:05:00Z"})");
  auto sunday = h.weekly[static_cast<int>(Weekday::Sunday)];
  EXPECT_EQ(sunday, (DayIntervals{{8 * 60, 11 * 60 + 30}, {12 * 60, 16 * 60}}));  // sorted
  EXPECT_EQ(h.weekly[static_cast<int>(Weekday::Thursday)], (DayIntervals{{22 * 60, 1440}}));  // 00:00 is 24:00
  ASSERT_EQ(h.shifts.size(), 2u);
  EXPECT_EQ(h.shifts[0].date, (LocalDate{2026, 12, 7}));  // sorted by date
  auto json = working_hours_json(h);
  EXPECT_EQ(json["weekly"]["sun"], Json::parse(R"([["08:00","11:30"],["12:00","16:00"]])"));
  EXPECT_EQ(json["weekly"]["thu"], Json::parse(R"([["22:00","24:00"]])"));
  EXPECT_EQ(json["weekly"]["fri"], Json::array());
  EXPECT_EQ(json["do_not_disturb_until"], "2026-12-05T20:05:00Z");
  auto again = parse_working_hours(json);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(working_hours_json(*again), json);
  EXPECT_EQ(working_hours_json(WorkingHours{})["do_not_disturb_until"], nullptr);
  // A whole day is 00:00-24:00.
  auto always = parse_working_hours(working_hours_json(always_working()));
  ASSERT_TRUE(always.ok()) << always.error().message;
  EXPECT_EQ(always->weekly[0], (DayIntervals{{0, 1440}}));
}

struct BadInput {
  const char* json;
  const char* field;
  const char* says;  // part of the message
};

class WorkingHoursValidation : public ::testing::TestWithParam<BadInput> {};

TEST_P(WorkingHoursValidation, NamesTheField) {
  auto parsed = parse_working_hours(Json::parse(GetParam().json));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(parsed.error().field, GetParam().field);
  EXPECT_NE(parsed.error().message.find(GetParam().says), std::string::npos) << parsed.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, WorkingHoursValidation,
    ::testing::Values(
        BadInput{R"([])", "", "must be a JSON object"},
        BadInput{R"({"weekly":{}})", "time_zone", "must name a time zone"},
        BadInput{R"({"time_zone":"Mars/Olympus_Mons"})", "time_zone", "Unknown time zone 'Mars/Olympus_Mons'"},
        BadInput{R"({"time_zone":"asia/riyadh"})", "time_zone", "Unknown time zone"},
        BadInput{R"({"time_zone":"localtime"})", "time_zone", "Unknown time zone"},
        BadInput{R"({"time_zone":"UTC","hours":1})", "hours", "Unknown field 'hours'"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["25:00","26:00"]]}})", "weekly.mon",
                 "'25:00' is not a time of day"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["08:00","8.30"]]}})", "weekly.mon", "'8.30' is not"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["08:60","09:00"]]}})", "weekly.mon", "'08:60' is not"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["24:00","06:00"]]}})", "weekly.mon", "cannot start at 24:00"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["09:00","09:00"]]}})", "weekly.mon",
                 "starts and ends at 09:00"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["00:00","00:00"]]}})", "weekly.mon", "starts and ends"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["08:00","12:00"],["11:00","16:00"]]}})", "weekly.mon",
                 "08:00-12:00 and 11:00-16:00 overlap"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["22:00","06:00"],["23:00","23:30"]]}})", "weekly.mon",
                 "overlap"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["22:00","06:00"]],"tue":[["05:00","13:00"]]}})",
                 "weekly.tue", "05:00-13:00 overlaps Monday's 22:00-06:00"},
        BadInput{R"({"time_zone":"UTC","weekly":{"sat":[["22:00","06:00"]],"sun":[["05:00","13:00"]]}})",
                 "weekly.sun", "Saturday's"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":[["1:00","2:00"],["3:00","4:00"],["5:00","6:00"],
                 ["7:00","8:00"],["9:00","10:00"],["11:00","12:00"],["13:00","14:00"],["15:00","16:00"],
                 ["17:00","18:00"]]}})",
                 "weekly.mon", "more than 8 intervals"},
        BadInput{R"({"time_zone":"UTC","weekly":{"monday":[]}})", "weekly.monday", "weekdays are sun"},
        BadInput{R"({"time_zone":"UTC","weekly":{"mon":["08:00","16:00"]}})", "weekly.mon", "pairs of times"},
        BadInput{R"({"time_zone":"UTC","weekly":[]})", "weekly", "object of weekdays"},
        BadInput{R"({"time_zone":"UTC","shifts":[{"date":"2026-02-30","intervals":[]}]})", "shifts[0].date",
                 "must be a date"},
        BadInput{R"({"time_zone":"UTC","shifts":[{"date":"7/12/2026","intervals":[]}]})", "shifts[0].date",
                 "must be a date"},
        BadInput{R"({"time_zone":"UTC","shifts":[{"date":"2026-12-07"}]})", "shifts[0].intervals", "missing"},
        BadInput{R"({"time_zone":"UTC","shifts":[{"date":"2026-12-07","intervals":[],"note":"x"}]})",
                 "shifts[0].note", "Unknown field"},
        BadInput{R"({"time_zone":"UTC","shifts":[{"date":"2026-12-07","intervals":[["08:00","25:00"]]}]})",
                 "shifts[0].intervals", "'25:00' is not"},
        BadInput{R"({"time_zone":"UTC","shifts":[{"date":"2026-12-07","intervals":[]},
                 {"date":"2026-12-07","intervals":[]}]})",
                 "shifts", "2026-12-07 twice"},
        BadInput{R"({"time_zone":"UTC","do_not_disturb_until":"2026-12-05"})", "do_not_disturb_until",
                 "UTC date and time"},
        BadInput{R"({"time_zone":"UTC","do_not_disturb_until":12345})", "do_not_disturb_until", "null or"}));

TEST(WorkingHours, TooManyShiftDatesAreRefused) {
  Json shifts = Json::array();
  for (int i = 0; i <= static_cast<int>(kMaxShiftDates); ++i)
    shifts.push_back({{"date", "2026-01-01"}, {"intervals", Json::array()}});
  auto parsed = parse_working_hours({{"time_zone", "UTC"}, {"shifts", shifts}});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "shifts");
  EXPECT_NE(parsed.error().message.find("more than 400 dates"), std::string::npos);
}

TEST(WorkingHours, DatesAndTimesAsText) {
  EXPECT_EQ(parse_local_date("2028-02-29"), (LocalDate{2028, 2, 29}));
  EXPECT_EQ(parse_local_date("2026-02-29"), std::nullopt);
  EXPECT_EQ(parse_local_date("1969-12-31"), std::nullopt);
  EXPECT_EQ(parse_local_date("2026-1-01"), std::nullopt);
  EXPECT_EQ(to_string(LocalDate{2026, 3, 9}), "2026-03-09");
  EXPECT_EQ(format_time_of_day(0), "00:00");
  EXPECT_EQ(format_time_of_day(9 * 60 + 5), "09:05");
  EXPECT_EQ(format_time_of_day(1440), "24:00");
  EXPECT_EQ(to_string(Weekday::Thursday), "thu");
  EXPECT_TRUE(check_time_zone("America/New_York").ok());
}

TEST(WorkingHours, MergingAndForgettingShifts) {
  auto h = riyadh();
  h.shifts = {{{2026, 12, 1}, {}}, {{2026, 12, 7}, {{9 * 60, 17 * 60}}}};
  ASSERT_TRUE(merge_shifts(h, {{{2026, 12, 7}, {}}, {{2026, 12, 3}, {{10 * 60, 11 * 60}}}}).ok());
  ASSERT_EQ(h.shifts.size(), 3u);
  EXPECT_EQ(h.shifts[1].date, (LocalDate{2026, 12, 3}));
  EXPECT_TRUE(h.shifts[2].intervals.empty());  // replaced: now a day off
  EXPECT_EQ(merge_shifts(h, {{{2026, 12, 9}, {{60, 120}, {90, 180}}}}).error().field, "shifts");
  std::vector<ShiftOverride> many;
  for (int i = 0; i < static_cast<int>(kMaxShiftDates); ++i)
    many.push_back({{2030 + i / 336, 1 + i / 28 % 12, 1 + i % 28}, {}});  // distinct dates
  EXPECT_FALSE(merge_shifts(h, many).ok());
  EXPECT_EQ(h.shifts.size(), 3u);  // unchanged
  // On 3 December (Riyadh) yesterday's shift stays and older ones go.
  drop_past_shifts(h, utc("2026-12-03T10:00:00Z"));
  ASSERT_EQ(h.shifts.size(), 2u);
  EXPECT_EQ(h.shifts[0].date, (LocalDate{2026, 12, 3}));
}

TEST(ShiftsCsv, GroupsRowsByPersonAndDate) {
  auto out = parse_shifts_csv(
      "Email,Date,Start,End\n"
      "Omar@Example.com,2026-12-07,22:00,06:00\n"
      "sara@example.com,2026-12-07,08:00,12:00\n"
      "sara@example.com,2026-12-07,13:00,17:00\n"
      "omar@example.com,2026-12-08,,\n"
      "\n"
      "sara@example.com,2026-12-06,09:00,15:00\n");
  EXPECT_TRUE(out.errors.empty());
  EXPECT_EQ(out.id_column, "email");
  ASSERT_EQ(out.people.size(), 2u);
  EXPECT_EQ(out.people[0].person, "omar@example.com");
  EXPECT_EQ(out.people[0].line, 2);
  ASSERT_EQ(out.people[0].shifts.size(), 2u);
  EXPECT_EQ(out.people[0].shifts[0].intervals, (DayIntervals{{22 * 60, 6 * 60}}));
  EXPECT_TRUE(out.people[0].shifts[1].intervals.empty());  // a day off
  EXPECT_EQ(out.people[1].person, "sara@example.com");
  ASSERT_EQ(out.people[1].shifts.size(), 2u);
  EXPECT_EQ(out.people[1].shifts[0].date, (LocalDate{2026, 12, 6}));
  EXPECT_EQ(out.people[1].shifts[1].intervals.size(), 2u);
}

TEST(ShiftsCsv, ReportsBadRowsByLineAndKeepsTheGoodOnes) {
  auto out = parse_shifts_csv(
      "employee_id;date;start;end\n"           // 1 (semicolons, as European Excel saves)
      "E1;2026-12-07;08:00;16:00\n"            // 2 ok
      "E1;2026-13-01;08:00;16:00\n"            // 3 bad date
      "E1;2026-12-08;25:00;16:00\n"            // 4 bad start
      "E1;2026-12-08;08:00;\n"                 // 5 half a row
      ";2026-12-08;08:00;16:00\n"              // 6 nobody
      "E1;2026-12-07;15:00;18:00\n"            // 7 overlaps line 2
      "E1;2026-12-07;;\n"                      // 8 a day off on a day with hours
      "E2;2026-12-09;;\n"                      // 9 ok, off
      "E2;2026-12-09;10:00;12:00\n"            // 10 hours on a day off
      "E2;2026-12-10;09:00;09:00\n"            // 11 start == end
      "E2;2026-12-11;09:00;17:00;extra\n");    // 12 too many fields
  EXPECT_EQ(out.id_column, "employee_id");
  std::vector<std::pair<int, std::string>> got;
  for (const auto& e : out.errors) got.push_back({e.line, e.field});
  std::vector<std::pair<int, std::string>> want = {{3, "date"},  {4, "start"}, {5, "end"},   {6, "employee_id"},
                                                   {7, "start"}, {8, "start"}, {10, "start"}, {11, "end"},
                                                   {12, ""}};
  EXPECT_EQ(got, want);
  for (const auto& e : out.errors) EXPECT_FALSE(e.message.empty());
  EXPECT_NE(out.errors[4].message.find("overlaps 08:00-16:00 on line 2"), std::string::npos) << out.errors[4].message;
  ASSERT_EQ(out.people.size(), 2u);
  EXPECT_EQ(out.people[0].shifts, (std::vector<ShiftOverride>{{{2026, 12, 7}, {{8 * 60, 16 * 60}}}}));
  EXPECT_EQ(out.people[1].shifts, (std::vector<ShiftOverride>{{{2026, 12, 9}, {}}}));
}

TEST(ShiftsCsv, RefusesABadHeader) {
  auto missing = parse_shifts_csv("email,date,start\nomar@example.com,2026-12-07,08:00\n");
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].line, 1);
  EXPECT_EQ(missing.errors[0].field, "end");
  EXPECT_TRUE(missing.people.empty());
  auto two_ids = parse_shifts_csv("email,phone,date,start,end,shift\n");
  ASSERT_EQ(two_ids.errors.size(), 2u);
  EXPECT_NE(two_ids.errors[0].message.find("Two columns say who"), std::string::npos);
  EXPECT_NE(two_ids.errors[1].message.find("Unknown column 'shift'"), std::string::npos);
  auto nobody = parse_shifts_csv("date,start,end\n");
  ASSERT_EQ(nobody.errors.size(), 1u);
  EXPECT_NE(nobody.errors[0].message.find("saying who"), std::string::npos);
  auto empty = parse_shifts_csv("");
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_NE(empty.errors[0].message.find("empty"), std::string::npos);
}

}  // namespace
}  // namespace muster::domain
