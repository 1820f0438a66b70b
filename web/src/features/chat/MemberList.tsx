import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { Conversation, Member, Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { Avatar } from '../../components/Avatar';
import { useChat } from './useChat';
import { PeoplePicker } from './PeoplePicker';
import { PresenceDot, usePresence } from './presence';
import { MEMBERS_SHOWN_AT_FIRST, MEMBER_ROLES, memberControls, sortMembers, visibleMembers, type MemberRole, type Permissions } from './members';

/** Members with their roles; owners and moderators add and remove people, owners change roles. */
export function MemberList({ conv, perms }: { conv: Conversation; perms: Permissions }) {
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const me = session.status === 'signedIn' ? session.user.id : null;
  // member.added / member.removed events bump this: the list refetches
  const version = useChat((s) => s.membersVersion[conv.id] ?? 0);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [openFor, setOpenFor] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .members(conv.id)
      .then((r) => live && setMembers(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [conv.id, version]);

  const sorted = useMemo(() => sortMembers(members ?? [], me, lang), [members, me, lang]);
  const [query, setQuery] = useState('');
  const [all, setAll] = useState(false);
  const { shown, matching } = useMemo(() => visibleMembers(sorted, query, all), [sorted, query, all]);
  // presence for the rows on screen, at most 200 (the server takes 500 per socket)
  const watched = useMemo(() => shown.slice(0, 200).map((m) => m.person_id), [shown]);
  const online = usePresence(watched);
  const ids = useMemo(() => new Set((members ?? []).map((m) => m.person_id)), [members]);

  /** Runs one change; says what happened or what went wrong. Resolves to whether it worked. */
  async function run(f: () => Promise<string>): Promise<boolean> {
    setError(null);
    setNotice(null);
    try {
      setNotice(await f());
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  }
  const replace = (m: Member) => setMembers((list) => (list ?? []).map((x) => (x.person_id === m.person_id ? m : x)));
  /** Shows the change at once and puts the member back as they were if the server refuses it. */
  const change = (m: Member, body: { role: MemberRole; can_post?: boolean }, done: string) =>
    run(async () => {
      replace({ ...m, ...body });
      try {
        replace(await api.updateMember(conv.id, m.person_id, body));
      } catch (e) {
        replace(m);
        throw e;
      }
      return done;
    });
  const setRole = (m: Member, role: MemberRole) => change(m, { role }, t('info.role_changed', { name: m.name, role: t(`member_role.${role}`) }));
  // the contract asks for the role with every member PATCH: send the current one along
  const setPoster = (m: Member, canPost: boolean) => change(m, { role: (m.role ?? 'member') as MemberRole, can_post: canPost }, t('info.saved'));
  const remove = (m: Member) =>
    run(async () => {
      await api.removeMember(conv.id, m.person_id);
      setMembers((list) => (list ?? []).filter((x) => x.person_id !== m.person_id));
      setOpenFor(null);
      return t('info.removed', { name: m.name });
    });
  const add = (people: Person[]) =>
    run(async () => {
      setMembers((await api.addMembers(conv.id, people.map((p) => p.id))).items);
      return t('info.added', { n: people.length });
    });

  return (
    <section className="info-section" aria-labelledby="members-h" data-testid="members">
      <h2 id="members-h">{t('info.members', { n: members?.length ?? conv.member_count ?? 0 })}</h2>
      {perms.addMembers ? <AddMembers exclude={ids} onAdd={add} /> : null}
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {!members && !error ? <p role="status">{t('common.loading')}</p> : null}
      {sorted.length > MEMBERS_SHOWN_AT_FIRST ? (
        <TextField label={t('info.find_member')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="member-filter" />
      ) : null}
      <ul className="member-list" aria-label={t('info.members_label')}>
        {shown.map((m) => (
          <MemberRow
            key={m.person_id}
            m={m}
            me={me}
            online={m.person_id === me || online[m.person_id]}
            showPoster={conv.kind === 'announcement'}
            controls={memberControls(perms, m, me)}
            open={openFor === m.person_id}
            onToggle={() => setOpenFor(openFor === m.person_id ? null : m.person_id)}
            onRole={(r) => void setRole(m, r)}
            onPoster={(on) => void setPoster(m, on)}
            onRemove={() => void remove(m)}
          />
        ))}
      </ul>
      {shown.length < matching ? (
        <button type="button" className="btn" onClick={() => setAll(true)}>
          {t('info.show_all_members', { n: matching })}
        </button>
      ) : null}
    </section>
  );
}

interface RowProps {
  m: Member;
  me: string | null;
  online: boolean | undefined;
  showPoster: boolean;
  controls: { role: boolean; poster: boolean; remove: boolean };
  open: boolean;
  onToggle: () => void;
  onRole: (role: MemberRole) => void;
  onPoster: (on: boolean) => void;
  onRemove: () => void;
}

function MemberRow({ m, me, online, showPoster, controls, open, onToggle, onRole, onPoster, onRemove }: RowProps) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const any = controls.role || controls.poster || controls.remove;
  const panelId = `member-${m.person_id}`;
  const role = (m.role ?? 'member') as MemberRole;
  // in announcement channels owners and moderators always post; members only when designated
  const poster = showPoster && role === 'member' && m.can_post;
  return (
    <li className="member-row" data-testid="member" data-person-id={m.person_id} data-role={role}>
      <div className="member-main">
        <Avatar name={m.name} personId={m.person_id} />
        <span className="person-text">
          <span className="person-name">
            <PresenceDot online={online} /> <bdi>{m.name}</bdi> {m.person_id === me ? <span className="hint">{t('info.you')}</span> : null}
          </span>
          <span className="person-title" data-testid="member-role">
            {t(`member_role.${role}`)}
            {poster ? ` · ${t('info.poster')}` : ''}
            {m.external ? <span className="badge badge-external"> {t('chat.external', { company: m.company ?? '' })}</span> : null}
          </span>
        </span>
        {any ? (
          <button type="button" className="btn btn-small btn-ghost member-more" aria-expanded={open} aria-controls={open ? panelId : undefined} aria-label={t('info.manage_member', { name: m.name })} onClick={onToggle}>
            <span aria-hidden="true">⋯</span>
          </button>
        ) : null}
      </div>
      {open ? (
        <div className="member-controls" id={panelId}>
          {controls.role ? (
            <SelectField label={t('info.role_of', { name: m.name })} value={role} onChange={(e) => onRole(e.target.value as MemberRole)}>
              {MEMBER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`member_role.${r}`)}
                </option>
              ))}
            </SelectField>
          ) : null}
          {controls.poster ? (
            <label className="checkbox">
              <input type="checkbox" checked={!!m.can_post} onChange={(e) => onPoster(e.target.checked)} />
              {t('info.can_post', { name: m.name })}
            </label>
          ) : null}
          {controls.remove && !confirming ? (
            <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirming(true)}>
              {t('info.remove', { name: m.name })}
            </button>
          ) : null}
          {controls.remove && confirming ? (
            <div className="confirm-inline" role="group" aria-label={t('info.remove_confirm', { name: m.name })}>
              <span>{t('info.remove_confirm', { name: m.name })}</span>
              <button type="button" className="btn btn-small btn-danger" onClick={onRemove}>
                {t('info.remove_yes')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/** "Add people": the directory picker of the new-conversation screen, minus people already here. */
function AddMembers({ exclude, onAdd }: { exclude: ReadonlySet<string>; onAdd: (people: Person[]) => Promise<boolean> }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<Person[]>([]);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="add-members">
        <span aria-hidden="true">+</span> {t('info.add_members')}
      </button>
    );
  }
  return (
    <div className="card" role="group" aria-label={t('info.add_members')}>
      <PeoplePicker picked={picked} setPicked={setPicked} exclude={exclude} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!picked.length || busy}
          onClick={async () => {
            setBusy(true);
            const added = await onAdd(picked);
            setBusy(false);
            // on failure the choice stays, to try again
            if (!added) return;
            setPicked([]);
            setOpen(false);
          }}
          data-testid="add-selected"
        >
          {t('info.add_selected', { n: picked.length })}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
