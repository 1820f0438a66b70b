/**
 * Vite plugins for the installable app: the two language manifests, and /sw.js built from
 * src/sw/sw.ts with this build's app shell baked in. The shell list holds content-hashed file names
 * and the version hashes index.html too, so every change to the build changes the worker's bytes
 * and browsers install the new one. The worker is bundled separately (one classic script, no
 * imports), and only the i18n keys it uses go into it. This file imports nothing from src/, so Vite
 * can load the config as plain ES modules.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

type Lang = 'en' | 'ar';
const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SW_ENTRY = fileURLToPath(new URL('../src/sw/sw.ts', import.meta.url));
const SW_KEYS = /^(push\.|app\.name$)/;
/** The app links the one of its interface language (src/pwa/manifest.ts). */
const MANIFEST_FILE: Record<Lang, string> = { en: 'manifest.webmanifest', ar: 'manifest-ar.webmanifest' };

const dictionary = (lang: Lang): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../src/i18n/${lang}.json`, import.meta.url), 'utf8'));

const png = (src: string, size: number, purpose: 'any' | 'maskable') => ({ src, sizes: `${size}x${size}`, type: 'image/png', purpose });

function webManifest(lang: Lang): string {
  const dict = dictionary(lang);
  const manifest = {
    id: '/',
    name: dict['manifest.name'],
    short_name: dict['manifest.short_name'],
    description: dict['manifest.description'],
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#f6f7f6',
    theme_color: '#0b5d4b',
    categories: ['business', 'productivity'],
    icons: [
      png('/icon-192.png', 192, 'any'),
      png('/icon-512.png', 512, 'any'),
      png('/icon-maskable-192.png', 192, 'maskable'),
      png('/icon-maskable-512.png', 512, 'maskable'),
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}

export function pwa(): Plugin[] {
  return [manifests(), serviceWorker()];
}

function manifests(): Plugin {
  const langs: Lang[] = ['en', 'ar'];
  return {
    name: 'muster-manifests',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const lang = langs.find((l) => req.url === `/${MANIFEST_FILE[l]}`);
        if (!lang) return next();
        res.setHeader('Content-Type', 'application/manifest+json');
        res.end(webManifest(lang));
      });
    },
    generateBundle() {
      for (const lang of langs) this.emitFile({ type: 'asset', fileName: MANIFEST_FILE[lang], source: webManifest(lang) });
    },
  };
}

function serviceWorker(): Plugin {
  return {
    name: 'muster-service-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (!index || index.type !== 'asset') this.error('index.html is not in the bundle; the service worker needs it');
      const assets = Object.keys(bundle)
        .filter((f) => f.startsWith('assets/'))
        .sort()
        .map((f) => `/${f}`);
      const shell = ['/index.html', ...assets];
      const version = createHash('sha256').update(shell.join('\n')).update(index.source).digest('hex').slice(0, 16);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: await bundleWorker(shell, version) });
    },
  };
}

async function bundleWorker(shell: string[], version: string): Promise<string> {
  const result = await build({
    configFile: false,
    root: WEB_ROOT,
    logLevel: 'warn',
    publicDir: false,
    define: { __SHELL_FILES__: JSON.stringify(shell), __SHELL_VERSION__: JSON.stringify(version) },
    plugins: [onlyKeys(SW_KEYS)],
    build: {
      write: false,
      copyPublicDir: false,
      rolldownOptions: { input: SW_ENTRY, output: { format: 'iife', entryFileNames: 'sw.js' } },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs)
    if ('output' in out) for (const item of out.output) if (item.type === 'chunk' && item.isEntry) return item.code;
  throw new Error('the service worker build produced no script');
}

/** Trims the i18n files to the keys the worker needs, before Vite turns them into a module. */
function onlyKeys(keep: RegExp): Plugin {
  return {
    name: 'muster-sw-i18n-keys',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/]i18n[\\/](en|ar)\.json$/.test(id)) return null;
      const dict = JSON.parse(code) as Record<string, string>;
      return JSON.stringify(Object.fromEntries(Object.entries(dict).filter(([k]) => keep.test(k))));
    },
  };
}
