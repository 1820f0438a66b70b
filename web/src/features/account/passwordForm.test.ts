import { describe, expect, it } from 'vitest';
import { checkPasswordDraft, passwordFieldOf } from './passwordForm';

describe('checkPasswordDraft', () => {
  it('accepts a filled draft whose new password is typed the same twice', () => {
    expect(checkPasswordDraft({ current: 'old-pass-1', next: 'new-pass-22', confirm: 'new-pass-22' })).toEqual({});
  });

  it('says when the confirmation differs, at the confirmation', () => {
    expect(checkPasswordDraft({ current: 'old-pass-1', next: 'new-pass-22', confirm: 'new-pass-23' })).toEqual({
      confirm: 'validation.password_mismatch',
    });
  });

  it('asks for the current password and a long enough new one', () => {
    expect(checkPasswordDraft({ current: '', next: 'short', confirm: 'short' })).toEqual({
      current: 'validation.required',
      next: 'validation.password_short',
    });
  });

  it('counts characters, not UTF-16 units: eight Arabic letters or emoji are enough', () => {
    expect(checkPasswordDraft({ current: 'x', next: '🔑🔑🔑🔑🔑🔑🔑🔑', confirm: '🔑🔑🔑🔑🔑🔑🔑🔑' })).toEqual({});
    expect(checkPasswordDraft({ current: 'x', next: '🔑🔑🔑🔑', confirm: '🔑🔑🔑🔑' }).next).toBe('validation.password_short');
  });

  it('refuses the current password as the new one', () => {
    expect(checkPasswordDraft({ current: 'same-pass-1', next: 'same-pass-1', confirm: 'same-pass-1' })).toEqual({ next: 'account.password_same' });
  });
});

describe('passwordFieldOf', () => {
  it('maps the server fields onto the form', () => {
    expect(passwordFieldOf('current_password')).toBe('current');
    expect(passwordFieldOf('new_password')).toBe('next');
    expect(passwordFieldOf('password')).toBe('next');
    expect(passwordFieldOf(null)).toBeNull();
    expect(passwordFieldOf('other')).toBeNull();
  });
});
