import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n';
import { useStore } from '../state/useStore';
import { updates } from './register';

/** The app's side of the service worker: the update bar, and going where a tapped notification points. */
export function PwaRoot() {
  useOpenFromNotification();
  return <UpdateBar />;
}

function UpdateBar() {
  const { t } = useI18n();
  const waiting = useStore(updates.waiting);
  return (
    <div role="status" className="update-slot">
      {waiting ? (
        <div className="update-bar" data-testid="update-bar">
          <span>{t('update.ready')}</span>
          <button type="button" className="btn btn-small" onClick={() => updates.apply()}>
            {t('update.apply')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** The worker posts {type:'open', url} to a window it focused; the router goes there without a reload. */
function useOpenFromNotification() {
  const navigate = useNavigate();
  useEffect(() => {
    const container = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
    if (!container) return;
    const onMessage = (e: MessageEvent) => {
      const url: unknown = e.data?.type === 'open' ? e.data.url : null;
      if (typeof url === 'string' && url.startsWith('/') && !url.startsWith('//')) navigate(url);
    };
    container.addEventListener('message', onMessage);
    container.startMessages();
    return () => container.removeEventListener('message', onMessage);
  }, [navigate]);
}
