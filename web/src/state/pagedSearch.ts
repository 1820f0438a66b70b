/** A page of a cursor-paged list, as the API answers it (GET /people, GET /search/messages). */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Fetches one page: the first when `cursor` is null. */
export type FetchPage<T> = (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>;

export interface PagedState<T> {
  items: T[];
  /** Cursor of the next page; null when the list is complete. */
  next: string | null;
  loading: boolean;
  error: unknown;
  /** An answer for the current query has arrived. */
  searched: boolean;
}

export function emptyPaged<T>(): PagedState<T> {
  return { items: [], next: null, loading: false, error: null, searched: false };
}

const isAbort = (e: unknown) => (e as { name?: string })?.name === 'AbortError';

/**
 * Pages through one query at a time. A new query (start) cancels the request still running, so a
 * slow answer never overwrites a newer one; loadMore appends without repeating an item that moved
 * between pages; retry asks again for the page that failed. Framework-free: usePagedSearch wraps it.
 */
export class PagedSearch<T extends { id: string }> {
  private state: PagedState<T> = emptyPaged<T>();
  private fetch: FetchPage<T> | null = null;
  private running: AbortController | null = null;
  private failedCursor: string | null = null;

  constructor(private readonly onChange: (state: PagedState<T>) => void) {}

  get current(): PagedState<T> {
    return this.state;
  }

  /**
   * Starts over with a new query; null = nothing to search for. `keepItems` leaves the old list on
   * screen until the new one arrives (a directory filtered while typing does not blink).
   */
  start(fetch: FetchPage<T> | null, keepItems = false): void {
    this.fetch = fetch;
    this.set({ ...emptyPaged<T>(), items: keepItems && fetch ? this.state.items : [] });
    if (fetch) this.load(null);
    else this.stop();
  }

  loadMore = (): void => {
    if (this.state.next && !this.state.loading) this.load(this.state.next);
  };

  retry = (): void => {
    if (this.fetch && !this.state.loading && this.state.error) this.load(this.failedCursor);
  };

  /** Cancels what is running (the component using it is gone). */
  stop(): void {
    this.running?.abort();
    this.running = null;
    if (this.state.loading) this.set({ ...this.state, loading: false });
  }

  private load(cursor: string | null): void {
    const fetch = this.fetch;
    if (!fetch) return;
    this.running?.abort();
    const ac = new AbortController();
    this.running = ac;
    this.set({ ...this.state, loading: true, error: null });
    fetch(cursor, ac.signal).then(
      (page) => {
        if (ac.signal.aborted) return;
        this.running = null;
        this.set({
          items: cursor ? appendNew(this.state.items, page.items) : page.items,
          next: page.next_cursor ?? null,
          loading: false,
          error: null,
          searched: true,
        });
      },
      (e: unknown) => {
        if (ac.signal.aborted || isAbort(e)) return;
        this.running = null;
        this.failedCursor = cursor;
        this.set({ ...this.state, loading: false, error: e });
      },
    );
  }

  private set(state: PagedState<T>): void {
    this.state = state;
    this.onChange(state);
  }
}

function appendNew<T extends { id: string }>(list: T[], page: T[]): T[] {
  const seen = new Set(list.map((x) => x.id));
  return [...list, ...page.filter((x) => !seen.has(x.id))];
}
