import { useState } from 'react';
import { api } from '../../api/client';
import type { Receipts } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Dialog } from '../../components/Dialog';
import { useChat } from './useChat';
import { LoadStatus } from '../../components/LoadStatus';
import { useLive } from './useLive';

const SHOWN_AT_FIRST = 100;

/** The first names of a list, and all of them on request: a channel of 10,000 is not 10,000 rows redrawn every second. */
function Names({ list }: { list: Receipts['read'] }) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? list : list.slice(0, SHOWN_AT_FIRST);
  return (
    <>
      <ul>
        {shown.map((p) => (
          <li key={p.person_id}>
            <bdi>{p.name}</bdi>
          </li>
        ))}
      </ul>
      {shown.length < list.length ? (
        <button type="button" className="btn btn-small" onClick={() => setAll(true)}>
          {t('chat.receipts_show_all', { n: list.length })}
        </button>
      ) : null}
    </>
  );
}

/** "Seen by": read / delivered / not yet, refreshed live on read and delivered events. */
export function ReceiptsDialog({ messageId, conversationId, onClose }: { messageId: string; conversationId: string; onClose: () => void }) {
  const { t } = useI18n();
  const version = useChat((s) => s.receiptsVersion[conversationId] ?? 0);
  // every read in the conversation bumps `version`; the list (one row per member) follows
  const { data, error } = useLive(() => api.receipts(messageId), messageId, version);

  const section = (key: string, list: Receipts['read'], testId: string) => (
    <section className="receipts-section" data-testid={testId}>
      <h3>{t(key, { n: list.length })}</h3>
      {list.length ? <Names list={list} /> : <p className="hint">{t('chat.receipts_none')}</p>}
    </section>
  );

  return (
    <Dialog title={t('chat.receipts_title')} onClose={onClose} testId="receipts">
      <LoadStatus error={error} loaded={!!data} />
      {data ? (
        <>
          {section('chat.receipts_read', data.read, 'receipts-read')}
          {section('chat.receipts_delivered', data.delivered, 'receipts-delivered')}
          {section('chat.receipts_not_delivered', data.not_delivered, 'receipts-not-delivered')}
        </>
      ) : null}
    </Dialog>
  );
}
