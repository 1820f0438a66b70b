import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { parseInline, parseMarkdown, plainText, safeHref } from './markdown';
import { Markdown } from './Markdown';

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe('markdown parsing', () => {
  it('bold, italic, code, mentions', () => {
    expect(parseInline('**hi** *there* `x*y` @[أحمد علي](p_123)')).toEqual([
      { t: 'b', children: [{ t: 'text', text: 'hi' }] },
      { t: 'text', text: ' ' },
      { t: 'i', children: [{ t: 'text', text: 'there' }] },
      { t: 'text', text: ' ' },
      { t: 'code', text: 'x*y' },
      { t: 'text', text: ' ' },
      { t: 'mention', name: 'أحمد علي', id: 'p_123' },
    ]);
  });

  it('leaves lone markers and snake_case alone', () => {
    expect(parseInline('2 * 3 * 4 and snake_case_name')).toEqual([{ t: 'text', text: '2 * 3 * 4 and snake_case_name' }]);
  });

  it('blocks: code fences, lists, quotes, paragraphs', () => {
    const b = parseMarkdown('hello\nworld\n\n- one\n- **two**\n> quoted\n> more\n```\nlet a = 1;\n**not bold**\n```');
    expect(b.map((x) => x.t)).toEqual(['p', 'ul', 'quote', 'pre']);
    expect(b[3]).toEqual({ t: 'pre', text: 'let a = 1;\n**not bold**' });
    expect(html('hello\nworld')).toBe('<div class="md"><p>hello<br/>world</p></div>');
  });

  it('renders links with safe attributes and bare URLs', () => {
    expect(html('[site](https://example.com/a?b=1)')).toBe(
      '<div class="md"><p><a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow">site</a></p></div>',
    );
    expect(html('see https://example.com/x.')).toContain('<a href="https://example.com/x"');
    expect(html('[mail](mailto:a@example.com)')).toContain('href="mailto:a@example.com"');
  });

  it('mention chips', () => {
    expect(html('hi @[Sara](p_9)')).toBe('<div class="md"><p>hi <span class="mention" data-person-id="p_9">@<bdi>Sara</bdi></span></p></div>');
  });

  it('plain text previews', () => {
    expect(plainText('**hi** @[Sara](p_9)\n`x`')).toBe('hi @Sara x');
  });
});

describe('markdown safety', () => {
  const attacks = [
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](java\tscript:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](vbscript:msgbox(1))',
    '[x](&#106;avascript:alert(1))',
    '[**[inner](javascript:alert(1))**](https://ok.example)',
    '@[<img src=x onerror=alert(1)>](p_1)',
    '`<b onmouseover=alert(1)>`',
    '```\n</code><script>alert(1)</script>\n```',
    '> <iframe src="javascript:alert(1)">',
    '- [a](javascript:void(0))',
    'javascript:alert(1)',
    '" onmouseover="alert(1)',
  ];
  for (const a of attacks) {
    it(`renders as text: ${a.replace(/\n/g, '\\n')}`, () => {
      const out = html(a);
      // no element other than the ones the renderer makes, no javascript: anywhere in an attribute
      const tags = [...out.matchAll(/<([a-z]+)[\s>/]/g)].map((m) => m[1]);
      for (const t of tags) expect(['div', 'p', 'br', 'strong', 'em', 'code', 'pre', 'a', 'span', 'bdi', 'ul', 'li', 'blockquote']).toContain(t);
      expect(out).not.toMatch(/href="\s*(javascript|data|vbscript)/i);
      expect(out).not.toMatch(/<(img|script|iframe|b )/i);
      // inside real tags (text is escaped, so "<" in the text cannot open one): no event handler
      for (const tag of out.match(/<[^>]*>/g) ?? []) expect(tag).not.toMatch(/\son[a-z]+=/i);
      expect(out).toContain('&lt;'.slice(0, a.includes('<') ? 4 : 0));
    });
  }

  it('safeHref allows only http, https and mailto', () => {
    expect(safeHref('https://a.example/')).toBe('https://a.example/');
    expect(safeHref('http://a.example')).toBe('http://a.example/');
    expect(safeHref('mailto:x@y.z')).toBe('mailto:x@y.z');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'ftp://x', '//evil.example', '/relative', 'https://a b'])
      expect(safeHref(bad)).toBeNull();
  });
});
