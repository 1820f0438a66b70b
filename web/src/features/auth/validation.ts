/** Client-side password rule (the server checks too): 8..256 characters. Returns an i18n key or null. */
export function validatePassword(pw: string): string | null {
  const len = [...pw].length;
  if (len < 8) return 'validation.password_short';
  if (len > 256) return 'validation.password_long';
  return null;
}
