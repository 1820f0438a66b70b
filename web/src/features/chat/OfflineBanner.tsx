import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { useChat } from './useChat';

/** Shown while the browser is offline or the socket is down (after a short grace period). */
export function OfflineBanner() {
  const { t } = useI18n();
  const socket = useChat((s) => s.socket);
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  const [grace, setGrace] = useState(true);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    const timer = setTimeout(() => setGrace(false), 2500);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
      clearTimeout(timer);
    };
  }, []);
  const offline = !online || (!grace && socket === 'offline');
  return (
    <div role="status" aria-live="polite" className="offline-slot">
      {offline ? (
        <p className="offline-banner" data-testid="offline-banner">
          {t('chat.offline')}
        </p>
      ) : null}
    </div>
  );
}
