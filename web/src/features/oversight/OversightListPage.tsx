import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { useDebounced } from '../directory/usePeopleSearch';
import { AdminNav } from '../admin/AdminNav';
import { KINDS, oversightApi, type Kind, type Overseen } from './api';
import { emptyFilters, listQuery, titleOf, type OversightFilters } from './oversight';

/** Every conversation of the organization, private ones included: who runs it and how big it is, never what was said. */
export function OversightListPage() {
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<OversightFilters>(emptyFilters);
  const q = useDebounced(filters.q, 250);
  // A new request only when a filter in effect changes (the text after a pause in typing).
  const { kind, archived, hasExternals } = filters;
  const applied = useMemo(() => ({ q, kind, archived, hasExternals }), [q, kind, archived, hasExternals]);
  const [items, setItems] = useState<Overseen[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (cursor: string | null, signal?: AbortSignal) => {
      setLoading(true);
      setError(null);
      try {
        const page = await oversightApi.list(listQuery(applied, cursor), signal);
        setItems((prev) => (cursor ? [...prev, ...page.items] : page.items));
        setNext(page.next_cursor);
      } catch (e) {
        if ((e as { name?: string })?.name !== 'AbortError') setError(e);
      } finally {
        setLoading(false);
      }
    },
    [applied],
  );

  useEffect(() => {
    const abort = new AbortController();
    void load(null, abort.signal);
    return () => abort.abort();
  }, [load]);

  const set = (patch: Partial<OversightFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section>
      <AdminNav />
      <h1>{t('oversight.title')}</h1>
      <p className="hint">{t('oversight.lead')}</p>
      <form className="card filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t('oversight.search')} type="search" value={filters.q} onChange={(e) => set({ q: e.target.value })} />
        <SelectField label={t('oversight.kind')} value={filters.kind} onChange={(e) => set({ kind: e.target.value as Kind | '' })}>
          <option value="">{t('oversight.kind_all')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`oversight.kind_${k}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('oversight.state')}
          value={filters.archived}
          onChange={(e) => set({ archived: e.target.value as OversightFilters['archived'] })}
        >
          <option value="">{t('oversight.state_all')}</option>
          <option value="false">{t('oversight.state_active')}</option>
          <option value="true">{t('oversight.state_archived')}</option>
        </SelectField>
        <SelectField
          label={t('oversight.externals')}
          value={filters.hasExternals}
          onChange={(e) => set({ hasExternals: e.target.value as OversightFilters['hasExternals'] })}
        >
          <option value="">{t('oversight.externals_any')}</option>
          <option value="true">{t('oversight.externals_with')}</option>
          <option value="false">{t('oversight.externals_without')}</option>
        </SelectField>
      </form>
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      <p role="status" className="hint">
        {loading && !items.length ? t('common.loading') : !loading && !items.length && !error ? t('oversight.empty') : ''}
      </p>
      <ul className="admin-list" aria-label={t('oversight.list')} data-testid="oversight-list">
        {items.map((c) => (
          <li key={c.id} className="admin-row">
            <div className="admin-row-text">
              <Link to={`/admin/conversations/${encodeURIComponent(c.id)}`}>
                <bdi>{titleOf(c, t('oversight.unnamed'))}</bdi>
              </Link>
              <span className="hint">
                {t(`oversight.kind_${c.kind}`)}
                {c.kind === 'channel' || c.kind === 'announcement' ? ` · ${t(`oversight.visibility_${c.visibility}`)}` : ''}
                {' · '}
                {t('oversight.members_count', { n: c.member_count })}
                {c.external_count ? ` · ${t('oversight.externals_count', { n: c.external_count })}` : ''}
              </span>
              <span className="hint">
                {c.owners.length ? (
                  <>
                    {t('oversight.owners')}: <bdi>{c.owners.map((o) => o.name).join(lang === 'ar' ? '، ' : ', ')}</bdi> ·{' '}
                  </>
                ) : null}
                {t('oversight.last_activity')}: <time dateTime={c.last_activity_at}>{formatDateTime(c.last_activity_at, lang)}</time>
              </span>
            </div>
            <span>
              {c.archived ? <span className="badge badge-former">{t('oversight.archived')}</span> : null}
              {c.membership === 'rule' ? <span className="badge badge-current">{t('oversight.smart')}</span> : null}
            </span>
          </li>
        ))}
      </ul>
      {next ? (
        <button type="button" className="btn" onClick={() => void load(next)} disabled={loading}>
          {t('common.load_more')}
        </button>
      ) : null}
    </section>
  );
}
