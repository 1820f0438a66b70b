import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThrottledLoader } from './throttledLoader';

describe('ThrottledLoader', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const flush = () => vi.advanceTimersByTimeAsync(0);

  it('loads at once, then at most once per interval however often it is asked', async () => {
    let calls = 0;
    const results: number[] = [];
    const loader = new ThrottledLoader(async () => ++calls, (r) => r.ok && results.push(r.value), 1000);
    loader.request();
    await flush();
    expect(calls).toBe(1);
    for (let i = 0; i < 50; i++) {
      loader.request(); // a burst of read events
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(calls).toBe(2);
    expect(results).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(2); // nothing asked since: nothing loaded
  });

  it('never lets a late answer replace a newer one', async () => {
    const answers: Array<(v: string) => void> = [];
    const shown: string[] = [];
    const loader = new ThrottledLoader(() => new Promise<string>((r) => answers.push(r)), (r) => r.ok && shown.push(r.value), 100);
    loader.request();
    await flush();
    loader.request();
    await vi.advanceTimersByTimeAsync(100);
    expect(answers).toHaveLength(2);
    answers[1]('newer');
    await flush();
    answers[0]('older');
    await flush();
    expect(shown).toEqual(['newer']);
  });

  it('reports a failure, and nothing after it is stopped', async () => {
    const seen: string[] = [];
    let fail = true;
    const loader = new ThrottledLoader(
      async () => {
        if (fail) throw new Error('offline');
        return 'ok';
      },
      (r) => seen.push(r.ok ? r.value : 'error'),
      100,
    );
    loader.request();
    await flush();
    expect(seen).toEqual(['error']);
    fail = false;
    loader.request();
    loader.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['error']);
  });
});
