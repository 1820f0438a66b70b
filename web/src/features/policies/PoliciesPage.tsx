import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { AdminNav } from '../admin/AdminNav';
import { BackupStatusLine } from '../backups/BackupStatusLine';
import {
  attachmentKinds,
  changedFields,
  mentionValues,
  notificationContents,
  policiesApi,
  policiesStore,
  whoValues,
  type Policies,
} from './policies';

const MB = 1024 * 1024;
type WhoField = 'create_public_channel' | 'create_private_group' | 'create_announcement' | 'direct_with_external';
const whoFields: WhoField[] = ['create_public_channel', 'create_private_group', 'create_announcement', 'direct_with_external'];

/** "Policies": who may create what, mentions of everyone, urgency and notification texts, attachments, editing and deleting one's own. */
export function PoliciesPage() {
  const { t } = useI18n();
  const [saved, setSaved] = useState<Policies | null>(null);
  const [draft, setDraft] = useState<Policies | null>(null);
  const [sizeText, setSizeText] = useState('');
  const [loadError, setLoadError] = useState<unknown>(null);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [fieldErr, setFieldErr] = useState<{ field: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  function adopt(p: Policies) {
    setSaved(p);
    setDraft(p);
    setSizeText(p.max_attachment_bytes ? String(Math.round((p.max_attachment_bytes / MB) * 100) / 100) : '0');
  }
  useEffect(() => {
    policiesApi.get().then(adopt).catch(setLoadError);
  }, []);

  function set<K extends keyof Policies>(k: K, v: Policies[K]) {
    setDraft((d) => (d ? { ...d, [k]: v } : d));
    setMsg(null);
  }
  const errFor = (f: string) => (fieldErr?.field === f ? fieldErr.text : null);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!saved || !draft) return;
    setMsg(null);
    setFieldErr(null);
    const mb = Number(sizeText.trim() || '0');
    if (!Number.isFinite(mb) || mb < 0) return setFieldErr({ field: 'max_attachment_bytes', text: t('policies.size_invalid') });
    const next = { ...draft, max_attachment_bytes: Math.round(mb * MB) };
    const changes = changedFields(saved, next);
    if (!Object.keys(changes).length) return setMsg({ kind: 'success', text: t('admin.saved') });
    setBusy(true);
    try {
      const p = await policiesApi.patch(changes);
      adopt(p);
      policiesStore.set(p);
      setMsg({ kind: 'success', text: t('admin.saved') });
    } catch (err) {
      const f = errorField(err);
      if (f) setFieldErr({ field: f, text: errorMessage(t, err) });
      else setMsg({ kind: 'error', text: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <AdminNav />
      <h1>{t('policies.title')}</h1>
      <p className="hint">{t('policies.intro')}</p>
      <BackupStatusLine />
      {loadError ? <Alert>{errorMessage(t, loadError)}</Alert> : null}
      {!draft ? (
        !loadError ? <p role="status">{t('common.loading')}</p> : null
      ) : (
        <form onSubmit={save} noValidate>
          <Card title={t('policies.who_creates')}>
            {whoFields.map((f) => (
              <SelectField key={f} label={t(`policies.${f}`)} value={draft[f]} error={errFor(f)} onChange={(e) => set(f, e.target.value as Policies[WhoField])}>
                {whoValues.map((v) => (
                  <option key={v} value={v}>
                    {t(`policies.who_${v}`)}
                  </option>
                ))}
              </SelectField>
            ))}
            <SelectField label={t('policies.mention_all')} value={draft.mention_all} error={errFor('mention_all')} onChange={(e) => set('mention_all', e.target.value as Policies['mention_all'])}>
              {mentionValues.map((v) => (
                <option key={v} value={v}>
                  {t(`policies.mention_${v}`)}
                </option>
              ))}
            </SelectField>
          </Card>
          <Card title={t('policies.notifications_title')}>
            <SelectField
              label={t('policies.send_urgent')}
              hint={t('policies.send_urgent_hint')}
              value={draft.send_urgent}
              error={errFor('send_urgent')}
              onChange={(e) => set('send_urgent', e.target.value as Policies['send_urgent'])}
            >
              {mentionValues.map((v) => (
                <option key={v} value={v}>
                  {t(`policies.mention_${v}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('policies.notification_content')}
              hint={t(`policies.notification_content_${draft.notification_content}_hint`)}
              value={draft.notification_content}
              error={errFor('notification_content')}
              onChange={(e) => set('notification_content', e.target.value as Policies['notification_content'])}
            >
              {notificationContents.map((v) => (
                <option key={v} value={v}>
                  {t(`policies.notification_content_${v}`)}
                </option>
              ))}
            </SelectField>
          </Card>
          <Card title={t('policies.attachments')}>
            <TextField
              label={t('policies.max_size')}
              hint={t('policies.max_size_hint')}
              inputMode="decimal"
              value={sizeText}
              onChange={(e) => setSizeText(e.target.value)}
              error={errFor('max_attachment_bytes')}
            />
            <fieldset>
              <legend>{t('policies.kinds')}</legend>
              {attachmentKinds.map((k) => (
                <label key={k} className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.attachment_kinds.includes(k)}
                    onChange={(e) =>
                      set('attachment_kinds', e.target.checked ? [...draft.attachment_kinds, k] : draft.attachment_kinds.filter((x) => x !== k))
                    }
                  />{' '}
                  {t(`policies.kind_${k}`)}
                </label>
              ))}
              {errFor('attachment_kinds') ? <Alert>{errFor('attachment_kinds')}</Alert> : null}
            </fieldset>
          </Card>
          {(['edit', 'delete'] as const).map((w) => {
            const on = w === 'edit' ? 'edit_own' : 'delete_own';
            const win = w === 'edit' ? 'edit_window_minutes' : 'delete_window_minutes';
            return (
              <Card key={w} title={t(`policies.${w}_title`)}>
                <label className="checkbox">
                  <input type="checkbox" checked={draft[on]} onChange={(e) => set(on, e.target.checked)} /> {t(`policies.${w}_own`)}
                </label>
                <TextField
                  label={t('policies.window')}
                  hint={t('policies.window_hint')}
                  inputMode="numeric"
                  value={String(draft[win])}
                  disabled={!draft[on]}
                  onChange={(e) => set(win, /^\d+$/.test(e.target.value) ? Number(e.target.value) : 0)}
                  error={errFor(win)}
                />
              </Card>
            );
          })}
          <Card title={t('policies.sessions_title')}>
            <TextField
              label={t('policies.session_lifetime')}
              hint={t('policies.session_lifetime_hint')}
              inputMode="numeric"
              value={String(Math.round((draft.session_lifetime_minutes ?? 43200) / 60))}
              onChange={(e) => set('session_lifetime_minutes', /^\d+$/.test(e.target.value) ? Number(e.target.value) * 60 : 0)}
              error={errFor('session_lifetime_minutes')}
            />
            <TextField
              label={t('policies.idle_timeout')}
              hint={t('policies.idle_timeout_hint')}
              inputMode="numeric"
              value={String(draft.idle_timeout_minutes ?? 0)}
              onChange={(e) => set('idle_timeout_minutes', /^\d+$/.test(e.target.value) ? Number(e.target.value) : 0)}
              error={errFor('idle_timeout_minutes')}
            />
          </Card>
          <Card title={t('policies.two_factor_title')}>
            <SelectField
              label={t('policies.two_factor')}
              value={draft.two_factor}
              error={errFor('two_factor')}
              onChange={(e) => set('two_factor', e.target.value as Policies['two_factor'])}
            >
              {(['off', 'admins', 'everyone'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`policies.two_factor_${v}`)}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('policies.two_factor_grace')}
              hint={t('policies.two_factor_grace_hint')}
              inputMode="numeric"
              value={String(draft.two_factor_grace_days)}
              disabled={draft.two_factor === 'off'}
              onChange={(e) => set('two_factor_grace_days', /^\d+$/.test(e.target.value) ? Number(e.target.value) : 0)}
              error={errFor('two_factor_grace_days')}
            />
          </Card>
          {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </form>
      )}
    </section>
  );
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="card">
      <legend>
        <h2>{title}</h2>
      </legend>
      {children}
    </fieldset>
  );
}
