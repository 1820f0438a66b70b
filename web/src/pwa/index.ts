/** Installable app: the manifest of the interface language and the service worker. */
import { languageStore } from '../i18n';
import { followLanguage } from './manifest';
import { registerServiceWorker } from './register';

export { PwaRoot } from './PwaRoot';

export function startPwa(): void {
  followLanguage(languageStore);
  registerServiceWorker();
}
