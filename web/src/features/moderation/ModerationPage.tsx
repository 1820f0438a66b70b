import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import { ApiError } from '../../api/http';
import type { QueuedReport } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { isAdmin, sessionStore } from '../../state/session';
import { useStore } from '../../state/useStore';

type Filter = 'open' | 'all';
type Action = 'remove' | 'dismiss' | 'warn' | 'suspend';

/**
 * The moderation queue: admins see every conversation's reports, owners and moderators their own
 * conversations'. Each report shows who reported it (moderators only ever see this) and the
 * message; a moderator removes it (saying why), dismisses it, warns its author or suspends them.
 */
export function ModerationPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>('open');
  const [items, setItems] = useState<QueuedReport[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    api.reports(filter).then(
      (r) => live && setItems(r.items),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [filter, version]);

  const forbidden = error instanceof ApiError && error.code === 'permission_denied';
  return (
    <section className="page" data-testid="moderation-page">
      <h1>{t('moderation.title')}</h1>
      <div className="row" role="group" aria-label={t('moderation.filter')}>
        {(['open', 'all'] as const).map((f) => (
          <button key={f} type="button" className={`btn btn-small${filter === f ? ' btn-primary' : ''}`} aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {t(`moderation.filter_${f}`)}
          </button>
        ))}
      </div>
      {forbidden ? <Alert kind="info">{t('moderation.not_allowed')}</Alert> : error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {items && !items.length && !error ? <p className="muted">{t('moderation.empty')}</p> : null}
      <ul className="list">
        {items?.map((r) => <ReportCard key={r.id} r={r} onDone={() => setVersion((v) => v + 1)} />)}
      </ul>
    </section>
  );
}

function ReportCard({ r, onDone }: { r: QueuedReport; onDone: () => void }) {
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const admin = session.status === 'signedIn' && isAdmin(session.user);
  const [acting, setActing] = useState<Action | null>(null);
  const [note, setNote] = useState('');
  const [hours, setHours] = useState(24);
  const [everywhere, setEverywhere] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = useCallback(async () => {
    if (!acting) return;
    setError(null);
    try {
      await api.resolveReport(r.id, {
        action: acting,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(acting === 'suspend' ? { hours, scope: everywhere ? 'everywhere' : 'conversation' } : {}),
      });
      onDone();
    } catch (e) {
      setError(e);
    }
  }, [acting, note, hours, everywhere, r.id, onDone]);

  const m = r.message;
  const text = !m ? '' : m.deleted ? (m.deleted_by === 'moderator' ? t('chat.removed_by_moderator') : t('chat.deleted')) : m.text;
  return (
    <li className="card report" data-testid="report">
      <p className="muted">
        {t(`report.category.${r.category}`)} · <bdi>{r.conversation_name}</bdi> · {formatDateTime(r.created_at, lang)}
        {r.status !== 'open' ? ` · ${t(`moderation.status.${r.status}`)}` : ''}
      </p>
      <blockquote dir="auto" data-testid="report-message">
        <strong><bdi>{r.author.name}</bdi></strong>: {text}
      </blockquote>
      <p data-testid="report-by">
        {r.reporter ? t('moderation.reported_by', { name: r.reporter.name ?? '' }) : t('moderation.flagged_by_rule', { rule: r.comment ?? '' })}
      </p>
      {r.reporter && r.comment ? <p dir="auto" className="muted">“{r.comment}”</p> : null}
      {r.status === 'open' ? (
        acting ? (
          <div className="stack">
            <label>
              {acting === 'remove' ? t('moderation.reason') : t('moderation.note')}
              <textarea dir="auto" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} required={acting === 'remove'} />
            </label>
            {acting === 'suspend' ? (
              <>
                <label>
                  {t('moderation.hours')}
                  <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
                    {[1, 24, 72, 168].map((h) => (
                      <option key={h} value={h}>{t('moderation.hours_n', { n: h })}</option>
                    ))}
                  </select>
                </label>
                {admin ? (
                  <label className="choice">
                    <input type="checkbox" checked={everywhere} onChange={(e) => setEverywhere(e.target.checked)} /> {t('moderation.everywhere')}
                  </label>
                ) : null}
              </>
            ) : null}
            {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
            <div className="row">
              <button type="button" className={`btn ${acting === 'remove' ? 'btn-danger' : 'btn-primary'}`} disabled={acting === 'remove' && !note.trim()} onClick={() => void submit()}>
                {t(`moderation.confirm_${acting}`)}
              </button>
              <button type="button" className="btn" onClick={() => setActing(null)}>{t('common.cancel')}</button>
            </div>
          </div>
        ) : (
          <div className="row wrap">
            {(['remove', 'dismiss', 'warn', 'suspend'] as const).map((a) => (
              <button key={a} type="button" className={`btn btn-small${a === 'remove' ? ' btn-danger' : ''}`} onClick={() => setActing(a)}>
                {t(`moderation.action_${a}`)}
              </button>
            ))}
          </div>
        )
      ) : null}
    </li>
  );
}
