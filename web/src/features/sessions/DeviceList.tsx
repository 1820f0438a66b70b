import { Confirm } from '../../components/Confirm';
import { useState } from 'react';
import type { Session } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { readableDevice } from '../account/deviceName';

interface Props {
  items: Session[];
  busy: boolean;
  /** Ends a session; `erase` also makes that device erase what it keeps. */
  onEnd: (s: Session, erase: boolean) => void;
  /** The list is of the person themself (shows "This device"). */
  own: boolean;
}

/**
 * A person's devices with End and "End and erase" (confirmed first: the device loses its local
 * data, including messages not yet sent). Used on the account page and on an admin's person page.
 */
export function DeviceList({ items, busy, onEnd, own }: Props) {
  const { t, lang } = useI18n();
  const [confirming, setConfirming] = useState<string | null>(null);
  if (!items.length) return <p className="hint">{t('sessions.none')}</p>;
  return (
    <ul className="sessions" data-testid="device-list">
      {items.map((s) => {
        const name = readableDevice(s.device_name, s.device, t);
        return (
          <li key={s.id} className="session card" data-testid="device">
            <div>
              {/* the names inside are isolated; the line follows the interface's direction */}
              <strong data-testid="device-name">{name}</strong>
              {own && s.current ? <span className="badge badge-current">{t('sessions.this_device')}</span> : null}
            </div>
            <div className="hint">
              {s.ip ? <span dir="ltr">{s.ip}</span> : null}
              {s.last_seen_at ? ` · ${t('sessions.last_seen', { when: formatDateTime(s.last_seen_at, lang) })}` : ''}
            </div>
            {s.created_at ? <div className="hint">{t('sessions.started', { when: formatDateTime(s.created_at, lang) })}</div> : null}
            <div className="actions">
              <button
                type="button"
                className="btn btn-small"
                disabled={busy}
                onClick={() => onEnd(s, false)}
                aria-label={own && s.current ? t('sessions.end_this') : t('sessions.end_named', { device: name })}
              >
                {t('sessions.end')}
              </button>
              {own && s.current ? null : (
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  disabled={busy}
                  onClick={() => setConfirming(s.id)}
                  aria-label={t('sessions.erase_named', { device: name })}
                >
                  {t('sessions.erase')}
                </button>
              )}
            </div>
            {confirming === s.id ? (
              <Confirm
                title={t('sessions.erase_confirm_title', { device: name })}
                text={t('sessions.erase_confirm_text')}
                confirmLabel={t('sessions.erase_confirm')}
                busy={busy}
                confirmTestId="confirm-erase"
                onConfirm={() => {
                  setConfirming(null);
                  onEnd(s, true);
                }}
                onCancel={() => setConfirming(null)}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
