import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import ar from '../../i18n/ar.json';
import { translate, type Dict } from '../../i18n/translate';
import { ApiError } from '../../api/http';
import { photoErrorMessage, photoFileProblem } from './photoFile';

const tIn = (dict: Dict) => (key: string, params?: Record<string, string | number>) => translate(dict, en, key, params);

describe('profile photo files', () => {
  it('refuses a file over 10 MB before sending it; the type is the server’s to judge', () => {
    expect(photoFileProblem({ size: 2_000_000 })).toBeNull();
    expect(photoFileProblem({ size: 10 * 1024 * 1024 })).toBeNull();
    expect(photoFileProblem({ size: 10 * 1024 * 1024 + 1 })).toBe('too_big');
  });

  it('says the server’s refusals in both languages, sizes in megabytes and megapixels', () => {
    for (const dict of [en, ar] as Dict[]) {
      const t = tIn(dict);
      const unreadable = new ApiError({ status: 400, code: 'invalid_argument', reason: 'photo_unreadable' });
      expect(photoErrorMessage(t, unreadable)).toBe(dict['error.reason.photo_unreadable']);
      const pixels = new ApiError({ status: 400, code: 'invalid_argument', reason: 'photo_too_large', params: { max_pixels: '40000000' } });
      expect(photoErrorMessage(t, pixels)).toContain('40');
      expect(photoErrorMessage(t, pixels)).not.toContain('40000000');
      const big = new ApiError({ status: 413, code: 'payload_too_large' });
      expect(photoErrorMessage(t, big)).toBe(dict['photo.too_big']);
    }
  });
});
