import { describe, expect, it } from 'vitest';
import {
  PRESETS,
  addInterval,
  applyPreset,
  crossesMidnight,
  dayOfField,
  dayProblem,
  emptyWeek,
  matchesPreset,
  removeInterval,
  setDayWorking,
  updateInterval,
  weekFromServer,
  weekToServer,
  type Interval,
} from './schedule';
import { draftOf, errorPlace, hoursBody } from './hoursDraft';
import { weekSummary } from './weekSummary';

const [sunThu, monFri] = PRESETS;

describe('presets', () => {
  it('Sunday–Thursday 08:00–16:00 leaves Friday and Saturday off', () => {
    const week = applyPreset(sunThu);
    expect(week.sun).toEqual([['08:00', '16:00']]);
    expect(week.thu).toEqual([['08:00', '16:00']]);
    expect(week.fri).toEqual([]);
    expect(week.sat).toEqual([]);
    expect(matchesPreset(week, sunThu)).toBe(true);
    expect(matchesPreset(week, monFri)).toBe(false);
  });
  it('Monday–Friday 09:00–17:00 replaces whatever was there', () => {
    const week = applyPreset(monFri);
    expect(week.sun).toEqual([]);
    expect(week.fri).toEqual([['09:00', '17:00']]);
    expect(matchesPreset(setDayWorking(week, 'sat', true), monFri)).toBe(false);
  });
});

describe('editing a week', () => {
  it('a day switched on copies the nearest working day before it; off empties it', () => {
    const week = updateInterval(applyPreset(sunThu), 'thu', 0, 1, '14:00');
    expect(setDayWorking(week, 'fri', true).fri).toEqual([['08:00', '14:00']]);
    expect(setDayWorking(week, 'mon', false).mon).toEqual([]);
    expect(setDayWorking(emptyWeek(), 'sat', true).sat).toEqual([['08:00', '16:00']]);
  });
  it('adds a split-shift period an hour after the last one, and removes one', () => {
    let week = updateInterval(applyPreset(sunThu), 'sun', 0, 1, '12:00');
    week = addInterval(week, 'sun');
    expect(week.sun).toEqual([
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ]);
    expect(addInterval(updateInterval(week, 'mon', 0, 1, '22:00'), 'mon').mon[1]).toEqual(['23:00', '03:00']);
    expect(removeInterval(week, 'sun', 0).sun).toEqual([['13:00', '17:00']]);
  });
  it('tells a night shift (ends the next day) from one ending at midnight', () => {
    expect(crossesMidnight(['22:00', '06:00'])).toBe(true);
    expect(crossesMidnight(['16:00', '00:00'])).toBe(false);
    expect(crossesMidnight(['08:00', '16:00'])).toBe(false);
  });
});

describe('checking a day before sending', () => {
  it('finds missing times, equal ends, overlaps and too many periods', () => {
    expect(dayProblem([['08:00', '']])).toBe('missing_time');
    expect(dayProblem([['08:00', '08:00']])).toBe('same_time');
    expect(dayProblem([['00:00', '00:00']])).toBeNull(); // the whole day
    expect(dayProblem([['08:00', '12:00'], ['11:00', '16:00']])).toBe('overlap');
    expect(dayProblem([['22:00', '06:00'], ['05:00', '08:00']])).toBeNull(); // the early one is before the night shift
    expect(dayProblem([['20:00', '02:00'], ['23:00', '23:30']])).toBe('overlap');
    expect(dayProblem(Array.from({ length: 9 }, (_, i) => [`0${i}:00`, `0${i}:30`] as [string, string]))).toBe('too_many');
    expect(dayProblem(applyPreset(sunThu).sun)).toBeNull();
  });
  it('places a server refusal at its weekday or at the time zone', () => {
    expect(dayOfField('weekly.tue')).toBe('tue');
    expect(dayOfField('weekly.xyz')).toBeNull();
    expect(errorPlace('time_zone')).toBe('time_zone');
    expect(errorPlace('weekly.sun')).toBe('sun');
    expect(errorPlace('shifts')).toBe('form');
    expect(errorPlace(null)).toBe('form');
  });
});

describe('to and from the server', () => {
  it('writes an end at midnight as 24:00 and reads it back as 00:00 (a time input cannot show 24:00)', () => {
    const week = updateInterval(applyPreset(sunThu), 'sun', 0, 1, '00:00');
    const sent = weekToServer(week);
    expect(sent.sun).toEqual([['08:00', '24:00']]);
    expect(sent.fri).toEqual([]);
    expect(weekFromServer(sent)).toEqual(week);
    expect(weekFromServer({ mon: [['22:00', '06:00']] }).mon).toEqual([['22:00', '06:00']]);
    expect(weekFromServer({}).sat).toEqual([]);
  });
  it('keeps one\'s imported shifts when the weekly schedule is saved', () => {
    const shifts = [{ date: '2026-12-07', intervals: [['22:00', '06:00'] as Interval] }];
    const body = hoursBody({ timeZone: 'Asia/Riyadh', week: applyPreset(sunThu) }, shifts);
    expect(body).toEqual({ time_zone: 'Asia/Riyadh', weekly: weekToServer(applyPreset(sunThu)), shifts });
    expect(hoursBody({ timeZone: 'UTC', week: emptyWeek() }).shifts).toEqual([]);
  });
  it('starts from one\'s own hours, else the default followed, else the usual week of the language', () => {
    const own = { time_zone: 'Europe/Berlin', weekly: { mon: [['07:00', '15:00'] as Interval] } };
    const dept = { time_zone: 'Asia/Riyadh', weekly: { sun: [['09:00', '17:00'] as Interval] } };
    expect(draftOf(own, dept, 'ar', 'UTC').timeZone).toBe('Europe/Berlin');
    expect(draftOf(null, dept, 'en', 'UTC')).toEqual({ timeZone: 'Asia/Riyadh', week: weekFromServer(dept.weekly) });
    expect(draftOf(null, null, 'ar', 'Asia/Dubai')).toEqual({ timeZone: 'Asia/Dubai', week: applyPreset(sunThu) });
    expect(draftOf(null, null, 'en', 'Europe/London').week).toEqual(applyPreset(monFri));
  });
});

describe('weekSummary', () => {
  const clean = (s: string) => s.replace(/[\u2066\u2069]/g, '');
  it('joins consecutive days with the same hours', () => {
    let week = applyPreset(sunThu);
    week = setDayWorking(week, 'fri', true);
    week = updateInterval(week, 'fri', 0, 1, '12:00');
    expect(clean(weekSummary(week, 'en'))).toBe('Sun–Thu 08:00–16:00 · Fri 08:00–12:00');
    expect(clean(weekSummary(applyPreset(monFri), 'ar'))).toBe('الاثنين–الجمعة 09:00–17:00');
    expect(weekSummary(emptyWeek(), 'en')).toBe('');
  });
  it('keeps each time range left-to-right inside Arabic text', () => {
    expect(weekSummary(applyPreset(monFri), 'ar')).toContain('\u206609:00–17:00\u2069');
  });
});
