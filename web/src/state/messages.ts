/** Ordered message lists: ascending seq, one copy per id (shared by conversations and threads). */
import type { Message } from '../api/schemas';

/** Merges messages into an ascending-seq list; a message with a known id replaces the old copy. */
export function mergeMessages(items: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return items;
  const sortedIn = [...incoming].sort((a, b) => a.seq - b.seq);
  // fast paths: append newer, prepend older (the common cases: live message, older page)
  if (items.length === 0) return dedupeSorted(sortedIn);
  const first = items[0];
  const last = items[items.length - 1];
  if (sortedIn[0].seq > last.seq) return dedupeSorted(items.concat(sortedIn));
  if (sortedIn[sortedIn.length - 1].seq < first.seq) return dedupeSorted(sortedIn.concat(items));
  const byId = new Map<string, Message>();
  for (const m of items) byId.set(m.id, m);
  for (const m of sortedIn) byId.set(m.id, m);
  return dedupeSorted([...byId.values()].sort((a, b) => a.seq - b.seq));
}

function dedupeSorted(list: Message[]): Message[] {
  // same seq twice (should not happen with a sane server): keep the later copy
  const out: Message[] = [];
  const seen = new Set<string>();
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (seen.has(m.id)) continue;
    if (out.length && out[out.length - 1].seq === m.seq) continue;
    seen.add(m.id);
    out.push(m);
  }
  return out.reverse();
}

/** Index of the message with `seq`, or -1 (binary search). */
export function indexOfSeq(items: Message[], seq: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = items[mid].seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
