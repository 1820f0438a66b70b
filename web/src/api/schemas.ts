import { z } from 'zod';

/**
 * Server data is validated here, at the boundary. Fields the viewer may not see are omitted by the
 * server, so nearly every Person field is optional. Unknown keys are dropped.
 */
// The server's CSP forbids eval: tell zod not to probe for it (no JIT, no console noise).
z.config({ jitless: true });

const lang = z.enum(['ar', 'en']);
const str = z.string();

export const roleSchema = z.enum(['owner', 'admin', 'manager', 'member', 'external']);
export type Role = z.infer<typeof roleSchema>;

export const personSchema = z.object({
  id: str,
  name: str,
  name_latin: str.nullish(),
  job_title: str.nullish(),
  department: str.nullish(),
  location: str.nullish(),
  manager_id: str.nullish(),
  manager_name: str.nullish(),
  employee_id: str.nullish(),
  phone: str.nullish(),
  email: str.nullish(),
  kind: z.enum(['employee', 'external']).nullish(),
  company: str.nullish(),
  tags: z.array(str).nullish(),
  custom: z.record(str, z.union([str, z.number(), z.boolean(), z.null()])).nullish(),
  role: roleSchema.nullish(),
  status: z.enum(['active', 'deactivated']).nullish(),
  has_account: z.boolean().nullish(),
  language: lang.nullish(),
  created_at: str.nullish(),
  updated_at: str.nullish(),
  end_at: str.nullish(), // admins only: when the server deactivates the person
  /** Changes with every new photo and is part of its URL; null without a photo. */
  photo_version: str.nullish(),
});
export type Person = z.infer<typeof personSchema>;
/** GET /people/photos: person id -> photo version, for everyone with a photo the viewer may see. */
export const photosSchema = z.object({ photos: z.record(str, str) });

export const organizationSchema = z.object({
  name: str,
  default_language: lang,
  created_at: str.nullish(),
  /** ISO country for phone numbers written without a country code; "" for none. */
  phone_region: str.nullish(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const invitationSchema = z.object({
  url: str,
  token: str,
  expires_at: str.nullish(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: str,
    message: str.nullish(),
    field: str.nullish(),
    // a stable word and its values, which the app translates (components/errors.ts)
    reason: str.nullish(),
    params: z.record(z.string(), z.string()).nullish(),
  }),
});

export const setupStatusSchema = z.object({ needed: z.boolean() });

export const authResultSchema = z.object({
  user: personSchema,
  organization: organizationSchema.nullish(),
  csrf_token: str.nullish(),
});
export type AuthResult = z.infer<typeof authResultSchema>;

/** A sign-in that needs a second step (two-factor) before it gets a session. */
export const secondStepSchema = z.object({
  second_step: z.object({ token: str, purpose: z.enum(['code', 'enrol']), expires_at: str }),
});
export type SecondStep = z.infer<typeof secondStepSchema>['second_step'];
export const signInResultSchema = z.union([secondStepSchema, authResultSchema.extend({ two_factor_setup_by: str.nullish() })]);

export const meSchema = z.object({
  user: personSchema,
  organization: organizationSchema,
  csrf_token: str.nullish(),
  session_id: str.nullish(),
});
export type Me = z.infer<typeof meSchema>;

export const userOnlySchema = z.object({ user: personSchema });

export const sessionSchema = z.object({
  id: str,
  device: str.nullish(),
  /** Readable: "Chrome on Android". */
  device_name: str.nullish(),
  ip: str.nullish(),
  created_at: str.nullish(),
  expires_at: str.nullish(),
  last_seen_at: str.nullish(),
  current: z.boolean().nullish(),
});
export type Session = z.infer<typeof sessionSchema>;
export const sessionsSchema = z.object({ items: z.array(sessionSchema) });

export const invitationInfoSchema = z.object({
  name: str,
  organization: organizationSchema,
  expires_at: str.nullish(),
  // a link for a forgotten password (the person has one already): no welcome afterwards
  reset: z.boolean().nullish(),
});
export type InvitationInfo = z.infer<typeof invitationInfoSchema>;

export function pageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), next_cursor: str.nullish() });
}
export const peoplePageSchema = pageSchema(personSchema);
export type PeoplePage = z.infer<typeof peoplePageSchema>;

const facet = z.object({ name: str, count: z.number() });
export const facetsSchema = z.object({ departments: z.array(facet), locations: z.array(facet) });
export type Facets = z.infer<typeof facetsSchema>;

