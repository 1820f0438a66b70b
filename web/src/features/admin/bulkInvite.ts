/**
 * Pure parts of "Invite everyone new" after an import: finding the people an import created (its
 * report has no ids), running a few requests at a time, and the CSV of links.
 */
import type { ImportReport, Invitation, Person } from '../../api/schemas';

export type CreatedRow = ImportReport['created'][number];

/** The key the import matched on: the employee id, else the email (docs/api/contract.md). */
export function lookupKey(row: CreatedRow): string {
  return (row.employee_id || row.email || '').trim();
}

/**
 * The person an imported row became, among directory search results for its key. Only an exact
 * match counts: a search for "E10" also finds "E100".
 */
export function matchCreated(row: CreatedRow, people: readonly Person[]): Person | null {
  const id = row.employee_id?.trim();
  const email = row.email?.trim().toLowerCase();
  if (id) {
    const hit = people.find((p) => p.employee_id === id);
    if (hit) return hit;
  }
  if (email) {
    const hit = people.find((p) => (p.email ?? '').toLowerCase() === email);
    if (hit) return hit;
  }
  return null;
}

/**
 * Runs `work` on every item with at most `limit` in flight, in order of the list; an item's
 * failure is its own (reported through `work`), never the batch's.
 */
export async function runPool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * One CSV field (RFC 4180): quoted when it holds a separator, a quote, a line break or edge spaces,
 * quotes doubled. A name that starts like a formula (= + - @) gets a leading apostrophe, so a
 * spreadsheet shows it instead of running it.
 */
export function csvField(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",;\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export interface LinkRow {
  name: string;
  key: string;
  url: string;
  expires: string;
}

/**
 * The CSV of invitation links: a header in the reader's language, one line per person, CRLF
 * line ends, and a UTF-8 byte order mark so spreadsheet programs read Arabic names as Arabic.
 */
export function linksCsv(header: readonly [string, string, string, string], rows: readonly LinkRow[]): string {
  const lines = [header, ...rows.map((r) => [r.name, r.key, r.url, r.expires])].map((cells) => cells.map(csvField).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export type InviteOutcome =
  | { status: 'waiting' }
  | { status: 'ok'; person: Person; invitation: Invitation }
  | { status: 'failed'; reason: 'not_found' | 'error'; message?: string };

/** Counts for the progress line. */
export function progressOf(outcomes: readonly InviteOutcome[]): { done: number; ok: number; failed: number; total: number } {
  const ok = outcomes.filter((o) => o.status === 'ok').length;
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  return { done: ok + failed, ok, failed, total: outcomes.length };
}
