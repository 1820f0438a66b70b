import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../api/schemas';
import { countsOnChatsTab } from './unread';

const conv = (my: Partial<NonNullable<Conversation['my']>>): Conversation =>
  ({ id: 'c_1', kind: 'group', name: 'G', my: { role: 'member', unread_count: 0, mention_count: 0, ...my } }) as Conversation;

describe('the Chats tab badge', () => {
  it('counts unread messages at the level "all"', () => {
    expect(countsOnChatsTab(conv({ unread_count: 2 }))).toBe(true);
    expect(countsOnChatsTab(conv({ unread_count: 0 }))).toBe(false);
  });
  it('counts only mentions of me at the level "mentions"', () => {
    expect(countsOnChatsTab(conv({ notification_level: 'mentions', unread_count: 5 }))).toBe(false);
    expect(countsOnChatsTab(conv({ notification_level: 'mentions', unread_count: 5, mention_count: 1 }))).toBe(true);
  });
  it('counts nothing at the level "none", or when muted', () => {
    expect(countsOnChatsTab(conv({ notification_level: 'none', unread_count: 5, mention_count: 1 }))).toBe(false);
    expect(countsOnChatsTab(conv({ muted: true, unread_count: 5, mention_count: 1 }))).toBe(false);
  });
});
