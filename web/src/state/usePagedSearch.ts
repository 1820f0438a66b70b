import { useCallback, useEffect, useRef, useState } from 'react';
import { emptyPaged, PagedSearch, type FetchPage, type PagedState } from './pagedSearch';

/**
 * React state for a PagedSearch. `key` names the query (a new key starts over); `fetch` is read
 * when the key changes, so it may be a new function at every render.
 */
export function usePagedSearch<T extends { id: string }>(key: string, fetch: FetchPage<T> | null, keepItems = false) {
  const [state, setState] = useState<PagedState<T>>(emptyPaged<T>);
  const searchRef = useRef<PagedSearch<T> | null>(null);
  searchRef.current ??= new PagedSearch<T>(setState);
  const search = searchRef.current;
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  useEffect(() => {
    search.start(fetchRef.current, keepItems);
    return () => search.stop();
  }, [key, search, keepItems]);

  const reload = useCallback(() => search.start(fetchRef.current, true), [search]);
  return { ...state, loadMore: search.loadMore, retry: search.retry, reload };
}
