import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import ar from '../i18n/ar.json';
import { translate, type Dict } from '../i18n/translate';
import { ApiError } from '../api/http';
import { errorMessage, fieldLabel, reasonMessage } from './errors';

const tIn = (dict: Dict) => (key: string, params?: Record<string, string | number>) => translate(dict, en, key, params);
const tAr = tIn(ar);
const tEn = tIn(en);

const invalid = (message: string, field: string | null, reason?: string, params?: Record<string, string>) =>
  new ApiError({ status: 400, code: 'invalid_argument', message, field, reason, params });

describe('server errors in the reader’s language', () => {
  it('says a reason in Arabic, with the field’s label and no English', () => {
    const msg = errorMessage(tAr, invalid('Name is required.', 'name', 'field_required'));
    expect(msg).toBe('الحقل «الاسم» مطلوب.');
    expect(msg).not.toMatch(/[A-Za-z]/);
  });

  it('fills params, and says the same in English', () => {
    expect(errorMessage(tEn, invalid('x', 'job_title', 'field_too_long', { max: '200' }))).toBe('Job title can have at most 200 characters.');
    expect(errorMessage(tAr, invalid('x', 'job_title', 'field_too_long', { max: '200' }))).toContain('200');
  });

  it('isolates a Latin value inside Arabic text so it keeps its place', () => {
    const msg = reasonMessage(tAr, 'csv_unknown_column', { column: 'salary' });
    expect(msg).toBe('عمود غير معروف: \u2068salary\u2069.');
  });

  it('an unknown reason falls back: the English detail in English, the field in Arabic', () => {
    const e = invalid('Frobnication is not allowed.', 'email', 'some_new_reason');
    expect(errorMessage(tEn, e)).toContain('Frobnication is not allowed.');
    const inArabic = errorMessage(tAr, e);
    expect(inArabic).not.toContain('Frobnication');
    expect(inArabic).toContain('البريد الإلكتروني');
  });

  it('labels known fields and isolates unknown ones', () => {
    expect(fieldLabel(tAr, 'owner.email')).toBe(ar['person.email']);
    expect(fieldLabel(tAr, 'password')).toBe('كلمة المرور');
    expect(fieldLabel(tAr, 'mystery')).toBe('\u2068mystery\u2069');
  });

  it('every reason has a text in both languages', () => {
    const reasons = Object.keys(en).filter((k) => k.startsWith('error.reason.'));
    expect(reasons.length).toBeGreaterThan(20);
    for (const k of reasons) expect((ar as Dict)[k], k).toBeTruthy();
  });
});
