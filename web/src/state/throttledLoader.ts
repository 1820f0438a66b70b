/**
 * Loads again when asked, but never more often than once per `minMs`, and a late answer never
 * replaces a newer one. For views that follow a stream of change events (a "seen by" list of a
 * 10,000-member channel hears every read): a burst of events costs one request, not one each.
 */
export type LoadResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

export class ThrottledLoader<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastStart = -Infinity;
  private started = 0;
  private applied = 0;
  private stopped = false;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly onResult: (result: LoadResult<T>) => void,
    private readonly minMs: number,
  ) {}

  /** Loads now, or at the end of the current interval; asking again meanwhile changes nothing. */
  request(): void {
    if (this.stopped || this.timer !== null) return;
    const wait = Math.max(0, this.lastStart + this.minMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, wait);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private start(): void {
    if (this.stopped) return;
    this.lastStart = Date.now();
    const n = ++this.started;
    const deliver = (result: LoadResult<T>) => {
      if (this.stopped || n < this.applied) return;
      this.applied = n;
      this.onResult(result);
    };
    this.load().then(
      (value) => deliver({ ok: true, value }),
      (error: unknown) => deliver({ ok: false, error }),
    );
  }
}
