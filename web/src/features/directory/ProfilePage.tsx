import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { chat } from '../../state/boot';
import { api } from '../../api/client';
import type { CustomField, Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { useStore } from '../../state/useStore';
import { isAdmin, sessionStore } from '../../state/session';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { FormerBadge } from './PersonCard';
import { Avatar } from '../../components/Avatar';
import { notePhoto } from '../../state/photos';
import { humanizeKey } from './humanize';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="dl-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ProfilePage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const admin = session.status === 'signedIn' && isAdmin(session.user);
  const [person, setPerson] = useState<Person | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [defs, setDefs] = useState<CustomField[]>([]);
  const [messaging, setMessaging] = useState(false);
  const [messageError, setMessageError] = useState<unknown>(null);
  const nav = useNavigate();
  const me = session.status === 'signedIn' ? session.user.id : null;

  /** Opens the direct conversation with this person (the server returns the existing one). */
  async function message() {
    setMessaging(true);
    setMessageError(null);
    try {
      const c = await api.createConversation({ kind: 'direct', member_ids: [id] });
      chat.upsertConversation(c);
      nav(`/chats/${encodeURIComponent(c.id)}`);
    } catch (e) {
      setMessageError(e);
      setMessaging(false);
    }
  }

  useEffect(() => {
    setPerson(null);
    setError(null);
    api
      .person(id)
      .then((p) => {
        setPerson(p);
        notePhoto(p); // fresher than the map loaded at start: the chats show the same photo
      })
      .catch(setError);
  }, [id]);

  useEffect(() => {
    if (admin) api.customFields().then((r) => setDefs(r.items)).catch(() => setDefs([]));
  }, [admin]);

  if (error) return <Alert>{errorMessage(t, error)}</Alert>;
  if (!person) return <p role="status">{t('common.loading')}</p>;

  const label = (key: string) => {
    const d = defs.find((x) => x.key === key);
    return (lang === 'ar' ? d?.label_ar || d?.label_en : d?.label_en || d?.label_ar) || humanizeKey(key);
  };
  const custom = Object.entries(person.custom ?? {}).filter(([, v]) => v !== null && v !== '');

  return (
    <article className="profile">
      <header className="profile-head">
        <Avatar name={person.name} personId={person.id} photoVersion={person.photo_version ?? null} size="large" className="avatar-lg" testId="profile-avatar" />
        <div>
          <h1>
            <bdi>{person.name}</bdi>
          </h1>
          {person.name_latin ? (
            // isolated, not dir="ltr": the line stays at the start edge (the right in Arabic)
            <p className="person-latin" lang="en">
              <bdi>{person.name_latin}</bdi>
            </p>
          ) : null}
          {person.job_title ? (
            <p className="person-title">
              <bdi>{person.job_title}</bdi>
            </p>
          ) : null}
          <p className="badges">
            {person.status === 'deactivated' ? <FormerBadge /> : null}
            {person.kind === 'external' ? <span className="badge">{t('person.external')}</span> : null}
          </p>
        </div>
      </header>
      {person.status === 'deactivated' ? <Alert kind="info">{t('person.former_staff_note')}</Alert> : null}
      {person.id !== me && person.status !== 'deactivated' ? (
        <p className="actions">
          <button type="button" className="btn btn-primary" onClick={() => void message()} disabled={messaging} data-testid="message-person">
            <span aria-hidden="true">✉</span> {t('chat.message_person')}
          </button>
        </p>
      ) : null}
      {messageError ? <Alert>{errorMessage(t, messageError)}</Alert> : null}
      <section aria-labelledby="contact-h">
        <h2 id="contact-h">{t('profile.details')}</h2>
        <dl className="details">
          {person.phone ? (
            <Row label={t('person.phone')}>
              <a href={`tel:${person.phone.replace(/[^\d+]/g, '')}`} dir="ltr">
                {person.phone}
              </a>
            </Row>
          ) : null}
          {person.email ? (
            <Row label={t('person.email')}>
              <a href={`mailto:${person.email}`} dir="ltr">
                {person.email}
              </a>
            </Row>
          ) : null}
          {person.department ? <Row label={t('person.department')}>{person.department}</Row> : null}
          {person.location ? <Row label={t('person.location')}>{person.location}</Row> : null}
          {person.manager_id ? (
            <Row label={t('person.manager')}>
              <Link to={`/people/${encodeURIComponent(person.manager_id)}`}>{person.manager_name || t('person.manager')}</Link>
            </Row>
          ) : null}
          {person.employee_id ? (
            <Row label={t('person.employee_id')}>
              <span dir="ltr">{person.employee_id}</span>
            </Row>
          ) : null}
          {person.kind === 'external' && person.company ? <Row label={t('person.company')}>{person.company}</Row> : null}
          {person.role ? <Row label={t('person.role')}>{t(`role.${person.role}`)}</Row> : null}
          {person.tags && person.tags.length ? (
            <Row label={t('person.tags')}>
              <ul className="tags">
                {person.tags.map((tag) => (
                  <li key={tag} className="tag">
                    {tag}
                  </li>
                ))}
              </ul>
            </Row>
          ) : null}
          {custom.map(([k, v]) => (
            <Row key={k} label={label(k)}>
              {String(v)}
            </Row>
          ))}
        </dl>
      </section>
      {admin ? (
        <p>
          <Link className="btn" to={`/admin/people/${encodeURIComponent(person.id)}`}>
            {t('admin.edit_person')}
          </Link>
        </p>
      ) : null}
    </article>
  );
}
