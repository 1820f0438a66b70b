/** What the working-hours editor starts from, and what it sends. Pure. */
import type { Lang } from '../../i18n';
import type { Hours } from './attentionApi';
import { PRESETS, applyPreset, dayOfField, weekFromServer, weekToServer, type DayKey, type Week } from './schedule';

export interface Draft {
  timeZone: string;
  week: Week;
}

/**
 * One's own hours, else the default one follows (to adjust from). With nothing set (always at
 * work) the usual week of the language: Sunday–Thursday in Arabic, Monday–Friday in English; it
 * counts only once saved.
 */
export function draftOf(own: Hours | null, followed: Hours | null, lang: Lang, deviceZone: string): Draft {
  const base = own ?? followed;
  if (base) return { timeZone: base.time_zone, week: weekFromServer(base.weekly) };
  return { timeZone: deviceZone, week: applyPreset(PRESETS[lang === 'ar' ? 0 : 1]) };
}

/** The PUT body; one's dated shifts (from a roster import) are kept as they were. */
export function hoursBody(draft: Draft, shifts: Hours['shifts'] = []): Hours {
  return { time_zone: draft.timeZone, weekly: weekToServer(draft.week), shifts: shifts ?? [] };
}

/** Where a server refusal belongs: the time zone, a weekday, or the form as a whole. */
export function errorPlace(field: string | null | undefined): 'time_zone' | DayKey | 'form' {
  if (field === 'time_zone') return 'time_zone';
  return dayOfField(field) ?? 'form';
}
