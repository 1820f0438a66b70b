import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Facets } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { PersonCard } from './PersonCard';
import { FirstSteps } from '../onboarding/FirstSteps';
import { useDebounced, usePeopleSearch } from './usePeopleSearch';

export function DirectoryPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const department = params.get('department') ?? '';
  const location = params.get('location') ?? '';
  const former = params.get('status') === 'all';
  const q = useDebounced(text.trim(), 250);
  const [facets, setFacets] = useState<Facets | null>(null);

  useEffect(() => {
    api.facets().then(setFacets).catch(() => setFacets({ departments: [], locations: [] }));
  }, []);

  // keep q in the URL so Back returns to the same search
  useEffect(() => {
    const cur = params.get('q') ?? '';
    if (cur === q) return;
    const next = new URLSearchParams(params);
    if (q) next.set('q', q);
    else next.delete('q');
    setParams(next, { replace: true });
  }, [q, params, setParams]);

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  const query = useMemo(
    () => ({ q, department, location, status: former ? 'all' : undefined }),
    [q, department, location, former],
  );
  const { items, next, loading, error, loadMore } = usePeopleSearch(query);

  // infinite scroll: load the next page when the sentinel comes into view
  const sentinel = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !next || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [next, loadMore]);

  return (
    <section>
      <h1>{t('directory.title')}</h1>
      <FirstSteps />
      <form className="search-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label={t('directory.search')}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('directory.search_placeholder')}
          dir="auto"
          autoComplete="off"
          enterKeyHint="search"
        />
        <div className="filters">
          <SelectField label={t('person.department')} value={department} onChange={(e) => setParam('department', e.target.value)}>
            <option value="">{t('directory.all_departments')}</option>
            {facets?.departments.map((d) => (
              <option key={d.name} value={d.name}>
                {t('directory.facet_count', { name: d.name, count: d.count })}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('person.location')} value={location} onChange={(e) => setParam('location', e.target.value)}>
            <option value="">{t('directory.all_locations')}</option>
            {facets?.locations.map((d) => (
              <option key={d.name} value={d.name}>
                {t('directory.facet_count', { name: d.name, count: d.count })}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="checkbox">
          <input
            id="show-former"
            type="checkbox"
            checked={former}
            onChange={(e) => setParam('status', e.target.checked ? 'all' : '')}
          />
          <label htmlFor="show-former">{t('directory.show_former')}</label>
        </div>
      </form>
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      <p className="result-count" role="status" aria-live="polite">
        {loading && items.length === 0 ? t('common.loading') : !loading && items.length === 0 && !error ? t('directory.no_results') : ''}
      </p>
      <ul className="people-list" aria-label={t('directory.results')}>
        {items.map((p) => (
          <PersonCard key={p.id} person={p} />
        ))}
      </ul>
      {next ? (
        <div ref={sentinel} className="load-more">
          <button type="button" className="btn" onClick={loadMore} disabled={loading}>
            {loading ? t('common.loading') : t('common.load_more')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
