import { useState } from 'react';
import { QrCode } from '../../components/QrCode';
import type { Invitation } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { ShareLink } from '../../components/ShareLink';
import { sessionStore } from '../../state/session';
import { useStore } from '../../state/useStore';

/**
 * The invitation link with Copy and a QR code to scan from a phone. `reset`: the person has a
 * password already, so the same kind of link is a password reset and is worded as one.
 */
export function InvitationPanel({ invitation, name, reset = false }: { invitation: Invitation; name: string; reset?: boolean }) {
  const { t, lang } = useI18n();
  const [copied, setCopied] = useState<'idle' | 'ok' | 'fail'>('idle');
  const session = useStore(sessionStore);
  const org = session.status === 'signedIn' ? session.org.name : '';

  async function copy() {
    try {
      await navigator.clipboard.writeText(invitation.url);
      setCopied('ok');
    } catch {
      // clipboard blocked (http, permissions): select the text so the person can copy it
      const el = document.querySelector('[data-testid="invite-link"]');
      if (el) {
        const range = document.createRange();
        range.selectNodeContents(el);
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
      setCopied('fail');
    }
  }

  return (
    <section className="invitation card" aria-labelledby="invitation-h">
      <h2 id="invitation-h">{t(reset ? 'invitation.reset_title' : 'invitation.title', { name })}</h2>
      <p>{t(reset ? 'invitation.reset_explain' : 'invitation.explain', { name })}</p>
      <p className="invite-link" data-testid="invite-link" dir="ltr">
        {invitation.url}
      </p>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={copy}>
          {t('invitation.copy')}
        </button>
        {/* on a phone: straight into WhatsApp, SMS or email through the share sheet */}
        <ShareLink
          url={invitation.url}
          title={t(reset ? 'share.reset_title' : 'share.title', { org })}
          text={t(reset ? 'share.reset_text' : 'share.text', { name, org })}
        />
      </div>
      <p role="status" className="hint">
        {copied === 'ok' ? t('invitation.copied') : copied === 'fail' ? t('invitation.copy_failed') : ''}
      </p>
      {invitation.expires_at ? (
        <p className="hint">{t('invite.expires', { when: formatDateTime(invitation.expires_at, lang) })}</p>
      ) : null}
      <QrCode
        text={invitation.url}
        label={t(reset ? 'invitation.reset_qr_label' : 'invitation.qr_label', { name })}
        caption={t('invitation.qr_caption')}
      />
    </section>
  );
}
