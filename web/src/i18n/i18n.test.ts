import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import en from './en.json';
import ar from './ar.json';
import { dirOf, pickLanguage, translate } from './translate';

describe('translate', () => {
  it('looks up the key in the language, then in the fallback, then shows the key', () => {
    expect(translate({ a: 'عربي' }, { a: 'English', b: 'only en' }, 'a')).toBe('عربي');
    expect(translate({ a: 'عربي' }, { a: 'English', b: 'only en' }, 'b')).toBe('only en');
    expect(translate({}, {}, 'missing.key')).toBe('missing.key');
  });

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(translate({ w: 'أهلًا {name}، {x}' }, {}, 'w', { name: 'أسامة' })).toBe('أهلًا أسامة، {x}');
    expect(translate({ n: '{n} of {n}' }, {}, 'n', { n: 3 })).toBe('3 of 3');
  });
});

describe('pickLanguage', () => {
  it('prefers the person, then the organization, then storage, then the browser', () => {
    expect(pickLanguage({ user: 'en', org: 'ar', stored: 'ar', browser: ['ar'] })).toBe('en');
    expect(pickLanguage({ user: null, org: 'ar', stored: 'en', browser: ['en'] })).toBe('ar');
    expect(pickLanguage({ stored: 'ar', browser: ['en-US'] })).toBe('ar');
    expect(pickLanguage({ browser: ['fr-FR', 'ar-SA'] })).toBe('ar');
    expect(pickLanguage({ browser: ['fr'] })).toBe('en');
  });
  it('maps Arabic to right-to-left', () => {
    expect(dirOf('ar')).toBe('rtl');
    expect(dirOf('en')).toBe('ltr');
  });
});

describe('dictionaries', () => {
  it('en and ar have exactly the same keys', () => {
    const enKeys = Object.keys(en).sort();
    const arKeys = Object.keys(ar).sort();
    expect(arKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !arKeys.includes(k))).toEqual([]);
  });

  it('every literal key used in the source exists in en.json', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f) && !f.endsWith('.test.ts')) files.push(p);
      }
    };
    walk(join(__dirname, '..'));
    const missing = new Set<string>();
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      // t('a.b') and t(`a.b`) with a dotted key; skip keys built from variables
      for (const m of src.matchAll(/\bt\((['`])([a-z_]+\.[a-z_.]+)\1/g)) {
        if (!(m[2] in en)) missing.add(`${m[2]} (${f})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('has a label for every role, action and error code the app renders', () => {
    const dict = en as Record<string, string>;
    for (const r of ['owner', 'admin', 'manager', 'member', 'external']) expect(dict[`role.${r}`]).toBeTruthy();
    for (const c of ['invalid_argument', 'unauthenticated', 'permission_denied', 'csrf_failed', 'not_found', 'conflict', 'gone', 'rate_limited', 'internal', 'network'])
      expect(dict[`error.${c}`]).toBeTruthy();
  });
});
