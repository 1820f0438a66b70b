/** The message search screen's filters, as kept in its URL and as sent to the server. */
import type { Query } from '../../api/http';

export interface SearchFilters {
  q: string;
  conversation: string; // conversation id, '' = all
  author: string; // person id, '' = anyone
  from: string; // YYYY-MM-DD (local day), '' = open
  to: string;
}

/** The filters from the screen's URL (`/chats/search?q=&conversation=&author=&from=&to=`). */
export function filtersFromParams(p: URLSearchParams): SearchFilters {
  const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');
  return { q: p.get('q') ?? '', conversation: p.get('conversation') ?? '', author: p.get('author') ?? '', from: day(p.get('from')), to: day(p.get('to')) };
}

/** The URL for a search; empty filters are left out. */
export function searchPath(f: Partial<SearchFilters>): string {
  const p = new URLSearchParams();
  for (const k of ['q', 'conversation', 'author', 'from', 'to'] as const) if (f[k]) p.set(k, f[k]!);
  const s = p.toString();
  return `/chats/search${s ? `?${s}` : ''}`;
}

/** RFC 3339 UTC to the second — the only form the server reads besides a bare date. */
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The person picks days in their own time zone; the server reads a bare date as a UTC day, so the
 * bounds are sent as the exact instants where the local day starts and ends.
 */
export function dayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return rfc3339(new Date(y, m - 1, d, 0, 0, 0));
}
export function dayEnd(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return rfc3339(new Date(y, m - 1, d, 23, 59, 59));
}

/** A range that ends before it starts finds nothing: say so instead of asking. */
export const datesReversed = (f: SearchFilters) => !!f.from && !!f.to && f.from > f.to;

/** GET /search/messages parameters for the filters (without paging). */
export function apiQuery(f: SearchFilters): Query {
  return {
    q: f.q.trim(),
    conversation_id: f.conversation || undefined,
    author_id: f.author || undefined,
    since: f.from ? dayStart(f.from) : undefined,
    until: f.to ? dayEnd(f.to) : undefined,
  };
}
