import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { TextField } from '../../components/Field';
import { useDebounced } from '../directory/usePeopleSearch';
import { Avatar } from '../../components/Avatar';

/** Directory search for the picker: active people other than me and the `exclude`d (already members). */
function usePeople(text: string, me: string | null, exclude: ReadonlySet<string>) {
  const q = useDebounced(text.trim(), 250);
  const [results, setResults] = useState<Person[]>([]);
  useEffect(() => {
    const ac = new AbortController();
    api
      .people({ q, limit: 20 }, ac.signal)
      .then((r) => setResults(r.items.filter((p) => p.id !== me && p.status !== 'deactivated')))
      .catch(() => undefined);
    return () => ac.abort();
  }, [q, me]);
  return exclude.size ? results.filter((p) => !exclude.has(p.id)) : results;
}

const NONE: ReadonlySet<string> = new Set();

/** Search the directory and pick several people (chips above, toggle rows below). */
export function PeoplePicker({ picked, setPicked, exclude = NONE }: { picked: Person[]; setPicked: (p: Person[]) => void; exclude?: ReadonlySet<string> }) {
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const me = session.status === 'signedIn' ? session.user.id : null;
  const [text, setText] = useState('');
  const results = usePeople(text, me, exclude);
  const toggle = (p: Person) =>
    setPicked(picked.some((x) => x.id === p.id) ? picked.filter((x) => x.id !== p.id) : [...picked, p]);
  return (
    <>
      <TextField label={t('newchat.search_people')} type="search" value={text} onChange={(e) => setText(e.target.value)} data-testid="people-search" />
      {picked.length ? (
        <div className="picked-people" role="group" aria-label={t('newchat.selected')}>
          {picked.map((p) => (
            <button key={p.id} type="button" className="chip" onClick={() => toggle(p)} aria-label={t('newchat.remove', { name: p.name })}>
              <bdi>{p.name}</bdi> <span aria-hidden="true">×</span>
            </button>
          ))}
        </div>
      ) : null}
      <ul className="pick-list">
        {results.map((p) => {
          const on = picked.some((x) => x.id === p.id);
          return (
            <li key={p.id}>
              <button
                type="button"
                className={`pick-row${on ? ' on' : ''}`}
                aria-pressed={on}
                onClick={() => toggle(p)}
                data-testid="pick-person"
                aria-label={on ? t('newchat.remove', { name: p.name }) : t('newchat.add', { name: p.name })}
              >
                <Avatar name={p.name} personId={p.id} photoVersion={p.photo_version ?? null} />
                <span className="person-text">
                  <bdi className="person-name">{p.name}</bdi>
                  {p.job_title ? <span className="person-title">{p.job_title}</span> : null}
                </span>
                <span className="pick-mark" aria-hidden="true">
                  {on ? '✓' : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {text.trim() && results.length === 0 ? <p className="hint">{t('newchat.no_people')}</p> : null}
    </>
  );
}
