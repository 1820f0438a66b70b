/**
 * Organization policies: schema, endpoint calls, a store the whole app reads (fetched once after
 * sign-in, replaced when an admin saves), and the pure checks the UI uses to hide what the server
 * would refuse anyway.
 */
import { z } from 'zod';
import { request } from '../../api/http';
import type { Role } from '../../api/schemas';
import { createStore } from '../../state/store';

export const whoValues = ['everyone', 'managers', 'admins'] as const;
export const mentionValues = ['members', 'moderators', 'admins'] as const;
export const attachmentKinds = ['image', 'pdf', 'text', 'office', 'zip', 'audio'] as const;
export const notificationContents = ['preview', 'sender_only'] as const;
export type Who = (typeof whoValues)[number];

export const policiesSchema = z.object({
  create_public_channel: z.enum(whoValues),
  create_private_group: z.enum(whoValues),
  create_announcement: z.enum(whoValues),
  direct_with_external: z.enum(whoValues),
  mention_all: z.enum(mentionValues),
  /** who may mark a message urgent (it notifies through quiet hours and mutes) */
  send_urgent: z.enum(mentionValues).default('moderators'),
  /** what a phone notification shows: the text, or only who wrote where */
  notification_content: z.enum(notificationContents).default('preview'),
  max_attachment_bytes: z.number().int(),
  attachment_kinds: z.array(z.string()),
  edit_own: z.boolean(),
  edit_window_minutes: z.number().int(),
  delete_own: z.boolean(),
  delete_window_minutes: z.number().int(),
  // Sessions: how long a sign-in lasts (60 … 525600) and may go unused (0: off, or 5 … 43200).
  session_lifetime_minutes: z.number().int().optional(),
  idle_timeout_minutes: z.number().int().optional(),

  two_factor: z.enum(['off', 'admins', 'everyone']).default('off'),
  two_factor_grace_days: z.number().int().default(7),
});
export type Policies = z.infer<typeof policiesSchema>;

export const policiesApi = {
  get: () => request('GET', '/policies', { schema: policiesSchema }),
  patch: (changes: Partial<Policies>) => request('PATCH', '/policies', { json: changes, schema: policiesSchema }),
};

/** null until loaded (or when loading failed): the UI then hides nothing and the server decides. */
export const policiesStore = createStore<Policies | null>(null);

export function loadPolicies(): void {
  policiesApi.get().then(policiesStore.set).catch(() => policiesStore.set(null));
}

export function roleAllows(who: Who, role: Role | null | undefined): boolean {
  if (who === 'everyone') return true;
  const admin = role === 'owner' || role === 'admin';
  return who === 'managers' ? admin || role === 'manager' : admin;
}

export type CreatableKind = 'private_group' | 'public_channel' | 'announcement';

/** Whether this role may create the kind; unknown policies allow it. */
export function mayCreate(p: Policies | null, role: Role | null | undefined, kind: CreatableKind): boolean {
  if (!p) return true;
  const who = kind === 'private_group' ? p.create_private_group : kind === 'public_channel' ? p.create_public_channel : p.create_announcement;
  return roleAllows(who, role);
}

/**
 * Whether one's own message may still be edited / deleted at `now`. `exempt`: the server does not
 * limit this person (admins; for deleting, also the conversation's moderators).
 */
export function mayChangeOwn(p: Policies | null, what: 'edit' | 'delete', createdAt: string, exempt: boolean, now: number = Date.now()): boolean {
  if (!p || exempt) return true;
  if (!(what === 'edit' ? p.edit_own : p.delete_own)) return false;
  const minutes = what === 'edit' ? p.edit_window_minutes : p.delete_window_minutes;
  if (minutes <= 0) return true;
  const created = Date.parse(createdAt);
  return Number.isNaN(created) || now - created <= minutes * 60_000;
}

/**
 * Whether the composer offers Important and Urgent: `send_urgent` by the person's role and their role
 * in the conversation (owners and moderators count as moderators). Hidden until the policies are
 * known: a control that appears and then vanishes is worse than one that appears a moment later.
 */
export function mayMarkUrgent(p: Policies | null, role: Role | null | undefined, conversationRole: string | null | undefined): boolean {
  if (!p) return false;
  const admin = role === 'owner' || role === 'admin';
  if (p.send_urgent === 'members') return true;
  if (p.send_urgent === 'admins') return admin;
  return admin || conversationRole === 'owner' || conversationRole === 'moderator';
}

/** The policy's size limit when a file is over it, else null. */
export function attachmentTooBig(p: Policies | null, size: number): number | null {
  return p && p.max_attachment_bytes > 0 && size > p.max_attachment_bytes ? p.max_attachment_bytes : null;
}

/** The fields whose value differs from the saved one: what a PATCH should carry. */
export function changedFields(saved: Policies, draft: Policies): Partial<Policies> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(draft) as (keyof Policies)[]) {
    if (JSON.stringify(draft[k]) !== JSON.stringify(saved[k])) out[k] = draft[k];
  }
  return out as Partial<Policies>;
}

/** What the new-conversation screen may offer this person. */
export function creatable(p: Policies | null, role: Role | null | undefined) {
  const group = mayCreate(p, role, 'private_group');
  const publicChannel = mayCreate(p, role, 'public_channel');
  return { group, publicChannel, privateChannel: group, announcement: mayCreate(p, role, 'announcement') };
}
