import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { PushSubscriptionInfo } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { PushError, pushSupported, turnOffPush, turnOnPush, unsubscribe } from '../../pwa/push';

type Note = { kind: 'error' | 'success' | 'info'; text: string };

/** Notifications on this device (a switch), and every device of mine that has them on. */
export function DevicePushCard() {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<PushSubscriptionInfo[] | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const supported = pushSupported();
  const blocked = supported && Notification.permission === 'denied';
  const on = !!items?.some((s) => s.current);

  async function load() {
    try {
      setItems((await api.pushSubscriptions()).items);
    } catch (e) {
      setNote({ kind: 'error', text: errorMessage(t, e) });
    }
  }
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function act(what: () => Promise<unknown>, done: string) {
    setBusy(true);
    setNote(null);
    try {
      await what();
      setNote({ kind: 'success', text: t(done) });
    } catch (e) {
      if (e instanceof PushError) setNote({ kind: 'error', text: t(`notify.fail_${e.reason}`) });
      else if (e instanceof DOMException) setNote({ kind: 'error', text: t('notify.fail_browser', { detail: e.message }) });
      else setNote({ kind: 'error', text: errorMessage(t, e) });
    } finally {
      setBusy(false);
      await load();
    }
  }

  async function remove(s: PushSubscriptionInfo) {
    await api.removePushSubscription(s.id);
    // this browser's own subscription goes too, or the push service keeps a dead one
    if (s.current) await unsubscribe().catch(() => false);
  }

  return (
    <section className="card" aria-labelledby="device-push-h" data-testid="device-push">
      <h2 id="device-push-h">{t('notify.this_device')}</h2>
      {!supported ? (
        <Alert kind="info">{t('notify.unsupported')}</Alert>
      ) : (
        <div className="switch-row">
          <span id="push-switch-label">{t('notify.switch')}</span>
          <button
            type="button"
            role="switch"
            className="switch"
            aria-checked={on}
            aria-labelledby="push-switch-label"
            disabled={busy || items === null || (blocked && !on)}
            onClick={() => void (on ? act(turnOffPush, 'notify.off_done') : act(turnOnPush, 'notify.on_done'))}
            data-testid="push-switch"
          >
            <span className="switch-knob" aria-hidden="true" />
          </button>
        </div>
      )}
      {blocked && !note ? <Alert kind="info">{t('notify.fail_denied')}</Alert> : null}
      {note ? <Alert kind={note.kind}>{note.text}</Alert> : null}

      <h3>{t('notify.devices')}</h3>
      {items === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : !items.length ? (
        <p className="hint">{t('notify.no_devices')}</p>
      ) : (
        <ul className="sessions" data-testid="push-devices">
          {items.map((s) => {
            const name = s.device || t('sessions.unknown_device');
            return (
              <li key={s.id} className="session card" data-testid="push-device">
                <div>
                  <strong dir="auto">{name}</strong>
                  {s.current ? <span className="badge badge-current">{t('sessions.this_device')}</span> : null}
                </div>
                {s.created_at ? <div className="hint">{t('notify.since', { when: formatDateTime(s.created_at, lang) })}</div> : null}
                <div className="hint">
                  {s.last_used_at ? t('notify.last_used', { when: formatDateTime(s.last_used_at, lang) }) : t('notify.never_used')}
                </div>
                <div className="actions">
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    disabled={busy}
                    aria-label={t('notify.remove_named', { device: name })}
                    onClick={() => void act(() => remove(s), 'notify.removed')}
                  >
                    {t('notify.remove')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
