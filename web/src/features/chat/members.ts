/**
 * Who may do what on the conversation details screen, and how members are listed (pure).
 * The server checks every action again; these rules only decide which controls to show, and
 * mirror docs/api/messaging.md: owners and moderators edit, add, remove and archive; only owners
 * change roles, designate announcement posters and remove owners or moderators; nobody changes or
 * leaves a direct conversation. In a smart group (membership "rule") plain members follow the rule:
 * nobody adds, removes or leaves them by hand; owners and moderators still may step out.
 */
import { normalizeForSearch } from './searchText';
import type { Conversation, Member } from '../../api/schemas';

export type MemberRole = 'owner' | 'moderator' | 'member';
export const MEMBER_ROLES: MemberRole[] = ['owner', 'moderator', 'member'];

export interface Permissions {
  edit: boolean;
  addMembers: boolean;
  removeMembers: boolean;
  /** Remove owners and moderators too (owners only). */
  removeRanked: boolean;
  setRoles: boolean;
  setPosters: boolean;
  archive: boolean;
  leave: boolean;
  /** Personal settings (notifications, mute, pin): members only. */
  settings: boolean;
}

export function permissions(c: Conversation): Permissions {
  const role = c.my?.role ?? null;
  const shared = c.kind !== 'direct';
  const moderates = shared && (role === 'owner' || role === 'moderator');
  const owns = shared && role === 'owner';
  const byHand = c.membership !== 'rule';
  return {
    edit: moderates,
    addMembers: moderates && byHand,
    removeMembers: moderates && byHand,
    removeRanked: owns,
    setRoles: owns,
    setPosters: owns && c.kind === 'announcement',
    archive: moderates,
    leave: shared && role !== null && (byHand || role !== 'member'),
    settings: role !== null,
  };
}

/** Controls to offer on one member's row (never on my own: I leave instead of removing myself). */
export function memberControls(p: Permissions, m: Member, me: string | null): { role: boolean; poster: boolean; remove: boolean } {
  const self = m.person_id === me;
  return {
    role: p.setRoles && !self,
    // owners and moderators always post; the switch is for plain members
    poster: p.setPosters && !self && m.role === 'member',
    remove: !self && (m.role === 'member' ? p.removeMembers : p.removeRanked),
  };
}

const rank = (role: string | null | undefined) => {
  const i = MEMBER_ROLES.indexOf((role ?? 'member') as MemberRole);
  return i < 0 ? MEMBER_ROLES.length : i;
};

/** Owners, then moderators, then members; me first within my role; then by name in the UI language. */
export function sortMembers(members: Member[], me: string | null, locale: string): Member[] {
  const collator = new Intl.Collator(locale);
  return [...members].sort((a, b) => {
    const r = rank(a.role) - rank(b.role);
    if (r) return r;
    if (a.person_id === me) return -1;
    if (b.person_id === me) return 1;
    return collator.compare(a.name, b.name) || (a.person_id < b.person_id ? -1 : 1);
  });
}

/** Fields of the edit form that changed (the PATCH body); empty when nothing did. */
export function conversationPatch(
  c: Conversation,
  form: { name: string; description: string; visibility: 'public' | 'private' },
): { name?: string; description?: string; visibility?: 'public' | 'private' } {
  const out: { name?: string; description?: string; visibility?: 'public' | 'private' } = {};
  const name = form.name.trim();
  const description = form.description.trim();
  if (name !== c.name) out.name = name;
  if (description !== (c.description ?? '')) out.description = description;
  // groups are always private: only channels offer the choice
  if ((c.kind === 'channel' || c.kind === 'announcement') && form.visibility !== (c.visibility ?? 'private')) out.visibility = form.visibility;
  return out;
}

export const MEMBERS_SHOWN_AT_FIRST = 100;

/**
 * The members a list shows: those whose name matches `query` (Arabic-aware, as message search), the
 * first hundred unless `all`: a 10,000-member channel is not 10,000 rows at once.
 */
export function visibleMembers(sorted: Member[], query: string, all: boolean): { shown: Member[]; matching: number } {
  const q = normalizeForSearch(query.trim());
  const matching = q ? sorted.filter((m) => normalizeForSearch(m.name).includes(q)) : sorted;
  return { shown: all ? matching : matching.slice(0, MEMBERS_SHOWN_AT_FIRST), matching: matching.length };
}
