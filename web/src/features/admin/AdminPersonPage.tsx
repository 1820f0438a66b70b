import { Confirm } from '../../components/Confirm';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Invitation, Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { useStore } from '../../state/useStore';
import { sessionStore, updateUser } from '../../state/session';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { FormerBadge } from '../directory/PersonCard';
import { AdminNav } from './AdminNav';
import { PersonForm } from './PersonForm';
import { InvitationPanel } from './InvitationPanel';
import { FormerMemberships } from '../governance/FormerMemberships';
import { EndDateCard } from '../retention/EndDateCard';
import { PersonTwoFactorCard } from '../twofactor/PersonTwoFactorCard';

import { ComplianceOfficerCard } from '../compliance/ComplianceOfficerCard';
import { formFromPerson, patchBody, type PersonFormState } from './personForm';
import { PersonDevices } from '../sessions/PersonDevices';
import { PhotoCard } from '../account/PhotoCard';

export function AdminPersonPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const me = session.status === 'signedIn' ? session.user : null;
  const [person, setPerson] = useState<Person | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  // whether the link shown is a password reset (made for someone who already has a password)
  const [resetLink, setResetLink] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.person(id).then(setPerson).catch(setLoadError);
  }, [id]);

  if (loadError) return <Alert>{errorMessage(t, loadError)}</Alert>;
  if (!person) return <p role="status">{t('common.loading')}</p>;

  const initial = formFromPerson(person);

  async function save(f: PersonFormState) {
    const body = patchBody(initial, f);
    if (!Object.keys(body).length) {
      setNotice(t('admin.nothing_changed'));
      return;
    }
    const res = await api.updatePerson(id, body);
    setPerson(res.person);
    setNotice(t('admin.saved'));
  }

  async function act(fn: () => Promise<void>) {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    try {
      await fn();
    } catch (e) {
      setActionError(errorMessage(t, e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const deactivated = person.status === 'deactivated';
  const isSelf = me?.id === person.id;
  const isOwner = person.role === 'owner';

  return (
    <section>
      <AdminNav />
      <p>
        <Link to="/admin/people">{t('admin.back_to_people')}</Link>
      </p>
      <h1>
        <bdi>{person.name}</bdi> {deactivated ? <FormerBadge /> : null}
      </h1>
      <Alert>{actionError}</Alert>
      {notice ? <Alert kind="success">{notice}</Alert> : null}

      <section className="card" aria-labelledby="access-h">
        <h2 id="access-h">{t('admin.access')}</h2>
        <p className="hint">{person.has_account ? t('admin.has_account') : t('admin.no_account_yet')}</p>
        {person.has_account && !deactivated ? <p className="hint">{t('admin.reset_link_hint')}</p> : null}
        <div className="actions">
          {!deactivated ? (
            // the same endpoint: for someone who has joined, the link lets them choose a new password
            <button
              type="button"
              className="btn"
              disabled={busy}
              data-testid={person.has_account ? 'send-reset-link' : undefined}
              onClick={() =>
                act(async () => {
                  setInvitation((await api.newInvitation(id)).invitation);
                  setResetLink(!!person.has_account);
                })
              }
            >
              {t(person.has_account ? 'admin.reset_link' : 'admin.new_invitation')}
            </button>
          ) : null}
          {deactivated ? (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  setPerson((await api.reactivate(id)).person);
                  setNotice(t('admin.reactivated'));
                })
              }
            >
              {t('admin.reactivate')}
            </button>
          ) : !isSelf && !isOwner ? (
            confirming ? null : (
              <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirming(true)}>
                {t('admin.deactivate')}
              </button>
            )
          ) : null}
        </div>
        {confirming ? (
          <Confirm
            title={t('admin.deactivate_confirm_title', { name: person.name })}
            text={t('admin.deactivate_confirm_text')}
            confirmLabel={t('admin.deactivate_confirm')}
            busy={busy}
            onConfirm={() =>
              act(async () => {
                setPerson((await api.deactivate(id)).person);
                setInvitation(null);
                setNotice(t('admin.deactivated'));
              })
            }
            onCancel={() => setConfirming(false)}
          />
        ) : null}
      </section>
      <PhotoCard
        owner={{ personId: person.id }}
        person={person}
        onChanged={(p) => {
          // only the photo: a new updated_at would reset the edit form below and lose what is typed there
          setPerson((cur) => (cur ? { ...cur, photo_version: p.photo_version } : p));
          if (isSelf) updateUser(p); // one's own photo, changed from the admin pages
        }}
      />
      {invitation ? <InvitationPanel invitation={invitation} name={person.name} reset={resetLink} /> : null}
      {person.has_account ? <PersonTwoFactorCard personId={person.id} name={person.name} /> : null}
      {!deactivated && !isOwner ? <EndDateCard person={person} onSaved={setPerson} /> : null}
      {!deactivated ? <ComplianceOfficerCard personId={person.id} mayGrant={!isSelf || me?.role === 'owner'} /> : null}
      {!deactivated ? <FormerMemberships personId={person.id} version={person.updated_at ?? ''} /> : null}
      {!deactivated ? <PersonDevices personId={person.id} /> : null}

      <section className="card" aria-labelledby="edit-h">
        <h2 id="edit-h">{t('admin.edit_person')}</h2>
        <PersonForm
          key={person.updated_at ?? person.id}
          initial={initial}
          submitLabel={t('common.save')}
          onSubmit={save}
          personId={person.id}
          canGrantAdmin={me?.role === 'owner'}
          isOwner={isOwner}
        />
      </section>
    </section>
  );
}
