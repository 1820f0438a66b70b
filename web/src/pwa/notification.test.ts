import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import ar from '../i18n/ar.json';
import { notificationFor, type PushPayload } from './notification';

const dicts = { en, ar };
const show = (p: Partial<PushPayload>) => notificationFor(p, dicts);

const message = (over: Partial<PushPayload> = {}): Partial<PushPayload> => ({
  v: 1,
  kind: 'message',
  lang: 'en',
  conversation_id: 'c_sales',
  conversation_name: 'Sales team',
  conversation_kind: 'group',
  message_id: 'm_42',
  sender_name: 'Omar Haddad',
  preview: 'Stock arrives at 9',
  count: 1,
  urgency: 'normal',
  reason: 'message',
  ...over,
});

describe('message notifications', () => {
  it('shows the conversation, the sender and the text, and opens the conversation at that message', () => {
    const n = show(message());
    expect(n.title).toBe('Sales team');
    expect(n.options).toMatchObject({
      body: 'Omar Haddad: Stock arrives at 9',
      tag: 'conv:c_sales',
      renotify: true,
      requireInteraction: false,
      lang: 'en',
      dir: 'ltr',
      icon: '/icon-192.png',
      badge: '/badge-96.png',
      data: { url: '/chats/c_sales?m=m_42' },
    });
  });

  it('names only the sender when the organization hides message text', () => {
    expect(show(message({ preview: null })).options.body).toBe('New message from Omar Haddad');
  });

  it('counts several unread messages in one notification per conversation', () => {
    const n = show(message({ count: 5 }));
    expect(n.options.body).toBe('5 new messages in Sales team');
    expect(n.options.tag).toBe('conv:c_sales');
  });

  it('titles a direct conversation with the sender and shows just the text', () => {
    const n = show(message({ conversation_kind: 'direct', conversation_name: '', preview: 'Are you in today?' }));
    expect(n.title).toBe('Omar Haddad');
    expect(n.options.body).toBe('Are you in today?');
    expect(show(message({ conversation_kind: 'direct', count: 3 })).options.body).toBe('3 new messages');
  });

  it('marks urgent messages and keeps them on screen; important ones are marked too', () => {
    const urgent = show(message({ urgency: 'urgent', reason: 'urgent' }));
    expect(urgent.title).toBe('Urgent: Sales team');
    expect(urgent.options.requireInteraction).toBe(true);
    const important = show(message({ urgency: 'important' }));
    expect(important.title).toBe('Important: Sales team');
    expect(important.options.requireInteraction).toBe(false);
  });

  it('speaks Arabic right to left when the payload says so', () => {
    const base = { lang: 'ar' as const, conversation_name: 'فريق المبيعات', sender_name: 'عمر حداد', preview: 'البضاعة تصل الساعة 9' };
    const one = show(message(base));
    expect(one.title).toBe('فريق المبيعات');
    expect(one.options).toMatchObject({ body: 'عمر حداد: البضاعة تصل الساعة 9', lang: 'ar', dir: 'rtl' });
    expect(show(message({ ...base, preview: null })).options.body).toBe('رسالة جديدة من عمر حداد');
    expect(show(message({ ...base, count: 5 })).options.body).toBe('رسائل جديدة في فريق المبيعات: 5');
    expect(show(message({ ...base, urgency: 'urgent' })).title).toBe('عاجل: فريق المبيعات');
  });
});

describe('digest notifications', () => {
  const digest = (lang: 'en' | 'ar', messages: number, conversations: number, mentions: number) =>
    show({ v: 1, kind: 'digest', lang, digest: { messages, conversations, mentions } });

  it('sums up what arrived while the person was off', () => {
    const n = digest('en', 14, 3, 1);
    expect(n.title).toBe('While you were off');
    expect(n.options).toMatchObject({ body: '14 messages in 3 conversations, 1 mention', tag: 'digest', data: { url: '/digest' } });
    expect(digest('en', 1, 1, 0).options.body).toBe('1 message in 1 conversation');
    expect(digest('en', 4, 1, 2).options.body).toBe('4 messages in 1 conversation, 2 mentions');
  });

  it('in Arabic', () => {
    const n = digest('ar', 14, 3, 1);
    expect(n.title).toBe('أثناء غيابك');
    expect(n.options).toMatchObject({ body: 'الرسائل: 14 · المحادثات: 3 · إشارة واحدة إليك', dir: 'rtl' });
    expect(digest('ar', 1, 1, 0).options.body).toBe('رسالة واحدة في محادثة واحدة');
  });
});

describe('anything else still shows a notification', () => {
  it('a test push, an unknown version and garbage', () => {
    expect(show({ v: 1, kind: 'test', lang: 'en' }).options.body).toBe('Notifications are on for this device.');
    for (const raw of [{ v: 2, kind: 'message' }, null, 'text'])
      expect(notificationFor(raw, dicts)).toMatchObject({ title: 'Muster', options: { body: 'You have new messages.', data: { url: '/chats' } } });
  });
});
