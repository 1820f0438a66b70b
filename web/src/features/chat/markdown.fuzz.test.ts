/**
 * Fuzzing the message Markdown renderer, which runs only in the browser (the server's libFuzzer
 * targets in fuzz/ cannot reach TypeScript). Seeds from fuzz/corpus/fuzz_message_text/ and below are
 * mutated by a seeded generator, so every run is reproducible (MARKDOWN_FUZZ_SEED, _RUNS to vary).
 * For any text: parsing and rendering never throw, finish quickly even at the 10,000-character
 * limit, emit only the elements the subset knows, and link only http, https and mailto.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMarkdown, plainText } from './markdown';
import { Markdown } from './Markdown';

const corpusDir = fileURLToPath(new URL('../../../../fuzz/corpus/fuzz_message_text/', import.meta.url));
const seeds = [
  ...readdirSync(corpusDir).map((f) => readFileSync(corpusDir + f, 'utf8')),
  '[x](javascript:alert(1)) [y](JaVaScRiPt:1) [z](java\tscript:1) <script>alert(1)</script> <img src=x onerror=1>',
  '[a](https://e.com/"onmouseover="x) https://e.com/<b> mailto:a@b.c [m](mailto:a@b.c)',
  '> > > > > > deep\n- **_`x`_**\n```\n<b>\n```',
  'https://example.com/صفحة?q=عربي. @all\r\n@[<b>](p_1)',
];
const tokens = ['**', '*', '_', '`', '```', '[', ']', '(', ')', '@[', '](', '@all', '> ', '- ', '\n', 'https://', 'http://e.com',
  'javascript:', 'mailto:', '<', '>', '"', '&', 'سارة', 'é', '\u200f', '\u0000', ' '];
const ALLOWED_ATTRIBUTES = new Set(['class', 'href', 'target', 'rel', 'dir', 'data-person-id']);
const ALLOWED_TAGS = new Set(['div', 'p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'li', 'blockquote', 'a', 'span', 'bdi']);

// mulberry32: small, seeded, good enough to pick mutations.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, random: () => number): string {
  let out = text;
  const steps = 1 + Math.floor(random() * 6);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(random() * (out.length + 1));
    const pick = random();
    if (pick < 0.5) out = out.slice(0, at) + tokens[Math.floor(random() * tokens.length)] + out.slice(at);
    else if (pick < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 8));
    else if (pick < 0.85) out = out.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x700)) + out.slice(at);
    else out = out + seeds[Math.floor(random() * seeds.length)];
  }
  return out.slice(0, 2_000);  // the length limit is covered below; short inputs make more runs
}

function checkRendered(text: string) {
  const html = renderToStaticMarkup(createElement(Markdown, { text }));
  // Text is escaped (no raw '<' or '>'), so every tag here is one the renderer made. Plain checks
  // (not expect) in the loop: thousands of runs stay fast.
  const refuse = (what: string) => {
    throw new Error(`${what} rendered from ${JSON.stringify(text)}`);
  };
  for (const [, tag, attributes] of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    if (!ALLOWED_TAGS.has(tag)) refuse(`tag <${tag}>`);
    for (const [, name, value] of attributes.matchAll(/\s([a-zA-Z-]+)="([^"]*)"/g)) {
      if (!ALLOWED_ATTRIBUTES.has(name)) refuse(`attribute ${name}`);
      if (name === 'href' && !/^(https?:\/\/|mailto:)/.test(value)) refuse(`link ${value}`);
    }
  }
  plainText(text);
}

describe('markdown fuzz', () => {
  it('renders any mutation of the seeds safely', () => {
    const random = rng(Number(process.env.MARKDOWN_FUZZ_SEED ?? 14));
    const runs = Number(process.env.MARKDOWN_FUZZ_RUNS ?? 1500);
    for (const seed of seeds) checkRendered(seed);
    let text = seeds[0];
    for (let i = 0; i < runs; i++) {
      text = mutate(random() < 0.2 ? seeds[Math.floor(random() * seeds.length)] : text, random);
      checkRendered(text);
    }
  }, 120_000);

  it('stays fast on hostile messages at the length limit', () => {
    const hostile = ['_a '.repeat(3333), '*a'.repeat(5000), '**'.repeat(5000), '['.repeat(10_000), '@['.repeat(5000),
      '`'.repeat(10_000), '> '.repeat(5000), 'http://'.repeat(1428), '[a](https://e.com/'.repeat(500), '_*'.repeat(5000)];
    for (const text of hostile) {
      const started = performance.now();
      parseMarkdown(text);
      const ms = performance.now() - started;
      if (process.env.MARKDOWN_FUZZ_TIMES) console.log(JSON.stringify(text.slice(0, 12)), Math.round(ms));
      expect(ms, `${JSON.stringify(text.slice(0, 12))}...`).toBeLessThan(5000);
    }
  }, 60_000);
});
