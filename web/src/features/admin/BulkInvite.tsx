import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { formatDateTime, useI18n } from '../../i18n';
import { errorMessage } from '../../components/errors';
import { QrCode } from '../../components/QrCode';
import { ShareLink } from '../../components/ShareLink';
import { linksCsv, lookupKey, matchCreated, progressOf, runPool, type CreatedRow, type InviteOutcome } from './bulkInvite';
import './onboarding.css';

// Few enough at once to leave the server (and the admin's phone) room for everything else.
const AT_ONCE = 3;

/** "Invite everyone new": a link per person the import created, then QR cards, a CSV and sharing. */
export function BulkInvite({ created, organization }: { created: CreatedRow[]; organization: string }) {
  const { t, lang } = useI18n();
  const [outcomes, setOutcomes] = useState<InviteOutcome[] | null>(null);
  const [running, setRunning] = useState(false);
  const alive = useRef(true);
  useEffect(() => {
    // set here too: React's strict mode unmounts and mounts again once in development
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  async function start() {
    const list: InviteOutcome[] = created.map(() => ({ status: 'waiting' }));
    setOutcomes(list);
    setRunning(true);
    const settle = (i: number, o: InviteOutcome) => {
      if (!alive.current) return;
      setOutcomes((prev) => (prev ? prev.map((x, j) => (j === i ? o : x)) : prev));
    };
    await runPool(created, AT_ONCE, async (row, i) => {
      try {
        let id = row.id ?? null;
        let person = null;
        if (!id) {
          // the import report names people without ids: find each by the key it was matched on
          const page = await api.people({ q: lookupKey(row), status: 'all', limit: 50 });
          person = matchCreated(row, page.items);
          if (!person) return settle(i, { status: 'failed', reason: 'not_found' });
          id = person.id;
        }
        const { invitation } = await api.newInvitation(id);
        settle(i, { status: 'ok', person: person ?? { id, name: row.name ?? '' }, invitation });
      } catch (e) {
        settle(i, { status: 'failed', reason: 'error', message: errorMessage(t, e) });
      }
    });
    if (alive.current) setRunning(false);
  }

  function downloadCsv() {
    if (!outcomes) return;
    const rows = outcomes.flatMap((o, i) =>
      o.status === 'ok'
        ? [
            {
              name: created[i].name ?? o.person.name,
              key: created[i].employee_id || created[i].email || '',
              url: o.invitation.url,
              expires: o.invitation.expires_at ? formatDateTime(o.invitation.expires_at, lang) : '',
            },
          ]
        : [],
    );
    const text = linksCsv([t('bulk.csv_name'), t('bulk.csv_key'), t('bulk.csv_link'), t('bulk.csv_expires')], rows);
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'invitations.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
    // after this turn: the browser has taken the file by then
    window.setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  if (!created.length) return null;
  const progress = outcomes ? progressOf(outcomes) : null;
  const ok = outcomes?.flatMap((o, i) => (o.status === 'ok' ? [{ o, row: created[i] }] : [])) ?? [];
  const failed = outcomes?.flatMap((o, i) => (o.status === 'failed' ? [{ o, row: created[i] }] : [])) ?? [];

  return (
    <section className="card bulk-invite" aria-labelledby="bulk-h">
      <h2 id="bulk-h">{t('bulk.title')}</h2>
      <div className="no-print">
        <p>{t('bulk.intro', { n: created.length })}</p>
        {!outcomes ? (
          <button type="button" className="btn btn-primary" onClick={() => void start()}>
            {t('bulk.invite_all')}
          </button>
        ) : null}
        {progress ? (
          <p role="status" className="hint" data-testid="bulk-progress">
            {running ? t('bulk.progress', { done: progress.done, total: progress.total }) : t('bulk.finished', { ok: progress.ok, total: progress.total })}
          </p>
        ) : null}
        {progress ? (
          <progress className="bulk-progress" max={progress.total} value={progress.done} aria-label={t('bulk.progress_label')} />
        ) : null}
        {failed.length ? (
          <div role="alert" className="bulk-failures">
            <h3>{t('bulk.failed_title', { n: failed.length })}</h3>
            <ul>
              {failed.map(({ o, row }) => (
                <li key={row.line}>
                  <bdi>{row.name}</bdi>{' '}
                  {o.status === 'failed' ? (o.reason === 'not_found' ? t('bulk.not_found') : <bdi>{o.message}</bdi>) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {!running && ok.length ? (
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => window.print()}>
              {t('bulk.print')}
            </button>
            <button type="button" className="btn" onClick={downloadCsv}>
              {t('bulk.download_csv')}
            </button>
          </div>
        ) : null}
        {!running && ok.length ? <p className="hint">{t('bulk.sheet_hint')}</p> : null}
      </div>
      {!running && ok.length ? (
        <ul className="qr-sheet" aria-label={t('bulk.sheet_label')} data-testid="qr-sheet">
          {ok.map(({ o, row }) =>
            o.status === 'ok' ? (
              <li key={row.line} className="qr-card" data-testid="qr-card">
                <p className="qr-card-org">
                  <bdi>{organization}</bdi>
                </p>
                <h3 className="qr-card-name">
                  <bdi>{row.name ?? o.person.name}</bdi>
                </h3>
                <QrCode
                  text={o.invitation.url}
                  label={t('invitation.qr_label', { name: row.name ?? o.person.name })}
                  caption={t('bulk.card_caption')}
                />
                <p className="qr-card-link" dir="ltr" data-testid="qr-card-link">
                  {o.invitation.url}
                </p>
                {o.invitation.expires_at ? (
                  <p className="hint">{t('invite.expires', { when: formatDateTime(o.invitation.expires_at, lang) })}</p>
                ) : null}
                <div className="no-print">
                  <ShareLink
                    url={o.invitation.url}
                    title={t('share.title', { org: organization })}
                    text={t('share.text', { name: row.name ?? o.person.name, org: organization })}
                    label={t('share.button_for', { name: row.name ?? o.person.name })}
                  />
                </div>
              </li>
            ) : null,
          )}
        </ul>
      ) : null}
    </section>
  );
}