export const personResultSchema = z.object({ person: personSchema });
export const createPersonResultSchema = z.object({ person: personSchema, invitation: invitationSchema });
export const invitationResultSchema = z.object({ invitation: invitationSchema });

export const visibilityLevel = z.enum(['everyone', 'managers', 'admins']);
export type VisibilityLevel = z.infer<typeof visibilityLevel>;
export const fieldVisibilitySchema = z.object({ fields: z.record(str, visibilityLevel) });
export type FieldVisibility = z.infer<typeof fieldVisibilitySchema>;

export const customFieldSchema = z.object({
  key: str,
  label_en: str.nullish(),
  label_ar: str.nullish(),
  visibility: visibilityLevel.nullish(),
});
export type CustomField = z.infer<typeof customFieldSchema>;
export const customFieldsSchema = z.object({ items: z.array(customFieldSchema) });

/** One row's error in an import report: the English message, and the reason the app translates. */
export const importErrorSchema = z.object({
  line: z.number(),
  field: str.nullish(),
  message: str.nullish(),
  reason: str.nullish(),
  params: z.record(z.string(), z.string()).nullish(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const importReportSchema = z.object({
  mode: str.nullish(),
  created: z.array(
    // `id` only if the server sends it (today it does not: the bulk invitation looks people up)
    z.object({ line: z.number(), id: str.nullish(), name: str.nullish(), employee_id: str.nullish(), email: str.nullish() }),
  ),
  updated: z.array(
    z.object({ line: z.number(), id: str.nullish(), name: str.nullish(), changes: z.array(str).nullish() }),
  ),
  deactivated: z.array(z.object({ line: z.number(), id: str.nullish(), name: str.nullish() })),
  unchanged: z.number(),
  errors: z.array(importErrorSchema),
  applied: z.boolean(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const auditEntrySchema = z.object({
  id: str,
  at: str,
  actor_id: str.nullish(),
  actor_name: str.nullish(),
  action: str,
  target_type: str.nullish(),
  target_id: str.nullish(),
  // the person's or conversation's name now (null for other targets; absent from older servers)
  target_name: str.nullish(),
  ip: str.nullish(),
  details: z.record(str, z.unknown()).nullish(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditPageSchema = pageSchema(auditEntrySchema).extend({
  chain: z.object({ head_seq: z.number(), head_hash: z.string() }).optional(),
});

// --- messaging -------------------------------------------------------------------------------

export const attachmentSchema = z.object({
  id: str,
  name: str,
  content_type: str.nullish(),
  size: z.number().nullish(),
  width: z.number().nullish(),
  height: z.number().nullish(),
  has_thumbnail: z.boolean().nullish(),
  // an Opus voice note also stored as MP3 (every Safari plays it), and its length measured by the server
  has_voice_copy: z.boolean().nullish(),
  duration_ms: z.number().nullish(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const reactionSchema = z.object({
  emoji: str,
  count: z.number(),
  // who reacted; events carry only this (they are shared by every member), HTTP answers add `mine`
  person_ids: z.array(str).nullish(),
  mine: z.boolean().nullish(),
});
export type Reaction = z.infer<typeof reactionSchema>;

export const messageSchema = z.object({
  id: str,
  conversation_id: str,
  seq: z.number(),
  client_id: str.nullish(),
  author_id: str,
  author_name: str.nullish(),
  author_former: z.boolean().nullish(),
  author_company: str.nullish(),
  text: str.nullish().transform((v) => v ?? ''),
  created_at: str,
  edited_at: str.nullish(),
  deleted: z.boolean().nullish(),
  deleted_by: z.enum(['author', 'moderator']).nullish(),
  reply_to: str.nullish(),
  reply_count: z.number().nullish(),
  mentions: z.array(str).nullish(),
  mentions_all: z.boolean().nullish(),
  reactions: z.array(reactionSchema).nullish(),
  pinned: z.boolean().nullish(),
  attachments: z.array(attachmentSchema).nullish(),
  /** a level this app does not know yet reads as normal */
  urgency: z.enum(['normal', 'important', 'urgent']).nullish().catch(null),
});
export type Message = z.infer<typeof messageSchema>;
/** What a sender may mark a message (normal is the default and is not sent). */
export type Urgency = 'important' | 'urgent';

export const conversationKind = z.enum(['direct', 'group', 'channel', 'announcement']);
export type ConversationKind = z.infer<typeof conversationKind>;

export const conversationSchema = z.object({
  id: str,
  kind: conversationKind,
  name: str.nullish().transform((v) => v ?? ''),
  description: str.nullish(),
  visibility: z.enum(['public', 'private']).nullish(),
  archived: z.boolean().nullish(),
  membership: z.enum(['manual', 'rule']).nullish(),
  history: z.enum(['full', 'since_joined']).nullish(),
  created_at: str.nullish(),
  created_by: str.nullish(),
  member_count: z.number().nullish(),
  external_count: z.number().nullish(),
  last_seq: z.number().nullish(),
  last_message: messageSchema.nullish(),
  my: z
    .object({
      role: z.enum(['owner', 'moderator', 'member']).nullish(),
      can_post: z.boolean().nullish(),
      last_read_seq: z.number().nullish(),
      unread_count: z.number().nullish(),
      mention_count: z.number().nullish(),
      notification_level: z.enum(['all', 'mentions', 'none']).nullish(),
      muted: z.boolean().nullish(),
      pinned: z.boolean().nullish(),
      visible_after_seq: z.number().nullish(),
    })
    .nullish(),
  other_person_id: str.nullish(),
});
export type Conversation = z.infer<typeof conversationSchema>;
export type HistoryVisibility = 'full' | 'since_joined';

/** GET /me/catch-up: what others (or a smart group's rule) put me into, with the pins I may read. */
export const catchUpItemSchema = z.object({
  conversation: conversationSchema,
  pins: z.array(messageSchema),
  added_at: str.nullish(),
  added_by: str.nullish(),
  added_by_name: str.nullish(),
  done: z.boolean(),
});
export type CatchUpItem = z.infer<typeof catchUpItemSchema>;
export const catchUpSchema = z.object({ items: z.array(catchUpItemSchema), pending: z.number() });
export const conversationsSchema = z.object({ items: z.array(conversationSchema) });
/** How far every member has received and read (null: too many members to say); the status marks. */
export const receiptFloorsSchema = z.object({ delivered_all_seq: z.number(), read_all_seq: z.number() });
export const messagesPageSchema = z.object({
  items: z.array(messageSchema),
  has_more: z.boolean().nullish(),
  receipts: receiptFloorsSchema.nullish(),
});
export type MessagesPage = z.infer<typeof messagesPageSchema>;
/** GET /search/messages: newest first, `next_cursor` null on the last page. */
export const messageSearchPageSchema = pageSchema(messageSchema);
export type MessageSearchPage = z.infer<typeof messageSearchPageSchema>;

export const memberSchema = z.object({
  person_id: str,
  name: str.nullish().transform((v) => v ?? ''),
  role: str.nullish(),
  can_post: z.boolean().nullish(),
  joined_at: str.nullish(),
  added_by: str.nullish(),
  external: z.boolean().nullish(),
  company: str.nullish(),
});
export type Member = z.infer<typeof memberSchema>;
export const membersSchema = z.object({ items: z.array(memberSchema) });

const personRef = z.object({ person_id: str, name: str.nullish().transform((v) => v ?? '') });
export const receiptsSchema = z.object({
  member_count: z.number().nullish(),
  delivered_count: z.number().nullish(),
  read_count: z.number().nullish(),
  read: z.array(personRef),
  delivered: z.array(personRef),
  not_delivered: z.array(personRef),
});
export type Receipts = z.infer<typeof receiptsSchema>;

export const membershipChangeSchema = z.object({
  id: z.number(),
  person_id: str,
  person_name: str,
  change: str,
  by_id: str,
  by_name: str,
  at: str,
});
export type MembershipChange = z.infer<typeof membershipChangeSchema>;
export const membershipPageSchema = z.object({ items: z.array(membershipChangeSchema), has_more: z.boolean() });

/** Earlier versions of a message, oldest first; each `edited_at` is when that text was replaced. */
export const editsSchema = z.object({ items: z.array(z.object({ text: str, edited_at: str })) });
export type Edits = z.infer<typeof editsSchema>;

/** Server events (inside `{"type":"event"}` frames). Unknown kinds fail to parse and are ignored. */
export const chatEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message.created'), message: messageSchema }),
  z.object({ kind: z.literal('message.updated'), message: messageSchema }),
  // with the raised floors when this person was the last one behind
  z.object({ kind: z.literal('read'), conversation_id: str, person_id: str, seq: z.number(), delivered_all_seq: z.number().nullish(), read_all_seq: z.number().nullish() }),
  z.object({ kind: z.literal('delivered'), conversation_id: str, person_id: str, seq: z.number(), delivered_all_seq: z.number().nullish(), read_all_seq: z.number().nullish() }),
  z.object({ kind: z.literal('typing'), conversation_id: str, person_id: str, name: str.nullish() }),
  z.object({ kind: z.literal('presence'), person_id: str, online: z.boolean() }),
  // lazy: the notice schema is declared further down, beside the notices list
  z.object({ kind: z.literal('notice'), notice: z.lazy(() => noticeSchema) }),
  // after PATCH /conversations/{id} the server sends only a summary (id, name, description, visibility, archived)
  z.object({ kind: z.literal('conversation.updated'), conversation: conversationSchema.partial().required({ id: true }) }),
  z.object({ kind: z.literal('member.added'), conversation_id: str, added: z.number().nullish(), person_ids: z.array(str).nullish() }),
  z.object({ kind: z.literal('member.removed'), conversation_id: str, person_id: str }),
  z.object({
    kind: z.literal('member.updated'),
    conversation_id: str,
    person_id: str,
    role: z.enum(['owner', 'moderator', 'member']),
    can_post: z.boolean(),
  }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;

export const wsMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), user_id: str.nullish(), session_id: str.nullish(), seq: z.number().nullish() }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('resync') }),
  // the answer to a presence watch: who of the watched people is online now
  z.object({ type: z.literal('presence'), online: z.array(str) }),
  // the event itself is validated separately, so one unknown kind does not hide the seq
  z.object({ type: z.literal('event'), seq: z.number(), event: z.unknown() }),
]);
export type WsMessage = z.infer<typeof wsMessageSchema>;

/** Governance (docs/api/governance.md): smart groups' rules, previews, exceptions, former memberships. */
const namedPerson = z.object({ id: str, name: str });
const peopleSample = z.object({ count: z.number(), first: z.array(namedPerson) });
export const rulePreviewSchema = z.object({ members: z.number(), added: peopleSample, removed: peopleSample });
export type RulePreview = z.infer<typeof rulePreviewSchema>;
export const ruleViewSchema = z.object({
  rule: z.record(z.string(), z.unknown()).nullable(),
  exceptions: z.array(z.object({ person_id: str, name: str, mode: z.enum(['include', 'exclude']), set_by: str, at: str })),
});
export type RuleView = z.infer<typeof ruleViewSchema>;
export const formerMembershipsSchema = z.object({
  items: z.array(z.object({ conversation_id: str, name: str, kind: conversationKind, ended_at: str })),
});
export type FormerMemberships = z.infer<typeof formerMembershipsSchema>;

// Moderation (docs/api/moderation.md)
export const REPORT_CATEGORIES = ['harassment', 'inappropriate', 'confidential', 'spam', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];
export const reportSchema = z.object({ id: z.number(), message_id: str, category: str, status: str, created_at: str });
const namedSchema = z.object({ id: str, name: str.nullish() });
export const queuedReportSchema = reportSchema.extend({
  comment: str.nullish(),
  conversation_id: str,
  conversation_name: str.nullish(),
  author: namedSchema,
  reporter: namedSchema.nullish(),
  message: messageSchema.nullish(),
  resolved_at: str.nullish(),
  note: str.nullish(),
});
export type QueuedReport = z.infer<typeof queuedReportSchema>;
export const reportQueueSchema = z.object({ items: z.array(queuedReportSchema), next_before: str.nullish() });
export const noticeSchema = z.object({ id: z.number(), kind: str, body: z.record(z.string(), z.unknown()), at: str });
export type Notice = z.infer<typeof noticeSchema>;
export const noticesSchema = z.object({ items: z.array(noticeSchema) });
export const resolvedSchema = z.object({ resolved: z.number() });

// Web Push: the server's VAPID key and this person's push subscriptions (one per device)
export const pushKeySchema = z.object({ public_key: str });
export const pushSubscriptionSchema = z.object({
  id: str,
  device: str.nullish(),
  created_at: str.nullish(),
  last_used_at: str.nullish(),
  /** this browser's subscription */
  current: z.boolean().nullish(),
});
export type PushSubscriptionInfo = z.infer<typeof pushSubscriptionSchema>;
export const pushSubscriptionsSchema = z.object({ items: z.array(pushSubscriptionSchema) });
