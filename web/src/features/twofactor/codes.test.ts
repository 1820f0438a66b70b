import { describe, expect, it } from 'vitest';
import { isTotpCode, normalizeCode, recoveryCodesFile } from './codes';

describe('two-factor code fields', () => {
  it('reads Arabic-Indic and Eastern Arabic-Indic digits', () => {
    expect(normalizeCode('١٢٣ ٤٥٦')).toBe('123456');
    expect(normalizeCode('۰۹۸۷۶۵')).toBe('098765');
    expect(isTotpCode('١٢٣٤٥٦')).toBe(true);
    expect(isTotpCode('12345')).toBe(false);
  });
  it('writes one code a line', () => {
    expect(recoveryCodesFile(['a', 'b'], 'Acme').split('\n').slice(2, 4)).toEqual(['a', 'b']);
  });
});
