import { useState } from 'react';
import { api } from '../../api/client';
import type { RuleView } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Alert, SelectField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { PersonPicker, type PickedPerson } from '../admin/PersonPicker';

/** People pinned in or out of a smart group, whatever its rule says. */
export function ExceptionList({
  conversationId,
  exceptions,
  onChanged,
}: {
  conversationId: string;
  exceptions: RuleView['exceptions'];
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [mode, setMode] = useState<'include' | 'exclude'>('include');
  const [error, setError] = useState<unknown>(null);

  async function change(personId: string, next: 'include' | 'exclude' | null) {
    setError(null);
    try {
      await api.setException(conversationId, personId, next);
      setPerson(null);
      await onChanged();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="rule-exceptions" aria-labelledby="exceptions-h" data-testid="rule-exceptions">
      <h2 id="exceptions-h">{t('rule.exceptions')}</h2>
      {exceptions.length ? (
        <ul>
          {exceptions.map((e) => (
            <li key={e.person_id}>
              <bdi>{e.name}</bdi> · {t(`rule.exception_${e.mode}`)}{' '}
              <button type="button" className="btn btn-small" onClick={() => void change(e.person_id, null)}>
                {t('rule.exception_remove', { name: e.name })}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('rule.no_exceptions')}</p>
      )}
      <PersonPicker label={t('rule.exception_person')} value={person} onChange={setPerson} />
      <SelectField label={t('rule.exception_mode')} value={mode} onChange={(e) => setMode(e.target.value as 'include' | 'exclude')}>
        <option value="include">{t('rule.exception_include')}</option>
        <option value="exclude">{t('rule.exception_exclude')}</option>
      </SelectField>
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      <button type="button" className="btn" disabled={!person} onClick={() => person && void change(person.id, mode)}>
        {t('rule.exception_add')}
      </button>
    </section>
  );
}
