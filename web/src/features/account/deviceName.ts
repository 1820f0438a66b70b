import type { TFn } from '../../i18n';

const isolate = (s: string) => `\u2068${s}\u2069`;

/**
 * A session's device as the reader's language says it. The server names devices in English
 * ("Chrome on Android", "Browser", "Unknown device"); browser and system names are product
 * names and stay, the words around them are translated. Each name is isolated (FSI…PDI) so
 * "Chrome على Android" reads in the right order in Arabic. A raw user-agent string (an older
 * server without `device_name`) is never shown.
 */
export function readableDevice(deviceName: string | null | undefined, device: string | null | undefined, t: TFn): string {
  let name = (deviceName ?? '').trim();
  if (!name && device && !device.startsWith('Mozilla/')) name = device.trim();
  if (!name || name === 'Unknown device') return t('sessions.unknown_device');
  const browser = (b: string) => (b === 'Browser' ? t('sessions.some_browser') : isolate(b));
  const on = /^(.+) on (.+)$/.exec(name);
  if (on) return t('sessions.device_on', { browser: browser(on[1]), system: isolate(on[2]) });
  return browser(name);
}
