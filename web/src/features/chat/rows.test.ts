import { describe, expect, it } from 'vitest';
import { ME, msg } from '../../state/testData';
import { buildRows } from './rows';

const page = (from: number, to: number, hasMore: boolean) => ({
  items: Array.from({ length: to - from + 1 }, (_, i) => msg(from + i)),
  hasMore,
  pending: [],
});
const order = (rows: ReturnType<typeof buildRows>) => rows.filter((r) => r.kind === 'msg' || r.kind === 'unread').map((r) => (r.kind === 'msg' ? r.m.seq : 'new'));

describe('the "new messages" marker', () => {
  it('sits above the first message after my read position', () => {
    expect(order(buildRows(page(1, 5, false), ME, 3, true))).toEqual([1, 2, 3, 'new', 4, 5]);
  });
  it('waits while the first unread message is on an older page not loaded yet', () => {
    // read up to 30, newest page 151-200 loaded: a marker above 151 would say 31-150 were read
    expect(order(buildRows(page(151, 200, true), ME, 30, true))).not.toContain('new');
    expect(order(buildRows(page(31, 200, true), ME, 30, true)).slice(0, 2)).toEqual(['new', 31]);
  });
  it('skips my own messages and is absent without a read position', () => {
    const cm = page(1, 4, false);
    cm.items[2] = msg(3, { author_id: ME });
    expect(order(buildRows(cm, ME, 2, true))).toEqual([1, 2, 3, 'new', 4]);
    expect(order(buildRows(cm, ME, null, true))).not.toContain('new');
  });
});
