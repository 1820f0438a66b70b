import { describe, expect, it } from 'vitest';
import type { Conversation, Member } from '../../api/schemas';
import { conversationPatch, memberControls, permissions, sortMembers, visibleMembers } from './members';

const conv = (kind: Conversation['kind'], role: 'owner' | 'moderator' | 'member' | null, over: Partial<Conversation> = {}): Conversation => ({
  id: 'c_1',
  kind,
  name: 'Riyadh store',
  description: 'Shift plans',
  visibility: kind === 'channel' || kind === 'announcement' ? 'public' : 'private',
  my: { role },
  ...over,
});
const member = (person_id: string, name: string, role: string): Member => ({ person_id, name, role });

describe('permissions', () => {
  it('owners do everything, moderators all but roles, members only their own settings and leaving', () => {
    expect(permissions(conv('announcement', 'owner'))).toEqual({ edit: true, addMembers: true, removeMembers: true, removeRanked: true, setRoles: true, setPosters: true, archive: true, leave: true, settings: true });
    expect(permissions(conv('group', 'moderator'))).toMatchObject({ edit: true, addMembers: true, removeMembers: true, removeRanked: false, setRoles: false, setPosters: false, archive: true });
    expect(permissions(conv('channel', 'member'))).toEqual({ edit: false, addMembers: false, removeMembers: false, removeRanked: false, setRoles: false, setPosters: false, archive: false, leave: true, settings: true });
  });

  it('posters exist only in announcement channels', () => {
    expect(permissions(conv('channel', 'owner')).setPosters).toBe(false);
  });

  it('a direct conversation has settings but cannot be changed or left', () => {
    expect(permissions(conv('direct', 'owner'))).toEqual({ edit: false, addMembers: false, removeMembers: false, removeRanked: false, setRoles: false, setPosters: false, archive: false, leave: false, settings: true });
  });

  it('in a smart group nobody adds, removes or leaves plain members by hand; owners may still step out', () => {
    const smart = { membership: 'rule' as const };
    expect(permissions(conv('channel', 'owner', smart))).toMatchObject({ addMembers: false, removeMembers: false, removeRanked: true, leave: true, edit: true });
    expect(permissions(conv('channel', 'member', smart))).toMatchObject({ leave: false, settings: true });
    const p = permissions(conv('channel', 'owner', smart));
    expect(memberControls(p, member('p_1', 'Plain', 'member'), 'p_me').remove).toBe(false);
    expect(memberControls(p, member('p_2', 'Mod', 'moderator'), 'p_me').remove).toBe(true);
  });

  it('someone previewing a public channel has nothing to set', () => {
    expect(permissions(conv('channel', null))).toMatchObject({ settings: false, leave: false, edit: false });
  });
});

describe('memberControls', () => {
  const owner = permissions(conv('announcement', 'owner'));
  it('never offers to remove or demote myself', () => {
    expect(memberControls(owner, member('p_me', 'Me', 'owner'), 'p_me')).toEqual({ role: false, poster: false, remove: false });
  });
  it('offers the poster switch only for plain members', () => {
    expect(memberControls(owner, member('p_1', 'A', 'member'), 'p_me')).toEqual({ role: true, poster: true, remove: true });
    expect(memberControls(owner, member('p_2', 'B', 'moderator'), 'p_me').poster).toBe(false);
  });
  it('moderators remove plain members only, and do not change roles', () => {
    const moderator = permissions(conv('group', 'moderator'));
    expect(memberControls(moderator, member('p_1', 'A', 'member'), 'p_me')).toEqual({ role: false, poster: false, remove: true });
    expect(memberControls(moderator, member('p_2', 'B', 'moderator'), 'p_me').remove).toBe(false);
    expect(memberControls(moderator, member('p_3', 'C', 'owner'), 'p_me').remove).toBe(false);
    expect(memberControls(permissions(conv('group', 'owner')), member('p_2', 'B', 'moderator'), 'p_me').remove).toBe(true);
  });
});

describe('sortMembers', () => {
  it('owners, moderators, members; me first in my group; then by name', () => {
    const list = [member('p_3', 'Zaid', 'member'), member('p_me', 'Yasmin', 'member'), member('p_2', 'Omar', 'moderator'), member('p_4', 'Adel', 'member'), member('p_1', 'Sara', 'owner')];
    expect(sortMembers(list, 'p_me', 'en').map((m) => m.name)).toEqual(['Sara', 'Omar', 'Yasmin', 'Adel', 'Zaid']);
  });
  it('sorts Arabic names in Arabic order', () => {
    const list = [member('p_1', 'يوسف', 'member'), member('p_2', 'أحمد', 'member'), member('p_3', 'سارة', 'member')];
    expect(sortMembers(list, null, 'ar').map((m) => m.name)).toEqual(['أحمد', 'سارة', 'يوسف']);
  });
});

describe('conversationPatch', () => {
  it('sends only what changed, trimmed', () => {
    const c = conv('channel', 'owner');
    expect(conversationPatch(c, { name: ' Riyadh store ', description: 'Shift plans', visibility: 'public' })).toEqual({});
    expect(conversationPatch(c, { name: 'Jeddah store', description: '', visibility: 'private' })).toEqual({ name: 'Jeddah store', description: '', visibility: 'private' });
  });
  it('never sends a visibility for a group (always private)', () => {
    expect(conversationPatch(conv('group', 'owner'), { name: 'Riyadh store', description: 'Shift plans', visibility: 'public' })).toEqual({});
  });
});

describe('visibleMembers', () => {
  const crowd: Member[] = Array.from({ length: 150 }, (_, i) => member(`p_${i}`, i === 120 ? 'أحمد الزهراني' : `Picker ${i}`, 'member'));
  it('shows the first hundred, all on request', () => {
    expect(visibleMembers(crowd, '', false)).toMatchObject({ matching: 150 });
    expect(visibleMembers(crowd, '', false).shown).toHaveLength(100);
    expect(visibleMembers(crowd, '', true).shown).toHaveLength(150);
  });
  it('finds members by name, spelling variants of Arabic included', () => {
    expect(visibleMembers(crowd, 'احمد', false).shown.map((m) => m.person_id)).toEqual(['p_120']);
    expect(visibleMembers(crowd, 'picker 14', false).matching).toBe(11); // 14, 140-149
  });
});
