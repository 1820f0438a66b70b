import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { QrCode } from '../../components/QrCode';
import { errorMessage } from '../../components/errors';
import { CodeField } from './CodeField';
import { isTotpCode, normalizeCode } from './codes';
import { RecoveryCodes } from './RecoveryCodes';
import type { Enrolment } from './twoFactorApi';

/**
 * Setting up an authenticator app: the QR code and the secret as text, a code to confirm, then the
 * recovery codes (shown once). Used from the account screen and from sign-in ("set up first").
 */
export function SetupFlow(props: {
  organization: string;
  start: () => Promise<Enrolment>;
  confirm: (code: string) => Promise<string[]>;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Once only: each start replaces the pending secret, so a second one would void the QR shown.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    props.start().then(setEnrolment, (e) => setError(errorMessage(t, e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!isTotpCode(code)) {
      setError(t('twofactor.code_invalid'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setCodes(await props.confirm(normalizeCode(code)));
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  if (codes) {
    return (
      <>
        <Alert kind="success">{t('twofactor.now_on')}</Alert>
        <RecoveryCodes codes={codes} organization={props.organization} />
        <button type="button" className="btn btn-primary" onClick={props.onDone}>
          {t('twofactor.saved_codes')}
        </button>
      </>
    );
  }
  return (
    <section className="card" aria-labelledby="setup-2fa-h">
      <h2 id="setup-2fa-h">{t('twofactor.setup_title')}</h2>
      <Alert>{error}</Alert>
      {!enrolment ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <p>{t('twofactor.setup_scan')}</p>
          <QrCode text={enrolment.otpauth_uri} label={t('twofactor.qr_label')} caption={t('twofactor.qr_caption')} />
          <p>{t('twofactor.setup_manual')}</p>
          <p className="invite-link" dir="ltr" data-testid="two-factor-secret">
            {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
          </p>
          <form onSubmit={onSubmit} noValidate>
            <CodeField label={t('twofactor.code')} value={code} onChange={setCode} />
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('common.working') : t('twofactor.turn_on')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
