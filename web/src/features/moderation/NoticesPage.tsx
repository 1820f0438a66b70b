import { api } from '../../api/client';
import { formatDateTime, useI18n } from '../../i18n';
import { LoadStatus } from '../../components/LoadStatus';
import { useLive } from '../chat/useLive';
import { noticeText } from './noticeText';

/** One's warnings, suspensions and the outcomes of one's reports, newest first. */
export function NoticesPage() {
  const { t, lang } = useI18n();
  const { data, error } = useLive(() => api.notices(), 'notices', 0);
  const items = data?.items ?? null;
  return (
    <section className="page" data-testid="notices-page">
      <h1>{t('notice.title')}</h1>
      <LoadStatus error={error} loaded={!!items} />
      {items && !items.length ? <p className="muted">{t('notice.none')}</p> : null}
      <ul className="list">
        {items?.map((n) => (
          <li key={n.id} className="card" data-testid="notice">
            <p>{noticeText(t, n, (iso) => formatDateTime(iso, lang))}</p>
            {typeof n.body.note === 'string' && n.body.note ? <p dir="auto" className="muted">{n.body.note}</p> : null}
            <time className="muted" dateTime={n.at}>{formatDateTime(n.at, lang)}</time>
          </li>
        ))}
      </ul>
    </section>
  );
}
