import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { AuditEntry } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { AdminNav } from './AdminNav';
import { PersonPicker, type PickedPerson } from './PersonPicker';
import { AUDIT_ACTIONS, actionLabel, actorLabel, auditDetailLines, targetLabel } from './auditText';
import './onboarding.css';

/** yyyy-mm-dd (local) -> RFC 3339 UTC at the start (or the end) of that local day. */
export function dayToRfc3339(day: string, endOfDay: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  const date = endOfDay ? new Date(y, m - 1, d + 1) : new Date(y, m - 1, d);
  if (endOfDay) date.setMilliseconds(-1);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface Filters {
  action: string;
  actor: PickedPerson | null;
  since: string;
  until: string;
}

export function AuditPage() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>({ action: '', actor: null, since: '', until: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [chain, setChain] = useState<{ head_seq: number; head_hash: string } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (cursor: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api.audit({
          action: filters.action,
          actor_id: filters.actor?.id,
          since: dayToRfc3339(filters.since, false),
          until: dayToRfc3339(filters.until, true),
          limit: 50,
          cursor,
        });
        setItems((prev) => (cursor ? [...prev, ...page.items] : page.items));
        setNext(page.next_cursor ?? null);
        if (page.chain) setChain(page.chain);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [filters],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters({ ...draft });
  }

  return (
    <section>
      <AdminNav />
      <h1>{t('audit.title')}</h1>
      <form className="card filters-form" onSubmit={apply}>
        <h2>{t('audit.filters')}</h2>
        <SelectField label={t('audit.action')} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
          <option value="">{t('audit.all_actions')}</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionLabel(t, a)}
            </option>
          ))}
        </SelectField>
        <PersonPicker label={t('audit.actor')} value={draft.actor} onChange={(p) => setDraft({ ...draft, actor: p })} />
        <div className="grid-2">
          <TextField label={t('audit.since')} type="date" value={draft.since} onChange={(e) => setDraft({ ...draft, since: e.target.value })} />
          <TextField label={t('audit.until')} type="date" value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value })} />
        </div>
        <button type="submit" className="btn btn-primary">
          {t('audit.apply_filters')}
        </button>
      </form>
      {chain ? (
        <div className="card" data-testid="audit-chain-head">
          <h2>{t('audit.chain_title')}</h2>
          <p className="hint">{t('audit.chain_hint', { n: chain.head_seq })}</p>
          <code dir="ltr" className="break-all">
            {chain.head_hash}
          </code>
        </div>
      ) : null}
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      <p role="status" className="hint">
        {loading && !items.length ? t('common.loading') : !loading && !items.length && !error ? t('audit.empty') : ''}
      </p>
      <ol className="audit-list" aria-label={t('audit.entries')}>
        {items.map((a) => (
          <AuditCard key={a.id} entry={a} />
        ))}
      </ol>
      {next ? (
        <button type="button" className="btn" onClick={() => void load(next)} disabled={loading}>
          {t('common.load_more')}
        </button>
      ) : null}
    </section>
  );
}

/** Text people typed (names, reasons) keeps its own direction inside the reader's sentence. */
function Said({ text, typed }: { text: string; typed: boolean }) {
  return typed ? <bdi>{text}</bdi> : <>{text}</>;
}

/** One entry as a short sentence ("Sara: Person edited: Omar"), when, from where, and its details. */
function AuditCard({ entry }: { entry: AuditEntry }) {
  const { t, lang } = useI18n();
  const actor = actorLabel(t, entry);
  const target = targetLabel(t, entry);
  const lines = auditDetailLines({ t, lang, dateTime: (iso) => formatDateTime(iso, lang) }, entry);
  return (
    <li className="audit-entry audit-card" data-testid="audit-entry">
      <p className="audit-sentence">
        <span className="audit-actor">
          <Said {...actor} />
        </span>
        <span className="audit-sep">{t('audit.sentence_sep')}</span>
        <strong className="audit-action">{actionLabel(t, entry.action)}</strong>
        {target ? (
          <>
            <span className="audit-sep">{t('audit.sentence_sep')}</span>
            <span className="audit-target">
              <Said {...target} />
            </span>
          </>
        ) : null}
      </p>
      <p className="hint audit-when">
        <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time>
      </p>
      {entry.ip ? (
        <p className="hint audit-ip" data-testid="audit-ip">
          {t('audit.address')} <bdi dir="ltr">{entry.ip}</bdi>
        </p>
      ) : null}
      {lines.length ? (
        <dl className="audit-details">
          {lines.map((l) => (
            <div key={l.key} className="audit-detail">
              <dt>{l.known ? l.label : <bdi dir="ltr">{l.label}</bdi>}</dt>
              <dd>
                <bdi>{l.value}</bdi>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  );
}
