/** Compliance (officers' reads and encrypted exports; admins grant the capability): schemas and calls. */
import { z } from 'zod';
import { buildUrl, getCsrfToken, parseError, request } from '../../api/http';

const str = z.string();

export const complianceMessageSchema = z.object({
  id: str,
  conversation: z.object({ id: str, name: str }),
  seq: z.number(),
  author: z.object({ id: str, name: str }),
  created_at: str,
  edited_at: str.nullable(),
  state: z.enum(['posted', 'deleted', 'removed']),
  text: str,
  edits: z.array(z.object({ text: str, replaced_at: str })),
  attachments: z.array(z.object({ id: str, name: str, content_type: str, size: z.number() })),
  kept_under_hold: z.object({ removed_by: str, removed_at: str.nullable(), reason: str }).optional(),
});
export type ComplianceMessage = z.infer<typeof complianceMessageSchema>;

const readSchema = z.object({ messages: z.array(complianceMessageSchema), truncated: z.boolean() });
const officersSchema = z.object({
  items: z.array(z.object({ person_id: str, name: str, granted_by: str, granted_at: str })),
});
export type ComplianceOfficer = z.infer<typeof officersSchema>['items'][number];

export interface ComplianceScope {
  conversation_id?: string;
  person_id?: string;
  from: string;
  to: string;
  reason: string;
}

export const complianceApi = {
  /** Resolves true for officers, false on 403. */
  isOfficer: () =>
    request('GET', '/compliance/status').then(
      () => true,
      (e: { status?: number }) => (e?.status === 403 ? false : Promise.reject(e)),
    ),
  read: (scope: ComplianceScope) => request('POST', '/compliance/read', { json: scope, schema: readSchema }),
  /** The encrypted file as a Blob (the JSON wrapper would read it as text). */
  async exportFile(scope: ComplianceScope, recipientPublicKey: string): Promise<Blob> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/octet-stream' };
    const csrf = getCsrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
    const res = await fetch(buildUrl('/compliance/export'), {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify({ ...scope, recipient_public_key: recipientPublicKey.trim() }),
    });
    if (!res.ok) throw parseError(res.status, await res.text().catch(() => ''), res.headers.get('Retry-After'));
    return res.blob();
  },
  officers: () => request('GET', '/admin/compliance-officers', { schema: officersSchema }),
  grant: (personId: string) => request('PUT', `/admin/compliance-officers/${encodeURIComponent(personId)}`),
  revoke: (personId: string) => request('DELETE', `/admin/compliance-officers/${encodeURIComponent(personId)}`),
};

/** yyyy-mm-dd (local) -> RFC 3339 UTC at the start of that local day; `nextDay` for an inclusive end. */
export function dayStart(day: string, nextDay = false): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
