import { createStore } from '../state/store';
import { useStore } from '../state/useStore';
import en from './en.json';
import ar from './ar.json';
import { dirOf, translate, type Dict, type Lang } from './translate';

export type { Lang } from './translate';
export { pickLanguage, isLang, dirOf } from './translate';

const dicts: Record<Lang, Dict> = { en, ar };
const STORAGE_KEY = 'muster.lang';

export const languageStore = createStore<Lang>('en');

export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Sets the UI language and mirrors it onto <html lang dir>. */
export function setLanguage(lang: Lang, remember = true): void {
  languageStore.set(lang);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
    document.documentElement.dir = dirOf(lang);
  }
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      /* private mode: ignore */
    }
  }
}

export function t(key: string, params?: Record<string, string | number>): string {
  return translate(dicts[languageStore.get()], dicts.en, key, params);
}

export type TFn = typeof t;

/** React hook: re-renders on language change. */
export function useI18n(): { t: TFn; lang: Lang } {
  const lang = useStore(languageStore);
  const tt: TFn = (key, params) => translate(dicts[lang], dicts.en, key, params);
  return { t: tt, lang };
}

export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
