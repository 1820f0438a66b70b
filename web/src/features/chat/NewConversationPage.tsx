import { useEffect, useState, type FormEvent } from 'react';
import { VisibilityField } from './VisibilityField';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { Conversation, Person } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { chat } from '../../state/boot';
import { Alert, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { useDebounced } from '../directory/usePeopleSearch';
import { PeoplePicker } from './PeoplePicker';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { creatable, policiesStore } from '../policies/policies';

/** The kinds this person may create under the organization's policies (the server enforces them too). */
function useCreatable() {
  const p = useStore(policiesStore);
  const s = useStore(sessionStore);
  return creatable(p, s.status === 'signedIn' ? s.user.role : null);
}

type Tab = 'people' | 'channel' | 'browse';

export function NewConversationPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('people');
  const may = useCreatable();
  const tabs: Tab[] = may.publicChannel || may.privateChannel || may.announcement ? ['people', 'channel', 'browse'] : ['people', 'browse'];
  return (
    <section aria-labelledby="newchat-h" className="narrow-section">
      <p>
        <Link to="/chats">{t('chat.back')}</Link>
      </p>
      <h1 id="newchat-h">{t('newchat.title')}</h1>
      <div className="segmented" role="tablist" aria-label={t('newchat.tabs')}>
        {tabs.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`panel-${x}`}
            className={tab === x ? 'active' : ''}
            onClick={() => setTab(x)}
          >
            {t(`newchat.tab_${x}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'people' ? <PeopleTab /> : tab === 'channel' ? <ChannelTab /> : <BrowseTab />}
      </div>
    </section>
  );
}

function PeopleTab() {
  const { t } = useI18n();
  const nav = useNavigate();
  const [picked, setPickedAll] = useState<Person[]>([]);
  const may = useCreatable();
  // Without the right to create private groups a pick replaces the previous one: direct only.
  const setPicked = (p: Person[]) => setPickedAll(may.group ? p : p.slice(-1));
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function start(e: FormEvent) {
    e.preventDefault();
    if (!picked.length) return;
    setBusy(true);
    setError(null);
    try {
      const c =
        picked.length === 1
          ? await api.createConversation({ kind: 'direct', member_ids: [picked[0].id] })
          : await api.createConversation({ kind: 'group', member_ids: picked.map((p) => p.id), ...(name.trim() ? { name: name.trim() } : {}) });
      chat.upsertConversation(c);
      nav(`/chats/${encodeURIComponent(c.id)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <form onSubmit={start} className="card">
      <p className="hint" data-testid="pick-hint">{t(may.group ? 'newchat.pick_hint' : 'newchat.pick_hint_direct')}</p>
      <PeoplePicker picked={picked} setPicked={setPicked} />
      {picked.length > 1 ? <TextField label={t('newchat.group_name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} /> : null}
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      <button type="submit" className="btn btn-primary" disabled={!picked.length || busy} data-testid="start-conversation">
        {picked.length > 1 ? t('newchat.start_group', { n: picked.length + 1 }) : t('newchat.start_direct')}
      </button>
    </form>
  );
}

function ChannelTab() {
  const { t } = useI18n();
  const nav = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const may = useCreatable();
  const kinds = (['channel', 'announcement'] as const).filter((k) => (k === 'announcement' ? may.announcement : may.publicChannel || may.privateChannel));
  const [kind, setKind] = useState<'channel' | 'announcement'>(kinds[0] ?? 'channel');
  const [visibility, setVisibility] = useState<'public' | 'private'>(may.publicChannel || kind === 'announcement' ? 'public' : 'private');
  const visibilities = kind === 'channel' ? (['public', 'private'] as const).filter((v) => (v === 'public' ? may.publicChannel : may.privateChannel)) : undefined;
  // Policies arrive after the first render, and a kind switch changes the choices: keep the picks valid.
  useEffect(() => {
    if (kinds.length && !kinds.includes(kind)) setKind(kinds[0]);
    if (visibilities?.length && !visibilities.includes(visibility)) setVisibility(visibilities[0]);
  });
  const [picked, setPicked] = useState<Person[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  async function create(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t('validation.required'));
      return;
    }
    setNameError(null);
    setBusy(true);
    setError(null);
    try {
      const c = await api.createConversation({
        kind,
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        visibility,
        member_ids: picked.map((p) => p.id),
      });
      chat.upsertConversation(c);
      nav(`/chats/${encodeURIComponent(c.id)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <form onSubmit={create} className="card" noValidate>
      <TextField label={t('newchat.channel_name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} error={nameError} required />
      <TextField label={t('newchat.channel_description')} value={description} onChange={(e) => setDescription(e.target.value)} />
      <fieldset>
        <legend>{t('newchat.channel_kind')}</legend>
        {kinds.map((k) => (
          <label key={k} className="checkbox">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {t(`newchat.kind_${k}`)}
          </label>
        ))}
      </fieldset>
      <VisibilityField value={visibility} onChange={setVisibility} options={visibilities} />
      <fieldset>
        <legend>{t('newchat.members_optional')}</legend>
        <PeoplePicker picked={picked} setPicked={setPicked} />
      </fieldset>
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t('newchat.create_channel')}
      </button>
    </form>
  );
}

function BrowseTab() {
  const { t } = useI18n();
  const nav = useNavigate();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const [items, setItems] = useState<Conversation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .channels(q)
      .then((r) => setItems(r.items))
      .catch(setError);
  }, [q]);
  async function join(c: Conversation) {
    try {
      const joined = c.my?.role ? c : await api.join(c.id);
      chat.upsertConversation(joined);
      nav(`/chats/${encodeURIComponent(c.id)}`);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="card">
      <TextField label={t('newchat.browse_search')} type="search" value={text} onChange={(e) => setText(e.target.value)} />
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {items && items.length === 0 ? <p className="hint">{t('newchat.no_channels')}</p> : null}
      <ul className="pick-list">
        {(items ?? []).map((c) => (
          <li key={c.id} className="channel-row">
            <span className="person-text">
              <span className="person-name">
                <span aria-hidden="true"># </span>
                <bdi>{c.name}</bdi>
              </span>
              {c.description ? <span className="person-title">{c.description}</span> : null}
              <span className="person-title">{t('chat.members_count', { n: c.member_count ?? 0 })}</span>
            </span>
            <button type="button" className="btn btn-small" onClick={() => void join(c)}>
              {c.my?.role ? t('newchat.open', { name: c.name }) : t('newchat.join', { name: c.name })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
