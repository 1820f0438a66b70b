import { Link } from 'react-router-dom';
import { formatDateTime, useI18n } from '../../i18n';
import { chat } from '../../state/boot';
import { useStore } from '../../state/useStore';
import { noticeText } from './noticeText';

/** Notices that arrived on the socket (a warning, a suspension, a report's outcome), until dismissed. */
export function NoticeToasts() {
  const { t, lang } = useI18n();
  const notices = useStore(chat.store).liveNotices;
  if (!notices.length) return null;
  return (
    <div className="notice-toasts">
      {notices.map((n) => (
        <div key={n.id} className="alert alert-info notice-toast" role="status" data-testid="notice-toast">
          <p>{noticeText(t, n, (iso) => formatDateTime(iso, lang))}</p>
          <div className="actions">
            <Link to="/me/notices" onClick={() => chat.dismissNotice(n.id)}>
              {t('notice.see_all')}
            </Link>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => chat.dismissNotice(n.id)}>
              {t('notice.dismiss')}
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
