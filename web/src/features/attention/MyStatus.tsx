import { useI18n, type Lang, type TFn } from '../../i18n';
import type { MyHours } from './attentionApi';
import { browserTimeZone, whenText } from './when';

/** "You are at work now" / "You are off until 08:00 Sunday" / "Notifications are paused until …". */
export function myStatusText(mine: MyHours, t: TFn, lang: Lang, now = new Date()): string {
  if (mine.do_not_disturb_until) return t('hours.status_paused', { when: whenText(mine.do_not_disturb_until, now, browserTimeZone(), lang, t) });
  if (mine.source === 'always_working') return t('hours.status_always');
  if (mine.working) return t('hours.status_working');
  // the server says when in the zone of the hours, as the person wrote them
  if (mine.off_until) return t('hours.status_off_until', { when: whenText(mine.off_until.at, now, mine.effective.time_zone, lang, t) });
  return t('hours.status_off');
}

export function MyStatus({ mine }: { mine: MyHours }) {
  const { t, lang } = useI18n();
  const working = mine.working && !mine.do_not_disturb_until;
  return (
    <p className={`status-line ${working ? 'is-working' : 'is-off'}`} role="status" data-testid="my-status">
      <span aria-hidden="true" className="status-dot" />
      {myStatusText(mine, t, lang)}
    </p>
  );
}
