#include "domain/attention/working_hours.hpp"

// Debian builds libdate-tz to read the OS database (/usr/share/zoneinfo), and <date/tz.h> declares a
// different time_zone and tzdb layout unless USE_OS_TZDB is 1. The CMake target date::date-tz
// passes it; builds that only add -ldate-tz get it here, and a build saying 0 is refused.
#ifndef USE_OS_TZDB
#define USE_OS_TZDB 1
#endif
#include <date/tz.h>
static_assert(USE_OS_TZDB == 1, "Debian's libdate-tz reads the OS time-zone database: build with USE_OS_TZDB=1");

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <limits>
#include <map>
#include <utility>

#include "domain/text/csv.hpp"

namespace muster::domain {

namespace {

using date::days;
using date::local_days;
using date::local_seconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kDayKeys[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr std::string_view kDayNames[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                           "Thursday", "Friday", "Saturday"};
// Instants outside 1970-9999 are taken as the nearest end, which keeps the date arithmetic in range.
constexpr UnixSeconds kLatest = 253402300799;  // 9999-12-31T23:59:59Z
UnixSeconds in_range(UnixSeconds t) { return std::clamp<UnixSeconds>(t, 0, kLatest); }
constexpr std::size_t kMaxZoneNameChars = 64;

// f(zone), or `unknown` when the database has no such zone. The library throws for an unknown name,
// and for an unreadable zone file on first use of the zone: both count as unknown.
template <typename R, typename F>
R in_zone(std::string_view name, R unknown, F&& f) {
  // "localtime" is the server's own setting (a link to /etc/localtime), not a place.
  if (name.empty() || name.size() > kMaxZoneNameChars || name == "localtime") return unknown;
  try {
    return f(*date::locate_zone(name));
  } catch (const std::exception&) {
    return unknown;
  }
}

// ---- Text forms ----

std::optional<int> digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "8:00" or "08:00" up to "24:00", as minutes from midnight.
std::optional<int> parse_time(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() != colon + 3) return std::nullopt;
  auto h = digits(s.substr(0, colon));
  auto m = digits(s.substr(colon + 1));
  if (!h || !m || *h > 24 || *m > 59 || (*h == 24 && *m != 0)) return std::nullopt;
  return *h * 60 + *m;
}

// Echoes input in a message, shortened on a UTF-8 boundary (messages end up in JSON).
std::string in_quotes(std::string_view s) {
  if (s.size() <= 40) return "'" + std::string(s) + "'";
  std::size_t n = 40;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return "'" + std::string(s.substr(0, n)) + "…'";
}

std::string describe(LocalInterval i) { return format_time_of_day(i.start) + "-" + format_time_of_day(i.end); }

// Where an interval ends, counted from its own day's midnight.
int span_end(LocalInterval i) { return i.crosses_midnight() ? i.end + kMinutesPerDay : i.end; }

bool overlap(LocalInterval a, LocalInterval b) { return a.start < span_end(b) && b.start < span_end(a); }

// Messages name no field and error().field is "start" or "end": callers say where.
Result<LocalInterval> make_interval(std::string_view start_text, std::string_view end_text) {
  auto start = parse_time(start_text);
  if (!start) return invalid(in_quotes(start_text) + " is not a time of day (HH:MM, 00:00 to 24:00).", "start");
  auto end = parse_time(end_text);
  if (!end) return invalid(in_quotes(end_text) + " is not a time of day (HH:MM, 00:00 to 24:00).", "end");
  if (*start == kMinutesPerDay) return invalid("An interval cannot start at 24:00; write 00:00.", "start");
  if (*end == *start)
    return invalid("An interval starts and ends at " + std::string(start_text) + "; for a whole day write 00:00-24:00.",
                   "end");
  return LocalInterval{*start, *end == 0 ? kMinutesPerDay : *end};
}

// Sorts one day's intervals; refuses overlaps and too many.
Status check_day(DayIntervals& day) {
  if (day.size() > kMaxIntervalsPerDay)
    return invalid("A day has at most " + std::to_string(kMaxIntervalsPerDay) + " intervals.");
  std::sort(day.begin(), day.end(), [](LocalInterval a, LocalInterval b) { return a.start < b.start; });
  for (std::size_t i = 1; i < day.size(); ++i)
    if (overlap(day[i - 1], day[i])) return invalid(describe(day[i - 1]) + " and " + describe(day[i]) + " overlap.");
  return ok_status();
}

Error at_field(const std::string& field, const Error& e) {
  return invalid("Field '" + field + "': " + e.message, field);
}

Result<DayIntervals> parse_day(const Json& list, const std::string& field) {
  if (!list.is_array())
    return invalid("Field '" + field + "' must be a list of intervals like [[\"08:00\", \"16:00\"]].", field);
  if (list.size() > kMaxIntervalsPerDay)
    return invalid("Field '" + field + "' has more than " + std::to_string(kMaxIntervalsPerDay) + " intervals.", field);
  DayIntervals day;
  for (const auto& pair : list) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
      return invalid("Field '" + field + "' must list intervals as pairs of times, like [\"08:00\", \"16:00\"].",
                     field);
    auto interval = make_interval(pair[0].get_ref<const std::string&>(), pair[1].get_ref<const std::string&>());
    if (!interval.ok()) return at_field(field, interval.error());
    day.push_back(*interval);
  }
  if (auto checked = check_day(day); !checked.ok()) return at_field(field, checked.error());
  return day;
}

Json day_json(const DayIntervals& day) {
  Json list = Json::array();
  for (auto i : day) list.push_back(Json::array({format_time_of_day(i.start), format_time_of_day(i.end)}));
  return list;
}

Result<WeeklySchedule> parse_weekly(const Json& body) {
  if (!body.is_object()) return invalid("Field 'weekly' must be an object of weekdays (sun to sat).", "weekly");
  WeeklySchedule weekly;
  for (const auto& item : body.items()) {
    const std::string& key = item.key();
    auto it = std::find(std::begin(kDayKeys), std::end(kDayKeys), key);
    if (it == std::end(kDayKeys))
      return invalid("Field 'weekly' has '" + key + "'; weekdays are sun, mon, tue, wed, thu, fri and sat.",
                     "weekly." + key);
    ASSIGN_OR_RETURN(weekly[it - std::begin(kDayKeys)], parse_day(item.value(), "weekly." + key));
  }
  // A night shift runs into the next day, whose own intervals must leave room for it.
  for (int d = 0; d < 7; ++d) {
    const auto& day = weekly[d];
    const auto& next = weekly[(d + 1) % 7];
    if (day.empty() || !day.back().crosses_midnight() || next.empty()) continue;
    if (next.front().start < day.back().end) {
      std::string field = "weekly." + std::string(kDayKeys[(d + 1) % 7]);
      return invalid("Field '" + field + "': " + describe(next.front()) + " overlaps " + std::string(kDayNames[d]) +
                         "'s " + describe(day.back()) + ".",
                     field);
    }
  }
  return weekly;
}

Result<std::vector<ShiftOverride>> parse_shifts(const Json& body) {
  if (!body.is_array()) return invalid("Field 'shifts' must be a list.", "shifts");
  if (body.size() > kMaxShiftDates)
    return invalid("Field 'shifts' has more than " + std::to_string(kMaxShiftDates) + " dates.", "shifts");
  std::vector<ShiftOverride> shifts;
  for (std::size_t n = 0; n < body.size(); ++n) {
    const Json& item = body[n];
    std::string field = "shifts[" + std::to_string(n) + "]";
    if (!item.is_object()) return invalid("Field '" + field + "' must be an object with date and intervals.", field);
    for (const auto& kv : item.items())
      if (kv.key() != "date" && kv.key() != "intervals")
        return invalid("Unknown field '" + field + "." + kv.key() + "'.", field + "." + kv.key());
    auto date = item.find("date");
    auto parsed = date != item.end() && date->is_string() ? parse_local_date(date->get_ref<const std::string&>())
                                                          : std::nullopt;
    if (!parsed) return invalid("Field '" + field + ".date' must be a date like 2026-12-07.", field + ".date");
    auto intervals = item.find("intervals");
    if (intervals == item.end())
      return invalid("Field '" + field + ".intervals' is missing ([] for a day off).", field + ".intervals");
    ASSIGN_OR_RETURN(auto day, parse_day(*intervals, field + ".intervals"));
    shifts.push_back({*parsed, std::move(day)});
  }
  std::stable_sort(shifts.begin(), shifts.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  for (std::size_t i = 1; i < shifts.size(); ++i)
    if (shifts[i].date == shifts[i - 1].date)
      return invalid("Field 'shifts' has " + to_string(shifts[i].date) + " twice.", "shifts");
  return shifts;
}

// ---- Time ----

// Where a wall-clock time falls in UTC; see the header for gaps and overlaps.
UnixSeconds to_utc(const date::time_zone& zone, local_seconds local) {
  auto info = zone.get_info(local);
  if (info.result == date::local_info::nonexistent) return info.first.end.time_since_epoch().count();
  return (local - info.first.offset).time_since_epoch().count();  // unique, or the first of two
}

// Local time in the hours' zone; in UTC when the zone is unknown.
local_seconds to_local(const std::string& zone_name, UnixSeconds t) {
  date::sys_seconds sys{seconds{t}};
  return in_zone(zone_name, local_seconds{sys.time_since_epoch()},
                 [&](const date::time_zone& zone) { return zone.to_local(sys); });
}

std::optional<local_days> to_days(LocalDate d) {
  auto ymd = date::year{d.year} / static_cast<unsigned>(d.month) / static_cast<unsigned>(d.day);
  return ymd.ok() ? std::optional(local_days{ymd}) : std::nullopt;
}

LocalDate from_days(local_days d) {
  date::year_month_day ymd{d};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

struct Span {
  UnixSeconds start;
  UnixSeconds end;
};

constexpr int kMaxDays = kSearchHorizonDays + 2;

// The working periods of local days first..last (at most kMaxDays), in UTC, sorted, with those that
// touch or overlap merged. An interval belongs to the day it starts on.
std::vector<Span> periods(const WorkingHours& h, const date::time_zone& zone, local_days first, local_days last) {
  int count = static_cast<int>((last - first).count()) + 1;
  std::array<const DayIntervals*, kMaxDays> by_day{};
  for (int i = 0; i < count; ++i) by_day[i] = &h.weekly[date::weekday{first + days{i}}.c_encoding()];
  for (const auto& shift : h.shifts) {
    auto d = to_days(shift.date);
    if (d && *d >= first && *d <= last) by_day[(*d - first).count()] = &shift.intervals;
  }
  std::vector<Span> spans;
  for (int i = 0; i < count; ++i) {
    local_seconds midnight{first + days{i}};
    for (auto iv : *by_day[i]) {
      auto start = to_utc(zone, midnight + minutes{iv.start});
      auto end = to_utc(zone, midnight + minutes{iv.end} + days{iv.crosses_midnight() ? 1 : 0});
      if (end > start) spans.push_back({start, end});  // empty when wholly inside a gap
    }
  }
  std::sort(spans.begin(), spans.end(), [](Span a, Span b) { return a.start < b.start; });
  std::vector<Span> merged;
  for (auto s : spans) {
    if (!merged.empty() && s.start <= merged.back().end) merged.back().end = std::max(merged.back().end, s.end);
    else merged.push_back(s);
  }
  return merged;
}

// The moment do-not-disturb ends, or the earliest instant when it is off.
UnixSeconds dnd_end(const WorkingHours& h) {
  return h.do_not_disturb_until ? in_range(*h.do_not_disturb_until) : std::numeric_limits<UnixSeconds>::min();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::string_view to_string(Weekday day) { return kDayKeys[static_cast<int>(day)]; }

std::string to_string(LocalDate d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<LocalDate> parse_local_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = digits(s.substr(0, 4));
  auto m = digits(s.substr(5, 2));
  auto d = digits(s.substr(8, 2));
  if (!y || !m || !d || *y < 1970) return std::nullopt;
  LocalDate date{*y, *m, *d};
  if (!(date::year{*y} / static_cast<unsigned>(*m) / static_cast<unsigned>(*d)).ok()) return std::nullopt;
  return date;
}

std::string format_time_of_day(int minute) {
  minute = std::clamp(minute, 0, kMinutesPerDay);
  char buf[6] = {static_cast<char>('0' + minute / 600), static_cast<char>('0' + minute / 60 % 10), ':',
                 static_cast<char>('0' + minute % 60 / 10), static_cast<char>('0' + minute % 10), '\0'};
  return buf;
}

Status check_time_zone(std::string_view name) {
  auto known = in_zone(name, false, [](const date::time_zone& zone) {
    zone.get_info(date::sys_seconds{});  // reads the zone's file now, so a bad one is refused here
    return true;
  });
  if (known) return ok_status();
  return invalid("Unknown time zone " + in_quotes(name) + "; use a name from the time-zone database, like Asia/Riyadh.",
                 "time_zone");
}

Result<WorkingHours> parse_working_hours(const Json& body) {
  if (!body.is_object()) return invalid("Working hours must be a JSON object.");
  static constexpr std::string_view kKnown[] = {"time_zone", "weekly", "shifts", "do_not_disturb_until"};
  for (const auto& item : body.items())
    if (std::find(std::begin(kKnown), std::end(kKnown), item.key()) == std::end(kKnown))
      return invalid("Unknown field '" + item.key() + "'.", item.key());
  WorkingHours h;
  auto zone = body.find("time_zone");
  if (zone == body.end() || !zone->is_string() || zone->get_ref<const std::string&>().empty())
    return invalid("Field 'time_zone' must name a time zone, like Asia/Riyadh.", "time_zone");
  h.time_zone = zone->get<std::string>();
  TRY(check_time_zone(h.time_zone));
  if (auto weekly = body.find("weekly"); weekly != body.end()) {
    ASSIGN_OR_RETURN(h.weekly, parse_weekly(*weekly));
  }
  if (auto shifts = body.find("shifts"); shifts != body.end()) {
    ASSIGN_OR_RETURN(h.shifts, parse_shifts(*shifts));
  }
  if (auto dnd = body.find("do_not_disturb_until"); dnd != body.end() && !dnd->is_null()) {
    // A date and time (a bare date would silently mean midnight UTC).
    auto text = dnd->is_string() ? dnd->get<std::string>() : "";
    auto at = text.size() == 20 ? parse_rfc3339(text) : std::nullopt;
    if (!at || *at > kLatest)
      return invalid("Field 'do_not_disturb_until' must be null or a UTC date and time like 2026-12-05T20:05:00Z.",
                     "do_not_disturb_until");
    h.do_not_disturb_until = at;
  }
  return h;
}

Json working_hours_json(const WorkingHours& h) {
  Json weekly = Json::object();
  for (int d = 0; d < 7; ++d) weekly[std::string(kDayKeys[d])] = day_json(h.weekly[d]);
  Json shifts = Json::array();
  for (const auto& s : h.shifts) shifts.push_back({{"date", to_string(s.date)}, {"intervals", day_json(s.intervals)}});
  Json j = Json::object();
  j["time_zone"] = h.time_zone;
  j["weekly"] = std::move(weekly);
  j["shifts"] = std::move(shifts);
  j["do_not_disturb_until"] = h.do_not_disturb_until ? Json(to_rfc3339(*h.do_not_disturb_until)) : Json(nullptr);
  return j;
}

bool is_working(const WorkingHours& h, UnixSeconds at) { return working_state(h, at).working; }

WorkingState working_state(const WorkingHours& h, UnixSeconds at) {
  at = in_range(at);
  if (at < dnd_end(h)) return {false, dnd_end(h)};
  return in_zone(h.time_zone, WorkingState{true, kLatest}, [&](const date::time_zone& zone) {
    auto today = date::floor<days>(zone.to_local(date::sys_seconds{seconds{at}}));
    // Periods of days after tomorrow start at or after this, so before it the spans are complete.
    auto horizon = to_utc(zone, local_seconds{today + days{2}});
    for (auto s : periods(h, zone, today - days{1}, today + days{1})) {
      if (s.start <= at && at < s.end) return WorkingState{true, std::min(s.end, horizon)};
      if (s.start > at) return WorkingState{false, std::min(s.start, horizon)};
    }
    return WorkingState{false, horizon};
  });
}

std::optional<UnixSeconds> next_start(const WorkingHours& h, UnixSeconds at) {
  at = in_range(at);
  // While do-not-disturb holds, work can start no earlier than its end (inside a period: at its end).
  bool held = at < dnd_end(h);
  UnixSeconds from = held ? dnd_end(h) : at;
  using Start = std::optional<UnixSeconds>;
  return in_zone(h.time_zone, held ? Start(from) : std::nullopt, [&](const date::time_zone& zone) -> Start {
    auto day = date::floor<days>(zone.to_local(date::sys_seconds{seconds{from}}));
    for (auto s : periods(h, zone, day - days{1}, day + days{kSearchHorizonDays}))
      if (held ? s.end > from : s.start > from) return std::max(s.start, from);
    return std::nullopt;
  });
}

std::optional<UnixSeconds> current_period_end(const WorkingHours& h, UnixSeconds at) {
  at = in_range(at);
  if (at < dnd_end(h)) return std::nullopt;
  using End = std::optional<UnixSeconds>;
  return in_zone(h.time_zone, End{}, [&](const date::time_zone& zone) -> End {  // unknown: always working
    auto today = date::floor<days>(zone.to_local(date::sys_seconds{seconds{at}}));
    auto last = today + days{kSearchHorizonDays};
    // Intervals of later days start after this, so a period ending before it is complete.
    auto horizon = to_utc(zone, local_seconds{last + days{1}});
    for (auto s : periods(h, zone, today - days{1}, last))
      if (s.start <= at && at < s.end) return s.end < horizon ? End(s.end) : std::nullopt;
    return std::nullopt;
  });
}

std::optional<OffUntil> off_until(const WorkingHours& h, UnixSeconds at) {
  at = in_range(at);
  if (is_working(h, at)) return std::nullopt;
  auto start = next_start(h, at);
  if (!start) return std::nullopt;
  auto local = to_local(h.time_zone, *start);
  auto day = date::floor<days>(local);
  return OffUntil{*start, static_cast<Weekday>(date::weekday{day}.c_encoding()),
                  static_cast<int>(std::chrono::floor<minutes>(local - day).count()), from_days(day)};
}

Json off_until_json(const OffUntil& off) {
  return {{"at", to_rfc3339(off.at)},
          {"weekday", to_string(off.weekday)},
          {"time", format_time_of_day(off.minute_of_day)},
          {"date", to_string(off.date)}};
}

std::string_view to_string(HoursSource source) {
  switch (source) {
    case HoursSource::Person: return "person";
    case HoursSource::Department: return "department";
    case HoursSource::Location: return "location";
    case HoursSource::Organization: return "organization";
    case HoursSource::AlwaysWorking: return "always_working";
  }
  return "always_working";
}

EffectiveHours effective_hours(const HoursCandidates& c) {
  const std::pair<const WorkingHours*, HoursSource> order[] = {{c.person, HoursSource::Person},
                                                               {c.department, HoursSource::Department},
                                                               {c.location, HoursSource::Location},
                                                               {c.organization, HoursSource::Organization}};
  EffectiveHours out{always_working(), HoursSource::AlwaysWorking};
  for (const auto& [hours, source] : order) {
    if (!hours) continue;
    out = {*hours, source};
    if (source != HoursSource::Person) out.hours.do_not_disturb_until.reset();  // personal, never inherited
    break;
  }
  auto& dnd = out.hours.do_not_disturb_until;
  if (c.do_not_disturb_until && (!dnd || *c.do_not_disturb_until > *dnd)) dnd = c.do_not_disturb_until;
  return out;
}

WorkingHours always_working() {
  WorkingHours h;
  h.time_zone = "UTC";
  for (auto& day : h.weekly) day = {{0, kMinutesPerDay}};
  return h;
}

Status merge_shifts(WorkingHours& h, const std::vector<ShiftOverride>& incoming) {
  std::map<LocalDate, DayIntervals> by_date;
  for (const auto& s : h.shifts) by_date[s.date] = s.intervals;
  for (const auto& s : incoming) {
    DayIntervals day = s.intervals;
    if (auto checked = check_day(day); !checked.ok())
      return invalid(to_string(s.date) + ": " + checked.error().message, "shifts");
    by_date[s.date] = std::move(day);
  }
  if (by_date.size() > kMaxShiftDates)
    return invalid("A person can have shifts on at most " + std::to_string(kMaxShiftDates) +
                       " dates; remove some before adding more.",
                   "shifts");
  h.shifts.clear();
  for (auto& [date, intervals] : by_date) h.shifts.push_back({date, std::move(intervals)});
  return ok_status();
}

void drop_past_shifts(WorkingHours& h, UnixSeconds now) {
  // Yesterday stays: its night shift may still be running.
  auto keep_from = from_days(date::floor<days>(to_local(h.time_zone, in_range(now))) - days{1});
  std::erase_if(h.shifts, [&](const ShiftOverride& s) { return s.date < keep_from; });
}

ShiftImport parse_shifts_csv(std::string_view text) {
  ShiftImport out;
  CsvTable table = parse_csv(text);
  for (const auto& e : table.errors) out.errors.push_back({e.line, "", e.message, "csv_syntax"});
  if (table.records.empty()) {
    if (out.errors.empty())
      out.errors.push_back({1, "", "The file is empty: the first row must name the columns (email,date,start,end).", "csv_empty"});
    return out;
  }

  const auto& header = table.records.front();
  int id_col = -1, date_col = -1, start_col = -1, end_col = -1;
  bool header_ok = true;
  auto header_error = [&](std::string field, std::string message) {
    out.errors.push_back({header.line, std::move(field), std::move(message), "field_invalid"});
    header_ok = false;
  };
  for (int i = 0; i < static_cast<int>(header.fields.size()); ++i) {
    std::string col = lower(trim(header.fields[i]));
    if (col.empty()) continue;  // spreadsheets add empty columns
    bool is_id = col == "email" || col == "phone" || col == "employee_id" || col == "person";
    int* slot = is_id ? &id_col : col == "date" ? &date_col : col == "start" ? &start_col : col == "end" ? &end_col
                                                                                                     : nullptr;
    if (!slot) {
      header_error(col, "Unknown column " + in_quotes(header.fields[i]) +
                            "; the columns are email (or phone, employee_id, person), date, start and end.");
    } else if (*slot >= 0) {
      header_error(col, is_id ? "Two columns say who ('" + out.id_column + "' and '" + col + "'); keep one."
                              : "Column '" + col + "' appears twice.");
    } else {
      *slot = i;
      if (is_id) out.id_column = col;
    }
  }
  if (id_col < 0) header_error("", "The file needs a column saying who: email, phone, employee_id or person.");
  const std::pair<int, const char*> required[] = {{date_col, "date"}, {start_col, "start"}, {end_col, "end"}};
  for (auto [col, name] : required)
    if (col < 0) header_error(name, std::string("The file needs a '") + name + "' column.");
  if (!header_ok) return out;

  struct Day {
    int off_line = 0;  // the row that made it a day off
    std::vector<std::pair<LocalInterval, int>> intervals;  // with their lines
  };
  std::map<std::string, std::map<LocalDate, Day>> people;
  std::map<std::string, int> first_line;
  for (std::size_t r = 1; r < table.records.size(); ++r) {
    const auto& record = table.records[r];
    auto error = [&](std::string field, std::string message) {
      out.errors.push_back({record.line, std::move(field), std::move(message), "field_invalid"});
    };
    auto field = [&](int col) { return col < static_cast<int>(record.fields.size()) ? trim(record.fields[col]) : ""; };
    auto blank = [](const std::string& f) { return trim(f).empty(); };
    if (std::all_of(record.fields.begin(), record.fields.end(), blank)) continue;
    if (record.fields.size() > header.fields.size()) {
      error("", "This row has more fields than the header has columns.");
      continue;
    }
    std::string person = field(id_col);
    if (out.id_column == "email") person = lower(person);
    if (person.empty()) {
      error(out.id_column, "The row does not say who (" + out.id_column + " is empty).");
      continue;
    }
    auto date = parse_local_date(field(date_col));
    if (!date) {
      error("date", in_quotes(field(date_col)) + " is not a date (YYYY-MM-DD, like 2026-12-07).");
      continue;
    }
    std::string start = field(start_col), end = field(end_col);
    std::optional<LocalInterval> interval;  // none: a day off
    if (start.empty() != end.empty()) {
      error(start.empty() ? "start" : "end", "Give both start and end, or neither for a day off.");
      continue;
    }
    if (!start.empty()) {
      auto made = make_interval(start, end);
      if (!made.ok()) {
        error(made.error().field, made.error().message);
        continue;
      }
      interval = *made;
    }

    auto& dates = people[person];
    first_line.emplace(person, record.line);
    auto found = dates.find(*date);
    if (found == dates.end() && dates.size() >= kMaxShiftDates) {
      error("date", "A person can have shifts on at most " + std::to_string(kMaxShiftDates) + " dates.");
      continue;
    }
    Day& day = dates[*date];
    if (!interval) {
      if (!day.intervals.empty())
        error("start", "This person has hours on " + to_string(*date) + " (line " +
                           std::to_string(day.intervals.front().second) + "), so it cannot also be a day off.");
      else if (day.off_line == 0) day.off_line = record.line;
      continue;
    }
    if (day.off_line != 0) {
      error("start", to_string(*date) + " is a day off for this person (line " + std::to_string(day.off_line) + ").");
      continue;
    }
    if (day.intervals.size() >= kMaxIntervalsPerDay) {
      error("start", "A day has at most " + std::to_string(kMaxIntervalsPerDay) + " intervals.");
      continue;
    }
    auto clash = std::find_if(day.intervals.begin(), day.intervals.end(),
                              [&](const auto& other) { return overlap(other.first, *interval); });
    if (clash != day.intervals.end()) {
      error("start", describe(*interval) + " overlaps " + describe(clash->first) + " on line " +
                         std::to_string(clash->second) + ".");
      continue;
    }
    day.intervals.push_back({*interval, record.line});
  }

  for (auto& [person, dates] : people) {
    PersonShifts shifts{person, first_line[person], {}};
    for (auto& [date, day] : dates) {
      DayIntervals intervals;
      for (const auto& [interval, line] : day.intervals) intervals.push_back(interval);
      std::sort(intervals.begin(), intervals.end(), [](LocalInterval a, LocalInterval b) { return a.start < b.start; });
      shifts.shifts.push_back({date, std::move(intervals)});
    }
    if (!shifts.shifts.empty()) out.people.push_back(std::move(shifts));
  }
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
  return out;
}

}  // namespace muster::domain
