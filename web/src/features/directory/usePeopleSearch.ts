import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Person } from '../../api/schemas';
import type { Query } from '../../api/http';

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** Pages through GET /people for a query; a new query replaces the list, loadMore appends. */
export function usePeopleSearch(query: Query, pageSize = 30) {
  const [items, setItems] = useState<Person[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = JSON.stringify(query);
  const abortRef = useRef<AbortController | null>(null);
  const [reloadTick, setReloadTick] = useState(0);

  useEffect(() => {
    abortRef.current?.abort();
    const ac = new AbortController();
    abortRef.current = ac;
    setLoading(true);
    setError(null);
    api
      .people({ ...query, limit: pageSize }, ac.signal)
      .then((page) => {
        if (ac.signal.aborted) return;
        setItems(page.items);
        setNext(page.next_cursor ?? null);
      })
      .catch((e) => {
        if (ac.signal.aborted || (e as { name?: string })?.name === 'AbortError') return;
        setError(e);
        setItems([]);
        setNext(null);
      })
      .finally(() => {
        if (!ac.signal.aborted) setLoading(false);
      });
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, pageSize, reloadTick]);

  const loadMore = useCallback(() => {
    if (!next || loading) return;
    const ac = new AbortController();
    abortRef.current = ac;
    setLoading(true);
    api
      .people({ ...query, limit: pageSize, cursor: next }, ac.signal)
      .then((page) => {
        if (ac.signal.aborted) return;
        setItems((prev) => {
          const seen = new Set(prev.map((p) => p.id));
          return [...prev, ...page.items.filter((p) => !seen.has(p.id))];
        });
        setNext(page.next_cursor ?? null);
      })
      .catch((e) => {
        if (!ac.signal.aborted) setError(e);
      })
      .finally(() => {
        if (!ac.signal.aborted) setLoading(false);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [next, loading, key, pageSize]);

  const reload = useCallback(() => setReloadTick((n) => n + 1), []);

  return { items, next, loading, error, loadMore, reload };
}
