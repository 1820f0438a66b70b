import { useState, type FormEvent } from 'react';
import type { AuthResult, SecondStep } from '../../api/schemas';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { CodeField } from './CodeField';
import { isTotpCode, normalizeCode } from './codes';
import { SetupFlow } from './SetupFlow';
import { twoFactorApi } from './twoFactorApi';

/**
 * The second step of sign-in: a code from the app (or a recovery code), or — when the organization
 * requires two-factor and the grace period is over — setting it up right here.
 */
export function SecondStepForm(props: { step: SecondStep; onSignedIn: (r: AuthResult) => void; onRestart: () => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrolled, setEnrolled] = useState<AuthResult | null>(null);

  if (props.step.purpose === 'enrol') {
    return (
      <>
        <Alert kind="info">{t('twofactor.required_now')}</Alert>
        <SetupFlow
          organization=""
          start={() => twoFactorApi.enrolWithToken(props.step.token)}
          confirm={async (c) => {
            const r = await twoFactorApi.confirmWithToken(props.step.token, c);
            setEnrolled(r);
            return r.recovery_codes;
          }}
          onDone={() => enrolled && props.onSignedIn(enrolled)}
        />
      </>
    );
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!recovery && !isTotpCode(code)) {
      setError(t('twofactor.code_invalid'));
      return;
    }
    if (recovery && !code.trim()) {
      setError(t('validation.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = recovery ? { recovery_code: code.trim() } : { code: normalizeCode(code) };
      props.onSignedIn(await twoFactorApi.verify(props.step.token, answer));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && /Sign in again/.test(err.message)) props.onRestart();
      else if (err instanceof ApiError && err.status === 401) setError(t('twofactor.code_wrong'));
      else setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <p>{recovery ? t('twofactor.enter_recovery') : t('twofactor.enter_code')}</p>
      <Alert>{error}</Alert>
      <CodeField
        label={recovery ? t('twofactor.recovery_code') : t('twofactor.code')}
        value={code}
        onChange={setCode}
        recovery={recovery}
      />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t('common.working') : t('twofactor.verify')}
      </button>
      <button
        type="button"
        className="btn btn-link"
        onClick={() => {
          setRecovery(!recovery);
          setCode('');
          setError(null);
        }}
      >
        {recovery ? t('twofactor.use_app') : t('twofactor.use_recovery')}
      </button>
    </form>
  );
}
