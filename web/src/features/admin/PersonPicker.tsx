import { useEffect, useId, useState } from 'react';
import { api } from '../../api/client';
import type { Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { useDebounced } from '../directory/usePeopleSearch';

export interface PickedPerson {
  id: string;
  name: string;
}

/** Search people by name and pick one (manager, audit actor). */
export function PersonPicker({
  label,
  value,
  onChange,
  excludeId,
  error,
}: {
  label: string;
  value: PickedPerson | null;
  onChange: (p: PickedPerson | null) => void;
  excludeId?: string;
  error?: string | null;
}) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const [results, setResults] = useState<Person[]>([]);

  useEffect(() => {
    if (!q) {
      setResults([]);
      return;
    }
    const ac = new AbortController();
    api
      .people({ q, limit: 8 }, ac.signal)
      .then((r) => setResults(r.items.filter((p) => p.id !== excludeId)))
      .catch(() => undefined);
    return () => ac.abort();
  }, [q, excludeId]);

  return (
    <div className="field picker">
      {value ? (
        <>
          <span className="label" id={`${id}-l`}>
            {label}
          </span>
          <div className="picked" aria-labelledby={`${id}-l`} role="group">
            <bdi>{value.name}</bdi>
            <button type="button" className="btn btn-small" onClick={() => onChange(null)}>
              {t('picker.clear', { name: value.name })}
            </button>
          </div>
        </>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('picker.placeholder')}
            autoComplete="off"
            dir="auto"
            aria-describedby={error ? `${id}-err` : undefined}
          />
          {results.length ? (
            <ul className="picker-results" aria-label={t('picker.results')}>
              {results.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => {
                      onChange({ id: p.id, name: p.name });
                      setText('');
                      setResults([]);
                    }}
                  >
                    {t('picker.choose', { name: p.name })}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      {error ? (
        <p className="field-error" id={`${id}-err`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
