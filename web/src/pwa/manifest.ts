/**
 * A manifest has one language, so there are two: English at the default /manifest.webmanifest and
 * Arabic (right to left) at /manifest-ar.webmanifest. The build writes both from the i18n files
 * (scripts/pwaPlugin.ts); the app points <link rel="manifest"> at the one of the interface language.
 */
import type { Lang } from '../i18n/translate';

export const manifestPath = (lang: Lang): string => (lang === 'ar' ? '/manifest-ar.webmanifest' : '/manifest.webmanifest');

/** Keeps <link rel="manifest"> on the manifest of the interface language. */
export function followLanguage(language: { get(): Lang; subscribe(listener: () => void): () => void }): void {
  const apply = () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    const href = manifestPath(language.get());
    if (link && link.getAttribute('href') !== href) link.setAttribute('href', href);
  };
  apply();
  language.subscribe(apply);
}
