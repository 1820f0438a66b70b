/**
 * What a push message shows: the payload the server sends (plain JSON once the browser has
 * decrypted it) mapped to a notification's title and options. Pure, so the service worker and the
 * unit tests run the same code; the words come from the app's i18n files.
 */
import { dirOf, isLang, translate, type Dict, type Lang } from '../i18n/translate';

export interface PushPayload {
  v: 1;
  kind: 'message' | 'digest' | 'test';
  lang: Lang;
  conversation_id?: string;
  conversation_name?: string;
  conversation_kind?: 'direct' | 'group' | 'channel';
  message_id?: string;
  sender_name?: string;
  /** null when the organization shows only the sender and the conversation */
  preview?: string | null;
  /** unread new messages in that conversation, >= 1 */
  count?: number;
  urgency?: 'normal' | 'important' | 'urgent';
  reason?: string;
  digest?: { messages: number; conversations: number; mentions: number };
}

/** NotificationOptions plus `renotify`, which the DOM typings leave out (Chromium honours it). */
export interface NotificationSpec {
  title: string;
  options: NotificationOptions & { renotify?: boolean; data: { url: string } };
}

export const ICON = '/icon-192.png';
export const BADGE = '/badge-96.png';

const enc = encodeURIComponent;

/** The conversation at that message: the same `?m=` link search results and pins use. */
export function messageUrl(conversationId: string, messageId?: string): string {
  return `/chats/${enc(conversationId)}${messageId ? `?m=${enc(messageId)}` : ''}`;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const asCount = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : 0);

/** "14 messages in 3 conversations, 1 mention" (also the digest page's summary). */
export function digestSummary(
  t: (key: string, params?: Record<string, string | number>) => string,
  { messages, conversations, mentions }: { messages: number; conversations: number; mentions: number },
): string {
  // English needs "1 message" vs "2 messages"; Arabic avoids plural forms ("الرسائل: 14"), as the app does elsewhere
  let body =
    messages <= 1 && conversations <= 1
      ? t('push.digest_one')
      : conversations <= 1
        ? t('push.digest_one_conversation', { n: messages })
        : t('push.digest_many', { n: messages, c: conversations });
  if (mentions === 1) body = t('push.digest_mention_one', { text: body });
  else if (mentions > 1) body = t('push.digest_mentions', { text: body, k: mentions });
  return body;
}

export function notificationFor(raw: unknown, dicts: Record<Lang, Dict>): NotificationSpec {
  const p = (raw && typeof raw === 'object' ? raw : {}) as Partial<PushPayload>;
  const lang: Lang = isLang(p.lang) ? p.lang : 'en';
  const t = (key: string, params?: Record<string, string | number>) => translate(dicts[lang], dicts.en, key, params);
  const base = { lang, dir: dirOf(lang), icon: ICON, badge: BADGE };

  if (p.v === 1 && p.kind === 'message' && asText(p.conversation_id)) {
    const conversationId = asText(p.conversation_id);
    const sender = asText(p.sender_name);
    const direct = p.conversation_kind === 'direct';
    const name = (direct ? sender : asText(p.conversation_name)) || sender || t('app.name');
    const count = Math.max(1, asCount(p.count));
    const preview = asText(p.preview);
    let body: string;
    if (count > 1) body = direct ? t('push.new_messages_direct', { n: count }) : t('push.new_messages', { n: count, conversation: name });
    else if (!preview) body = t('push.new_message', { name: sender || name });
    // a direct conversation's title already is the sender
    else body = direct ? preview : t('push.message_preview', { name: sender, preview });
    const title = p.urgency === 'urgent' ? t('push.urgent', { title: name }) : p.urgency === 'important' ? t('push.important', { title: name }) : name;
    return {
      title,
      options: {
        ...base,
        body,
        // one notification per conversation, replaced (and announced again) by the next push
        tag: `conv:${conversationId}`,
        renotify: true,
        requireInteraction: p.urgency === 'urgent',
        data: { url: messageUrl(conversationId, asText(p.message_id) || undefined) },
      },
    };
  }

  if (p.v === 1 && p.kind === 'digest') {
    const body = digestSummary(t, {
      messages: asCount(p.digest?.messages),
      conversations: asCount(p.digest?.conversations),
      mentions: asCount(p.digest?.mentions),
    });
    return { title: t('push.digest_title'), options: { ...base, body, tag: 'digest', renotify: true, data: { url: '/digest' } } };
  }

  if (p.v === 1 && p.kind === 'test') {
    return { title: t('app.name'), options: { ...base, body: t('push.test_body'), tag: 'test', data: { url: '/' } } };
  }

  // A push must always show something (userVisibleOnly): an unknown or newer payload still tells.
  return { title: t('app.name'), options: { ...base, body: t('push.generic'), tag: 'generic', data: { url: '/chats' } } };
}
