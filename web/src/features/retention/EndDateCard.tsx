import { useState, type FormEvent } from 'react';
import type { Person } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { retentionApi } from './retentionApi';

/** RFC 3339 -> the value of a datetime-local input, in local time (and back). */
function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function fromLocalInput(value: string): string | null | undefined {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The date a person leaves: the server deactivates them then. */
export function EndDateCard({ person, onSaved }: { person: Person; onSaved: (p: Person) => void }) {
  const { t, lang } = useI18n();
  const [value, setValue] = useState(toLocalInput(person.end_at));
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    setMsg(null);
    const end = fromLocalInput(value);
    if (end === undefined) return setMsg({ kind: 'error', text: t('error.invalid_argument') });
    try {
      onSaved((await retentionApi.setEndDate(person.id, end)).person);
      setMsg({ kind: 'success', text: t('admin.saved') });
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  return (
    <section className="card" aria-labelledby="end-date-h">
      <h2 id="end-date-h">{t('person.end_at')}</h2>
      {person.end_at ? <p data-testid="end-at">{t('person.end_at_set', { at: formatDateTime(person.end_at, lang) })}</p> : null}
      <form onSubmit={save} noValidate>
        <TextField label={t('person.end_at')} hint={t('person.end_at_hint')} type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
        {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
        <button type="submit" className="btn">
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}
