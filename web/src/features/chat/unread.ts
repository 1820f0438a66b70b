import type { Conversation } from '../../api/schemas';

/**
 * Whether a conversation counts on the Chats tab's badge: it has something unread that its
 * notification level asks to hear about (every message, or only mentions of me), and it is not muted.
 */
export function countsOnChatsTab(c: Conversation): boolean {
  const my = c.my;
  if (!my || my.muted) return false;
  switch (my.notification_level ?? 'all') {
    case 'none':
      return false;
    case 'mentions':
      return (my.mention_count ?? 0) > 0;
    default:
      return (my.unread_count ?? 0) > 0;
  }
}
