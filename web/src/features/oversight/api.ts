/** Oversight endpoints (admins only): every conversation's metadata, and actions with a reason. */
import { z } from 'zod';
import { request } from '../../api/http';

const str = z.string();
const personRef = z.object({ id: str, name: str });

export const KINDS = ['group', 'channel', 'announcement', 'direct'] as const;
export type Kind = (typeof KINDS)[number];

export const overseenSchema = z.object({
  id: str,
  kind: z.enum(KINDS),
  name: str,
  visibility: z.enum(['public', 'private']),
  archived: z.boolean(),
  membership: z.enum(['manual', 'rule']),
  owners: z.array(personRef),
  creator: personRef,
  member_count: z.number(),
  external_count: z.number(),
  created_at: str,
  last_activity_at: str,
  participants: z.array(personRef).nullish(),
});
export type Overseen = z.infer<typeof overseenSchema>;

const pageSchema = z.object({ items: z.array(overseenSchema), next_cursor: str.nullable() });
export type OverseenPage = z.infer<typeof pageSchema>;

export const overseenMemberSchema = z.object({
  person_id: str,
  name: str,
  role: z.enum(['owner', 'moderator', 'member']),
  joined_at: str,
  external: z.boolean(),
  company: str.nullish(),
});
export type OverseenMember = z.infer<typeof overseenMemberSchema>;

const detailSchema = z.object({ conversation: overseenSchema, members: z.array(overseenMemberSchema) });
export type OverseenDetail = z.infer<typeof detailSchema>;

export type PreviousOwners = 'keep' | 'moderator' | 'member';

const enc = encodeURIComponent;
const base = (id: string) => `/admin/conversations/${enc(id)}`;

export const oversightApi = {
  list: (query: Record<string, string | number | undefined>, signal?: AbortSignal) =>
    request('GET', '/admin/conversations', { query, schema: pageSchema, signal }),
  get: (id: string) => request('GET', base(id), { schema: detailSchema }),
  setArchived: (id: string, archived: boolean, reason: string) =>
    request('POST', `${base(id)}/${archived ? 'archive' : 'unarchive'}`, { json: { reason }, schema: detailSchema }),
  transfer: (id: string, personId: string, previousOwners: PreviousOwners, reason: string) =>
    request('POST', `${base(id)}/transfer`, {
      json: { person_id: personId, reason, previous_owners: previousOwners },
      schema: detailSchema,
    }),
  removeMember: (id: string, personId: string, reason: string) =>
    request('POST', `${base(id)}/members/${enc(personId)}/remove`, { json: { reason }, schema: detailSchema }),
};
