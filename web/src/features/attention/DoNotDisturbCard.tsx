import { useState } from 'react';
import { useI18n } from '../../i18n';
import { Alert, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { attentionApi, type MyHours } from './attentionApi';
import { pauseEnd, rfc3339, toLocalInput } from './when';

/** Pause notifications for an hour, until tomorrow morning or until a chosen time; or resume. */
export function DoNotDisturbCard({ mine, onChange }: { mine: MyHours; onChange: (m: MyHours) => void }) {
  const { t } = useI18n();
  const [custom, setCustom] = useState<string | null>(null);
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const paused = !!mine.do_not_disturb_until;

  async function pause(until: Date | null) {
    setBusy(true);
    setError(null);
    try {
      onChange(await attentionApi.setDoNotDisturb(until ? rfc3339(until) : null));
      setCustom(null);
    } catch (e) {
      setError({ field: errorField(e), text: errorMessage(t, e) });
    } finally {
      setBusy(false);
    }
  }

  function pauseUntilChosen() {
    const at = custom ? new Date(custom) : null;
    if (!at || Number.isNaN(at.getTime())) return setError({ field: 'until', text: t('dnd.pick_time') });
    void pause(at);
  }

  return (
    <section className="card" aria-labelledby="dnd-h" data-testid="do-not-disturb">
      <h2 id="dnd-h">{t('dnd.title')}</h2>
      <p className="hint">{t('dnd.intro')}</p>
      {paused ? (
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void pause(null)}>
          {t('dnd.resume')}
        </button>
      ) : (
        <div className="actions">
          <button type="button" className="btn" disabled={busy} onClick={() => void pause(pauseEnd('hour', new Date()))}>
            {t('dnd.hour')}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void pause(pauseEnd('morning', new Date()))}>
            {t('dnd.morning')}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            aria-expanded={custom !== null}
            onClick={() => setCustom(custom === null ? toLocalInput(new Date(Date.now() + 2 * 3_600_000)) : null)}
          >
            {t('dnd.custom')}
          </button>
        </div>
      )}
      {custom !== null && !paused ? (
        <div className="dnd-custom">
          <TextField
            label={t('dnd.until')}
            type="datetime-local"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            error={error?.field === 'until' ? error.text : null}
          />
          <button type="button" className="btn btn-primary" disabled={busy} onClick={pauseUntilChosen}>
            {t('dnd.pause')}
          </button>
        </div>
      ) : null}
      {error && !(error.field === 'until' && custom !== null) ? <Alert>{error.text}</Alert> : null}
    </section>
  );
}
