import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Conversation } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { chat } from '../../state/boot';
import { Alert, TextAreaField, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { useChat } from './useChat';
import { VisibilityField } from './VisibilityField';
import { HistorySetting } from './HistorySetting';
import { ConversationAvatar } from './ChatListPage';
import { searchPath } from './searchQuery';
import { conversationPatch, permissions, type Permissions } from './members';
import { MemberList } from './MemberList';
import { Icon } from '../../components/Icon';
import { ConversationActions, MySettings } from './MySettings';
import { useStore } from '../../state/useStore';
import { isAdmin, sessionStore } from '../../state/session';

const enc = encodeURIComponent;

/** Conversation details: about (editable by owners and moderators), my settings, members, leave. */
export function ConversationInfoPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const conv = useChat((s) => s.conversations[id]);
  const session = useStore(sessionStore);
  const admin = session.status === 'signedIn' && isAdmin(session.user);
  const [error, setError] = useState<unknown>(null);

  // always refetch: the member count and my role may have changed while this client was away
  useEffect(() => {
    setError(null);
    api
      .conversation(id)
      .then((c) => chat.upsertConversation(c))
      .catch(setError);
  }, [id]);

  if (!conv) return error ? <Alert>{errorMessage(t, error)}</Alert> : <p role="status">{t('common.loading')}</p>;
  const perms = permissions(conv);
  return (
    <section className="info-page" aria-labelledby="info-h" data-testid="conversation-info">
      <Link to={`/chats/${enc(id)}`} className="back-link">
        <span aria-hidden="true" className="flip-rtl">
          ←
        </span>{' '}
        {t('chat.back_to_conversation')}
      </Link>
      <div className="info-head">
        <ConversationAvatar conv={conv} className="avatar-lg conv-avatar" size="large" />
        <div className="info-head-text">
          <h1 id="info-h">
            <bdi>{conv.name}</bdi>
          </h1>
          <p className="hint">
            {t(`chat.kind_${conv.kind}`)}
            {conv.kind !== 'direct' ? ` · ${t('chat.members_count', { n: conv.member_count ?? 0 })}` : ''}
          </p>
          {conv.archived ? <span className="badge badge-former">{t('info.archived')}</span> : null}
        </div>
      </div>
      {conv.membership === 'rule' ? (
        <p className="notice" data-testid="smart-group-note">
          <Icon name="people" /> {t('info.smart_group')}
        </p>
      ) : null}
      <AboutSection conv={conv} perms={perms} />
      {conv.kind !== 'direct' ? (
        <HistorySetting conv={conv} canChange={!conv.archived && (conv.my?.role === 'owner' || (admin && !!conv.my?.role))} />
      ) : null}
      {admin && (conv.kind === 'channel' || conv.kind === 'announcement') ? (
        <Link to={`/chats/${enc(id)}/rule`} className="info-link" data-testid="open-rule">
          <Icon name="rule" /> {t('info.edit_rule')}
        </Link>
      ) : null}
      {perms.archive ? (
        <Link to="/moderation" className="info-link" data-testid="open-moderation">
          <Icon name="rule" /> {t('moderation.title')}
        </Link>
      ) : null}
      <Link to={`/chats/${enc(id)}/pins`} className="info-link" data-testid="open-pins">
        <Icon name="pin" /> {t('chat.pins')}
      </Link>
      <Link to={searchPath({ conversation: id })} className="info-link" data-testid="open-conversation-search">
        <Icon name="search" /> {t('search.in_conversation')}
      </Link>
      {conv.kind !== 'direct' ? (
        <Link to={`/chats/${enc(id)}/membership`} className="info-link" data-testid="open-membership">
          <Icon name="history" /> {t('membership.title')}
        </Link>
      ) : null}
      {perms.settings ? <MySettings conv={conv} /> : null}
      {conv.kind !== 'direct' ? <MemberList conv={conv} perms={perms} /> : null}
      <ConversationActions conv={conv} perms={perms} />
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="dl-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AboutSection({ conv, perms }: { conv: Conversation; perms: Permissions }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section className="info-section" aria-labelledby="about-h">
      <div className="section-head">
        <h2 id="about-h">{t('info.about')}</h2>
        {perms.edit && !editing ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setNotice(null);
              setEditing(true);
            }}
            aria-label={t('info.edit_title')}
            data-testid="edit-conversation"
          >
            {t('info.edit')}
          </button>
        ) : null}
      </div>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {editing ? (
        <EditForm
          conv={conv}
          onDone={(n) => {
            setEditing(false);
            setNotice(n);
          }}
        />
      ) : (
        <dl className="details">
          <Row label={t('info.description')}>
            {conv.description ? <span dir="auto">{conv.description}</span> : <span className="hint">{t('info.no_description')}</span>}
          </Row>
          <Row label={t('info.kind')}>{t(`chat.kind_${conv.kind}`)}</Row>
          <Row label={t('info.visibility')}>{t(conv.visibility === 'public' ? 'info.public' : 'info.private')}</Row>
          {conv.kind !== 'direct' ? <Row label={t('info.member_count')}>{conv.member_count ?? 0}</Row> : null}
          {conv.kind === 'direct' && conv.other_person_id ? (
            <Row label={t('info.name')}>
              <Link to={`/people/${enc(conv.other_person_id)}`}>{t('info.profile', { name: conv.name })}</Link>
            </Row>
          ) : null}
        </dl>
      )}
    </section>
  );
}

function EditForm({ conv, onDone }: { conv: Conversation; onDone: (notice: string | null) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(conv.name);
  const [description, setDescription] = useState(conv.description ?? '');
  const [visibility, setVisibility] = useState<'public' | 'private'>(conv.visibility ?? 'private');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isChannel = conv.kind === 'channel' || conv.kind === 'announcement';
  // a channel needs a name; the server says so too, but not before a round trip
  const nameMissing = isChannel && !name.trim();

  async function save(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (nameMissing) return;
    const body = conversationPatch(conv, { name, description, visibility });
    if (!Object.keys(body).length) return onDone(t('info.nothing_changed'));
    setBusy(true);
    setError(null);
    try {
      chat.upsertConversation(await api.updateConversation(conv.id, body));
      onDone(t('info.saved'));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const field = errorField(error);
  return (
    <form className="card" onSubmit={save} noValidate aria-labelledby="edit-h" data-testid="edit-form">
      <h3 id="edit-h">{t('info.edit_title')}</h3>
      <TextField
        label={isChannel ? t('info.name') : t('info.name_optional')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={80}
        required={isChannel}
        error={tried && nameMissing ? t('validation.required') : field === 'name' ? errorMessage(t, error) : null}
        dir="auto"
      />
      <TextAreaField
        label={t('info.description')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        maxLength={1000}
        rows={3}
        error={field === 'description' ? errorMessage(t, error) : null}
        dir="auto"
      />
      {isChannel ? <VisibilityField value={visibility} onChange={setVisibility} /> : null}
      {error && !field ? <Alert>{errorMessage(t, error)}</Alert> : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" className="btn" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
