/**
 * Moments as people say them: "08:00 tomorrow", "الأحد الساعة 08:00", in a given time zone, and the
 * notice a direct conversation shows when the other person is away. Pure (the translation function
 * and "now" are passed in), so both languages are unit-tested.
 */
import type { Lang, TFn } from '../../i18n';
import type { Availability } from './attentionApi';
import { DAY_KEYS, type DayKey } from './schedule';

const locale = (lang: Lang) => (lang === 'ar' ? 'ar' : 'en');

/** The browser's IANA zone ("Asia/Riyadh"); UTC when it cannot tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every zone the browser knows, with UTC and `current` always in it (some lists leave UTC out). */
export function timeZoneList(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    /* older browsers: the current zone and UTC only */
  }
  return [...new Set([...zones, 'UTC', current])].sort();
}

/** 24-hour "08:00" as the language writes digits. */
export function formatClock(at: Date, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
}

/** "Sunday" / "الأحد" for the server's "sun" ("Sun" when short). */
export function weekdayName(day: DayKey, lang: Lang, width: 'long' | 'short' = 'long'): string {
  const sunday = Date.UTC(2026, 0, 4); // a Sunday
  const date = new Date(sunday + DAY_KEYS.indexOf(day) * 86_400_000);
  return new Intl.DateTimeFormat(locale(lang), { weekday: width, timeZone: 'UTC' }).format(date);
}

/** The calendar date of `at` in the zone, as a number of days (for "today", "tomorrow"). */
function dayNumber(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(at);
  return Math.round(Date.parse(`${parts}T00:00:00Z`) / 86_400_000);
}

/** "today", "tomorrow", a weekday within the week, else the weekday and the date. */
export function dayText(at: Date, now: Date, timeZone: string, lang: Lang, t: TFn): string {
  const ahead = dayNumber(at, timeZone) - dayNumber(now, timeZone);
  if (ahead === 0) return t('when.today');
  if (ahead === 1) return t('when.tomorrow');
  const weekday = new Intl.DateTimeFormat(locale(lang), { weekday: 'long', timeZone }).format(at);
  if (ahead > 1 && ahead < 7) return weekday;
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(at);
}

/** "08:00 tomorrow" / "غدًا الساعة 08:00". */
export function whenText(at: Date | string, now: Date, timeZone: string, lang: Lang, t: TFn): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return t('when.at', { time: formatClock(date, timeZone, lang), day: dayText(date, now, timeZone, lang, t) });
}

/**
 * What to tell someone writing to a person who is away, with "{name}" left in for the caller to
 * fill (isolated with <bdi>); null when the person is at work. Do-not-disturb is said first: it is
 * what the person chose.
 */
export function awayNotice(a: Availability, now: Date, timeZone: string, lang: Lang, t: TFn): string | null {
  if (a.do_not_disturb_until && Date.parse(a.do_not_disturb_until) > now.getTime())
    return t('availability.paused_until', { when: whenText(a.do_not_disturb_until, now, timeZone, lang, t) });
  if (a.working) return null;
  if (a.off_until) return t('availability.off_until', { when: whenText(a.off_until.at, now, timeZone, lang, t) });
  return t('availability.off');
}

/** Quick do-not-disturb ends: an hour from now, or tomorrow at 08:00 local time. */
export function pauseEnd(choice: 'hour' | 'morning', now: Date): Date {
  if (choice === 'hour') return new Date(now.getTime() + 3_600_000);
  const morning = new Date(now);
  morning.setDate(morning.getDate() + 1);
  morning.setHours(8, 0, 0, 0);
  return morning;
}

/** RFC 3339 in UTC to the second ("2026-12-06T18:30:00Z"): the server refuses fractions of a second. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A Date as a datetime-local input's value ("2026-12-06T18:30"), in local time. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
