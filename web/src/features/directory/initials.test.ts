import { describe, expect, it } from 'vitest';
import { initials } from './initials';

describe('initials', () => {
  it('skips the Arabic article on the family name', () => {
    expect(initials('سارة المطيري')).toBe('سم');
    expect(initials('عمر الزهراني')).toBe('عز');
    expect(initials('الشركة المتحدة')).toBe('شم');
  });
  it('takes the first and the last word, in either script', () => {
    expect(initials('Dubai dispatch')).toBe('DD');
    expect(initials('sara owner')).toBe('SO');
    expect(initials('Mohammed bin Rashid')).toBe('MR');
    expect(initials('لينا بنت سعد القحطاني')).toBe('لق');
    expect(initials('Omar الزهراني')).toBe('Oز');
  });
  it('gives one letter for one word', () => {
    expect(initials('Karim')).toBe('K');
    expect(initials('كريم')).toBe('ك');
    // a word that is only the article, or the article and one letter, is kept as written
    expect(initials('ال')).toBe('ا');
  });
  it('ignores extra spaces, emoji, punctuation and direction marks', () => {
    expect(initials('  Dubai   dispatch  ')).toBe('DD');
    expect(initials('🚚 Dubai dispatch 🚚')).toBe('DD');
    expect(initials('(Night) shift!')).toBe('NS');
    expect(initials('\u200fسارة\u00a0المطيري\u200f')).toBe('سم');
    expect(initials('😀😀')).toBe('');
    expect(initials('')).toBe('');
    expect(initials('   ')).toBe('');
  });
  it('keeps letters outside the basic plane whole', () => {
    expect(initials('𝒜lpha beta')).toBe('𝒜B');
  });
});
