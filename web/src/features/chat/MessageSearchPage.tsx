import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { chat } from '../../state/boot';
import { Alert, SelectField, TextField } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { useDebounced } from '../directory/usePeopleSearch';
import { useChat } from './useChat';
import { AuthorFilter } from './AuthorFilter';
import { SearchResult } from './SearchResult';
import { useMessageSearch } from './useMessageSearch';
import { queryProblem } from './searchText';
import { apiQuery, datesReversed, filtersFromParams, type SearchFilters } from './searchQuery';

/**
 * Message search (`/chats/search?q=&conversation=&author=&from=&to=`). The filters live in the URL,
 * so Back from an opened result returns to the same results; a result opens the conversation at
 * the message (`?m=`), which pages back to it and highlights it.
 */
export function MessageSearchPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const f = useMemo(() => filtersFromParams(params), [params]);
  const [text, setText] = useState(f.q);
  const typed = useDebounced(text, 300);
  const conversations = useChat((s) => s.conversations);
  // where Back goes: the conversation this search was started from, else the chat list
  const [from] = useState(f.conversation);
  const active = [f.conversation, f.author, f.from || f.to].filter(Boolean).length;
  const [filtersOpen, setFiltersOpen] = useState(active > 0);

  const setFilter = (name: keyof SearchFilters, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  // the query follows typing (debounced); Enter sends it at once
  useEffect(() => {
    if (typed.trim() !== f.q.trim()) setFilter('q', typed.trim());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);
  function submit(e: FormEvent) {
    e.preventDefault();
    setFilter('q', text.trim());
    // on a phone the keyboard would cover the results
    (document.activeElement as HTMLElement | null)?.blur();
  }

  useEffect(() => {
    void chat.loadConversations().catch(() => undefined);
  }, []);
  // a filtered or found conversation the list does not hold (a public channel I have not joined)
  const wanted = useMemo(() => (f.conversation ? [f.conversation] : []), [f.conversation]);
  useMissingConversations(wanted, conversations);

  const problem = queryProblem(f.q);
  const reversed = datesReversed(f);
  const query = useMemo(() => (problem || reversed ? null : apiQuery(f)), [f, problem, reversed]);
  const { items, next, loading, error, searched, loadMore, retry } = useMessageSearch(query);
  useMissingConversations(useMemo(() => items.map((m) => m.conversation_id), [items]), conversations);

  const options = useMemo(
    () => Object.values(conversations).sort((a, b) => a.name.localeCompare(b.name, lang)),
    [conversations, lang],
  );
  const textProblem = queryProblem(text);
  const hint = textProblem === 'too_long' ? t('search.too_long') : text && textProblem === 'empty' ? t('search.too_short') : null;

  let status = '';
  if (!query) status = f.q.trim() ? '' : t('search.start');
  else if (loading && !items.length) status = t('common.loading');
  else if (searched && !items.length && !error) status = t('search.no_results');
  else if (searched) status = next ? t('search.count_more', { n: items.length }) : t('search.count', { n: items.length });

  return (
    <section className="search-page" aria-labelledby="search-h" data-testid="message-search">
      <Link to={from ? `/chats/${encodeURIComponent(from)}` : '/chats'} className="back-link">
        <span aria-hidden="true" className="flip-rtl">
          ←
        </span>{' '}
        {from ? t('chat.back_to_conversation') : t('chat.back')}
      </Link>
      <h1 id="search-h">{t('search.title')}</h1>
      <form className="search-form" role="search" aria-label={t('search.title')} onSubmit={submit}>
        <TextField
          label={t('search.query')}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('search.placeholder')}
          hint={hint}
          dir="auto"
          autoComplete="off"
          enterKeyHint="search"
          data-testid="search-query"
        />
        {/* on a phone the filters would push the results below the fold: folded until wanted */}
        <details className="search-filters" open={filtersOpen} onToggle={(e) => setFiltersOpen(e.currentTarget.open)}>
          <summary data-testid="search-filters">{active ? t('search.filters_active', { n: active }) : t('search.filters')}</summary>
          <SelectField label={t('search.conversation')} value={f.conversation} onChange={(e) => setFilter('conversation', e.target.value)} data-testid="search-conversation">
            <option value="">{t('search.all_conversations')}</option>
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <AuthorFilter authorId={f.author} onChange={(id) => setFilter('author', id)} />
          <div className="date-range">
            <TextField label={t('search.from')} type="date" value={f.from} max={f.to || undefined} onChange={(e) => setFilter('from', e.target.value)} />
            <TextField label={t('search.to')} type="date" value={f.to} min={f.from || undefined} onChange={(e) => setFilter('to', e.target.value)} />
          </div>
          {reversed ? <p className="field-error">{t('search.dates_reversed')}</p> : null}
        </details>
      </form>
      <p className="result-count" role="status" aria-live="polite" data-testid="search-status">
        {status}
      </p>
      {error ? (
        <div className="search-error">
          <Alert>{errorMessage(t, error)}</Alert>
          <button type="button" className="btn" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}
      {items.length ? (
        <ul className="search-results" aria-label={t('search.results')}>
          {items.map((m) => (
            <SearchResult key={m.id} m={m} query={f.q} conversation={conversations[m.conversation_id]} />
          ))}
        </ul>
      ) : null}
      {next ? (
        <div className="load-more">
          <button type="button" className="btn" onClick={loadMore} disabled={loading} data-testid="search-more">
            {loading ? t('common.loading') : t('common.load_more')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

/**
 * Fetches (once each) conversations the loaded list does not hold — a public channel I have not
 * joined — so their names can be shown. Waits for the list, which would replace them.
 */
function useMissingConversations(ids: string[], held: Record<string, unknown>) {
  const loaded = useChat((s) => s.listLoaded);
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!loaded) return;
    for (const id of new Set(ids)) {
      if (held[id] || asked.current.has(id)) continue;
      asked.current.add(id);
      void chat.fetchConversation(id);
    }
  }, [ids, held, loaded]);
}
