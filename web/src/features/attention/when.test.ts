import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import ar from '../../i18n/ar.json';
import { translate, type Lang } from '../../i18n/translate';
import { awayNotice, formatClock, pauseEnd, rfc3339, timeZoneList, toLocalInput, weekdayName, whenText } from './when';

const tFor = (lang: Lang) => (key: string, params?: Record<string, string | number>) => translate(lang === 'ar' ? ar : en, en, key, params);
const en_ = tFor('en');
const ar_ = tFor('ar');
// Sunday 6 December 2026, 10:00 in Riyadh (07:00 UTC)
const now = new Date('2026-12-06T07:00:00Z');
const zone = 'Asia/Riyadh';

describe('weekdays and times', () => {
  it('names weekdays in both languages and writes 24-hour times', () => {
    expect(weekdayName('sun', 'en')).toBe('Sunday');
    expect(weekdayName('sun', 'ar')).toBe('الأحد');
    expect(weekdayName('fri', 'ar')).toBe('الجمعة');
    expect(formatClock(new Date('2026-12-06T15:00:00Z'), zone, 'en')).toBe('18:00');
    expect(formatClock(new Date('2026-12-06T05:00:00Z'), zone, 'ar')).toMatch(/^(08|٠٨):(00|٠٠)$/);
  });
});

describe('whenText', () => {
  it('says today, tomorrow, a weekday within the week, else the date too', () => {
    expect(whenText('2026-12-06T15:00:00Z', now, zone, 'en', en_)).toBe('18:00 today');
    expect(whenText('2026-12-07T05:00:00Z', now, zone, 'en', en_)).toBe('08:00 tomorrow');
    expect(whenText('2026-12-10T05:00:00Z', now, zone, 'en', en_)).toBe('08:00 Thursday');
    expect(whenText('2026-12-13T05:00:00Z', now, zone, 'en', en_)).toBe('08:00 Sunday, December 13');
  });
  it('in Arabic puts the day first: "غدًا الساعة 08:00"', () => {
    expect(whenText('2026-12-07T05:00:00Z', now, zone, 'ar', ar_)).toBe('غدًا الساعة 08:00');
    expect(whenText('2026-12-10T05:00:00Z', now, zone, 'ar', ar_)).toBe('الخميس الساعة 08:00');
  });
  it('counts days in the zone given, not in UTC', () => {
    // 22:30 UTC on Sunday is already Monday 01:30 in Riyadh
    expect(whenText('2026-12-06T22:30:00Z', now, zone, 'en', en_)).toBe('01:30 tomorrow');
    expect(whenText('2026-12-06T22:30:00Z', now, 'UTC', 'en', en_)).toBe('22:30 today');
  });
});

describe('awayNotice', () => {
  const off = { working: false, off_until: { at: '2026-12-07T05:00:00Z', weekday: 'mon', time: '08:00', date: '2026-12-07' }, do_not_disturb_until: null };
  it('says nothing while the person is at work', () => {
    expect(awayNotice({ working: true, off_until: null, do_not_disturb_until: null }, now, zone, 'en', en_)).toBeNull();
  });
  it('says until when someone is off, in both languages, leaving {name} for a <bdi>', () => {
    expect(awayNotice(off, now, zone, 'en', en_)).toBe('{name} is off until 08:00 tomorrow — they will be notified then.');
    expect(awayNotice(off, now, zone, 'ar', ar_)).toBe('{name} خارج العمل حتى غدًا الساعة 08:00، وسيصله الإشعار حينها.');
  });
  it('says do-not-disturb first, with its own end', () => {
    const paused = { ...off, do_not_disturb_until: '2026-12-06T15:00:00Z' };
    expect(awayNotice(paused, now, zone, 'en', en_)).toBe('{name} has paused notifications until 18:00 today.');
    expect(awayNotice(paused, now, zone, 'ar', ar_)).toBe('أوقف {name} الإشعارات مؤقتًا حتى اليوم الساعة 18:00.');
    // an end already past is ignored
    expect(awayNotice({ ...paused, do_not_disturb_until: '2026-12-06T06:00:00Z' }, now, zone, 'en', en_)).toContain('is off until');
  });
  it('still says something when no next start is known', () => {
    expect(awayNotice({ working: false, off_until: null, do_not_disturb_until: null }, now, zone, 'en', en_)).toBe(
      '{name} is off work — they will be notified when their hours start.',
    );
  });
});

describe('do-not-disturb helpers', () => {
  it('pauses for an hour, or until 08:00 the next morning (local time)', () => {
    const at = new Date(2026, 11, 6, 21, 15);
    expect(pauseEnd('hour', at).getTime() - at.getTime()).toBe(3_600_000);
    const morning = pauseEnd('morning', at);
    expect([morning.getDate(), morning.getHours(), morning.getMinutes()]).toEqual([7, 8, 0]);
    expect(toLocalInput(new Date(2026, 0, 5, 9, 7))).toBe('2026-01-05T09:07');
    expect(rfc3339(new Date(Date.UTC(2026, 11, 6, 18, 30, 5, 123)))).toBe('2026-12-06T18:30:05Z');
  });
  it('lists UTC and the current zone even where the browser leaves them out', () => {
    const zones = timeZoneList('Mars/Olympus_Mons');
    expect(zones).toContain('UTC');
    expect(zones).toContain('Mars/Olympus_Mons');
    expect(zones).toContain('Asia/Riyadh');
  });
});
