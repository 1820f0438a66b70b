import { useEffect, useState } from 'react';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { twoFactorApi, type TwoFactorStatus } from './twoFactorApi';

/** On an admin's person screen: whether two-factor is on, and a reset for a lost phone. */
export function PersonTwoFactorCard({ personId, name }: { personId: string; name: string }) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    twoFactorApi.personStatus(personId).then(setStatus, (e) => setMsg({ kind: 'error', text: errorMessage(t, e) }));
  }, [personId, t]);

  async function reset() {
    setConfirming(false);
    try {
      await twoFactorApi.reset(personId);
      setStatus(await twoFactorApi.personStatus(personId));
      setMsg({ kind: 'success', text: t('twofactor.reset_done', { name }) });
    } catch (e) {
      setMsg({ kind: 'error', text: errorMessage(t, e) });
    }
  }

  return (
    <section className="card" aria-labelledby="person-2fa-h">
      <h2 id="person-2fa-h">{t('twofactor.title')}</h2>
      {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
      {status ? (
        <p data-testid="person-two-factor">
          {status.enabled && status.enabled_at
            ? t('twofactor.on_since', { when: formatDateTime(status.enabled_at, lang) })
            : t('twofactor.is_off')}
        </p>
      ) : null}
      {status?.enabled ? (
        confirming ? (
          <div className="actions">
            <p>{t('twofactor.reset_confirm', { name })}</p>
            <button type="button" className="btn btn-danger" onClick={() => void reset()}>
              {t('twofactor.reset')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        ) : (
          <button type="button" className="btn" onClick={() => setConfirming(true)}>
            {t('twofactor.reset')}
          </button>
        )
      ) : null}
    </section>
  );
}
