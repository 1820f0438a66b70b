/** Retention policies and legal holds (admins): schemas and endpoint calls, kept beside their page. */
import { z } from 'zod';
import { request } from '../../api/http';
import { personResultSchema } from '../../api/schemas';

const str = z.string();
const days = z.number().int().nullable();

export const retentionSettingsSchema = z.object({
  default_keep_days: days,
  set_by: str.nullish(),
  set_at: str.nullish(),
  conversations: z.array(
    z.object({ conversation_id: str, name: str, keep_days: days, set_by: str.nullish(), set_at: str.nullish() }),
  ),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

export const legalHoldSchema = z.object({
  id: str,
  kind: z.enum(['person', 'conversation']),
  target_id: str,
  target_name: str,
  reason: str,
  set_by: str,
  set_by_name: str,
  set_at: str,
  released_by: str.nullish(),
  released_by_name: str.nullish(),
  released_at: str.nullish(),
});
export type LegalHold = z.infer<typeof legalHoldSchema>;

const holdsSchema = z.object({ items: z.array(legalHoldSchema) });
const holdResultSchema = z.object({ hold: legalHoldSchema });
export const retentionRunSchema = z.object({
  conversations: z.number(),
  messages: z.number(),
  edits: z.number(),
  reactions: z.number(),
  attachments: z.number(),
  kept_purged: z.number(),
});
export type RetentionRun = z.infer<typeof retentionRunSchema>;

const enc = encodeURIComponent;

export const retentionApi = {
  settings: () => request('GET', '/admin/retention', { schema: retentionSettingsSchema }),
  setDefault: (keep_days: number | null) =>
    request('PUT', '/admin/retention', { json: { keep_days }, schema: retentionSettingsSchema }),
  setConversation: (id: string, keep_days: number | null) =>
    request('PUT', `/admin/retention/conversations/${enc(id)}`, { json: { keep_days }, schema: retentionSettingsSchema }),
  clearConversation: (id: string) =>
    request('DELETE', `/admin/retention/conversations/${enc(id)}`, { schema: retentionSettingsSchema }),
  run: () => request('POST', '/admin/retention/run', { schema: retentionRunSchema }),
  holds: (includeReleased: boolean) =>
    request('GET', '/admin/legal-holds', { query: { include_released: includeReleased ? 'true' : undefined }, schema: holdsSchema }),
  addHold: (kind: 'person' | 'conversation', target_id: string, reason: string) =>
    request('POST', '/admin/legal-holds', { json: { kind, target_id, reason }, schema: holdResultSchema }),
  setEndDate: (personId: string, end_at: string | null) =>
    request('PATCH', `/people/${enc(personId)}`, { json: { end_at }, schema: personResultSchema }),
  releaseHold: (id: string) => request('POST', `/admin/legal-holds/${enc(id)}/release`, { schema: holdResultSchema }),
};

/** The form's text ("" = keep forever) to the API's keep_days; undefined when not a valid number. */
export function parseKeepDays(text: string): number | null | undefined {
  const t = text.trim();
  if (!t) return null;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 36500 ? n : undefined;
}
