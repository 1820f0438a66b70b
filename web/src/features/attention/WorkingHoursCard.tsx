import { useState } from 'react';
import { useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { attentionApi, type MyHours } from './attentionApi';
import { draftOf } from './hoursDraft';
import { HoursForm } from './HoursForm';
import { browserTimeZone } from './when';

/** One's working hours: where they come from, one's own schedule, or back to the default. */
export function WorkingHoursCard({ mine, onChange }: { mine: MyHours; onChange: (m: MyHours) => void }) {
  const { t, lang } = useI18n();
  // a new form (from the default's hours) after going back to the default
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const followed = mine.source === 'always_working' || mine.source === 'person' ? null : mine.effective;

  async function useDefault() {
    setBusy(true);
    setError(null);
    try {
      onChange(await attentionApi.setMyHours(null));
      setGeneration((g) => g + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="hours-h" data-testid="working-hours">
      <h2 id="hours-h">{t('hours.title')}</h2>
      <p className="hint">{t('hours.intro')}</p>
      <p data-testid="hours-source">{t(`hours.source_${mine.source}`)}</p>
      <Alert>{error ? errorMessage(t, error) : null}</Alert>
      <HoursForm
        key={generation}
        initial={draftOf(mine.hours, followed, lang, browserTimeZone())}
        shifts={mine.hours?.shifts}
        onSave={async (hours) => onChange(await attentionApi.setMyHours(hours))}
      >
        {mine.source === 'person' ? (
          <button type="button" className="btn" disabled={busy} onClick={() => void useDefault()}>
            {t('hours.use_default')}
          </button>
        ) : null}
      </HoursForm>
    </section>
  );
}
