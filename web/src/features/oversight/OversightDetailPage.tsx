import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { AdminNav } from '../admin/AdminNav';
import { oversightApi, type OverseenDetail, type OverseenMember, type PreviousOwners } from './api';
import { ownerCandidates, titleOf } from './oversight';
import { ReasonDialog } from './ReasonDialog';

type Action = { kind: 'archive' } | { kind: 'transfer' } | { kind: 'remove'; member: OverseenMember };

/** One conversation's metadata and members, and the admin's actions on it, each with a reason. */
export function OversightDetailPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const [detail, setDetail] = useState<OverseenDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [memberText, setMemberText] = useState('');
  const [newOwner, setNewOwner] = useState('');
  const [previous, setPrevious] = useState<PreviousOwners>('keep');
  const [ownerText, setOwnerText] = useState('');

  useEffect(() => {
    setDetail(null);
    oversightApi.get(id).then(setDetail).catch(setLoadError);
  }, [id]);

  if (loadError) return <Alert>{errorMessage(t, loadError)}</Alert>;
  if (!detail) return <p role="status">{t('common.loading')}</p>;

  const c = detail.conversation;
  const title = titleOf(c, t('oversight.unnamed'));
  const list = (names: { name: string }[]) => names.map((p) => p.name).join(lang === 'ar' ? '، ' : ', ');
  const done = (next: OverseenDetail, message: string) => {
    setDetail(next);
    setAction(null);
    setNotice(message);
  };
  const shown = memberText.trim()
    ? detail.members.filter((m) => m.name.toLocaleLowerCase().includes(memberText.trim().toLocaleLowerCase()))
    : detail.members;
  // The picked member stays offered while the text narrows the others.
  const picked = detail.members.find((m) => m.person_id === newOwner);
  const candidates = ownerCandidates(detail.members, ownerText, 100).filter((m) => m.person_id !== newOwner);
  if (picked) candidates.unshift(picked);
  const canManageMembers = c.kind !== 'direct';

  return (
    <section>
      <AdminNav />
      <Link className="back-link" to="/admin/conversations">
        {t('oversight.back')}
      </Link>
      <h1>
        <bdi>{title}</bdi>
      </h1>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <dl className="details" data-testid="oversight-details">
        <div className="dl-row">
          <dt>{t('oversight.kind')}</dt>
          <dd>
            {t(`oversight.kind_${c.kind}`)}
            {c.kind === 'channel' || c.kind === 'announcement' ? ` · ${t(`oversight.visibility_${c.visibility}`)}` : ''}
            {c.membership === 'rule' ? ` · ${t('oversight.smart')}` : ''}
          </dd>
        </div>
        <div className="dl-row">
          <dt>{t('oversight.state')}</dt>
          <dd data-testid="oversight-state">{c.archived ? t('oversight.archived') : t('oversight.state_active')}</dd>
        </div>
        <div className="dl-row">
          <dt>{t('oversight.owners')}</dt>
          <dd>
            <bdi>{c.owners.length ? list(c.owners) : t('oversight.no_owners')}</bdi>
          </dd>
        </div>
        <div className="dl-row">
          <dt>{t('oversight.creator')}</dt>
          <dd>
            <bdi>{c.creator.name || c.creator.id}</bdi>
          </dd>
        </div>
        <div className="dl-row">
          <dt>{t('oversight.members')}</dt>
          <dd>
            {t('oversight.members_count', { n: c.member_count })}
            {c.external_count ? ` · ${t('oversight.externals_count', { n: c.external_count })}` : ''}
          </dd>
        </div>
        <div className="dl-row">
          <dt>{t('oversight.created')}</dt>
          <dd>
            <time dateTime={c.created_at}>{formatDateTime(c.created_at, lang)}</time>
          </dd>
        </div>
        <div className="dl-row">
          <dt>{t('oversight.last_activity')}</dt>
          <dd>
            <time dateTime={c.last_activity_at}>{formatDateTime(c.last_activity_at, lang)}</time>
          </dd>
        </div>
      </dl>

      <div className="actions">
        <button type="button" className={`btn ${c.archived ? '' : 'btn-danger'}`} onClick={() => setAction({ kind: 'archive' })}>
          {c.archived ? t('oversight.unarchive') : t('oversight.archive')}
        </button>
        {canManageMembers && !c.archived ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setNewOwner('');
              setOwnerText('');
              setPrevious('keep');
              setAction({ kind: 'transfer' });
            }}
          >
            {t('oversight.transfer')}
          </button>
        ) : null}
      </div>

      <h2>{t('oversight.members')}</h2>
      {detail.members.length > 20 ? (
        <TextField label={t('oversight.find_member')} type="search" value={memberText} onChange={(e) => setMemberText(e.target.value)} />
      ) : null}
      <ul className="admin-list" aria-label={t('oversight.members')} data-testid="oversight-members">
        {shown.slice(0, 200).map((m) => (
          <li key={m.person_id} className="admin-row">
            <div className="admin-row-text">
              <bdi>{m.name}</bdi>
              <span className="hint">
                {t(`oversight.role_${m.role}`)}
                {m.external ? ` · ${t('oversight.external_from', { company: m.company ?? '' })}` : ''}
              </span>
            </div>
            {canManageMembers ? (
              <button type="button" className="btn btn-small" onClick={() => setAction({ kind: 'remove', member: m })}>
                {t('oversight.remove_named', { name: m.name })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>

      {action?.kind === 'archive' ? (
        <ReasonDialog
          title={c.archived ? t('oversight.unarchive_title') : t('oversight.archive_title')}
          lead={c.archived ? t('oversight.unarchive_lead') : t('oversight.archive_lead')}
          confirm={c.archived ? t('oversight.unarchive') : t('oversight.archive')}
          danger={!c.archived}
          onClose={() => setAction(null)}
          onConfirm={async (reason) =>
            done(await oversightApi.setArchived(id, !c.archived, reason), c.archived ? t('oversight.unarchived') : t('oversight.archived_done'))
          }
        />
      ) : null}
      {action?.kind === 'transfer' ? (
        <ReasonDialog
          title={t('oversight.transfer_title')}
          lead={t('oversight.transfer_lead')}
          confirm={t('oversight.transfer')}
          ready={!!newOwner}
          onClose={() => setAction(null)}
          onConfirm={async (reason) => done(await oversightApi.transfer(id, newOwner, previous, reason), t('oversight.transferred'))}
        >
          <TextField label={t('oversight.find_owner')} type="search" value={ownerText} onChange={(e) => setOwnerText(e.target.value)} />
          <SelectField label={t('oversight.new_owner')} value={newOwner} onChange={(e) => setNewOwner(e.target.value)} required>
            <option value="">{t('oversight.pick_member')}</option>
            {candidates.map((m) => (
              <option key={m.person_id} value={m.person_id}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('oversight.previous_owners')}
            value={previous}
            onChange={(e) => setPrevious(e.target.value as PreviousOwners)}
          >
            <option value="keep">{t('oversight.previous_keep')}</option>
            <option value="moderator">{t('oversight.previous_moderator')}</option>
            <option value="member">{t('oversight.previous_member')}</option>
          </SelectField>
        </ReasonDialog>
      ) : null}
      {action?.kind === 'remove' ? (
        <ReasonDialog
          title={t('oversight.remove_title', { name: action.member.name })}
          lead={c.membership === 'rule' ? t('oversight.remove_lead_rule') : t('oversight.remove_lead')}
          confirm={t('oversight.remove')}
          danger
          onClose={() => setAction(null)}
          onConfirm={async (reason) =>
            done(await oversightApi.removeMember(id, action.member.person_id, reason), t('oversight.removed', { name: action.member.name }))
          }
        />
      ) : null}
    </section>
  );
}
