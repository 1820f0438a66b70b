import { api } from '../../api/client';
import type { Message } from '../../api/schemas';
import type { Query } from '../../api/http';
import { usePagedSearch } from '../../state/usePagedSearch';

const PAGE = 30;

/** Pages through GET /search/messages; `query` null = nothing to search for yet. */
export function useMessageSearch(query: Query | null) {
  return usePagedSearch<Message>(
    query ? JSON.stringify(query) : '',
    query ? (cursor, signal) => api.searchMessages({ ...query, limit: PAGE, cursor: cursor ?? undefined }, signal) : null,
  );
}
