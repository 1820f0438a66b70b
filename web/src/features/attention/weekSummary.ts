/** A week in one line for lists: "Sun–Thu 08:00–16:00 · Fri 10:00–14:00". Pure. */
import type { Lang } from '../../i18n';
import { DAY_KEYS, type DayKey, type Week } from './schedule';
import { weekdayName } from './when';

/** Kept left-to-right inside Arabic text, else the two times swap places. */
export function rangeText(from: string, to: string): string {
  return `\u2066${from}–${to}\u2069`;
}

/** Runs of consecutive days (Sunday first) with the same hours; days off are left out. */
export function weekSummary(week: Week, lang: Lang): string {
  const groups: { days: DayKey[]; hours: string }[] = [];
  for (const d of DAY_KEYS) {
    if (!week[d].length) continue;
    const hours = week[d].map(([from, to]) => rangeText(from, to === '00:00' ? '24:00' : to)).join(lang === 'ar' ? '، ' : ', ');
    const last = groups[groups.length - 1];
    const follows = last && DAY_KEYS.indexOf(last.days[last.days.length - 1]) === DAY_KEYS.indexOf(d) - 1;
    if (last && follows && last.hours === hours) last.days.push(d);
    else groups.push({ days: [d], hours });
  }
  return groups
    .map(({ days, hours }) => {
      const first = weekdayName(days[0], lang, 'short');
      const label = days.length === 1 ? first : `${first}–${weekdayName(days[days.length - 1], lang, 'short')}`;
      return `${label} ${hours}`;
    })
    .join(' · ');
}
