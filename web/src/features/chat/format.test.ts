import { describe, expect, it } from 'vitest';
import { formatListTime, formatSize } from './format';

describe('formatListTime', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  it('shows the time for today, the day for this year, and the year for older messages', () => {
    expect(formatListTime('2026-11-29T09:30:00Z', 'en', now)).toMatch(/\d{1,2}:\d{2}/);
    const thisYear = formatListTime('2026-03-03T09:30:00Z', 'en', now);
    expect(thisYear).toContain('Mar');
    expect(thisYear).not.toContain('2026');
    expect(formatListTime('2025-03-03T09:30:00Z', 'en', now)).toContain('2025');
  });
  it('is empty for a missing or broken time', () => {
    expect(formatListTime(null, 'en', now)).toBe('');
    expect(formatListTime('not a date', 'en', now)).toBe('');
  });
});

describe('formatSize', () => {
  it('picks bytes, kilobytes or megabytes and says so in the reader\'s language', () => {
    expect(formatSize(77, 'en')).toBe('77 bytes');
    expect(formatSize(12 * 1024 + 100, 'en')).toBe('12 kB');
    expect(formatSize(1.5 * 1024 * 1024, 'en')).toBe('1.5 MB');
    expect(formatSize(77, 'ar')).toContain('بايت');
    expect(formatSize(12 * 1024, 'ar')).toContain('كيلوبايت');
    expect(formatSize(12 * 1024, 'ar')).not.toContain('kB');
  });
});
