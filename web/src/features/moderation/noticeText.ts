import type { Notice } from '../../api/schemas';
import type { TFn } from '../../i18n';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** A notice in plain words: a warning, a suspension (until when), or what became of one's report. */
export function noticeText(t: TFn, n: Notice, formatTime: (iso: string) => string): string {
  const where = text(n.body.conversation_name);
  switch (n.kind) {
    case 'warning':
      return t('notice.warning', { conversation: where || '—' });
    case 'suspended':
      return where
        ? t('notice.suspended_here', { conversation: where, until: formatTime(text(n.body.until)) })
        : t('notice.suspended_everywhere', { until: formatTime(text(n.body.until)) });
    case 'report_outcome': {
      const outcome = text(n.body.outcome);
      const key = outcome === 'removed' ? 'notice.outcome_removed' : outcome === 'action_taken' ? 'notice.outcome_action' : 'notice.outcome_none';
      return t(key);
    }
    case 'sign_in_failures': {
      const addresses = Array.isArray(n.body.addresses) ? n.body.addresses.filter((a) => typeof a === 'string') : [];
      return t('notice.sign_in_failures', {
        count: typeof n.body.count === 'number' ? n.body.count : 0,
        first: formatTime(text(n.body.first_at)),
        last: formatTime(text(n.body.last_at)),
        addresses: addresses.join(', ') || '—',
      });
    }
    default:
      return t('notice.other');
  }
}
