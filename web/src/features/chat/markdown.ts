/**
 * A small, safe Markdown subset for messages. Parsing produces a tree of plain objects; the React
 * renderer (Markdown.tsx) turns it into elements with text as children, so nothing is ever parsed
 * as HTML. Supported: **bold**, *italic* / _italic_, `code`, ```code blocks```, [links](url) and
 * bare http(s) URLs (http, https and mailto only), "- " lists, "> " quotes, mentions
 * `@[Name](p_id)`, `@all`. Everything else is text.
 */
export type Inline =
  | { t: 'text'; text: string }
  | { t: 'b'; children: Inline[] }
  | { t: 'i'; children: Inline[] }
  | { t: 'code'; text: string }
  | { t: 'link'; href: string; children: Inline[] }
  | { t: 'mention'; name: string; id: string }
  | { t: 'all' }
  | { t: 'br' };

export type Block =
  | { t: 'p'; children: Inline[] }
  | { t: 'pre'; text: string }
  | { t: 'ul'; items: Inline[][] }
  | { t: 'quote'; children: Block[] };

const MAX_DEPTH = 4;

/** The URL if it is safe to link (http, https, mailto), else null. */
export function safeHref(raw: string): string | null {
  const s = raw.trim();
  // no control characters or whitespace tricks ("java\tscript:")
  if (!s || /[\u0000-\u0020\u007f-\u009f]/.test(s)) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'mailto:') return null;
  // the scheme as written must also be the plain one (no entity or case tricks getting normalized)
  if (!/^(https?:\/\/|mailto:)/i.test(s)) return null;
  return u.href;
}

const MENTION = /^@\[([^\]\n]{1,200})\]\(([A-Za-z0-9_-]{1,80})\)/;
const LINK = /^\[([^\]\n]{1,500})\]\(([^()\s]{1,2000})\)/;
const BARE_URL = /^(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/i;

function pushText(out: Inline[], text: string) {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.t === 'text') out[out.length - 1] = { t: 'text', text: last.text + text };
  else out.push({ t: 'text', text });
}

/** Parses one paragraph's inline content (newlines become line breaks). */
export function parseInline(src: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    const rest = src.slice(i);
    if (ch === '\n') {
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > i + 1) {
        out.push({ t: 'code', text: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '@') {
      const m = MENTION.exec(rest);
      if (m) {
        out.push({ t: 'mention', name: m[1], id: m[2] });
        i += m[0].length;
        continue;
      }
      if (/^@all\b/.test(rest) && (i === 0 || /\s/.test(src[i - 1]))) {
        out.push({ t: 'all' });
        i += 4;
        continue;
      }
    }
    if (ch === '[' && depth < MAX_DEPTH) {
      const m = LINK.exec(rest);
      if (m) {
        const href = safeHref(m[2]);
        if (href) {
          out.push({ t: 'link', href, children: parseInline(m[1], depth + 1).filter((x) => x.t !== 'link') });
        } else {
          pushText(out, m[0]); // an unsafe link stays visible as text, never as a link
        }
        i += m[0].length;
        continue;
      }
    }
    if ((ch === 'h' || ch === 'H') && (i === 0 || !/[\p{L}\p{N}]/u.test(src[i - 1]))) {
      const m = BARE_URL.exec(rest);
      if (m) {
        const href = safeHref(m[1]);
        if (href) {
          out.push({ t: 'link', href, children: [{ t: 'text', text: m[1] }] });
          i += m[1].length;
          continue;
        }
      }
    }
    if (ch === '*' && src[i + 1] === '*' && depth < MAX_DEPTH) {
      const end = src.indexOf('**', i + 2);
      if (end > i + 2 && !/\s/.test(src[i + 2])) {
        out.push({ t: 'b', children: parseInline(src.slice(i + 2, end), depth + 1) });
        i = end + 2;
        continue;
      }
    }
    if ((ch === '*' || ch === '_') && depth < MAX_DEPTH) {
      const prevWord = i > 0 && /[\p{L}\p{N}]/u.test(src[i - 1]);
      if (!(ch === '_' && prevWord) && src[i + 1] && !/\s/.test(src[i + 1]) && src[i + 1] !== ch) {
        let end = src.indexOf(ch, i + 1);
        while (end > 0 && ch === '*' && src[end + 1] === '*') end = src.indexOf(ch, end + 2);
        if (end > i + 1 && !/\s/.test(src[end - 1]) && !src.slice(i + 1, end).includes('\n\n')) {
          out.push({ t: 'i', children: parseInline(src.slice(i + 1, end), depth + 1) });
          i = end + 1;
          continue;
        }
      }
    }
    pushText(out, ch);
    i++;
  }
  return out;
}

/** Parses a message into blocks. */
export function parseMarkdown(src: string, depth = 0): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) {
      blocks.push({ t: 'p', children: parseInline(para.join('\n'), depth) });
      para = [];
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      flush();
      const body: string[] = [];
      const firstRest = line.replace(/^\s*```/, '');
      // ```code``` on one line
      const oneLine = /^(.*)```\s*$/.exec(firstRest);
      if (oneLine && firstRest.trim() !== '') {
        blocks.push({ t: 'pre', text: oneLine[1] });
        continue;
      }
      i++;
      while (i < lines.length && !/^\s*```\s*$/.test(lines[i])) body.push(lines[i++]);
      blocks.push({ t: 'pre', text: body.join('\n') });
      continue;
    }
    if (/^\s*>/.test(line) && depth < MAX_DEPTH) {
      flush();
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) body.push(lines[i++].replace(/^\s*> ?/, ''));
      i--;
      blocks.push({ t: 'quote', children: parseMarkdown(body.join('\n'), depth + 1) });
      continue;
    }
    if (/^\s*[-•] +\S/.test(line)) {
      flush();
      const items: Inline[][] = [];
      while (i < lines.length && /^\s*[-•] +\S/.test(lines[i])) items.push(parseInline(lines[i++].replace(/^\s*[-•] +/, ''), depth));
      i--;
      blocks.push({ t: 'ul', items });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks;
}

/** Plain text of a message (list previews, notifications): mentions as @Name, markup dropped. */
export function plainText(src: string): string {
  return src
    .replace(/@\[([^\]\n]{1,200})\]\(([A-Za-z0-9_-]{1,80})\)/g, '@$1')
    .replace(/```/g, '')
    .replace(/\*\*|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
