import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Message } from '../../api/schemas';
import type { Query } from '../../api/http';

const PAGE = 30;
const aborted = (e: unknown) => (e as { name?: string })?.name === 'AbortError';

/**
 * Pages through GET /search/messages. A new query replaces the results (and cancels the request
 * still running for the old one, so a slow answer never overwrites a newer one); loadMore appends.
 * `query` null = nothing to search for yet.
 */
export function useMessageSearch(query: Query | null) {
  const [items, setItems] = useState<Message[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [searched, setSearched] = useState(false); // an answer for the current query has arrived
  const key = query ? JSON.stringify(query) : '';
  const abortRef = useRef<AbortController | null>(null);

  const fetchPage = useCallback(
    (cursor: string | null) => {
      abortRef.current?.abort();
      const ac = new AbortController();
      abortRef.current = ac;
      setLoading(true);
      setError(null);
      api
        .searchMessages({ ...query, limit: PAGE, cursor: cursor ?? undefined }, ac.signal)
        .then((page) => {
          if (ac.signal.aborted) return;
          setItems((prev) => {
            if (!cursor) return page.items;
            const seen = new Set(prev.map((m) => m.id));
            return [...prev, ...page.items.filter((m) => !seen.has(m.id))];
          });
          setNext(page.next_cursor ?? null);
          setSearched(true);
        })
        .catch((e) => {
          if (ac.signal.aborted || aborted(e)) return;
          setError(e);
        })
        .finally(() => {
          if (!ac.signal.aborted) setLoading(false);
        });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    setItems([]);
    setNext(null);
    setSearched(false);
    setError(null);
    if (!key) {
      abortRef.current?.abort();
      setLoading(false);
      return;
    }
    fetchPage(null);
    return () => abortRef.current?.abort();
  }, [key, fetchPage]);

  const loadMore = useCallback(() => {
    if (next && !loading) fetchPage(next);
  }, [next, loading, fetchPage]);
  const retry = useCallback(() => fetchPage(next), [next, fetchPage]);

  return { items, next, loading, error, searched, loadMore, retry };
}
