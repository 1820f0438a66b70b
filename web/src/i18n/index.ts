import { createStore } from '../state/store';
import { useStore } from '../state/useStore';
import { dirOf, translate, type Dict, type Lang } from './translate';

export type { Lang } from './translate';
export { pickLanguage, isLang, dirOf } from './translate';

// Each dictionary is ~20 KB gzipped and a person reads one, so only theirs is fetched (the two
// have the same keys, checked by i18n.test.ts). The service worker precaches both.
const loaders: Record<Lang, () => Promise<{ default: Dict }>> = {
  en: () => import('./en.json'),
  ar: () => import('./ar.json'),
};
const dicts: Partial<Record<Lang, Dict>> = {};
const loading: Partial<Record<Lang, Promise<void>>> = {};
const STORAGE_KEY = 'muster.lang';

/** Fetches a language's dictionary once; a failed fetch may be tried again. */
export function loadLanguage(lang: Lang): Promise<void> {
  loading[lang] ??= loaders[lang]().then(
    (m) => {
      dicts[lang] = m.default;
    },
    (e: unknown) => {
      delete loading[lang];
      throw e;
    },
  );
  return loading[lang];
}

export const languageStore = createStore<Lang>('en');
let wanted: Lang = 'en';

/** Resolves once the language last asked for is shown (its dictionary loaded, or failed to). */
export async function languageReady(): Promise<void> {
  for (let lang = wanted; ; lang = wanted) {
    await loadLanguage(lang).catch(() => undefined);
    if (lang === wanted) return;
  }
}

export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Sets the UI language and mirrors it onto <html lang dir>. */
export function setLanguage(lang: Lang, remember = true): void {
  wanted = lang;
  const show = () => {
    if (wanted !== lang) return; // a later choice won while this dictionary loaded
    languageStore.set(lang);
    if (typeof document !== 'undefined') {
      document.documentElement.lang = lang;
      document.documentElement.dir = dirOf(lang);
    }
  };
  // the interface switches when the words are there, not to keys or to the other language first
  if (dicts[lang]) show();
  else void loadLanguage(lang).then(show, () => undefined);
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      /* private mode: ignore */
    }
  }
}

export function t(key: string, params?: Record<string, string | number>): string {
  return translate(dicts[languageStore.get()] ?? {}, dicts.en ?? {}, key, params);
}

export type TFn = typeof t;

// One translator per language, made once: `t` keeps its identity between renders, so an effect
// that lists it runs again when the language changes, not after every render (a new function each
// render made the admin person page ask the server for two-factor status in a tight loop).
const translators = new Map<Lang, TFn>();
function translatorFor(lang: Lang): TFn {
  let tt = translators.get(lang);
  if (!tt) {
    tt = (key, params) => translate(dicts[lang] ?? {}, dicts.en ?? {}, key, params);
    translators.set(lang, tt);
  }
  return tt;
}

/** React hook: re-renders on language change. */
export function useI18n(): { t: TFn; lang: Lang } {
  const lang = useStore(languageStore);
  return { t: translatorFor(lang), lang };
}

export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
