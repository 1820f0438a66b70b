/** Typed endpoint functions on top of the one fetch wrapper. */
import { request, type Query } from './http';
import * as s from './schemas';

export type PersonInput = Partial<{
  name: string;
  name_latin: string;
  job_title: string;
  department: string;
  location: string;
  manager_id: string | null;
  employee_id: string;
  phone: string;
  email: string;
  kind: 'employee' | 'external';
  company: string;
  tags: string[];
  custom: Record<string, string>;
  role: s.Role;
}>;

const enc = encodeURIComponent;

export const api = {
  setupStatus: () => request('GET', '/setup', { schema: s.setupStatusSchema, expectUnauthenticated: true }),
  setup: (body: {
    organization_name: string;
    default_language: 'ar' | 'en';
    owner: { name: string; name_latin?: string; email: string; phone?: string; password: string };
  }) => request('POST', '/setup', { json: body, schema: s.authResultSchema, expectUnauthenticated: true }),

  signIn: (login: string, password: string) =>
    request('POST', '/auth/sign-in', { json: { login, password }, schema: s.signInResultSchema, expectUnauthenticated: true }),
  signOut: () => request('POST', '/auth/sign-out', { expectUnauthenticated: true }),
  me: () => request('GET', '/me', { schema: s.meSchema, expectUnauthenticated: true }),
  setMyLanguage: (language: 'ar' | 'en' | null) =>
    request('PATCH', '/me', { json: { language }, schema: s.userOnlySchema }),
  /** One's own name, in both scripts (the only directory fields a person changes themselves). */
  updateMe: (body: { name?: string; name_latin?: string }) => request('PATCH', '/me', { json: body, schema: s.userOnlySchema }),
  /** 204; `end_other_sessions` signs every other device out. */
  changePassword: (body: { current_password: string; new_password: string; end_other_sessions: boolean }) =>
    request('POST', '/me/password', { json: body }),
  sessions: () => request('GET', '/me/sessions', { schema: s.sessionsSchema }),
  catchUp: () => request('GET', '/me/catch-up', { schema: s.catchUpSchema }),
  /** Marks these conversations caught up on every device (all of the list when none are named). */
  finishCatchUp: (conversationIds: string[]) => request('POST', '/me/catch-up/done', { json: { conversation_ids: conversationIds } }),
  endSession: (id: string) => request('DELETE', `/me/sessions/${encodeURIComponent(id)}`),
  /** Ends one of my sessions; `erase` also makes that device erase its local data. */
  endMySession: (id: string, erase: boolean) =>
    request('POST', `/me/sessions/${encodeURIComponent(id)}/end`, { json: { erase } }),
  /** Admin: a person's devices, and ending one of them (audited). */
  personSessions: (personId: string) =>
    request('GET', `/people/${encodeURIComponent(personId)}/sessions`, { schema: s.sessionsSchema }),
  endPersonSession: (personId: string, sessionId: string, erase: boolean) =>
    request('POST', `/people/${encodeURIComponent(personId)}/sessions/${encodeURIComponent(sessionId)}/end`, {
      json: { erase },
    }),

  invitation: (token: string) =>
    request('GET', `/invitations/${encodeURIComponent(token)}`, { schema: s.invitationInfoSchema, expectUnauthenticated: true }),
  acceptInvitation: (token: string, password: string) =>
    request('POST', `/invitations/${encodeURIComponent(token)}/accept`, {
      json: { password },
      schema: s.authResultSchema,
      expectUnauthenticated: true,
    }),

  people: (query: Query, signal?: AbortSignal) => request('GET', '/people', { query, schema: s.peoplePageSchema, signal }),
  person: (id: string) => request('GET', `/people/${encodeURIComponent(id)}`, { schema: s.personSchema }),
  /** Who has a photo, and its version (the avatars' map). Uploads are in upload.ts. */
  photos: () => request('GET', '/people/photos', { schema: s.photosSchema }),
  removeMyPhoto: () => request('DELETE', '/me/photo', { schema: s.personResultSchema }),
  removePersonPhoto: (id: string) => request('DELETE', `/people/${encodeURIComponent(id)}/photo`, { schema: s.personResultSchema }),
  facets: () => request('GET', '/directory/facets', { schema: s.facetsSchema }),

  createPerson: (body: PersonInput) => request('POST', '/people', { json: body, schema: s.createPersonResultSchema }),
  updatePerson: (id: string, body: PersonInput) =>
    request('PATCH', `/people/${encodeURIComponent(id)}`, { json: body, schema: s.personResultSchema }),
  deactivate: (id: string) =>
    request('POST', `/people/${encodeURIComponent(id)}/deactivate`, { schema: s.personResultSchema }),
  reactivate: (id: string) =>
    request('POST', `/people/${encodeURIComponent(id)}/reactivate`, { schema: s.personResultSchema }),
  newInvitation: (id: string) =>
    request('POST', `/people/${encodeURIComponent(id)}/invitation`, { schema: s.invitationResultSchema }),
  importPeople: (csv: string, mode: 'dry-run' | 'apply') =>
    request('POST', '/people/import', {
      query: { mode },
      text: csv,
      contentType: 'text/csv; charset=utf-8',
      schema: s.importReportSchema,
    }),

  organization: () => request('GET', '/organization', { schema: s.organizationSchema }),
  updateOrganization: (body: { name?: string; default_language?: 'ar' | 'en'; phone_region?: string }) =>
    request('PATCH', '/organization', { json: body }),
  fieldVisibility: () => request('GET', '/admin/field-visibility', { schema: s.fieldVisibilitySchema }),
  setFieldVisibility: (fields: Record<string, s.VisibilityLevel>) =>
    request('PUT', '/admin/field-visibility', { json: { fields }, schema: s.fieldVisibilitySchema }),
  customFields: () => request('GET', '/admin/custom-fields', { schema: s.customFieldsSchema }),
  setCustomFields: (items: s.CustomField[]) =>
    request('PUT', '/admin/custom-fields', { json: { items }, schema: s.customFieldsSchema }),
  audit: (query: Query) => request('GET', '/admin/audit', { query, schema: s.auditPageSchema }),

  // --- messaging ---
  /** quietUnauthenticated: asked at start-up beside /me, whose 401 is the one that signs out. */
  conversations: (opts: { quietUnauthenticated?: boolean } = {}) =>
    request('GET', '/conversations', { schema: s.conversationsSchema, expectUnauthenticated: opts.quietUnauthenticated }),
  conversation: (id: string) => request('GET', `/conversations/${enc(id)}`, { schema: s.conversationSchema }),
  createConversation: (body: {
    kind: s.ConversationKind;
    name?: string;
    description?: string;
    visibility?: 'public' | 'private';
    member_ids: string[];
    poster_ids?: string[];
    history?: s.HistoryVisibility;
  }) => request('POST', '/conversations', { json: body, schema: s.conversationSchema }),
  updateConversation: (
    id: string,
    body: { name?: string; description?: string; visibility?: 'public' | 'private'; archived?: boolean; history?: s.HistoryVisibility },
  ) =>
    request('PATCH', `/conversations/${enc(id)}`, { json: body, schema: s.conversationSchema }),
  channels: (q: string) => request('GET', '/channels', { query: { q }, schema: s.conversationsSchema }),
  join: (id: string) => request('POST', `/conversations/${enc(id)}/join`, { schema: s.conversationSchema }),
  leave: (id: string) => request('POST', `/conversations/${enc(id)}/leave`),
  members: (id: string) => request('GET', `/conversations/${enc(id)}/members`, { schema: s.membersSchema }),
  addMembers: (id: string, personIds: string[]) =>
    request('POST', `/conversations/${enc(id)}/members`, { json: { person_ids: personIds }, schema: s.membersSchema }),
  updateMember: (id: string, personId: string, body: { role: 'owner' | 'moderator' | 'member'; can_post?: boolean }) =>
    request('PATCH', `/conversations/${enc(id)}/members/${enc(personId)}`, { json: body, schema: s.memberSchema }),
  removeMember: (id: string, personId: string) => request('DELETE', `/conversations/${enc(id)}/members/${enc(personId)}`),
  conversationSettings: (id: string, body: { notification_level?: 'all' | 'mentions' | 'none'; muted?: boolean; pinned?: boolean }) =>
    request('PATCH', `/conversations/${enc(id)}/settings`, { json: body, schema: s.conversationSchema }),
  messages: (id: string, query: { before?: number; after?: number; limit?: number; thread?: string }) =>
    request('GET', `/conversations/${enc(id)}/messages`, { query, schema: s.messagesPageSchema }),
  sendMessage: (id: string, body: { client_id: string; text: string; reply_to?: string; attachment_ids?: string[]; urgency?: s.Urgency }) =>
    request('POST', `/conversations/${enc(id)}/messages`, { json: body, schema: s.messageSchema }),
  editMessage: (id: string, text: string) => request('PATCH', `/messages/${enc(id)}`, { json: { text }, schema: s.messageSchema }),
  // An author deletes without a reason; a moderator removing someone else's message gives one.
  deleteMessage: (id: string, reason?: string) =>
    request('DELETE', `/messages/${enc(id)}`, { json: reason === undefined ? undefined : { reason }, schema: s.messageSchema }),
  reportMessage: (id: string, category: s.ReportCategory, comment: string) =>
    request('POST', `/messages/${enc(id)}/reports`, { json: { category, comment }, schema: s.reportSchema }),
  reports: (status: string) => request('GET', '/moderation/reports', { query: { status, limit: 100 }, schema: s.reportQueueSchema }),
  resolveReport: (id: number, body: { action: 'remove' | 'dismiss' | 'warn' | 'suspend'; note?: string; scope?: string; hours?: number }) =>
    request('POST', `/moderation/reports/${id}/resolve`, { json: body, schema: s.resolvedSchema }),
  notices: () => request('GET', '/me/notices', { schema: s.noticesSchema }),
  react: (id: string, emoji: string, on: boolean) =>
    request(on ? 'PUT' : 'DELETE', `/messages/${enc(id)}/reactions/${enc(emoji)}`, { schema: s.messageSchema }),
  pin: (id: string, on: boolean) => request(on ? 'PUT' : 'DELETE', `/messages/${enc(id)}/pin`, { schema: s.messageSchema }),
  membership: (id: string, before?: number) =>
    request('GET', `/conversations/${enc(id)}/membership`, { query: { before }, schema: s.membershipPageSchema }),
  pins: (id: string) => request('GET', `/conversations/${enc(id)}/pins`, { schema: s.messagesPageSchema }),
  markRead: (id: string, seq: number) => request('POST', `/conversations/${enc(id)}/read`, { json: { seq } }),
  markDelivered: (id: string, seq: number) => request('POST', `/conversations/${enc(id)}/delivered`, { json: { seq } }),
  /** `q` is required (at least one letter or digit); since/until are RFC 3339 UTC or a bare date. */
  searchMessages: (query: Query, signal?: AbortSignal) =>
    request('GET', '/search/messages', { query, schema: s.messageSearchPageSchema, signal }),
  edits: (messageId: string) => request('GET', `/messages/${enc(messageId)}/edits`, { schema: s.editsSchema }),
  receipts: (messageId: string) => request('GET', `/messages/${enc(messageId)}/receipts`, { schema: s.receiptsSchema }),
  message: (messageId: string) => request('GET', `/messages/${enc(messageId)}`, { schema: s.messageSchema }),

  // governance (admins): smart groups and former memberships
  rule: (id: string) => request('GET', `/conversations/${enc(id)}/rule`, { schema: s.ruleViewSchema }),
  setRule: (id: string, rule: object | null) =>
    request('PUT', `/conversations/${enc(id)}/rule`, { json: { rule }, schema: s.rulePreviewSchema }),
  previewRule: (rule: object, conversationId?: string, signal?: AbortSignal) =>
    request('POST', '/admin/rule-preview', {
      json: conversationId ? { rule, conversation_id: conversationId } : { rule },
      schema: s.rulePreviewSchema,
      signal,
    }),
  setException: (id: string, personId: string, mode: 'include' | 'exclude' | null) =>
    mode
      ? request('PUT', `/conversations/${enc(id)}/exceptions/${enc(personId)}`, { json: { mode } })
      : request('DELETE', `/conversations/${enc(id)}/exceptions/${enc(personId)}`),
  formerMemberships: (personId: string) =>
    request('GET', `/people/${enc(personId)}/former-memberships`, { schema: s.formerMembershipsSchema }),
  restoreMemberships: (personId: string, conversationIds: string[]) =>
    request('POST', `/people/${enc(personId)}/former-memberships/restore`, {
      json: { conversation_ids: conversationIds },
      schema: s.formerMembershipsSchema,
    }),

  // Web Push (src/pwa/push.ts makes the browser side)
  pushKey: () => request('GET', '/push/key', { schema: s.pushKeySchema }),
  addPushSubscription: (body: { endpoint: string; keys: { p256dh: string; auth: string } }) =>
    request('POST', '/push/subscriptions', { json: body, schema: s.pushSubscriptionSchema }),
  pushSubscriptions: () => request('GET', '/push/subscriptions', { schema: s.pushSubscriptionsSchema }),
  removePushSubscription: (id: string) => request('DELETE', `/push/subscriptions/${enc(id)}`),
};

/** What the chat store needs from the server (an interface so tests can fake it). */
export type ChatApi = Pick<
  typeof api,
  'conversations' | 'conversation' | 'messages' | 'message' | 'sendMessage' | 'markRead' | 'markDelivered'
>;
