/**
 * The weekly schedule as the editor holds it, and its conversion to and from the server's JSON
 * (docs/api/attention.md). Pure, so the editing rules are unit-tested.
 *
 * An interval is [from, to] in "HH:MM". One ending before it starts runs past midnight. The editor's
 * time inputs cannot show "24:00", so an interval ending at midnight is "00:00" here and "24:00" on
 * the server (which reads both as the end of the day).
 */
export const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayKey = (typeof DAY_KEYS)[number];
export type Interval = [string, string];
export type Week = Record<DayKey, Interval[]>;

export interface Preset {
  id: 'sun_thu' | 'mon_fri';
  days: DayKey[];
  from: string;
  to: string;
}
export const PRESETS: Preset[] = [
  { id: 'sun_thu', days: ['sun', 'mon', 'tue', 'wed', 'thu'], from: '08:00', to: '16:00' },
  { id: 'mon_fri', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
];

/** What a day that is switched on starts with, when no other day gives a better guess. */
const DEFAULT_INTERVAL: Interval = ['08:00', '16:00'];
const MINUTES_PER_DAY = 1440;

export function emptyWeek(): Week {
  return { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] };
}

export function applyPreset(p: Preset): Week {
  const week = emptyWeek();
  for (const d of p.days) week[d] = [[p.from, p.to]];
  return week;
}

export function matchesPreset(week: Week, p: Preset): boolean {
  return JSON.stringify(week) === JSON.stringify(applyPreset(p));
}

/** The server's weekly object (days left out are off) as the editor's week. */
export function weekFromServer(weekly: Partial<Record<DayKey, string[][]>>): Week {
  const week = emptyWeek();
  for (const d of DAY_KEYS) week[d] = (weekly[d] ?? []).map(([from, to]) => [from, to === '24:00' ? '00:00' : to]);
  return week;
}

export function weekToServer(week: Week): Record<DayKey, Interval[]> {
  const out = emptyWeek();
  for (const d of DAY_KEYS) out[d] = week[d].map(([from, to]) => [from, to === '00:00' ? '24:00' : to]);
  return out;
}

function minutes(hhmm: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

function hhmm(total: number): string {
  const m = ((total % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Ends the next day: 22:00–06:00. An end at 00:00 is the end of this day, not a night shift. */
export function crossesMidnight([from, to]: Interval): boolean {
  return to !== '00:00' && to < from;
}

/** Why the server would refuse a day, checked here so the words are in the person's language. */
export type DayProblem = 'missing_time' | 'same_time' | 'overlap' | 'too_many';
export function dayProblem(intervals: Interval[]): DayProblem | null {
  if (intervals.length > 8) return 'too_many';
  const spans: [number, number][] = [];
  for (const [from, to] of intervals) {
    const start = minutes(from);
    const end = minutes(to);
    if (start === null || end === null) return 'missing_time';
    if (start === end && end !== 0) return 'same_time';
    // an end at 00:00 is midnight; an earlier end is tomorrow
    spans.push([start, end === 0 || end < start ? end + MINUTES_PER_DAY : end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) if (spans[i][0] < spans[i - 1][1]) return 'overlap';
  return null;
}

/** A day switched on copies the nearest working day before it (the week is usually regular). */
export function setDayWorking(week: Week, day: DayKey, on: boolean): Week {
  if (!on) return { ...week, [day]: [] };
  if (week[day].length) return week;
  const i = DAY_KEYS.indexOf(day);
  for (let back = 1; back < 7; back++) {
    const other = week[DAY_KEYS[(i - back + 7) % 7]];
    if (other.length) return { ...week, [day]: other.map(([a, b]) => [a, b] as Interval) };
  }
  return { ...week, [day]: [[...DEFAULT_INTERVAL]] };
}

/** Another interval an hour after the day's last one ends, four hours long (a split shift). */
export function addInterval(week: Week, day: DayKey): Week {
  const last = week[day][week[day].length - 1];
  if (!last) return setDayWorking(week, day, true);
  const end = minutes(last[1]) ?? minutes(DEFAULT_INTERVAL[1])!;
  const start = end + 60;
  return { ...week, [day]: [...week[day], [hhmm(start), hhmm(start + 240)]] };
}

export function updateInterval(week: Week, day: DayKey, index: number, edge: 0 | 1, value: string): Week {
  return { ...week, [day]: week[day].map((iv, i) => (i === index ? (edge === 0 ? [value, iv[1]] : [iv[0], value]) : iv)) };
}

export function removeInterval(week: Week, day: DayKey, index: number): Week {
  return { ...week, [day]: week[day].filter((_, i) => i !== index) };
}

/** Which day a server error is about: "weekly.sun" -> "sun". */
export function dayOfField(field: string | null | undefined): DayKey | null {
  const m = /^weekly\.(\w+)$/.exec(field ?? '');
  return m && (DAY_KEYS as readonly string[]).includes(m[1]) ? (m[1] as DayKey) : null;
}
