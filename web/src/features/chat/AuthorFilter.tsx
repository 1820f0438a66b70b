import { useEffect, useId, useState } from 'react';
import { api } from '../../api/client';
import type { Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { useDebounced } from '../directory/usePeopleSearch';

/**
 * Picks one author for the message search. PeoplePicker picks several and hides me; here one is
 * chosen, I may be it, and former staff count (their messages stay searchable). Once chosen the
 * person shows as a chip that clears the filter.
 */
export function AuthorFilter({ authorId, onChange }: { authorId: string; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const [results, setResults] = useState<Person[]>([]);
  const [chosen, setChosen] = useState<Person | null>(null);

  // an author from the URL (a reload, Back from a result): fetch the name for the chip
  useEffect(() => {
    if (!authorId || chosen?.id === authorId) return;
    let live = true;
    api
      .person(authorId)
      .then((p) => live && setChosen(p))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [authorId, chosen?.id]);

  useEffect(() => {
    if (!q || authorId) return setResults([]);
    const ac = new AbortController();
    api
      .people({ q, status: 'all', limit: 6 }, ac.signal)
      .then((r) => setResults(r.items))
      .catch(() => undefined);
    return () => ac.abort();
  }, [q, authorId]);

  if (authorId) {
    const name = chosen?.id === authorId ? chosen.name : '…';
    return (
      <div className="field">
        <span className="label" id={`${id}-l`}>
          {t('search.author')}
        </span>
        <div role="group" aria-labelledby={`${id}-l`}>
          <button type="button" className="chip" onClick={() => onChange('')} aria-label={t('search.clear_author', { name })} data-testid="author-chip">
            <bdi>{name}</bdi> <span aria-hidden="true">×</span>
          </button>
        </div>
      </div>
    );
  }

  const pick = (p: Person) => {
    setChosen(p);
    setText('');
    onChange(p.id);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{t('search.author')}</label>
      <input
        id={id}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('search.author_placeholder')}
        dir="auto"
        autoComplete="off"
        data-testid="author-search"
      />
      {results.length ? (
        <ul className="pick-list author-results" aria-label={t('search.author_results')}>
          {results.map((p) => (
            <li key={p.id}>
              <button type="button" className="pick-row" onClick={() => pick(p)} data-testid="pick-author">
                <bdi className="person-name">{p.name}</bdi>
                {p.job_title ? <span className="person-title">{p.job_title}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : q && text.trim() ? (
        <p className="hint">{t('newchat.no_people')}</p>
      ) : null}
    </div>
  );
}
