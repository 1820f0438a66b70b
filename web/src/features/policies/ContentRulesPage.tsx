import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { Alert, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Dialog, DialogActions } from '../../components/Dialog';
import { errorField, errorMessage } from '../../components/errors';
import { AdminNav } from '../admin/AdminNav';
import { contentRulesApi, parseWords, ruleActions, ruleKinds, type ContentRule, type ContentRuleInput } from './contentRulesApi';

const blank: ContentRuleInput = { name: '', kind: 'words', action: 'block', words: [], pattern: '', enabled: true };

/** "Content rules": list, add and edit in a sheet, delete after a confirmation. One column for phones. */
export function ContentRulesPage() {
  const { t } = useI18n();
  const [rules, setRules] = useState<ContentRule[] | null>(null);
  const [editing, setEditing] = useState<ContentRule | 'new' | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const load = useCallback(() => {
    contentRulesApi
      .list()
      .then((r) => setRules(r.items))
      .catch((e) => setMsg({ kind: 'error', text: errorMessage(t, e) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(load, [load]);

  async function remove(id: string) {
    setMsg(null);
    try {
      await contentRulesApi.remove(id);
      setConfirming(null);
      setMsg({ kind: 'success', text: t('rules.deleted') });
      load();
    } catch (err) {
      setMsg({ kind: 'error', text: errorMessage(t, err) });
    }
  }

  return (
    <section>
      <AdminNav />
      <h1>{t('rules.title')}</h1>
      <p className="hint">{t('rules.intro')}</p>
      <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
        {t('rules.add')}
      </button>
      {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
      {rules === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : rules.length === 0 ? (
        <p className="hint">{t('rules.none')}</p>
      ) : (
        <ul className="plain-list" aria-label={t('rules.title')}>
          {rules.map((r) => (
            <li key={r.id} className="card" data-testid="content-rule">
              <strong>
                <bdi>{r.name}</bdi>
              </strong>
              <div className="hint">
                {t(`rules.kind_${r.kind}`)} · {t(`rules.action_${r.action}`)} · {r.enabled ? t('rules.on') : t('rules.off')}
              </div>
              {confirming === r.id ? (
                <div className="actions">
                  <span>{t('rules.confirm_delete', { name: r.name })}</span>
                  <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(r.id)}>
                    {t('rules.delete')}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setConfirming(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              ) : (
                <div className="actions">
                  <button type="button" className="btn btn-small" onClick={() => setEditing(r)} aria-label={t('rules.edit_named', { name: r.name })}>
                    {t('rules.edit')}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setConfirming(r.id)} aria-label={t('rules.delete_named', { name: r.name })}>
                    {t('rules.delete')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <RuleDialog
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setMsg({ kind: 'success', text: t('admin.saved') });
            load();
          }}
        />
      ) : null}
    </section>
  );
}

function RuleDialog({ rule, onClose, onSaved }: { rule: ContentRule | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [r, setR] = useState<ContentRuleInput>(rule ?? blank);
  const [wordsText, setWordsText] = useState((rule?.words ?? []).join('\n'));
  const [fieldErr, setFieldErr] = useState<{ field: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errFor = (f: string) => (fieldErr?.field === f ? fieldErr.text : null);

  async function save(e: FormEvent) {
    e.preventDefault();
    setFieldErr(null);
    setError(null);
    const input = { ...r, name: r.name.trim(), words: parseWords(wordsText) };
    if (!input.name) return setFieldErr({ field: 'name', text: t('validation.required') });
    if (input.kind === 'words' && !input.words.length) return setFieldErr({ field: 'words', text: t('validation.required') });
    if (input.kind === 'regex' && !input.pattern) return setFieldErr({ field: 'pattern', text: t('validation.required') });
    setBusy(true);
    try {
      if (rule) await contentRulesApi.replace(rule.id, input);
      else await contentRulesApi.create(input);
      onSaved();
    } catch (err) {
      const f = errorField(err);
      if (f && ['name', 'kind', 'action', 'words', 'pattern'].includes(f)) setFieldErr({ field: f, text: errorMessage(t, err) });
      else setError(errorMessage(t, err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={rule ? t('rules.edit_title') : t('rules.add_title')} onClose={onClose} testId="rule-dialog">
      <form onSubmit={save} noValidate>
        <TextField label={t('rules.name')} value={r.name} maxLength={80} dir="auto" error={errFor('name')} onChange={(e) => setR({ ...r, name: e.target.value })} />
        <SelectField label={t('rules.kind')} value={r.kind} error={errFor('kind')} onChange={(e) => setR({ ...r, kind: e.target.value as ContentRule['kind'] })}>
          {ruleKinds.map((k) => (
            <option key={k} value={k}>
              {t(`rules.kind_${k}`)}
            </option>
          ))}
        </SelectField>
        {r.kind === 'words' ? (
          <TextAreaField label={t('rules.words')} hint={t('rules.words_hint')} rows={5} dir="auto" value={wordsText} error={errFor('words')} onChange={(e) => setWordsText(e.target.value)} />
        ) : r.kind === 'regex' ? (
          <TextField label={t('rules.pattern')} hint={t('rules.pattern_hint')} dir="ltr" maxLength={500} value={r.pattern} error={errFor('pattern')} onChange={(e) => setR({ ...r, pattern: e.target.value })} />
        ) : (
          <p className="hint">{t(`rules.detector_${r.kind}`)}</p>
        )}
        <SelectField label={t('rules.action')} value={r.action} error={errFor('action')} onChange={(e) => setR({ ...r, action: e.target.value as ContentRule['action'] })}>
          {ruleActions.map((a) => (
            <option key={a} value={a}>
              {t(`rules.action_${a}`)}
            </option>
          ))}
        </SelectField>
        <label className="checkbox">
          <input type="checkbox" checked={r.enabled} onChange={(e) => setR({ ...r, enabled: e.target.checked })} /> {t('rules.enabled')}
        </label>
        {error ? <Alert>{error}</Alert> : null}
        <DialogActions label={t('common.save')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
