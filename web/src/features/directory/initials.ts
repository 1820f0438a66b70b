// The letters in an avatar. Arabic names mostly carry the article "ال" on the family name
// ("سارة المطيري"): its alif would make every family look the same, so it is skipped.

const ARTICLE = 'ال';
// a word's first letter or digit; emoji and punctuation around names are not initials
const FIRST = /[\p{L}\p{N}]/u;

function letterOf(word: string): string {
  let rest = word;
  // keep the article when nothing but one letter would follow it ("ال" alone, or "الي")
  if (rest.startsWith(ARTICLE) && [...rest.slice(ARTICLE.length)].filter((c) => FIRST.test(c)).length >= 2) rest = rest.slice(ARTICLE.length);
  const m = FIRST.exec(rest);
  return m ? m[0] : '';
}

/** First letter of the first word and of the last word; one word gives one letter. Latin is upper-cased. */
export function initials(name: string): string {
  const words = (name ?? '')
    .normalize('NFC')
    .split(/[\s\u200b-\u200f\u2066-\u2069]+/u)
    .filter((w) => FIRST.test(w));
  if (words.length === 0) return '';
  const picked = words.length === 1 ? [words[0]] : [words[0], words[words.length - 1]];
  return picked
    .map(letterOf)
    .join('')
    .toLocaleUpperCase('en');
}
