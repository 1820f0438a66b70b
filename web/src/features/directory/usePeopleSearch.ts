import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Person } from '../../api/schemas';
import type { Query } from '../../api/http';
import { usePagedSearch } from '../../state/usePagedSearch';

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** Pages through GET /people for a query; while a new query loads, the old list stays on screen. */
export function usePeopleSearch(query: Query, pageSize = 30) {
  return usePagedSearch<Person>(
    `${pageSize}:${JSON.stringify(query)}`,
    (cursor, signal) => api.people({ ...query, limit: pageSize, ...(cursor ? { cursor } : {}) }, signal),
    true,
  );
}
