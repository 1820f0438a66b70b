import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { ApiError } from '../../api/http';
import type { InvitationInfo } from '../../api/schemas';
import { afterAuth } from '../../state/boot';
import { landingAfterSignIn } from '../catchup/landing';
import { setLanguage, useI18n, formatDateTime } from '../../i18n';
import { Alert, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { validatePassword } from '../auth/validation';

type LoadState =
  | { kind: 'loading' }
  | { kind: 'ready'; info: InvitationInfo }
  | { kind: 'gone' }
  | { kind: 'not_found' }
  | { kind: 'error'; message: string };

export function InvitePage() {
  const { token = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api
      .invitation(token)
      .then((info) => {
        if (cancelled) return;
        // before an account exists, the organization's default language is the best guess
        setLanguage(info.organization.default_language, false);
        setState({ kind: 'ready', info });
      })
      .catch((err) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 410) setState({ kind: 'gone' });
        else if (err instanceof ApiError && err.status === 404) setState({ kind: 'not_found' });
        else setState({ kind: 'error', message: errorMessage(t, err) });
      });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errs: { password?: string; confirm?: string } = {};
    const pw = validatePassword(password);
    if (pw) errs.password = t(pw);
    if (password !== confirm) errs.confirm = t('validation.password_mismatch');
    setErrors(errs);
    setFormError(null);
    if (errs.password || errs.confirm) return;
    setBusy(true);
    try {
      const res = await api.acceptInvitation(token, password);
      const landing = await landingAfterSignIn('/');
      await afterAuth(res);
      // a new account first sees where it already belongs; a reset link just lets them back in
      const reset = state.kind === 'ready' && state.info.reset;
      navigate(reset ? landing : `/welcome?next=${encodeURIComponent(landing)}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) setState({ kind: 'gone' });
      else if (err instanceof ApiError && err.field === 'password') setErrors({ password: errorMessage(t, err) });
      else setFormError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  if (state.kind === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (state.kind === 'gone' || state.kind === 'not_found' || state.kind === 'error') {
    return (
      <section className="card">
        <h1>{t('invite.title')}</h1>
        <Alert>
          {state.kind === 'gone' ? t('invite.gone') : state.kind === 'not_found' ? t('invite.not_found') : state.message}
        </Alert>
        <p>{t('invite.ask_admin')}</p>
        <p>
          <Link to="/sign-in">{t('auth.go_to_sign_in')}</Link>
        </p>
      </section>
    );
  }
  const { info } = state;
  // a reset link (the person has a password already) is not a welcome; names isolated (FSI…PDI)
  // so a Latin name keeps its place in an Arabic sentence
  const reset = !!info.reset;
  return (
    <section className="card">
      <h1>{reset ? t('invite.reset_title') : t('invite.welcome', { name: info.name })}</h1>
      <p className="lead">{reset ? t('invite.reset_intro', { name: `\u2068${info.name}\u2069`, org: `\u2068${info.organization.name}\u2069` }) : t('invite.intro', { org: info.organization.name })}</p>
      {info.expires_at ? <p className="hint">{t('invite.expires', { when: formatDateTime(info.expires_at, lang) })}</p> : null}
      <form onSubmit={onSubmit} noValidate>
        <Alert>{formError}</Alert>
        <TextField
          label={t('invite.new_password')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          hint={t('auth.password_hint')}
          autoComplete="new-password"
          required
        />
        <TextField
          label={t('auth.password_confirm')}
          type="password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirm}
          autoComplete="new-password"
          required
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : t(reset ? 'invite.reset_submit' : 'invite.submit')}
        </button>
      </form>
    </section>
  );
}
