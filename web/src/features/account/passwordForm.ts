import { validatePassword } from '../auth/validation';

export interface PasswordDraft {
  current: string;
  next: string;
  confirm: string;
}
export type PasswordField = keyof PasswordDraft;
/** i18n keys per field; empty when the draft may be sent. */
export type PasswordErrors = Partial<Record<PasswordField, string>>;

/**
 * What the browser can tell before asking the server: each field filled, the new password
 * within the rules, typed the same twice, and not the current one again.
 */
export function checkPasswordDraft(d: PasswordDraft): PasswordErrors {
  const errs: PasswordErrors = {};
  if (!d.current) errs.current = 'validation.required';
  const rule = validatePassword(d.next);
  if (rule) errs.next = rule;
  else if (d.current && d.next === d.current) errs.next = 'account.password_same';
  if (d.confirm !== d.next) errs.confirm = 'validation.password_mismatch';
  return errs;
}

/** Which field a server error about the password belongs to (its `field`), else null. */
export function passwordFieldOf(serverField: string | null): PasswordField | null {
  if (serverField === 'current_password') return 'current';
  if (serverField === 'new_password' || serverField === 'password') return 'next';
  return null;
}
