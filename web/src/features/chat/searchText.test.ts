import { describe, expect, it } from 'vitest';
import { excerpt, matchRanges, normalizeForSearch, queryProblem, searchTerms, splitByRanges, type Range } from './searchText';

/** The matched slices of `text`, easier to read in a test than offsets. */
const marked = (text: string, query: string) => matchRanges(text, query).map(([s, e]) => text.slice(s, e));

describe('normalizeForSearch (mirrors the server)', () => {
  // cases taken from server/src/domain/text/arabic_test.cpp
  it('folds alef forms, taa marbuta, alef maqsura and drops diacritics and tatweel', () => {
    expect(normalizeForSearch('أحمد إبراهيم آمنة')).toBe('احمد ابراهيم امنه');
    expect(normalizeForSearch('مصطفى')).toBe('مصطفي');
    expect(normalizeForSearch('مُحَمَّد')).toBe('محمد');
    expect(normalizeForSearch('محـــمد')).toBe('محمد');
    expect(normalizeForSearch('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
  });
  it('lowercases Latin and drops accents; collapses and trims spaces', () => {
    expect(normalizeForSearch('  José   ÆSOP\tStraße ')).toBe('jose aesop strasse');
    const cases: [string, string][] = [
      ['Müller', 'muller'], ['Œuvre', 'oeuvre'], ['Łódź', 'lodz'], ['Šťastný', 'stastny'],
      ['İstanbul ığdır', 'istanbul igdir'], ['Ÿ ÿ', 'y y'], ['2×3÷1', '2×3÷1'],
      ['مح\u200Bمد', 'محمد'], ['a \u0621 b', 'a b'], ['\u2067abc\u2069 \u2066d\u2068', 'abc d'],
    ];
    for (const [input, want] of cases) expect(normalizeForSearch(input), input).toBe(want);
  });
  it('splits the query into at most eight terms', () => {
    expect(searchTerms('  أحمد   علي ')).toEqual(['احمد', 'علي']);
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
    expect(searchTerms('ـــ َ')).toEqual([]);
  });
});

describe('queryProblem', () => {
  it('needs one searchable character and at most 500 bytes', () => {
    expect(queryProblem('')).toBe('empty');
    expect(queryProblem('   ')).toBe('empty');
    expect(queryProblem('ًٌ')).toBe('empty'); // diacritics alone
    expect(queryProblem('a')).toBeNull();
    expect(queryProblem('ب'.repeat(250))).toBeNull(); // 500 bytes
    expect(queryProblem('ب'.repeat(251))).toBe('too_long');
  });
});

describe('matchRanges', () => {
  it('finds أحمد when searching احمد, and the reverse', () => {
    expect(marked('قال أحمد: تم', 'احمد')).toEqual(['أحمد']);
    expect(marked('قال احمد: تم', 'أحمد')).toEqual(['احمد']);
    expect(marked('إبراهيم وآمنة', 'ابراهيم امنه')).toEqual(['إبراهيم', 'آمنة']);
    expect(marked('على مستشفى', 'علي مستشفي')).toEqual(['على', 'مستشفى']);
  });

  it('maps offsets back across diacritics and tatweel, keeping trailing marks with their letter', () => {
    const text = 'السيد مُحَمَّدٌ وصل';
    expect(marked(text, 'محمد')).toEqual(['مُحَمَّدٌ']);
    expect(marked('محـــمد', 'محمد')).toEqual(['محـــمد']);
    expect(marked('أَحْمَد', 'احمد')).toEqual(['أَحْمَد']);
  });

  it('is case- and accent-insensitive for Latin', () => {
    expect(marked('Meet AHMED at the Café', 'ahmed cafe')).toEqual(['AHMED', 'Café']);
    expect(marked('Straße', 'strasse')).toEqual(['Straße']);
  });

  it('finds every occurrence of every term, in order, merging overlaps', () => {
    expect(matchRanges('plan, the plan and PLAN', 'plan')).toEqual([[0, 4], [10, 14], [19, 23]]);
    expect(matchRanges('stocktake', 'stock take')).toEqual([[0, 9]]);
    expect(marked('order 12 and ١٢ boxes', '12')).toEqual(['12', '١٢']);
  });

  it('returns nothing when there is no match or nothing to search', () => {
    expect(matchRanges('مرحبا بالجميع', 'احمد')).toEqual([]);
    expect(matchRanges('hello', '   ')).toEqual([]);
    expect(matchRanges('', 'x')).toEqual([]);
  });

  it('keeps emoji (surrogate pairs) whole', () => {
    const text = '🎉 Ahmed 🎉';
    expect(marked(text, 'ahmed')).toEqual(['Ahmed']);
  });
});

describe('splitByRanges', () => {
  it('alternates plain and matched pieces', () => {
    expect(splitByRanges('a plan b', [[2, 6]])).toEqual([
      { text: 'a ', match: false },
      { text: 'plan', match: true },
      { text: ' b', match: false },
    ]);
    expect(splitByRanges('plan', [[0, 4]])).toEqual([{ text: 'plan', match: true }]);
    expect(splitByRanges('none', [])).toEqual([{ text: 'none', match: false }]);
  });
});

describe('excerpt', () => {
  it('leaves short text alone', () => {
    const r: Range[] = [[0, 2]];
    expect(excerpt('hi there', r)).toEqual({ text: 'hi there', ranges: r });
  });
  it('cuts long text around the first match and moves the ranges with it', () => {
    const text = `${'word '.repeat(100)}target ${'tail '.repeat(100)}`;
    const ranges = matchRanges(text, 'target');
    const ex = excerpt(text, ranges, 120);
    expect(ex.text.length).toBeLessThanOrEqual(126);
    expect(ex.text.startsWith('… ')).toBe(true);
    expect(ex.text.endsWith(' …')).toBe(true);
    expect(ex.ranges).toHaveLength(1);
    expect(ex.text.slice(ex.ranges[0][0], ex.ranges[0][1])).toBe('target');
  });
});
