import { describe, expect, it } from 'vitest';
import { attachmentTooBig, changedFields, mayChangeOwn, mayCreate, mayMarkUrgent, type Policies } from './policies';

const base: Policies = {
  create_public_channel: 'everyone',
  create_private_group: 'everyone',
  create_announcement: 'everyone',
  direct_with_external: 'everyone',
  mention_all: 'members',
  send_urgent: 'moderators',
  notification_content: 'preview',
  max_attachment_bytes: 0,
  attachment_kinds: ['image', 'pdf', 'text', 'office', 'zip'],
  edit_own: true,
  edit_window_minutes: 0,
  delete_own: true,
  delete_window_minutes: 0,
  two_factor: 'off',
  two_factor_grace_days: 7,
};

describe('mayCreate', () => {
  it('follows everyone / managers / admins by role', () => {
    const p = { ...base, create_private_group: 'admins' as const, create_public_channel: 'managers' as const };
    expect(mayCreate(p, 'member', 'private_group')).toBe(false);
    expect(mayCreate(p, 'manager', 'private_group')).toBe(false);
    expect(mayCreate(p, 'admin', 'private_group')).toBe(true);
    expect(mayCreate(p, 'owner', 'private_group')).toBe(true);
    expect(mayCreate(p, 'member', 'public_channel')).toBe(false);
    expect(mayCreate(p, 'manager', 'public_channel')).toBe(true);
    expect(mayCreate(p, 'external', 'announcement')).toBe(true);
  });
  it('hides nothing while the policies are unknown', () => {
    expect(mayCreate(null, 'member', 'private_group')).toBe(true);
  });
});

describe('mayChangeOwn', () => {
  const sent = '2026-01-01T10:00:00Z';
  const at = (min: number) => Date.parse(sent) + min * 60_000;
  it('refuses when switched off, even right after sending', () => {
    expect(mayChangeOwn({ ...base, edit_own: false }, 'edit', sent, false, at(0))).toBe(false);
    expect(mayChangeOwn({ ...base, delete_own: false }, 'delete', sent, false, at(0))).toBe(false);
  });
  it('allows within the window and refuses after it', () => {
    const p = { ...base, edit_window_minutes: 15 };
    expect(mayChangeOwn(p, 'edit', sent, false, at(14))).toBe(true);
    expect(mayChangeOwn(p, 'edit', sent, false, at(16))).toBe(false);
    expect(mayChangeOwn(p, 'delete', sent, false, at(600))).toBe(true);
  });
  it('does not limit exempt people (admins, moderators deleting)', () => {
    expect(mayChangeOwn({ ...base, edit_own: false }, 'edit', sent, true, at(0))).toBe(true);
  });
});

describe('attachmentTooBig', () => {
  it('reports the limit only when a non-zero limit is exceeded', () => {
    expect(attachmentTooBig({ ...base, max_attachment_bytes: 1000 }, 1001)).toBe(1000);
    expect(attachmentTooBig({ ...base, max_attachment_bytes: 1000 }, 1000)).toBeNull();
    expect(attachmentTooBig(base, 10 ** 12)).toBeNull();
    expect(attachmentTooBig(null, 10 ** 12)).toBeNull();
  });
});

describe('changedFields', () => {
  it('carries only what differs', () => {
    expect(changedFields(base, { ...base, create_private_group: 'admins', attachment_kinds: ['image'] })).toEqual({
      create_private_group: 'admins',
      attachment_kinds: ['image'],
    });
    expect(changedFields(base, { ...base })).toEqual({});
  });
});

describe('content rule bodies', () => {
  it('send only what the kind needs', async () => {
    const { ruleBody, parseWords } = await import('./contentRulesApi');
    expect(parseWords(' secret \n\nsecret\nكلمة سر\n')).toEqual(['secret', 'كلمة سر']);
    const r = { name: 'X', action: 'block' as const, words: ['a'], pattern: 'b+', enabled: true };
    expect(ruleBody({ ...r, kind: 'words' })).toEqual({ name: 'X', kind: 'words', action: 'block', enabled: true, words: ['a'] });
    expect(ruleBody({ ...r, kind: 'regex' })).toEqual({ name: 'X', kind: 'regex', action: 'block', enabled: true, pattern: 'b+' });
    expect(ruleBody({ ...r, kind: 'iban' })).toEqual({ name: 'X', kind: 'iban', action: 'block', enabled: true });
  });
});

describe('creatable', () => {
  it('takes private groups (and private channels) away from members when admins only may create them', async () => {
    const { creatable } = await import('./policies');
    const p = { ...base, create_private_group: 'admins' as const };
    expect(creatable(p, 'member')).toEqual({ group: false, publicChannel: true, privateChannel: false, announcement: true });
    expect(creatable(p, 'admin').group).toBe(true);
  });
});

describe('mayMarkUrgent', () => {
  it('follows send_urgent: everyone, the conversation\'s owners and moderators with admins, or admins', () => {
    const moderators = { ...base, send_urgent: 'moderators' as const };
    expect(mayMarkUrgent(moderators, 'member', 'member')).toBe(false);
    expect(mayMarkUrgent(moderators, 'member', 'moderator')).toBe(true);
    expect(mayMarkUrgent(moderators, 'member', 'owner')).toBe(true);
    expect(mayMarkUrgent(moderators, 'admin', 'member')).toBe(true);
    expect(mayMarkUrgent({ ...base, send_urgent: 'members' }, 'external', 'member')).toBe(true);
    expect(mayMarkUrgent({ ...base, send_urgent: 'admins' }, 'manager', 'owner')).toBe(false);
    expect(mayMarkUrgent({ ...base, send_urgent: 'admins' }, 'owner', null)).toBe(true);
  });
  it('offers nothing until the policies are known', () => {
    expect(mayMarkUrgent(null, 'owner', 'owner')).toBe(false);
  });
});
