import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { Person } from '../../api/schemas';
import { Alert, TextField } from '../../components/Field';
import { errorField, errorMessage } from '../../components/errors';
import { useI18n } from '../../i18n';
import { updateUser } from '../../state/session';
import './account.css';

type Msg = { kind: 'error' | 'success'; text: string } | null;

/** One's own name in both scripts: the directory fields a person changes without an admin. */
export function ProfileCard({ user }: { user: Person }) {
  const { t } = useI18n();
  const [name, setName] = useState(user.name);
  const [latin, setLatin] = useState(user.name_latin ?? '');
  const [errors, setErrors] = useState<{ name?: string; name_latin?: string }>({});
  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setMsg(null);
    if (!name.trim()) {
      setErrors({ name: t('validation.required') });
      return;
    }
    setErrors({});
    // only what changed: an unchanged name is not audited as an edit
    const body: { name?: string; name_latin?: string } = {};
    if (name.trim() !== user.name) body.name = name.trim();
    if (latin.trim() !== (user.name_latin ?? '')) body.name_latin = latin.trim();
    if (!Object.keys(body).length) {
      setMsg({ kind: 'success', text: t('admin.nothing_changed') });
      return;
    }
    setBusy(true);
    try {
      const res = await api.updateMe(body);
      updateUser(res.user);
      setName(res.user.name);
      setLatin(res.user.name_latin ?? '');
      setMsg({ kind: 'success', text: t('account.profile_saved') });
    } catch (err) {
      const f = errorField(err);
      if (f === 'name' || f === 'name_latin') setErrors({ [f]: errorMessage(t, err) });
      else setMsg({ kind: 'error', text: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card account-card" aria-labelledby="profile-h" data-testid="account-profile">
      <h2 id="profile-h">{t('account.profile')}</h2>
      <p className="hint">{t('account.profile_hint')}</p>
      <form onSubmit={save} noValidate>
        <TextField
          label={t('person.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          autoComplete="name"
          dir="auto"
          maxLength={200}
          required
        />
        <TextField
          label={t('person.name_latin')}
          value={latin}
          onChange={(e) => setLatin(e.target.value)}
          error={errors.name_latin}
          hint={t('account.name_latin_hint')}
          dir="ltr"
          lang="en"
          maxLength={200}
        />
        {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : t('common.save')}
        </button>
      </form>
    </section>
  );
}
