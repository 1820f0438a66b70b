import { memo } from 'react';
import { Link } from 'react-router-dom';
import type { Conversation, Message } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { formatListTime } from './format';
import { plainText } from './markdown';
import { excerpt, matchRanges, splitByRanges } from './searchText';
import { kindIcon } from './ChatListPage';
import { Avatar } from '../../components/Avatar';

const enc = encodeURIComponent;

/**
 * Text with the matched parts in <mark>. The message is untrusted: it is rendered as React text
 * nodes (never as HTML) and as plain text, not Markdown, so the highlight offsets stay true.
 */
export function Highlighted({ text, query }: { text: string; query: string }) {
  const cut = excerpt(text, matchRanges(text, query));
  return (
    <>
      {splitByRanges(cut.text, cut.ranges).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}

/** One found message: where, who, when, and the text; opens the conversation at the message. */
export const SearchResult = memo(function SearchResult({ m, query, conversation }: { m: Message; query: string; conversation?: Conversation }) {
  const { t, lang } = useI18n();
  const text = plainText(m.text);
  const icon = conversation ? kindIcon(conversation.kind) : null;
  // in a direct chat the conversation is named after the other person: no need to say it twice
  const showAuthor = !(conversation?.kind === 'direct' && m.author_id === conversation.other_person_id);
  return (
    <li data-testid="search-result" data-id={m.id}>
      <Link to={`/chats/${enc(m.conversation_id)}?m=${enc(m.id)}`} className="result-link">
        <span className="result-top">
          <span className="result-conv">
            {icon ? <span aria-hidden="true">{icon} </span> : null}
            <bdi>{conversation?.name ?? '…'}</bdi>
          </span>
          <time dateTime={m.created_at}>{formatListTime(m.created_at, lang)}</time>
        </span>
        {showAuthor ? (
          <span className="author-with-avatar">
            <Avatar name={m.author_name ?? ''} personId={m.author_id} className="avatar-xs" />
            <bdi className="result-author">{m.author_name ?? ''}</bdi>
          </span>
        ) : null}
        <span className="result-text" dir="auto" data-testid="search-result-text">
          {text ? <Highlighted text={text} query={query} /> : t('chat.preview_attachment')}
        </span>
      </Link>
    </li>
  );
});
