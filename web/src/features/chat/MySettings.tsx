import { Confirm } from '../../components/Confirm';
import { useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { Conversation } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { chat } from '../../state/boot';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import type { Permissions } from './members';
import { useStore } from '../../state/useStore';
import { effectiveEnterSends, enterSendsChoice, setEnterSends } from './enterKey';

type Level = 'all' | 'mentions' | 'none';
const LEVELS: Level[] = ['all', 'mentions', 'none'];
type SettingsBody = { notification_level?: Level; muted?: boolean; pinned?: boolean };

/** My own settings for a conversation; each change is saved at once (PATCH .../settings). */
export function MySettings({ conv }: { conv: Conversation }) {
  const { t } = useI18n();
  const hintId = useId();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // what was just chosen, shown at once (a control that jumps back until the server answers looks broken)
  const [chosen, setChosen] = useState<SettingsBody>({});
  const my = { ...(conv.my ?? {}), ...chosen };
  // One change at a time, in the order they were made: answers to quick taps sent side by side
  // could arrive out of order, and an older answer would undo a newer choice (mute, then pin).
  const queue = useRef<Promise<void>>(Promise.resolve());

  function save(body: SettingsBody) {
    setError(null);
    setNotice(null);
    setChosen((c) => ({ ...c, ...body }));
    queue.current = queue.current.then(() => send(body));
    return queue.current;
  }

  async function send(body: SettingsBody) {
    try {
      // the answer is the conversation with my new settings: the chat list re-sorts and re-badges from it
      chat.upsertConversation(await api.conversationSettings(conv.id, body));
      setNotice(t('info.saved'));
    } catch (e) {
      setError(e);
    } finally {
      // from now on the store says what is set (or, after a failure, what still is)
      setChosen((c) => {
        const rest = { ...c };
        for (const k of Object.keys(body) as (keyof SettingsBody)[]) if (rest[k] === body[k]) delete rest[k];
        return rest;
      });
    }
  }

  return (
    <section className="info-section" aria-labelledby="settings-h" data-testid="my-settings">
      <h2 id="settings-h">{t('info.my_settings')}</h2>
      <div className="card">
        <fieldset>
          <legend>{t('info.notifications')}</legend>
          {LEVELS.map((level) => (
            <label key={level} className="checkbox">
              <input type="radio" name="notification_level" value={level} checked={(my.notification_level ?? 'all') === level} onChange={() => void save({ notification_level: level })} />
              {t(`info.notify_${level}`)}
            </label>
          ))}
          <p className="hint">{t('info.notify_hint')}</p>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={!!my.muted} onChange={(e) => void save({ muted: e.target.checked })} aria-describedby={hintId} />
          {t('info.mute')}
        </label>
        <p className="hint" id={hintId}>
          {t('info.mute_hint')}
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={!!my.pinned} onChange={(e) => void save({ pinned: e.target.checked })} />
          {t('info.pin')}
        </label>
        <EnterSendsSetting />
        {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
        {notice ? <Alert kind="success">{notice}</Alert> : null}
      </div>
    </section>
  );
}

/** What Enter does in the composer, for this device (localStorage, not the server): see enterKey.ts. */
function EnterSendsSetting() {
  const { t } = useI18n();
  const hintId = useId();
  const on = effectiveEnterSends(useStore(enterSendsChoice));
  return (
    <>
      <label className="checkbox">
        <input type="checkbox" checked={on} onChange={(e) => setEnterSends(e.target.checked)} aria-describedby={hintId} data-testid="enter-sends" />
        {t('info.enter_sends')}
      </label>
      <p className="hint" id={hintId}>
        {t('info.enter_sends_hint')}
      </p>
    </>
  );
}

/** Archive (owners and moderators) and leave (members of anything but a direct conversation). */
export function ConversationActions({ conv, perms }: { conv: Conversation; perms: Permissions }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!perms.archive && !perms.leave) return null;

  async function act(f: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const archive = () => act(async () => chat.upsertConversation(await api.updateConversation(conv.id, { archived: !conv.archived })));
  const leave = () =>
    act(async () => {
      await api.leave(conv.id);
      // the member.removed event does the same; the list must not show it while that is on its way
      chat.forget(conv.id);
      nav('/chats', { replace: true });
    });

  return (
    <div className="info-section info-actions">
      {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
      {perms.archive ? (
        <div className="card">
          <button type="button" className="btn" disabled={busy} onClick={() => void archive()} data-testid="archive">
            {conv.archived ? t('info.unarchive') : t('info.archive')}
          </button>
          <p className="hint">{t('info.archive_hint')}</p>
        </div>
      ) : null}
      {perms.leave && !confirming ? (
        <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)} data-testid="leave">
          {t('info.leave')}
        </button>
      ) : null}
      {perms.leave && confirming ? (
        <Confirm
          title={t('info.leave_confirm', { name: conv.name })}
          text={t('info.leave_text')}
          confirmLabel={t('info.leave_yes')}
          busy={busy}
          onConfirm={() => void leave()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}
