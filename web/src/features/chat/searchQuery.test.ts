import { describe, expect, it } from 'vitest';
import { apiQuery, datesReversed, dayEnd, dayStart, filtersFromParams, searchPath } from './searchQuery';

describe('search filters', () => {
  it('round-trips through the URL, leaving empty filters out', () => {
    const path = searchPath({ q: 'أحمد', conversation: 'c_1', from: '2026-11-01' });
    expect(path).toBe(`/chats/search?q=${encodeURIComponent('أحمد')}&conversation=c_1&from=2026-11-01`);
    const f = filtersFromParams(new URLSearchParams(path.split('?')[1]));
    expect(f).toEqual({ q: 'أحمد', conversation: 'c_1', author: '', from: '2026-11-01', to: '' });
    expect(searchPath({})).toBe('/chats/search');
  });

  it('ignores dates that are not YYYY-MM-DD', () => {
    expect(filtersFromParams(new URLSearchParams('from=yesterday&to=2026-1-2')).from).toBe('');
  });

  it('sends local day bounds as RFC 3339 UTC seconds', () => {
    expect(dayStart('2026-11-29')).toBe(new Date(2026, 10, 29, 0, 0, 0).toISOString().replace('.000Z', 'Z'));
    expect(dayEnd('2026-11-29')).toBe(new Date(2026, 10, 29, 23, 59, 59).toISOString().replace('.000Z', 'Z'));
    expect(dayStart('2026-11-29')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('builds the API query', () => {
    const q = apiQuery({ q: ' plan ', conversation: 'c_1', author: '', from: '', to: '2026-11-29' });
    expect(q).toEqual({ q: 'plan', conversation_id: 'c_1', author_id: undefined, since: undefined, until: dayEnd('2026-11-29') });
  });

  it('notices a reversed date range', () => {
    const f = { q: 'x', conversation: '', author: '', from: '2026-11-30', to: '2026-11-01' };
    expect(datesReversed(f)).toBe(true);
    expect(datesReversed({ ...f, to: '2026-11-30' })).toBe(false);
  });
});
