import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { FormerMemberships as Former } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';

/**
 * After a reactivation: the conversations deactivation took the person out of, for the admin to
 * choose which come back (smart groups come back by their rules on their own).
 */
export function FormerMemberships({ personId, version }: { personId: string; version: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Former['items'] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .formerMemberships(personId)
      .then((r) => setItems(r.items))
      .catch(setError);
  }, [personId, version]);

  if (!items || (!items.length && !notice)) return error ? <Alert>{errorMessage(t, error)}</Alert> : null;

  async function restore() {
    setError(null);
    try {
      const done = await api.restoreMemberships(personId, [...chosen]);
      setNotice(t('former.restored', { n: done.items.length }));
      setChosen(new Set());
      setItems((await api.formerMemberships(personId)).items);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby="former-h" data-testid="former-memberships">
      <h2 id="former-h">{t('former.title')}</h2>
      <p className="hint">{items.length ? t('former.explain') : t('former.none')}</p>
      <ul className="checklist">
        {items.map((f) => (
          <li key={f.conversation_id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.has(f.conversation_id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(f.conversation_id);
                  else next.delete(f.conversation_id);
                  setChosen(next);
                }}
              />{' '}
              <bdi>{f.name || t(`chat.kind_${f.kind}`)}</bdi>
            </label>
          </li>
        ))}
      </ul>
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {items.length ? (
        <button type="button" className="btn" disabled={!chosen.size} onClick={() => void restore()}>
          {t('former.restore')}
        </button>
      ) : null}
    </section>
  );
}
