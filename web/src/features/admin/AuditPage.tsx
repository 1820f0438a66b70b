import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { AuditEntry } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { AdminNav } from './AdminNav';
import { PersonPicker, type PickedPerson } from './PersonPicker';

export const AUDIT_ACTIONS = [
  'setup',
  'person.create',
  'person.update',
  'person.deactivate',
  'person.reactivate',
  'person.invite',
  'people.import',
  'people.export',
  'settings.field_visibility',
  'settings.custom_fields',
  'organization.update',
  'password.reset',
  'conversation.archive',
  'conversation.unarchive',
  'conversation.owner.transfer',
  'conversation.member.remove',
  'message.removed',
  'message.reported',
  'report.resolved',
  'content_rule.created',
  'content_rule.updated',
  'content_rule.deleted',
  'policies.changed',
  'compliance_officer.granted',
  'compliance_officer.revoked',
  'compliance.read',
  'compliance.exported',
];

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
  const { t, lang } = useI18n();
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
              {t(`action.${a}`)}
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
          <li key={a.id} className="audit-entry">
            <div className="audit-main">
              <strong>{t(`action.${a.action}`)}</strong>
              <time dateTime={a.at} className="hint">
                {formatDateTime(a.at, lang)}
              </time>
            </div>
            <div className="hint">
              {t('audit.by', { actor: a.actor_name || a.actor_id || t('audit.system') })}
              {a.target_type ? ` · ${a.target_type}${a.target_id ? ` ${a.target_id}` : ''}` : ''}
              {a.ip ? <span dir="ltr"> · {a.ip}</span> : null}
            </div>
            {a.details && Object.keys(a.details).length ? (
              <details>
                <summary>{t('audit.details')}</summary>
                <pre dir="ltr">{JSON.stringify(a.details, null, 2)}</pre>
              </details>
            ) : null}
          </li>
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
