import { useState } from 'react';
import { api } from '../../api/client';
import type { Conversation, HistoryVisibility } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { chat } from '../../state/boot';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';

/** What newcomers read of the history: owners (and admins) choose, each choice saved at once. */
export function HistorySetting({ conv, canChange }: { conv: Conversation; canChange: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const value: HistoryVisibility = conv.history ?? 'full';

  async function choose(next: HistoryVisibility) {
    if (next === value) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      chat.upsertConversation(await api.updateConversation(conv.id, { history: next }));
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!canChange)
    return (
      <p className="hint" data-testid="history-note">
        {t(value === 'full' ? 'history.is_full' : 'history.is_since_joined')}
      </p>
    );
  return (
    <fieldset className="history-setting" data-testid="history-setting" disabled={busy}>
      <legend>{t('history.legend')}</legend>
      {(['since_joined', 'full'] as const).map((v) => (
        <label key={v} className="checkbox">
          <input type="radio" name="history" value={v} checked={value === v} onChange={() => void choose(v)} />
          <span>
            {t(`history.${v}`)}
            <span className="hint history-hint">{t(`history.${v}_hint`)}</span>
          </span>
        </label>
      ))}
      {saved ? <Alert kind="success">{t('info.saved')}</Alert> : null}
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
    </fieldset>
  );
}
