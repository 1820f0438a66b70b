import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import ar from '../../i18n/ar.json';
import { changeKey } from './MembershipPage';

describe('membership history sentences', () => {
  it('has a sentence in both languages for every change the server records', () => {
    for (const change of ['joined', 'added', 'left', 'removed', 'role:owner', 'role:moderator', 'role:member', 'posting:on', 'posting:off']) {
      const key = changeKey(change);
      expect(key).not.toBe('membership.other');
      for (const [lang, dict] of Object.entries({ en, ar }) as [string, Record<string, string>][]) expect(dict[key], `${lang} ${key}`).toContain('{person}');
    }
  });
  it('still says something for a change it does not know', () => {
    expect(changeKey('smart-group:matched')).toBe('membership.other');
  });
});
