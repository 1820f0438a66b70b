// Working hours: when a person is at work, in their own time zone, so that what reaches them
// outside those hours can wait for a digest instead of waking them. A weekly schedule, overrides for
// specific dates (shift rosters), do-not-disturb, organization defaults and a CSV import of shifts.
// Pure: the only outside input is the system time-zone database (Howard Hinnant's date library,
// reading /usr/share/zoneinfo), so answers follow daylight-saving rules as the OS tzdata knows them.
//
// Daylight saving. Hours are written in local wall-clock time and resolved to UTC day by day,
// deliberately so:
// - a wall-clock time that does not exist (the hour skipped when clocks go forward) means the first
//   instant after the gap: a shift written to start at 02:30 in Berlin on the spring-forward Sunday
//   starts at 03:00 CEST; one written to end then ends at 03:00 CEST too;
// - a wall-clock time that happens twice (the hour repeated when clocks go back) means its first
//   occurrence, for starts and ends alike, so a period never grows by the repeated hour;
// - a period wholly inside a gap is empty and ignored.
// Periods that touch or overlap once resolved (08:00-12:00 and 12:00-16:00; Monday 22:00-24:00 and
// Tuesday 00:00-06:00; an override next to a night shift) are one working period.
#pragma once
#include <array>
#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "domain/directory_csv.hpp"

namespace muster::domain {

enum class Weekday { Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday };
std::string_view to_string(Weekday day);  // "sun" .. "sat", as in the JSON

inline constexpr int kMinutesPerDay = 1440;
inline constexpr std::size_t kMaxIntervalsPerDay = 8;
// A year of rostered dates with room to spare; drop_past_shifts keeps a list under it.
inline constexpr std::size_t kMaxShiftDates = 400;
// How far ahead next_start and current_period_end look, in local days.
inline constexpr int kSearchHorizonDays = 14;

// A working interval of one local day, in minutes from local midnight. It belongs to the day it
// starts on: start is 0..1439 and end 1..1440 (1440 is "24:00", the next midnight). end < start
// means it runs past midnight and ends at `end` the next day: a night shift 22:00-06:00 is
// {1320, 360}. An end written "00:00" is stored as 1440. start == end is refused as unclear.
struct LocalInterval {
  int start = 0;
  int end = 0;
  bool crosses_midnight() const { return end < start; }
  bool operator==(const LocalInterval&) const = default;
};

using DayIntervals = std::vector<LocalInterval>;     // sorted by start, not overlapping
using WeeklySchedule = std::array<DayIntervals, 7>;  // indexed by Weekday

// A calendar date in the person's time zone.
struct LocalDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const LocalDate&) const = default;
};
std::string to_string(LocalDate date);                             // "2026-12-07"
std::optional<LocalDate> parse_local_date(std::string_view text);  // real dates, years 1970-9999
std::string format_time_of_day(int minute);                        // 480 -> "08:00", 1440 -> "24:00"

// The intervals of one date, replacing the weekly schedule for that date (empty: off that day).
struct ShiftOverride {
  LocalDate date;
  DayIntervals intervals;
  bool operator==(const ShiftOverride&) const = default;
};

struct WorkingHours {
  std::string time_zone = "UTC";  // an IANA name: "Asia/Riyadh", "Europe/Berlin"
  WeeklySchedule weekly;
  std::vector<ShiftOverride> shifts;  // at most one per date, sorted by date
  std::optional<UnixSeconds> do_not_disturb_until;  // not working before this instant
};

// Ok when the time-zone database knows the name (names are case-sensitive: "Asia/Riyadh").
Status check_time_zone(std::string_view name);

// Reads {"time_zone": "Asia/Riyadh", "weekly": {"sun": [["08:00","16:00"]], ...},
//        "shifts": [{"date": "2026-12-07", "intervals": [["22:00","06:00"]]}],
//        "do_not_disturb_until": null | "2026-12-05T20:05:00Z"}.
// time_zone is required; a weekday left out of "weekly" is a day off. Unknown fields, unknown zones,
// bad times and dates, start == end, overlapping intervals (within a day, and a weekly night shift
// into the next day's intervals) and too many intervals or dates are refused, naming the field.
Result<WorkingHours> parse_working_hours(const Json& body);
Json working_hours_json(const WorkingHours& hours);  // every weekday, in the form parse reads

