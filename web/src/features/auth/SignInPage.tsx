import { useState, type FormEvent } from 'react';
import { useNavigate, useLocation } from 'react-router-dom';
import { api } from '../../api/client';
import { ApiError } from '../../api/http';
import { afterAuth, showSignInWarnings } from '../../state/boot';
import { sessionStore } from '../../state/session';
import { useStore } from '../../state/useStore';
import { useI18n } from '../../i18n';
import { Alert, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { safeNext } from '../../routing';
import { landingAfterSignIn } from '../catchup/landing';
import type { AuthResult, SecondStep } from '../../api/schemas';
import { SecondStepForm } from '../twofactor/SecondStepForm';
import { ForgotPassword } from '../account/ForgotPassword';

export function SignInPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const loc = useLocation();
  const session = useStore(sessionStore);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ login?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);
  const [secondStep, setSecondStep] = useState<SecondStep | null>(null);

  const notice =
    session.status === 'signedOut' && session.reason === 'ended'
      ? t('auth.session_ended')
      : session.status === 'signedOut' && session.reason === 'expired'
        ? t('auth.session_expired')
        : null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const fe: { login?: string; password?: string } = {};
    if (!login.trim()) fe.login = t('validation.required');
    if (!password) fe.password = t('validation.required');
    setFieldErrors(fe);
    setError(null);
    if (fe.login || fe.password) return;
    setBusy(true);
    try {
      const res = await api.signIn(login.trim(), password);
      if ('second_step' in res) {
        setSecondStep(res.second_step);
        return;
      }
      await finish(res);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('auth.wrong_credentials'));
      else setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  async function finish(res: AuthResult) {
    const landing = await landingAfterSignIn(safeNext(loc.search));
    await afterAuth(res);
    void showSignInWarnings();
    navigate(landing, { replace: true });
  }

  if (secondStep) {
    return (
      <section className="card">
        <h1>{t('twofactor.sign_in_title')}</h1>
        <SecondStepForm
          step={secondStep}
          onSignedIn={(r) => void finish(r)}
          onRestart={() => {
            setSecondStep(null);
            setPassword('');
            setError(t('twofactor.step_expired'));
          }}
        />
      </section>
    );
  }

  return (
    <section className="card">
      <h1>{t('auth.sign_in_title')}</h1>
      {notice ? <Alert kind="info">{notice}</Alert> : null}
      <form onSubmit={onSubmit} noValidate>
        <Alert>{error}</Alert>
        <TextField
          label={t('auth.login')}
          hint={t('auth.login_hint')}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          error={fieldErrors.login}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          dir="auto"
          required
        />
        <TextField
          label={t('auth.password')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : t('auth.sign_in')}
        </button>
      </form>
      <ForgotPassword />
    </section>
  );
}
