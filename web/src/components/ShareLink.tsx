import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import '../features/admin/onboarding.css';

type Outcome = 'idle' | 'shared' | 'copied' | 'failed';

/**
 * Hands a link on: the phone's share sheet (Web Share API) where the browser has one, else the
 * clipboard, with a visible confirmation either way. `label` names the button for screen readers
 * when several sit in one list ("Share Omar's link").
 */
export function ShareLink({ url, title, text, label }: { url: string; title: string; text: string; label?: string }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<Outcome>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  function show(o: Outcome) {
    setOutcome(o);
    window.clearTimeout(timer.current);
    // the confirmation fades so a second share confirms again
    if (o !== 'failed') timer.current = window.setTimeout(() => setOutcome('idle'), 4000);
  }

  async function share() {
    const data = { title, text, url };
    if (typeof navigator.share === 'function' && (!navigator.canShare || navigator.canShare(data))) {
      try {
        await navigator.share(data);
        show('shared');
        return;
      } catch (e) {
        // the person closed the share sheet: nothing to confirm, nothing to fall back to
        if (e instanceof DOMException && e.name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      show('copied');
    } catch {
      show('failed');
    }
  }

  return (
    <span className="share-link">
      <button type="button" className="btn btn-small" onClick={() => void share()} aria-label={label}>
        {t('share.button')}
      </button>
      <span role="status" className="share-status">
        {outcome === 'copied' ? t('share.copied') : outcome === 'shared' ? t('share.shared') : outcome === 'failed' ? t('share.failed') : ''}
      </span>
    </span>
  );
}
