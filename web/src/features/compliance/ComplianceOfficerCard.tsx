import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { complianceApi } from './complianceApi';

/**
 * On the admin's person screen: whether the person is a compliance officer, and the button that
 * grants or revokes it (audited on the server). Only the owner may grant it to themself.
 */
export function ComplianceOfficerCard({ personId, mayGrant }: { personId: string; mayGrant: boolean }) {
  const { t } = useI18n();
  const [officer, setOfficer] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    complianceApi
      .officers()
      .then((r) => setOfficer(r.items.some((o) => o.person_id === personId)))
      .catch(setError);
  }, [personId]);

  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      if (officer) await complianceApi.revoke(personId);
      else await complianceApi.grant(personId);
      setOfficer(!officer);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="compliance-officer-h">
      <h2 id="compliance-officer-h">{t('compliance.officer_title')}</h2>
      <p className="hint">{t('compliance.officer_hint')}</p>
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {officer === null ? null : (
        <>
          <p role="status" data-testid="compliance-officer-status">
            {officer ? t('compliance.officer_yes') : t('compliance.officer_no')}
          </p>
          {officer || mayGrant ? (
            <button type="button" className="btn" onClick={() => void toggle()} disabled={busy}>
              {officer ? t('compliance.revoke') : t('compliance.grant')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
