import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const WEB_DIST = process.env.MUSTER_WEB_DIST ? resolve(process.env.MUSTER_WEB_DIST) : resolve(here, '..', 'dist'); // another build: MUSTER_WEB_DIST
export const MUSTER_BIN = resolve(here, '..', process.env.MUSTER_BIN ?? '../build/server/muster');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export type Dict = Record<string, string>;
const loadDict = (lang: string): Dict => JSON.parse(readFileSync(join(here, '..', 'src', 'i18n', `${lang}.json`), 'utf8'));
export const dicts: Record<'en' | 'ar', Dict> = { en: loadDict('en'), ar: loadDict('ar') };

/** The i18n strings, so tests find controls by the same accessible names people see. */
export function tr(lang: 'en' | 'ar', key: string, params: Record<string, string | number> = {}): string {
  const s = dicts[lang][key] ?? dicts.en[key];
  if (s === undefined) throw new Error(`no i18n key ${key}`);
  return s.replace(/\{(\w+)\}/g, (m, n: string) => (n in params ? String(params[n]) : m));
}

export interface MusterServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
}

/**
 * Starts `muster serve` on a free port with a fresh data directory; resolves when it prints its URL.
 * A test may give the web directory, the data directory and the address (to restart the same server),
 * and more options (`args`, e.g. `--push-service`).
 */
export async function startServer(opts: { web?: string; dataDir?: string; listen?: string; args?: string[] } = {}): Promise<MusterServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'muster-e2e-'));
  const args = ['serve', '--data', dataDir, '--listen', opts.listen ?? '127.0.0.1:0', '--web', opts.web ?? WEB_DIST, ...(opts.args ?? [])];
  const proc = spawn(MUSTER_BIN, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += String(d)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`muster did not start in 15 s.\nstdout: ${out}\nstderr: ${stderr}`)), 15_000);
    proc.stdout!.on('data', (d) => {
      out += String(d);
      const m = out.match(/muster listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1].replace(/\/$/, ''));
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`muster exited with ${code}.\nstdout: ${out}\nstderr: ${stderr}`));
    });
  });
  return { url, dataDir, process: proc };
}

export async function stopServer(s: MusterServer, keepData = false): Promise<void> {
  if (s.process.exitCode === null) {
    const exited = new Promise((r) => s.process.once('exit', r));
    s.process.kill('SIGTERM');
    const t = setTimeout(() => s.process.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(t);
  }
  if (keepData) return;
  rmSync(s.dataDir, { recursive: true, force: true });
  // The master key lives beside the data directory by default (docs/operations.md, Keys).
  rmSync(`${s.dataDir}.key`, { force: true });
}

/** Fails on axe violations of impact serious or critical. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(summary, `accessibility violations on ${screen}`).toEqual([]);
}

export const prerequisitesMissing = (): string | null => {
  if (!existsSync(MUSTER_BIN)) return `server binary not found at ${MUSTER_BIN} (set MUSTER_BIN)`;
  if (!existsSync(CHROMIUM)) return `chromium not found at ${CHROMIUM}`;
  return null;
};

/**
 * `server` is a fresh muster per test; `baseURL` points at it. `closeContexts` closes, after each
 * test, the contexts it opened with `browser.newContext()` (people on their phones): Playwright
 * closes only its own `context`, and pages left open from earlier tests kept running beside every
 * later one — a full run ended with 70 renderers alive.
 */
export const test = base.extend<{ server: MusterServer; closeContexts: void }>({
  closeContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((c) => !before.has(c)).map((c) => c.close()));
    },
    { auto: true },
  ],
  server: async ({}, use, testInfo) => {
    const missing = prerequisitesMissing();
    // Under `make test` (MUSTER_E2E_REQUIRED=1) a missing prerequisite is a failure, never a skip.
    if (missing && process.env.MUSTER_E2E_REQUIRED) throw new Error(missing);
    testInfo.skip(missing !== null, missing ?? '');
    const s = await startServer();
    try {
      await use(s);
    } finally {
      await stopServer(s);
    }
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

export { expect };
