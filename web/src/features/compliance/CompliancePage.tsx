import { useState, type FormEvent } from 'react';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert, SelectField, TextAreaField, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { PersonPicker, type PickedPerson } from '../admin/PersonPicker';
import { complianceApi, dayStart, type ComplianceMessage, type ComplianceScope } from './complianceApi';

/**
 * The compliance officer's page: choose a person or a conversation, a date range and a reason, then
 * read (every read is audited) or export to a file encrypted to a recipient's public key. One
 * column, so it works on a phone; logical properties only, so Arabic mirrors.
 */
export function CompliancePage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<'person' | 'conversation'>('person');
  const [person, setPerson] = useState<PickedPerson | null>(null);
  const [conversationId, setConversationId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [recipientKey, setRecipientKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [result, setResult] = useState<{ messages: ComplianceMessage[]; truncated: boolean } | null>(null);

  function scope(): ComplianceScope | null {
    const start = dayStart(from);
    const end = dayStart(to, true);
    if (!start || !end || !reason.trim()) return null;
    if (kind === 'person') return person ? { person_id: person.id, from: start, to: end, reason: reason.trim() } : null;
    return conversationId.trim() ? { conversation_id: conversationId.trim(), from: start, to: end, reason: reason.trim() } : null;
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function read(e: FormEvent) {
    e.preventDefault();
    const s = scope();
    if (!s) return setNotice(t('compliance.incomplete'));
    void run(async () => setResult(await complianceApi.read(s)));
  }

  function exportFile() {
    const s = scope();
    if (!s) return setNotice(t('compliance.incomplete'));
    if (!recipientKey.trim()) return setNotice(t('compliance.key_needed'));
    void run(async () => {
      const blob = await complianceApi.exportFile(s, recipientKey);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `muster-compliance-${from}-${to}.mcx`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
      setNotice(t('compliance.exported'));
    });
  }

  async function loadKey(file: File | undefined) {
    if (file) setRecipientKey((await file.text()).trim());
  }

  const field = errorField(error);
  return (
    <section className="narrow">
      <h1>{t('compliance.title')}</h1>
      <p className="hint">{t('compliance.intro')}</p>
      <form className="card" onSubmit={read} aria-label={t('compliance.scope')}>
        <SelectField label={t('compliance.kind')} value={kind} onChange={(e) => setKind(e.target.value as 'person' | 'conversation')}>
          <option value="person">{t('compliance.kind_person')}</option>
          <option value="conversation">{t('compliance.kind_conversation')}</option>
        </SelectField>
        {kind === 'person' ? (
          <PersonPicker label={t('compliance.person')} value={person} onChange={setPerson} />
        ) : (
          <TextField
            label={t('compliance.conversation_id')}
            hint={t('compliance.conversation_hint')}
            dir="ltr"
            value={conversationId}
            onChange={(e) => setConversationId(e.target.value)}
            error={field === 'conversation_id' ? errorMessage(t, error) : null}
          />
        )}
        <div className="grid-2">
          <TextField label={t('compliance.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
          <TextField label={t('compliance.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        </div>
        <TextAreaField
          label={t('compliance.reason')}
          hint={t('compliance.reason_hint')}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={field === 'reason' ? errorMessage(t, error) : null}
          required
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('compliance.read')}
        </button>
        <TextAreaField
          label={t('compliance.recipient_key')}
          hint={t('compliance.recipient_key_hint')}
          dir="ltr"
          rows={2}
          value={recipientKey}
          onChange={(e) => setRecipientKey(e.target.value)}
          error={field === 'recipient_public_key' ? errorMessage(t, error) : null}
        />
        <label className="field">
          <span>{t('compliance.load_key')}</span>
          <input type="file" accept=".pub,text/plain" onChange={(e) => void loadKey(e.target.files?.[0])} />
        </label>
        <button type="button" className="btn" onClick={exportFile} disabled={busy}>
          {t('compliance.export')}
        </button>
      </form>
      {error && !field ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {notice ? <p role="status">{notice}</p> : null}
      {result ? <Messages result={result} /> : null}
    </section>
  );
}

function Messages({ result }: { result: { messages: ComplianceMessage[]; truncated: boolean } }) {
  const { t, lang } = useI18n();
  if (!result.messages.length) return <p role="status">{t('compliance.none')}</p>;
  return (
    <>
      {result.truncated ? <Alert kind="info">{t('compliance.truncated')}</Alert> : null}
      <ol className="audit-list" aria-label={t('compliance.messages')}>
        {result.messages.map((m) => (
          <li key={m.id} className="audit-entry" data-state={m.state}>
            <div className="audit-main">
              <strong>
                <bdi>{m.author.name || m.author.id}</bdi>
              </strong>
              <time dateTime={m.created_at} className="hint">
                {formatDateTime(m.created_at, lang)}
              </time>
            </div>
            {/* isolated, not dir="auto": a Latin name stays at the start edge in Arabic */}
            <div className="hint">
              <bdi>{m.conversation.name || m.conversation.id}</bdi>
            </div>
            {m.state !== 'posted' ? (
              <p className="badge" data-testid="compliance-removed">
                {m.state === 'removed' ? t('compliance.state_removed') : t('compliance.state_deleted')}
                {m.kept_under_hold ? ` · ${t('compliance.kept_under_hold', { reason: m.kept_under_hold.reason })}` : ''}
              </p>
            ) : null}
            <p dir="auto">{m.text}</p>
            {m.edits.length ? (
              <details>
                <summary>{t('compliance.edits', { n: m.edits.length })}</summary>
                <ol>
                  {m.edits.map((e, i) => (
                    <li key={i} dir="auto">
                      {e.text}
                    </li>
                  ))}
                </ol>
              </details>
            ) : null}
            {m.attachments.length ? (
              <ul className="hint">
                {m.attachments.map((a) => (
                  <li key={a.id} dir="auto">
                    {a.name} ({a.content_type}, {a.size} B)
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}
