/**
 * The server's search normalization (server/src/domain/text/arabic.cpp, normalize_for_search),
 * mirrored character for character so the screen highlights exactly what the server matched: a
 * search for "احمد" finds "أحمد", "Ahmed" finds "ahmed". Keep the two in step.
 */

const MAX_TERMS = 8; // kMaxSearchTerms
const MAX_QUERY_BYTES = 500; // the handler refuses longer searches

function isSpace(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

// Invisible characters (zero-width, bidi controls, BOM, other controls) are dropped.
function isIgnorable(c: number): boolean {
  return (
    (c >= 0x200b && c <= 0x200f) || c === 0xfeff || (c >= 0x2066 && c <= 0x2069) || (c >= 0x202a && c <= 0x202e) ||
    c === 0x2060 || c === 0x061c || c < 0x20 || (c >= 0x7f && c <= 0x9f)
  );
}

// Base letters for U+00C0..U+00FF and U+0100..U+017F; '*' = multi-letter fold, '-' = not a letter.
const LATIN1 = 'aaaaaa*ceeeeiiiidnooooo-ouuuuy**' + 'aaaaaa*ceeeeiiiidnooooo-ouuuuy*y';
const LATIN_EXT_A =
  'aaaaaa' + 'cccccccc' + 'dddd' + 'eeeeeeeeee' + 'gggggggg' + 'hhhh' + 'iiiiiiiiii' + '**' + 'jj' + 'kkk' +
  'llllllllll' + 'nnnnnnnnn' + 'oooooo' + '**' + 'rrrrrr' + 'ssssssss' + 'tttttt' + 'uuuuuuuuuuuu' + 'ww' + 'yyy' + 'zzzzzz' + 's';
const MULTI: Record<number, string> = { 0xc6: 'ae', 0xe6: 'ae', 0xde: 'th', 0xfe: 'th', 0xdf: 'ss', 0x132: 'ij', 0x133: 'ij', 0x152: 'oe', 0x153: 'oe' };

function foldLatin(c: number): string {
  if (MULTI[c]) return MULTI[c];
  let letter = '';
  if (c >= 0xc0 && c <= 0xff) letter = LATIN1[c - 0xc0];
  if (c >= 0x100 && c <= 0x17f) letter = LATIN_EXT_A[c - 0x100];
  return letter === '-' ? '' : letter;
}

// Harakat, superscript alef, Quranic marks and tatweel change how a word is written, not which word.
function isArabicMark(c: number): boolean {
  return (c >= 0x064b && c <= 0x065f) || c === 0x0670 || (c >= 0x06d6 && c <= 0x06ed) || c === 0x0640;
}

// Letters people type interchangeably fold to one form; 0 = dropped (standalone hamza).
function foldArabic(c: number): number {
  switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627; // alef forms -> alef
    case 0x0629: return 0x0647; // teh marbuta -> heh
    case 0x0649: case 0x0626: case 0x06cc: return 0x064a; // -> yeh
    case 0x0624: return 0x0648; // -> waw
    case 0x06a9: return 0x0643; // keheh -> kaf
    case 0x0621: return 0;
  }
  if (c >= 0x0660 && c <= 0x0669) return 0x30 + (c - 0x0660); // Arabic-Indic digits
  if (c >= 0x06f0 && c <= 0x06f9) return 0x30 + (c - 0x06f0);
  return c;
}

/** The folded form of one visible code point ('' when it is dropped). */
function fold(c: number): string {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : String.fromCharCode(c);
  const latin = foldLatin(c);
  if (latin) return latin;
  if (isArabicMark(c)) return '';
  const f = foldArabic(c);
  return f ? String.fromCodePoint(f) : '';
}

/**
 * Normalizes `text` and remembers, for each UTF-16 unit of the result, which slice of the original
 * it came from — so a match found in the normalized text maps back to what the person sees.
 * Spaces are kept one for one (terms never contain one, so collapsing them would change nothing).
 */
