// Builders of server data for the chat store's tests (not used by the app).
import type { Message, WsMessage } from '../api/schemas';

export const ME = 'p_me';
export const OTHER = 'p_other';

/** A message of conversation c_1 by OTHER, with `seq` in its id, text and time. */
export function msg(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `m_${seq}`,
    conversation_id: 'c_1',
    seq,
    client_id: null,
    author_id: OTHER,
    author_name: 'Other',
    text: `message ${seq}`,
    created_at: new Date(Date.UTC(2026, 10, 29, 10, 0, seq)).toISOString(),
    edited_at: null,
    deleted: false,
    reply_to: null,
    reply_count: 0,
    mentions: [],
    mentions_all: false,
    reactions: [],
    pinned: false,
    attachments: [],
    ...over,
  };
}

/** A socket frame carrying one event. */
export const ev = (seq: number, event: object): WsMessage => ({ type: 'event', seq, event });
