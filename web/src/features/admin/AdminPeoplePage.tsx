import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { Invitation, Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { Isolated } from '../../components/Isolated';
import { useDebounced, usePeopleSearch } from '../directory/usePeopleSearch';
import { FormerBadge } from '../directory/PersonCard';
import { AdminNav } from './AdminNav';
import { PersonForm } from './PersonForm';
import { InvitationPanel } from './InvitationPanel';
import { createBody, emptyForm } from './personForm';

export function AdminPeoplePage() {
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const isOwner = session.status === 'signedIn' && session.user.role === 'owner';
  const [text, setText] = useState('');
  const [status, setStatus] = useState<'active' | 'deactivated' | 'all'>('all');
  const q = useDebounced(text.trim(), 250);
  const query = useMemo(() => ({ q, status }), [q, status]);
  const { items, next, loading, error, loadMore, reload } = usePeopleSearch(query, 50);
  const [adding, setAdding] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [created, setCreated] = useState<{ person: Person; invitation: Invitation } | null>(null);
  // the form closes above the new invitation: bring it up, its title below the sticky header
  const createdRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (created) createdRef.current?.scrollIntoView({ block: 'start' });
  }, [created]);

  async function create(f: ReturnType<typeof emptyForm>) {
    const res = await api.createPerson(createBody(f));
    setCreated(res);
    setAdding(false);
    setFormKey((k) => k + 1);
    reload();
  }

  return (
    <section>
      <AdminNav />
      <h1>{t('admin.people_title')}</h1>
      <div className="actions">
        <a className="btn" href="/api/v1/people/export" download="people.csv">
          {t('admin.export')}
        </a>
        {!adding ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setAdding(true);
              setCreated(null);
            }}
          >
            {t('admin.add_person')}
          </button>
        ) : null}
      </div>
      {created ? (
        <div ref={createdRef} data-scroll-target>
          <Alert kind="success">{t('admin.person_created', { name: created.person.name })}</Alert>
          <InvitationPanel invitation={created.invitation} name={created.person.name} />
        </div>
      ) : null}
      {adding ? (
        <section className="card" aria-labelledby="add-h">
          <h2 id="add-h">{t('admin.add_person')}</h2>
          <PersonForm key={formKey} initial={emptyForm()} submitLabel={t('admin.create')} onSubmit={create} canGrantAdmin={isOwner} />
          <button type="button" className="btn btn-ghost" onClick={() => setAdding(false)}>
            {t('common.cancel')}
          </button>
        </section>
      ) : null}

      <h2>{t('admin.people_list')}</h2>
      <div className="filters">
        <TextField label={t('directory.search')} type="search" value={text} onChange={(e) => setText(e.target.value)} dir="auto" autoComplete="off" />
        <SelectField label={t('admin.status_filter')} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="all">{t('admin.status_all')}</option>
          <option value="active">{t('admin.status_active')}</option>
          <option value="deactivated">{t('admin.status_deactivated')}</option>
        </SelectField>
      </div>
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      <p role="status" className="hint">
        {loading && !items.length ? t('common.loading') : !loading && !items.length ? t('directory.no_results') : ''}
      </p>
      <ul className="admin-list">
        {items.map((p) => (
          <li key={p.id} className="admin-row" data-testid="people-row">
            <div className="admin-row-text">
              <Link to={`/people/${encodeURIComponent(p.id)}`}>
                <bdi>{p.name}</bdi>
              </Link>
              {p.status === 'deactivated' ? <FormerBadge /> : null}
              {/* each value isolated: a Latin job title beside a Latin e-mail would swap places in Arabic */}
              <span className="hint" data-testid="people-row-details">
                <Isolated values={[p.name_latin, p.job_title, p.email, p.role ? t(`role.${p.role}`) : null]} />
              </span>
              {p.has_account === false ? <span className="hint">{t('admin.no_account_yet')}</span> : null}
            </div>
            <Link className="btn btn-small" to={`/admin/people/${encodeURIComponent(p.id)}`} aria-label={t('admin.manage_named', { name: p.name })}>
              {t('admin.manage')}
            </Link>
          </li>
        ))}
      </ul>
      {next ? (
        <button type="button" className="btn" onClick={loadMore} disabled={loading}>
          {t('common.load_more')}
        </button>
      ) : null}
    </section>
  );
}
