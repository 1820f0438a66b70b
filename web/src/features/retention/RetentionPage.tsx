import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { Conversation } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { AdminNav } from '../admin/AdminNav';
import { PersonPicker, type PickedPerson } from '../admin/PersonPicker';
import {
  parseKeepDays,
  retentionApi,
  type LegalHold,
  type RetentionRun,
  type RetentionSettings,
} from './retentionApi';

type Msg = { kind: 'error' | 'success'; text: string } | null;

/**
 * "Retention & legal holds": the organization's default, per-conversation overrides, an on-demand
 * run, and legal holds (add with a reason, release). One column, so it works on a phone.
 */
export function RetentionPage() {
  const { t } = useI18n();
  const [settings, setSettings] = useState<RetentionSettings | null>(null);
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    retentionApi.settings().then(setSettings).catch(setLoadError);
    api.conversations().then((r) => setConversations(r.items)).catch(() => setConversations([]));
  }, []);

  return (
    <section>
      <AdminNav />
      <h1>{t('retention.title')}</h1>
      <p className="hint">{t('retention.intro')}</p>
      {loadError ? <Alert>{errorMessage(t, loadError)}</Alert> : null}
      {settings ? (
        <>
          <DefaultSection settings={settings} onSaved={setSettings} />
          <OverridesSection settings={settings} conversations={conversations} onSaved={setSettings} />
          <RunSection />
        </>
      ) : !loadError ? (
        <p role="status">{t('common.loading')}</p>
      ) : null}
      <HoldsSection conversations={conversations} />
    </section>
  );
}

function daysLabel(t: ReturnType<typeof useI18n>['t'], days: number | null) {
  return days === null ? t('retention.forever') : t('retention.days_count', { count: String(days) });
}

/** The keep-days field of the default and of an override; empty keeps messages forever. */
function KeepDaysField({ value, onChange, error }: { value: string; onChange: (text: string) => void; error: string | null }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('retention.keep_days')}
      hint={t('retention.keep_days_hint')}
      inputMode="numeric"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}

/** Picks a conversation for an override or a legal hold. */
function ConversationSelect({
  conversations,
  value,
  onChange,
}: {
  conversations: Conversation[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useI18n();
  return (
    <SelectField label={t('retention.conversation')} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('retention.choose')}</option>
      {conversations.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name || c.id}
        </option>
      ))}
    </SelectField>
  );
}

