// The rows of a conversation view: day separators, the "new messages" marker, messages grouped
// under their author, then what is still being sent; and each row's estimated height until the
// list has measured it.
import type { Message } from '../../api/schemas';
import type { ConvMessages, PendingMessage } from '../../state/chat';
import { dayKey } from './format';

export type ChatRow =
  | { key: string; kind: 'top'; hasMore: boolean }
  | { key: string; kind: 'day'; iso: string }
  | { key: string; kind: 'unread' }
  | { key: string; kind: 'msg'; m: Message; showAuthor: boolean }
  | { key: string; kind: 'pending'; p: PendingMessage };

export const EMPTY: ConvMessages = { items: [], hasMore: false, pending: [] };
const GROUP_MS = 5 * 60 * 1000;

export function buildRows(cm: ConvMessages, me: string | null, markerAfter: number | null, showAuthors: boolean): ChatRow[] {
  const rows: ChatRow[] = [{ key: 'top', kind: 'top', hasMore: cm.hasMore }];
  let lastDay = '';
  let prev: Message | null = null;
  // Only once the first unread message is loaded: above an older page's first message it would
  // claim that everything before it was read.
  let markerPlaced = markerAfter === null || (cm.hasMore && (cm.items[0]?.seq ?? Infinity) > markerAfter + 1);
  for (const m of cm.items) {
    const d = dayKey(m.created_at);
    let newGroup = !prev || prev.author_id !== m.author_id || Date.parse(m.created_at) - Date.parse(prev.created_at) > GROUP_MS;
    if (d !== lastDay) {
      rows.push({ key: `day-${d}`, kind: 'day', iso: m.created_at });
      lastDay = d;
      newGroup = true;
    }
    if (!markerPlaced && m.seq > (markerAfter ?? 0) && m.author_id !== me) {
      rows.push({ key: 'unread', kind: 'unread' });
      markerPlaced = true;
      newGroup = true;
    }
    rows.push({ key: m.id, kind: 'msg', m, showAuthor: showAuthors && newGroup && m.author_id !== me });
    prev = m;
  }
  for (const p of cm.pending) rows.push({ key: `p-${p.client_id}`, kind: 'pending', p });
  return rows;
}

export function estimate(r: ChatRow): number {
  switch (r.kind) {
    case 'top':
      return 48;
    case 'day':
    case 'unread':
      return 36;
    case 'msg':
      return 58 + (r.showAuthor ? 28 : 0) + Math.floor(r.m.text.length / 34) * 22 + (r.m.reactions?.length ? 34 : 0) + (r.m.reply_to ? 44 : 0) + (r.m.reply_count ? 32 : 0);
    case 'pending':
      return 70 + Math.floor(r.p.text.length / 34) * 22;
  }
}
