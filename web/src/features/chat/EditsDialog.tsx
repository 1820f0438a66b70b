import { api } from '../../api/client';
import type { Message } from '../../api/schemas';
import { formatDateTime, useI18n } from '../../i18n';
import { Dialog } from '../../components/Dialog';
import { LoadStatus } from '../../components/LoadStatus';
import { Markdown } from './Markdown';
import { useLive } from './useLive';

/** A message's edit history, newest first: its text now, then each earlier version and when it was replaced. */
export function EditsDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t, lang } = useI18n();
  // the message is the one the dialog opened for: its history is loaded once
  const { data, error } = useLive(() => api.edits(message.id), message.id, 0);
  const edits = data?.items ?? null;

  const version = (key: string, label: string, text: string) => (
    <li key={key} className="version" data-testid="version">
      <p className="version-label">{label}</p>
      <div dir="auto" className="msg-text">
        <Markdown text={text} allLabel={t('chat.all')} />
      </div>
    </li>
  );

  return (
    <Dialog title={t('chat.edit_history')} onClose={onClose} testId="edit-history">
      <LoadStatus error={error} loaded={!!edits} />
      {edits ? (
        <ol className="versions">
          {version('now', t('chat.version_current'), message.text)}
          {edits
            .map((e, i) => {
              const replaced = t('chat.version_replaced', { time: formatDateTime(e.edited_at, lang) });
              return version(`v${i}`, i === 0 ? `${t('chat.version_original')} · ${replaced}` : replaced, e.text);
            })
            .reverse()}
        </ol>
      ) : null}
    </Dialog>
  );
}
