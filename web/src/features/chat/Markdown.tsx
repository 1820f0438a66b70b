import type { ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from './markdown';

/** Renders the safe Markdown subset. Text is always a React child (escaped), never HTML. */
export function Markdown({ text, allLabel = '@all' }: { text: string; allLabel?: string }) {
  return <div className="md">{parseMarkdown(text).map((b, i) => renderBlock(b, i, allLabel))}</div>;
}

function renderBlock(b: Block, key: number, allLabel: string): ReactNode {
  switch (b.t) {
    case 'p':
      return <p key={key}>{renderInlines(b.children, allLabel)}</p>;
    case 'pre':
      return (
        <pre key={key} dir="ltr">
          <code>{b.text}</code>
        </pre>
      );
    case 'ul':
      return (
        <ul key={key}>
          {b.items.map((it, j) => (
            <li key={j}>{renderInlines(it, allLabel)}</li>
          ))}
        </ul>
      );
    case 'quote':
      return <blockquote key={key}>{b.children.map((c, j) => renderBlock(c, j, allLabel))}</blockquote>;
  }
}

function renderInlines(list: Inline[], allLabel: string): ReactNode[] {
  return list.map((n, i) => renderInline(n, i, allLabel));
}

function renderInline(n: Inline, key: number, allLabel: string): ReactNode {
  switch (n.t) {
    case 'text':
      return n.text;
    case 'br':
      return <br key={key} />;
    case 'b':
      return <strong key={key}>{renderInlines(n.children, allLabel)}</strong>;
    case 'i':
      return <em key={key}>{renderInlines(n.children, allLabel)}</em>;
    case 'code':
      return (
        <code key={key} dir="auto">
          {n.text}
        </code>
      );
    case 'link':
      return (
        <a key={key} href={n.href} target="_blank" rel="noopener noreferrer nofollow">
          {renderInlines(n.children, allLabel)}
        </a>
      );
    case 'mention':
      return (
        <span key={key} className="mention" data-person-id={n.id}>
          @<bdi>{n.name}</bdi>
        </span>
      );
    case 'all':
      return (
        <span key={key} className="mention mention-all">
          {allLabel}
        </span>
      );
  }
}