function DefaultSection({ settings, onSaved }: { settings: RetentionSettings; onSaved: (s: RetentionSettings) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(settings.default_keep_days?.toString() ?? '');
  const [msg, setMsg] = useState<Msg>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    setMsg(null);
    setFieldError(null);
    const days = parseKeepDays(text);
    if (days === undefined) return setFieldError(t('retention.days_invalid'));
    try {
      onSaved(await retentionApi.setDefault(days));
      setMsg({ kind: 'success', text: t('admin.saved') });
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  return (
    <section className="card" aria-labelledby="ret-default-h">
      <h2 id="ret-default-h">{t('retention.default')}</h2>
      <p>
        {t('retention.now')}: <strong data-testid="retention-default">{daysLabel(t, settings.default_keep_days)}</strong>
      </p>
      <form onSubmit={save} noValidate>
        <KeepDaysField value={text} onChange={setText} error={fieldError} />
        {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}

function OverridesSection({
  settings,
  conversations,
  onSaved,
}: {
  settings: RetentionSettings;
  conversations: Conversation[];
  onSaved: (s: RetentionSettings) => void;
}) {
  const { t } = useI18n();
  const [conversationId, setConversationId] = useState('');
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<Msg>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setMsg(null);
    setFieldError(null);
    if (!conversationId) return setMsg({ kind: 'error', text: t('retention.pick_conversation') });
    const days = parseKeepDays(text);
    if (days === undefined) return setFieldError(t('retention.days_invalid'));
    try {
      onSaved(await retentionApi.setConversation(conversationId, days));
      setText('');
      setMsg({ kind: 'success', text: t('admin.saved') });
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  async function clear(id: string) {
    setMsg(null);
    try {
      onSaved(await retentionApi.clearConversation(id));
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  return (
    <section className="card" aria-labelledby="ret-over-h">
      <h2 id="ret-over-h">{t('retention.overrides')}</h2>
      {settings.conversations.length ? (
        <ul className="plain-list" aria-label={t('retention.overrides')}>
          {settings.conversations.map((c) => (
            <li key={c.conversation_id} className="row-between">
              <span>
                <bdi>{c.name || c.conversation_id}</bdi> — {daysLabel(t, c.keep_days)}
              </span>
              <button type="button" className="btn btn-small" onClick={() => clear(c.conversation_id)}>
                {t('retention.use_default')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('retention.no_overrides')}</p>
      )}
      <form onSubmit={add} noValidate>
        <ConversationSelect conversations={conversations} value={conversationId} onChange={setConversationId} />
        <KeepDaysField value={text} onChange={setText} error={fieldError} />
        {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
        <button type="submit" className="btn">
          {t('retention.set_override')}
        </button>
      </form>
    </section>
  );
}

function RunSection() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<RetentionRun | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function go() {
    setBusy(true);
    setError(null);
    try {
      setRun(await retentionApi.run());
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="ret-run-h">
      <h2 id="ret-run-h">{t('retention.run_title')}</h2>
      <p className="hint">{t('retention.run_hint')}</p>
      <button type="button" className="btn" disabled={busy} onClick={go}>
        {t('retention.run_now')}
      </button>
      {error ? <Alert>{error}</Alert> : null}
      {run ? (
        <Alert kind="success">
          {t('retention.run_result', {
            messages: String(run.messages),
            attachments: String(run.attachments),
            conversations: String(run.conversations),
          })}
        </Alert>
      ) : null}
    </section>
  );
}

function HoldsSection({ conversations }: { conversations: Conversation[] }) {
  const { t, lang } = useI18n();
  const [holds, setHolds] = useState<LegalHold[] | null>(null);
  const [showReleased, setShowReleased] = useState(false);
  const [kind, setKind] = useState<'person' | 'conversation'>('person');
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [conversationId, setConversationId] = useState('');
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState<Msg>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);

  const load = useCallback(() => {
    retentionApi
      .holds(showReleased)
      .then((r) => setHolds(r.items))
      .catch((e) => setMsg({ kind: 'error', text: errorMessage(t, e) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [showReleased]);
  useEffect(load, [load]);

  async function add(e: FormEvent) {
    e.preventDefault();
    setMsg(null);
    setReasonError(null);
    const target = kind === 'person' ? person?.id : conversationId;
    if (!target) return setMsg({ kind: 'error', text: t(kind === 'person' ? 'retention.pick_person' : 'retention.pick_conversation') });
    if (!reason.trim()) return setReasonError(t('validation.required'));
    try {
      await retentionApi.addHold(kind, target, reason.trim());
      setReason('');
      setPerson(null);
      setMsg({ kind: 'success', text: t('retention.hold_added') });
      load();
    } catch (err) {
      if (errorField(err) === 'reason') setReasonError(errorMessage(t, err));
      else setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  async function release(id: string) {
    setMsg(null);
    try {
      await retentionApi.releaseHold(id);
      setMsg({ kind: 'success', text: t('retention.hold_released') });
      load();
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  return (
    <section className="card" aria-labelledby="ret-holds-h">
      <h2 id="ret-holds-h">{t('retention.holds')}</h2>
      <p className="hint">{t('retention.holds_intro')}</p>
      <form onSubmit={add} noValidate>
        <SelectField label={t('retention.hold_on')} value={kind} onChange={(e) => setKind(e.target.value === 'conversation' ? 'conversation' : 'person')}>
          <option value="person">{t('retention.kind_person')}</option>
          <option value="conversation">{t('retention.kind_conversation')}</option>
        </SelectField>
        {kind === 'person' ? (
          <PersonPicker label={t('retention.person')} value={person} onChange={setPerson} />
        ) : (
          <ConversationSelect conversations={conversations} value={conversationId} onChange={setConversationId} />
        )}
        <TextField label={t('retention.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError} dir="auto" maxLength={500} />
        <button type="submit" className="btn btn-primary">
          {t('retention.add_hold')}
        </button>
      </form>
      {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
      <label className="checkbox">
        <input type="checkbox" checked={showReleased} onChange={(e) => setShowReleased(e.target.checked)} /> {t('retention.show_released')}
      </label>
      {holds === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : holds.length === 0 ? (
        <p className="hint">{t('retention.no_holds')}</p>
      ) : (
        <ul className="plain-list" aria-label={t('retention.holds')}>
          {holds.map((h) => (
            <li key={h.id} className="hold-item">
              <div>
                <strong>
                  <bdi>{h.target_name || h.target_id}</bdi>
                </strong>{' '}
                ({t(h.kind === 'person' ? 'retention.kind_person' : 'retention.kind_conversation')})
              </div>
              <div>
                {t('retention.reason')}: <bdi>{h.reason}</bdi>
              </div>
              <div className="hint">
                {t('retention.set_by', { name: h.set_by_name, at: formatDateTime(h.set_at, lang) })}
              </div>
              {h.released_at ? (
                <div className="hint">
                  {t('retention.released_by', { name: h.released_by_name ?? '', at: formatDateTime(h.released_at, lang) })}
                </div>
              ) : (
                <button type="button" className="btn btn-small" onClick={() => release(h.id)}>
                  {t('retention.release')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
