import { describe, expect, it } from 'vitest';
import { readableDevice } from './deviceName';
import { translate } from '../../i18n/translate';
import en from '../../i18n/en.json';
import ar from '../../i18n/ar.json';

const tEn = (k: string, p?: Record<string, string | number>) => translate(en, en, k, p);
const tAr = (k: string, p?: Record<string, string | number>) => translate(ar, en, k, p);
const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');

describe('readableDevice', () => {
  it('keeps product names and translates the words around them', () => {
    expect(plain(readableDevice('Chrome on Android', null, tEn))).toBe('Chrome on Android');
    expect(plain(readableDevice('Chrome on Android', null, tAr))).toBe('Chrome على Android');
    expect(plain(readableDevice('Safari on iPhone', null, tAr))).toBe('Safari على iPhone');
  });

  it('isolates each name so it keeps its place in an Arabic sentence', () => {
    expect(readableDevice('Chrome on Android', null, tAr)).toBe('\u2068Chrome\u2069 على \u2068Android\u2069');
  });

  it('translates the server words for an unknown device or browser', () => {
    expect(readableDevice('Unknown device', null, tAr)).toBe(ar['sessions.unknown_device']);
    expect(readableDevice('', '', tEn)).toBe('Unknown device');
    expect(plain(readableDevice('Browser on Linux', null, tAr))).toBe(`${ar['sessions.some_browser']} على Linux`);
  });

  it('never shows a raw user-agent string, but shows an API client its name', () => {
    const ua = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36';
    expect(readableDevice(null, ua, tEn)).toBe('Unknown device');
    expect(plain(readableDevice(null, 'Store tablet', tEn))).toBe('Store tablet');
    expect(plain(readableDevice('curl', ua, tEn))).toBe('curl');
  });
});
