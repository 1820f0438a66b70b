import { describe, expect, it } from 'vitest';
import { LIKELY_REGIONS, PHONE_REGIONS, countryOptions, regionNamer } from './countries';

describe('countryOptions', () => {
  it('puts the likely countries first, in their fixed order, and never again among the others', () => {
    const { likely, others } = countryOptions('en');
    expect(likely.map((c) => c.code)).toEqual(['SA', 'AE', 'KW', 'QA', 'BH', 'OM', 'EG', 'JO']);
    const rest = others.map((c) => c.code);
    for (const c of LIKELY_REGIONS) expect(rest).not.toContain(c);
    expect(likely.length + others.length).toBe(PHONE_REGIONS.length);
    expect(new Set(rest).size).toBe(rest.length);
  });

  it('sorts the others by their name in the reader language, not by code', () => {
    const names: Record<string, string> = { DE: 'Yak', FR: 'Alpha', US: 'Mid' };
    const { others } = countryOptions('en', (c) => names[c] ?? `Zz ${c}`);
    expect(others.slice(0, 3).map((c) => c.code)).toEqual(['FR', 'US', 'DE']);
  });

  it('names countries in Arabic for an Arabic reader and in English otherwise', () => {
    const ar = countryOptions('ar');
    expect(ar.likely[0].name).toBe(regionNamer('ar')('SA'));
    expect(ar.likely[0].name).toMatch(/[\u0600-\u06ff]/);
    expect(ar.others.find((c) => c.code === 'DE')!.name).toMatch(/^ألمانيا$/);
    expect(countryOptions('en').likely[1].name).toBe('United Arab Emirates');
  });

  it('keeps a saved code this list does not know, so saving does not drop it', () => {
    expect(countryOptions('en', (c) => c, 'ZZ').others.map((c) => c.code)).toContain('ZZ');
    expect(countryOptions('en', (c) => c, 'SA').others.map((c) => c.code)).not.toContain('SA');
  });
});
