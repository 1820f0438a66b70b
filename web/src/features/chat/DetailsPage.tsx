import { useEffect, useId, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { chat } from '../../state/boot';
import { useChat } from './useChat';

/** A page under a conversation's details (pins, membership history): the way back, a title, and
 *  which conversation it is about (fetched when this page is the first one opened). */
export function DetailsPage({ conversationId, title, back, testId, children }: { conversationId: string; title: string; back: string; testId: string; children: ReactNode }) {
  const headingId = useId();
  const conv = useChat((s) => s.conversations[conversationId]);
  useEffect(() => {
    if (!chat.state.conversations[conversationId]) void chat.fetchConversation(conversationId);
  }, [conversationId]);
  return (
    <section className="info-page" aria-labelledby={headingId} data-testid={testId}>
      <Link to={`/chats/${encodeURIComponent(conversationId)}/info`} className="back-link">
        <span aria-hidden="true" className="flip-rtl">
          ←
        </span>{' '}
        {back}
      </Link>
      <h1 id={headingId}>{title}</h1>
      {conv ? (
        <p className="hint">
          <bdi>{conv.name}</bdi>
        </p>
      ) : null}
      {children}
    </section>
  );
}
