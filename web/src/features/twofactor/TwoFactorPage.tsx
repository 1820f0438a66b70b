import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { useStore } from '../../state/useStore';
import { sessionStore } from '../../state/session';
import { CodeField } from './CodeField';
import { isTotpCode, normalizeCode } from './codes';
import { RecoveryCodes } from './RecoveryCodes';
import { SetupFlow } from './SetupFlow';
import { twoFactorApi, type TwoFactorStatus } from './twoFactorApi';
import { twoFactorStore } from './twoFactorState';

/** One's own two-factor sign-in: set it up, replace recovery codes, turn it off. */
export function TwoFactorPage() {
  const { t, lang } = useI18n();
  const session = useStore(sessionStore);
  const org = session.status === 'signedIn' ? session.org.name : '';
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [setting, setSetting] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function load() {
    try {
      const s = await twoFactorApi.status();
      setStatus(s);
      twoFactorStore.set(s);
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function act(e: FormEvent, what: 'codes' | 'off') {
    e.preventDefault();
    setError(null);
    setNotice(null);
    if (!isTotpCode(code)) return setError(t('twofactor.code_invalid'));
    try {
      if (what === 'codes') setCodes((await twoFactorApi.replaceCodes(normalizeCode(code))).recovery_codes);
      else {
        await twoFactorApi.disable(password, normalizeCode(code));
        setNotice(t('twofactor.now_off'));
      }
      setCode('');
      setPassword('');
      await load();
    } catch (err) {
      setError(errorMessage(t, err));
    }
  }

  return (
    <section>
      <p>
        <Link to="/me/sessions">{t('account.title')}</Link>
      </p>
      <h1>{t('twofactor.title')}</h1>
      <p className="hint">{t('twofactor.intro')}</p>
      <Alert>{error}</Alert>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {!status ? (
        <p role="status">{t('common.loading')}</p>
      ) : setting ? (
        <SetupFlow
          organization={org}
          start={twoFactorApi.start}
          confirm={async (c) => (await twoFactorApi.confirm(c)).recovery_codes}
          onDone={() => {
            setSetting(false);
            void load();
          }}
        />
      ) : !status.enabled ? (
        <>
          {status.required && status.required_by ? (
            <Alert kind="info">{t('twofactor.required_by', { when: formatDateTime(status.required_by, lang) })}</Alert>
          ) : null}
          <p data-testid="two-factor-state">{t('twofactor.is_off')}</p>
          <button type="button" className="btn btn-primary" onClick={() => setSetting(true)}>
            {t('twofactor.set_up')}
          </button>
        </>
      ) : (
        <>
          <p data-testid="two-factor-state">
            {t('twofactor.is_on')} · {t('twofactor.codes_left', { n: status.recovery_codes_left })}
          </p>
          {codes ? <RecoveryCodes codes={codes} organization={org} /> : null}
          <form className="card" onSubmit={(e) => void act(e, 'codes')} noValidate>
            <h2>{t('twofactor.new_codes')}</h2>
            <CodeField label={t('twofactor.code')} value={code} onChange={setCode} />
            <button type="submit" className="btn">
              {t('twofactor.new_codes')}
            </button>
          </form>
          <form className="card" onSubmit={(e) => void act(e, 'off')} noValidate>
            <h2>{t('twofactor.turn_off')}</h2>
            <TextField
              label={t('auth.password')}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
            />
            <CodeField label={t('twofactor.code')} value={code} onChange={setCode} />
            <button type="submit" className="btn">
              {t('twofactor.turn_off')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
