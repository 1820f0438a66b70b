import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { Person } from '../../api/schemas';
import { Alert, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { useI18n } from '../../i18n';
import { checkPasswordDraft, passwordFieldOf, type PasswordDraft, type PasswordField } from './passwordForm';
import './account.css';

const EMPTY: PasswordDraft = { current: '', next: '', confirm: '' };

/**
 * Changing one's own password: the current one, the new one twice (compared here, so a typo is
 * caught before the server is asked), and whether to sign every other device out.
 * `onChanged(endedOthers)` lets the page refresh its devices list.
 */
export function PasswordCard({ user, onChanged }: { user: Person; onChanged: (endedOthers: boolean) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<PasswordDraft>(EMPTY);
  const [endOthers, setEndOthers] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (f: PasswordField) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [f]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    setDone(null);
    const keys = checkPasswordDraft(draft);
    setErrors(Object.fromEntries(Object.entries(keys).map(([f, k]) => [f, t(k)])));
    if (Object.keys(keys).length) return;
    setBusy(true);
    try {
      await api.changePassword({ current_password: draft.current, new_password: draft.next, end_other_sessions: endOthers });
      setDraft(EMPTY);
      setDone(t(endOthers ? 'account.password_changed_others' : 'account.password_changed'));
      onChanged(endOthers);
    } catch (err) {
      // a wrong current password (and the wait after too many) belongs at that field
      const f = passwordFieldOf(errorField(err));
      if (f) setErrors({ [f]: errorMessage(t, err) });
      else setFormError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card account-card" aria-labelledby="password-h" data-testid="account-password">
      <h2 id="password-h">{t('account.password')}</h2>
      <form onSubmit={submit} noValidate>
        {/* lets a password manager file the new password under the right login */}
        <input type="text" hidden readOnly autoComplete="username" value={user.email || user.phone || user.employee_id || ''} />
        <TextField
          label={t('account.current_password')}
          type="password"
          value={draft.current}
          onChange={set('current')}
          error={errors.current}
          autoComplete="current-password"
          required
        />
        <TextField
          label={t('invite.new_password')}
          type="password"
          value={draft.next}
          onChange={set('next')}
          error={errors.next}
          hint={t('auth.password_hint')}
          autoComplete="new-password"
          required
        />
        <TextField
          label={t('account.confirm_new_password')}
          type="password"
          value={draft.confirm}
          onChange={set('confirm')}
          error={errors.confirm}
          autoComplete="new-password"
          required
        />
        <label className="checkbox account-check">
          <input type="checkbox" checked={endOthers} onChange={(e) => setEndOthers(e.target.checked)} aria-describedby="end-others-hint" />
          {t('account.end_other_sessions')}
        </label>
        <p className="hint account-check-hint" id="end-others-hint">
          {t('account.end_other_sessions_hint')}
        </p>
        <Alert>{formError}</Alert>
        {done ? <Alert kind="success">{done}</Alert> : null}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : t('account.change_password')}
        </button>
      </form>
    </section>
  );
}
