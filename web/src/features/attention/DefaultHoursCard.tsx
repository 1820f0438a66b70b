import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Facets } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Alert, SelectField } from '../../components/Field';
import { LoadStatus } from '../../components/LoadStatus';
import { errorMessage } from '../../components/errors';
import { attentionApi, type DefaultScope, type Defaults, type Hours } from './attentionApi';
import { draftOf } from './hoursDraft';
import { HoursForm } from './HoursForm';
import { weekFromServer } from './schedule';
import { browserTimeZone } from './when';
import { weekSummary } from './weekSummary';

type Editing = { scope: DefaultScope; key: string } | null;

/** The organization's default hours, and those of departments and locations (admins). */
export function DefaultHoursCard() {
  const { t } = useI18n();
  const [defaults, setDefaults] = useState<Defaults | null>(null);
  const [facets, setFacets] = useState<Facets>({ departments: [], locations: [] });
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    attentionApi.defaults().then(setDefaults).catch(setError);
    // the names people actually have, as the directory's filters offer them
    api.facets().then(setFacets).catch(() => undefined);
  }, []);

  async function save(scope: DefaultScope, key: string, hours: Hours | null) {
    setDefaults(await attentionApi.setDefault(scope, key, hours));
    setEditing(null);
  }

  async function remove(scope: DefaultScope, key: string) {
    setError(null);
    try {
      await save(scope, key, null);
    } catch (e) {
      setError(e);
    }
  }

  if (!defaults) return <LoadStatus error={error} loaded={false} />;
  const rowProps = { editing, setEditing, save, remove, fallback: defaults.organization };
  return (
    <section className="card" aria-labelledby="defaults-h" data-testid="default-hours">
      <h2 id="defaults-h">{t('hours.defaults_title')}</h2>
      <p className="hint">{t('hours.defaults_intro')}</p>
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      <ul className="plain-list">
        <DefaultRow scope="organization" name="" label={t('hours.default_organization')} hours={defaults.organization} {...rowProps} />
      </ul>
      {(['departments', 'locations'] as const).map((scope) => (
        <div key={scope}>
          <h3>{t(`hours.default_${scope}`)}</h3>
          <ul className="plain-list">
            {Object.entries(defaults[scope]).map(([name, hours]) => (
              <DefaultRow key={name} scope={scope} name={name} label={name} hours={hours} {...rowProps} />
            ))}
            {editing?.scope === scope && !(editing.key in defaults[scope]) ? (
              <DefaultRow scope={scope} name={editing.key} label={editing.key} hours={null} {...rowProps} />
            ) : null}
          </ul>
          {!Object.keys(defaults[scope]).length && !facets[scope].length ? <p className="hint">{t(`hours.none_${scope}`)}</p> : null}
          <AddDefault scope={scope} names={facets[scope].map((f) => f.name).filter((n) => !(n in defaults[scope]))} onAdd={(key) => setEditing({ scope, key })} />
        </div>
      ))}
    </section>
  );
}

interface RowProps {
  scope: DefaultScope;
  name: string;
  label: string;
  hours: Hours | null;
  /** what a new default starts from */
  fallback: Hours | null;
  editing: Editing;
  setEditing: (e: Editing) => void;
  save: (scope: DefaultScope, key: string, hours: Hours | null) => Promise<void>;
  remove: (scope: DefaultScope, key: string) => Promise<void>;
}

function DefaultRow({ scope, name, label, hours, fallback, editing, setEditing, save, remove }: RowProps) {
  const { t, lang } = useI18n();
  const open = editing?.scope === scope && editing.key === name;
  return (
    <li data-testid="default-row">
      <div className="row-between">
        <div>
          <strong>
            <bdi>{label}</bdi>
          </strong>
          <div className="hint">
            {hours ? (
              <>
                <span dir="ltr">{hours.time_zone.replace(/_/g, ' ')}</span> · {weekSummary(weekFromServer(hours.weekly), lang) || t('hours.no_days')}
              </>
            ) : (
              t(scope === 'organization' ? 'hours.default_none_organization' : 'hours.default_none')
            )}
          </div>
        </div>
        {!open ? (
          <div className="actions">
            <button type="button" className="btn btn-small" onClick={() => setEditing({ scope, key: name })} aria-label={t('hours.edit_named', { name: label })}>
              {hours ? t('hours.edit') : t('hours.set')}
            </button>
            {hours ? (
              <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(scope, name)} aria-label={t('hours.remove_named', { name: label })}>
                {t('hours.remove')}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {open ? (
        <HoursForm initial={draftOf(hours, fallback, lang, browserTimeZone())} onSave={(h) => save(scope, name, h)}>
          <button type="button" className="btn" onClick={() => setEditing(null)}>
            {t('common.cancel')}
          </button>
        </HoursForm>
      ) : null}
    </li>
  );
}

function AddDefault({ scope, names, onAdd }: { scope: 'departments' | 'locations'; names: string[]; onAdd: (name: string) => void }) {
  const { t } = useI18n();
  const [picked, setPicked] = useState('');
  if (!names.length) return null;
  return (
    <div className="add-default">
      <SelectField label={t(`hours.add_${scope}`)} value={picked} onChange={(e) => setPicked(e.target.value)}>
        <option value="">{t('hours.pick')}</option>
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </SelectField>
      <button
        type="button"
        className="btn btn-small"
        disabled={!picked}
        onClick={() => {
          onAdd(picked);
          setPicked('');
        }}
      >
        {t('hours.add')}
      </button>
    </div>
  );
}
