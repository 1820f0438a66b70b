import { describe, expect, it } from 'vitest';
import { PagedSearch, type Page, type PagedState } from './pagedSearch';

type Item = { id: string };
const items = (...ids: string[]): Item[] => ids.map((id) => ({ id }));

/** A fetcher whose answers the test releases by hand, recording every call. */
function controlled() {
  const calls: { cursor: string | null; signal: AbortSignal; resolve: (p: Page<Item>) => void; reject: (e: unknown) => void }[] = [];
  const fetch = (cursor: string | null, signal: AbortSignal) =>
    new Promise<Page<Item>>((resolve, reject) => calls.push({ cursor, signal, resolve, reject }));
  return { calls, fetch };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const seen: PagedState<Item>[] = [];
  const search = new PagedSearch<Item>((s) => seen.push(s));
  return { search, seen };
}

describe('PagedSearch', () => {
  it('loads the first page, then appends later pages without repeating an item', async () => {
    const { search } = setup();
    const f = controlled();
    search.start(f.fetch);
    expect(search.current.loading).toBe(true);
    f.calls[0].resolve({ items: items('a', 'b'), next_cursor: 'c1' });
    await settle();
    expect(search.current).toMatchObject({ items: items('a', 'b'), next: 'c1', loading: false, searched: true });

    search.loadMore();
    expect(f.calls[1].cursor).toBe('c1');
    f.calls[1].resolve({ items: items('b', 'c'), next_cursor: null });
    await settle();
    expect(search.current.items.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(search.current.next).toBeNull();
    search.loadMore(); // the list is complete: nothing more is asked
    expect(f.calls).toHaveLength(2);
  });

  it('a new query cancels the old one, whose late answer is ignored', async () => {
    const { search } = setup();
    const old = controlled();
    const fresh = controlled();
    search.start(old.fetch);
    search.start(fresh.fetch);
    expect(old.calls[0].signal.aborted).toBe(true);
    fresh.calls[0].resolve({ items: items('new') });
    old.calls[0].resolve({ items: items('old') });
    await settle();
    expect(search.current.items).toEqual(items('new'));
  });

  it('keeps what it had when a page fails, and retry asks for that page again', async () => {
    const { search } = setup();
    const f = controlled();
    search.start(f.fetch);
    f.calls[0].resolve({ items: items('a'), next_cursor: 'c1' });
    await settle();
    search.retry(); // nothing failed: nothing to ask again
    expect(f.calls).toHaveLength(1);
    search.loadMore();
    f.calls[1].reject(new Error('offline'));
    await settle();
    expect(search.current).toMatchObject({ items: items('a'), loading: false, next: 'c1' });
    expect((search.current.error as Error).message).toBe('offline');

    search.retry();
    expect(f.calls[2].cursor).toBe('c1');
    f.calls[2].resolve({ items: items('b') });
    await settle();
    expect(search.current.items.map((x) => x.id)).toEqual(['a', 'b']);
    expect(search.current.error).toBeNull();
  });

  it('keeps the old list on screen until the new query answers only when asked to', async () => {
    const { search } = setup();
    const f = controlled();
    search.start(f.fetch);
    f.calls[0].resolve({ items: items('a') });
    await settle();
    search.start(f.fetch, true);
    expect(search.current).toMatchObject({ items: items('a'), loading: true, searched: false });
    search.start(f.fetch);
    expect(search.current.items).toEqual([]);
  });

  it('nothing to search for: empty, idle, and the running request is cancelled', () => {
    const { search, seen } = setup();
    const f = controlled();
    search.start(f.fetch);
    search.start(null);
    expect(f.calls[0].signal.aborted).toBe(true);
    expect(search.current).toMatchObject({ items: [], loading: false, searched: false });
    expect(seen.at(-1)).toBe(search.current);
  });
});
