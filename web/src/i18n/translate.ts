/** Pure i18n helpers (no DOM, no React) so they can be unit tested. */
export type Lang = 'ar' | 'en';
export type Dict = Record<string, string>;

export function isLang(v: unknown): v is Lang {
  return v === 'ar' || v === 'en';
}

/**
 * Looks `key` up in `dict`, then in `fallback`; returns the key itself when neither has it, so a
 * missing string is visible instead of blank. `{name}` placeholders are replaced from `params`.
 */
export function translate(dict: Dict, fallback: Dict, key: string, params?: Record<string, string | number>): string {
  const template = dict[key] ?? fallback[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m,
  );
}

/** Direction for a language. */
export function dirOf(lang: Lang): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/**
 * Picks the UI language: the person's own choice, else the organization default, else a stored
 * preference (from before sign-in), else the browser's languages, else English.
 */
export function pickLanguage(opts: {
  user?: string | null;
  org?: string | null;
  stored?: string | null;
  browser?: readonly string[];
}): Lang {
  if (isLang(opts.user)) return opts.user;
  if (isLang(opts.org)) return opts.org;
  if (isLang(opts.stored)) return opts.stored;
  for (const b of opts.browser ?? []) {
    const base = b.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}
