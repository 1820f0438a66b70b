import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import type { Hours } from './attentionApi';
import { errorPlace, hoursBody, type Draft } from './hoursDraft';
import { DAY_KEYS, dayProblem, type DayKey } from './schedule';
import { ScheduleEditor } from './ScheduleEditor';
import { TimeZoneField } from './TimeZoneField';

interface Errors {
  zone?: string;
  days: Partial<Record<DayKey, string>>;
  form?: string;
}

interface Props {
  /** Re-mount (a new `key`) to start again from other hours. */
  initial: Draft;
  /** Dated shifts to keep as they are (one's own hours). */
  shifts?: Hours['shifts'];
  onSave: (hours: Hours) => Promise<void>;
  /** More buttons beside Save. */
  children?: ReactNode;
}

/** A time zone and a weekly schedule; mistakes are shown at the day (or zone) they are about. */
export function HoursForm({ initial, shifts, onSave, children }: Props) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Errors>({ days: {} });
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  function change(next: Draft) {
    setDraft(next);
    setSaved(false);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const days: Errors['days'] = {};
    for (const d of DAY_KEYS) {
      const problem = dayProblem(draft.week[d]);
      if (problem) days[d] = t(`hours.problem_${problem}`);
    }
    setErrors({ days });
    if (Object.keys(days).length) return;
    setBusy(true);
    try {
      await onSave(hoursBody(draft, shifts));
      setSaved(true);
    } catch (err) {
      const place = errorPlace(errorField(err));
      const text = errorMessage(t, err);
      if (place === 'time_zone') setErrors({ zone: text, days: {} });
      else if (place === 'form') setErrors({ form: text, days: {} });
      else setErrors({ days: { [place]: text } });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <TimeZoneField value={draft.timeZone} onChange={(timeZone) => change({ ...draft, timeZone })} error={errors.zone} disabled={busy} />
      <ScheduleEditor week={draft.week} onChange={(week) => change({ ...draft, week })} errors={errors.days} disabled={busy} />
      <Alert>{errors.form}</Alert>
      {saved ? <Alert kind="success">{t('admin.saved')}</Alert> : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('hours.save')}
        </button>
        {children}
      </div>
    </form>
  );
}
