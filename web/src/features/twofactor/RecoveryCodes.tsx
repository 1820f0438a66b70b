import { useState } from 'react';
import { useI18n } from '../../i18n';
import { recoveryCodesFile } from './codes';

/** The recovery codes, shown once, with Copy and Download. */
export function RecoveryCodes({ codes, organization }: { codes: string[]; organization: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const text = recoveryCodesFile(codes, organization);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section className="card" aria-labelledby="recovery-h">
      <h2 id="recovery-h">{t('twofactor.recovery_title')}</h2>
      <p>{t('twofactor.recovery_explain')}</p>
      <ol className="recovery-codes" dir="ltr" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="btn" onClick={() => void copy()}>
          {t('twofactor.copy_codes')}
        </button>
        <button type="button" className="btn" onClick={download}>
          {t('twofactor.download_codes')}
        </button>
      </div>
      <p role="status" className="hint">
        {copied ? t('invitation.copied') : ''}
      </p>
    </section>
  );
}