export function normalizeWithMap(text: string): { norm: string; from: number[]; to: number[] } {
  let norm = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i)!;
    const end = i + (c > 0xffff ? 2 : 1);
    const out = isSpace(c) ? ' ' : isIgnorable(c) ? '' : fold(c);
    for (let k = 0; k < out.length; k++) {
      from.push(i);
      to.push(end);
    }
    norm += out;
    i = end;
  }
  return { norm, from, to };
}

export function normalizeForSearch(text: string): string {
  return normalizeWithMap(text).norm.split(' ').filter(Boolean).join(' ');
}

/** What the server searches for: the normalized query split on spaces, at most 8 terms (all must match). */
export function searchTerms(query: string): string[] {
  return normalizeForSearch(query).split(' ').filter(Boolean).slice(0, MAX_TERMS);
}

/** Why a query cannot be sent yet: nothing searchable in it, or longer than the server takes. */
export function queryProblem(query: string): 'empty' | 'too_long' | null {
  if (new TextEncoder().encode(query).length > MAX_QUERY_BYTES) return 'too_long';
  return searchTerms(query).length ? null : 'empty';
}

export type Range = [start: number, end: number];

/** Whether the code point at `i` is one the normalization drops (a diacritic, tatweel, a zero-width mark). */
function droppedAt(text: string, i: number): boolean {
  const c = text.codePointAt(i)!;
  return !isSpace(c) && (isIgnorable(c) || fold(c) === '');
}

/**
 * Where the query's terms occur in `text`, as sorted, non-overlapping [start, end) ranges of the
 * original string. A match takes the diacritics that follow its last letter with it, so a mark is
 * never split from its letter.
 */
export function matchRanges(text: string, query: string): Range[] {
  const terms = searchTerms(query);
  if (!terms.length || !text) return [];
  const { norm, from, to } = normalizeWithMap(text);
  const found: Range[] = [];
  for (const term of terms) {
    for (let at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + term.length)) {
      let end = to[at + term.length - 1];
      while (end < text.length && droppedAt(text, end)) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
      found.push([from[at], end]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Range[] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Cuts `text` into plain and matched pieces, in order (the view renders the matched ones in <mark>). */
export function splitByRanges(text: string, ranges: Range[]): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let pos = 0;
  for (const [s, e] of ranges) {
    if (s > pos) parts.push({ text: text.slice(pos, s), match: false });
    parts.push({ text: text.slice(s, e), match: true });
    pos = e;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos), match: false });
  return parts;
}

const isLowSurrogate = (s: string, i: number) => i > 0 && i < s.length && s.charCodeAt(i) >= 0xdc00 && s.charCodeAt(i) <= 0xdfff;

/**
 * A long message is cut to about `max` characters around its first match, so the match is
 * visible in the list; the ranges move with the cut. Cuts fall on spaces where one is near.
 */
export function excerpt(text: string, ranges: Range[], max = 240): { text: string; ranges: Range[] } {
  if (text.length <= max) return { text, ranges };
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(max / 3));
  const space = text.indexOf(' ', start);
  if (start > 0 && space >= 0 && space < first) start = space + 1;
  let end = Math.min(text.length, start + max);
  const lastSpace = text.lastIndexOf(' ', end);
  if (end < text.length && lastSpace > start + max / 2) end = lastSpace;
  // never split a surrogate pair (an emoji) in two
  if (isLowSurrogate(text, start)) start++;
  if (isLowSurrogate(text, end)) end--;
  const prefix = start > 0 ? '… ' : '';
  const shift = prefix.length - start;
  const kept: Range[] = [];
  for (const [s, e] of ranges) if (s < end && e > start) kept.push([Math.max(s, start) + shift, Math.min(e, end) + shift]);
  return { text: prefix + text.slice(start, end) + (end < text.length ? ' …' : ''), ranges: kept };
}
