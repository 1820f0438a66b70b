/** Pure helpers of the oversight screens (tested in oversight.test.ts). */
import type { Kind, Overseen, OverseenMember } from './api';

export const MAX_REASON = 500;

export interface OversightFilters {
  q: string;
  kind: Kind | '';
  archived: '' | 'true' | 'false';
  hasExternals: '' | 'true' | 'false';
}

export const emptyFilters = (): OversightFilters => ({ q: '', kind: '', archived: '', hasExternals: '' });

/** The query string of GET /admin/conversations: only the filters that are set. */
export function listQuery(f: OversightFilters, cursor: string | null, limit = 50): Record<string, string | number> {
  const out: Record<string, string | number> = { limit };
  const q = f.q.trim();
  if (q) out.q = q;
  if (f.kind) out.kind = f.kind;
  if (f.archived) out.archived = f.archived;
  if (f.hasExternals) out.has_externals = f.hasExternals;
  if (cursor) out.cursor = cursor;
  return out;
}

/** What to call a conversation: its name, or for a direct conversation the two people. */
export function titleOf(c: Pick<Overseen, 'kind' | 'name' | 'participants'>, unnamed: string): string {
  if (c.kind === 'direct') {
    const names = (c.participants ?? []).map((p) => p.name).filter(Boolean);
    if (names.length) return names.join(' · ');
  }
  return c.name.trim() || unnamed;
}

/** A reason is required, at most MAX_REASON characters (code points, as the server counts). */
export function reasonProblem(reason: string): 'required' | 'too_long' | null {
  const trimmed = reason.trim();
  if (!trimmed) return 'required';
  if ([...trimmed].length > MAX_REASON) return 'too_long';
  return null;
}

/**
 * Members a new owner can be picked from: not already an owner, matching the typed text (any part
 * of the name, ignoring case), by name; at most `limit`.
 */
export function ownerCandidates(members: OverseenMember[], text: string, limit = 50): OverseenMember[] {
  const needle = text.trim().toLocaleLowerCase();
  return members
    .filter((m) => m.role !== 'owner' && (!needle || m.name.toLocaleLowerCase().includes(needle)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, limit);
}