// Queries, in UTC. A time zone the database does not know (the struct was not built by
// parse_working_hours, or tzdata dropped the name) counts as always working, so that nothing is held
// silently; do-not-disturb still applies.
//
// Working at `at`: inside a working period and not in do-not-disturb.
bool is_working(const WorkingHours& hours, UnixSeconds at);
// The same answer with how long it holds: is_working gives `working` at every instant in
// [at, until). `until` is the end of the period or of do-not-disturb, the next start, or (when
// neither falls within the next two local days) a later moment to ask again; so a caller can keep
// the answer instead of asking for every message.
struct WorkingState {
  bool working = true;
  UnixSeconds until = 0;
};
WorkingState working_state(const WorkingHours& hours, UnixSeconds at);
// The start of the next working period after `at` (when `at` is inside one, the one after it ends;
// when do-not-disturb covers `at`, the moment it ends if that falls inside a period). nullopt when
// none starts within kSearchHorizonDays: no hours at all, or working all the time.
std::optional<UnixSeconds> next_start(const WorkingHours& hours, UnixSeconds at);
// When the working period around `at` ends; nullopt when not working, or when the period runs past
// the horizon (working all the time).
std::optional<UnixSeconds> current_period_end(const WorkingHours& hours, UnixSeconds at);

// "Omar is off until 08:00 Sunday": the next start with its local weekday, time and date.
struct OffUntil {
  UnixSeconds at = 0;
  Weekday weekday = Weekday::Sunday;
  int minute_of_day = 0;  // local; after a gap the time actually reached (03:00, not 02:30)
  LocalDate date;
};
// nullopt when working at `at`, or when no period starts within the horizon.
std::optional<OffUntil> off_until(const WorkingHours& hours, UnixSeconds at);
// {"at": "2026-12-06T05:00:00Z", "weekday": "sun", "time": "08:00", "date": "2026-12-06"}
Json off_until_json(const OffUntil& off);

// Organization defaults. Where a person's hours come from: their own; else their department's
// default; else their location's; else the organization's; else always working, so that nobody's
// notifications are held when nothing is configured.
// AlwaysWorking comes first so that a value-initialized source ({}) means it.
enum class HoursSource { AlwaysWorking, Person, Department, Location, Organization };
std::string_view to_string(HoursSource source);  // "person", "department", ...

struct HoursCandidates {
  const WorkingHours* person = nullptr;  // null: not set
  const WorkingHours* department = nullptr;
  const WorkingHours* location = nullptr;
  const WorkingHours* organization = nullptr;
  // The person's do-not-disturb when it is kept apart from their hours. Do-not-disturb is personal:
  // a default's is ignored; when the person's own hours carry one too, the later one wins.
  std::optional<UnixSeconds> do_not_disturb_until = std::nullopt;
};
struct EffectiveHours {
  WorkingHours hours;
  HoursSource source = HoursSource::AlwaysWorking;
};
EffectiveHours effective_hours(const HoursCandidates& candidates);
WorkingHours always_working();  // every day 00:00-24:00 in UTC

// Replaces the overrides for the dates in `incoming` and keeps the others, sorted by date; refused
// (and `hours` left as it was) when that would make more than kMaxShiftDates dates.
Status merge_shifts(WorkingHours& hours, const std::vector<ShiftOverride>& incoming);
// Forgets overrides for dates before yesterday (local), which can no longer matter.
void drop_past_shifts(WorkingHours& hours, UnixSeconds now);

// CSV import of shifts: a header row naming the columns (any order, case-insensitive): one of
// email, phone, employee_id or person (who), then date (YYYY-MM-DD), start and end (HH:MM). Several
// rows per person and date add intervals; a row with empty start and end is a day off.
struct PersonShifts {
  std::string person;  // as written (trimmed; emails lower-cased), for the caller to resolve
  int line = 0;        // their first row read, for errors about the person (unknown, ...)
  std::vector<ShiftOverride> shifts;  // sorted by date
};
struct ShiftImport {
  std::string id_column;  // "email", "phone", "employee_id" or "person": how to resolve people
  std::vector<PersonShifts> people;  // sorted by identifier
  std::vector<ImportIssue> errors;   // by line; rows at fault are left out, the others kept
};
// Nothing is applied: the caller decides whether to go ahead with `people` when there are errors.
ShiftImport parse_shifts_csv(std::string_view text);

}  // namespace muster::domain
