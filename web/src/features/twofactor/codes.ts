/** Code fields: what a person types, in either script, becomes what the server compares. */

/** Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits become ASCII; spaces go. */
export function normalizeCode(typed: string): string {
  return typed
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\s+/g, '');
}

/** A six-digit authenticator code, once normalized. */
export function isTotpCode(typed: string): boolean {
  return /^\d{6}$/.test(normalizeCode(typed));
}

/** The recovery codes as a text file to keep. */
export function recoveryCodesFile(codes: string[], organization: string): string {
  return [`${organization} — recovery codes`, '', ...codes, ''].join('\n');
}
