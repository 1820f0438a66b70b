// The web app on a phone (issue 16, docs/performance.md): against a running `muster serve --web DIST`
// (bench/run-web.sh starts it), in Debian's Chromium through Playwright:
//   size     gzipped JavaScript the start page loads: index.html's entry script and modulepreloads,
//            plus the one dictionary the app fetches before its first render (en or ar)
//   cold     /chats opened by someone signed in before (cookie and the app's session mark) with an
//            empty cache until the first conversation item is rendered,
//            4x CPU slowdown and slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up), phone viewport
//   cached   the same again once the service worker is installed, the HTTP cache emptied
//   open     a conversation of 10,000 messages opened from the list (a click) and loaded directly,
//            until the message list shows messages; desktop viewport, no throttling
//   scroll   that list scrolled up 40 px a frame for 3 s; requestAnimationFrame intervals, and the
//            frames the compositor drew and dropped in a Chromium trace of the same 3 s
//
//   node bench/web_bench.mjs --url http://127.0.0.1:PORT --dist DIST [--runs 3]
//       [--messages 10000] [--out FILE] [--trace-out FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import os from 'node:os';

const ROOT = new URL('..', import.meta.url).pathname;
// Playwright is the web app's dev dependency; this script lives outside web/
const { chromium, request: apiRequest } = createRequire(`${ROOT}web/package.json`)('@playwright/test');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const URL_ = opt('url');
const DIST = opt('dist');
const RUNS = Number(opt('runs', 3));
const MESSAGES = Number(opt('messages', 10000));
const OUT = opt('out', '');
// Where the scroll's raw Chromium trace goes (the last run's), with main-thread tasks: to see
// what a long frame was doing. Off by default.
const TRACE_OUT = opt('trace-out', '');
if (!URL_ || !DIST) throw new Error('usage: web_bench.mjs --url URL --dist DIST');

// as web/playwright.config.ts
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 720 } };
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

// ---- size ---------------------------------------------------------------------------------------
function sizes() {
  const html = readFileSync(`${DIST}/index.html`, 'utf8');
  const urls = [...html.matchAll(/<(?:script[^>]*\btype="module"[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="([^"]+)"/g)].map((m) => m[1]);
  const files = urls.map((u) => ({ url: u, bytes: readFileSync(DIST + u).length, gzip: gz(DIST + u) }));
  const index = files.reduce((a, f) => a + f.gzip, 0);
  // the dictionaries are dynamic imports; `vite build --manifest` names their chunks
  const manifest = JSON.parse(readFileSync(`${DIST}/.vite/manifest.json`, 'utf8'));
  const dict = (lang) => {
    const entry = manifest[`src/i18n/${lang}.json`];
    return entry ? gz(`${DIST}/${entry.file}`) : 0; // 0: bundled into the entry (before issue 16)
  };
  const en = dict('en');
  const ar = dict('ar');
  return { files, index_gzip: index, dictionary_en_gzip: en, dictionary_ar_gzip: ar, start_en_gzip: index + en, start_ar_gzip: index + ar };
}

// ---- organization -------------------------------------------------------------------------------
async function post(ctx, csrf, path, data, status) {
  const res = await ctx.post(path, { headers: csrf ? { 'X-CSRF-Token': csrf } : {}, data });
  if (status ? res.status() !== status : !res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
  return res.json();
}

async function organization() {
  const owner = await apiRequest.newContext({ baseURL: URL_ });
  const setup = await post(owner, null, '/api/v1/setup', {
    organization_name: 'Bench', default_language: 'en', owner: { name: 'Sara Owner', email: 'sara@example.com', password: 'owner-pass-123' },
  }, 201);
  const csrf = setup.csrf_token;
  const people = [];
  for (let i = 0; i < 5; i++) {
    const { person, invitation } = await post(owner, csrf, '/api/v1/people', { name: `Colleague ${i}`, email: `p${i}@example.com`, job_title: 'Cashier' }, 201);
    const ctx = await apiRequest.newContext({ baseURL: URL_ });
    const accepted = await post(ctx, null, `/api/v1/invitations/${invitation.token}/accept`, { password: `pass-word-${i}-123` });
    people.push({ id: person.id, ctx, csrf: accepted.csrf_token });
  }
  // a list like a working phone's: 30 conversations with a few messages, one with 10,000
  for (let i = 0; i < 30; i++) {
    const data = i % 3 ? { kind: 'direct', member_ids: [people[i % 5].id] } : { kind: 'group', name: `Team ${i}`, member_ids: people.map((p) => p.id) };
    if (i % 3 && i >= 5) continue; // one direct conversation per colleague
    const { id } = await post(owner, csrf, '/api/v1/conversations', data);
    for (let m = 0; m < 3; m++) await post(owner, csrf, `/api/v1/conversations/${id}/messages`, { client_id: crypto.randomUUID(), text: `Message ${m} in ${i}` });
  }
  const { id: big } = await post(owner, csrf, '/api/v1/conversations', { kind: 'group', name: 'Ten thousand', member_ids: people.map((p) => p.id) });
  const t0 = performance.now();
  const authors = [{ ctx: owner, csrf }, ...people];
  let next = 0;
  const words = 'the delivery for the depot arrives at nine please check the pallets and sign the note'.split(' ');
  async function worker() {
    for (let i = next++; i < MESSAGES; i = next++) {
      const a = authors[i % authors.length];
      const len = 3 + (i * 7) % 25; // one line to a few lines, so rows differ in height
      const text = `#${i} ` + Array.from({ length: len }, (_, k) => words[(i + k) % words.length]).join(' ');
      await post(a.ctx, a.csrf, `/api/v1/conversations/${big}/messages`, { client_id: crypto.randomUUID(), text });
    }
  }
  await Promise.all(Array.from({ length: 20 }, worker));
  const seedS = (performance.now() - t0) / 1000;
  console.log(`seeded ${MESSAGES} messages in ${round(seedS)} s`);
  // a phone someone was signed in on before: the session cookie, and the app's mark that a session lived here
  const storage = await owner.storageState();
  storage.origins = [{ origin: new URL(URL_).origin, localStorage: [{ name: 'muster.session', value: '1' }] }];
  return { owner, big, seedS, storage };
}

// ---- measurements -------------------------------------------------------------------------------
// In the page from its first script: when the first conversation item and the first messages appear.
const MARKS = `(() => {
  const mark = () => {
    if (!window.__listAt && document.querySelector('[data-testid="conversation-item"]')) window.__listAt = performance.now();
    if (!window.__msgsAt && document.querySelector('[data-testid="message-list"] [data-testid="message"]')) window.__msgsAt = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
})();`;

async function throttle(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return cdp;
}

/** Cold start, then (same profile, worker installed, HTTP cache emptied) the cached start. */
async function coldAndCached(browser, storage) {
  const ctx = await browser.newContext({ ...PHONE, storageState: storage, serviceWorkers: 'allow' });
  await ctx.addInitScript(MARKS);
  const page = await ctx.newPage();
  const cdp = await throttle(page);
  await page.goto(`${URL_}/chats`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__listAt, null, { timeout: 60000, polling: 50 });
  const cold = await page.evaluate(() => window.__listAt);
  // the scripts requested before the list showed (not a prefetch that starts after it)
  const before = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
      .filter((e) => e.startTime < window.__listAt)
      .map((e) => new URL(e.name).pathname),
  );
  // the worker installs after the start; wait until it controls the page
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await cdp.send('Network.clearBrowserCache');
  await page.reload({ waitUntil: 'commit' });
  await page.waitForFunction(() => window.__listAt, null, { timeout: 60000, polling: 50 });
  const cached = await page.evaluate(() => window.__listAt);
  await ctx.close();
  return { cold, cached, scripts: before };
}

/**
 * Frames in a Chromium trace: the compositor's DrawFrame events (frames shown) and DroppedFrame
 * events, over the span between the first and the last frame drawn.
 */
function traceFrames(trace) {
  const events = trace.traceEvents ?? trace;
  const drawn = events.filter((e) => e.name === 'DrawFrame').map((e) => e.ts).sort((a, b) => a - b);
  const dropped = events.filter((e) => e.name === 'DroppedFrame').length;
  if (drawn.length < 2) return { drawn: drawn.length, dropped, fps: null, longest_ms: null };
  const gaps = drawn.slice(1).map((t, i) => (t - drawn[i]) / 1000);
  return {
    drawn: drawn.length,
    dropped,
    fps: round((drawn.length - 1) / ((drawn.at(-1) - drawn[0]) / 1e6)),
    longest_ms: round(Math.max(...gaps)),
    over_25ms: round(gaps.filter((g) => g > 25).length / gaps.length, 3),
  };
}

/** Opens the big conversation from the list (click) and by loading its address; then scrolls. */
async function openAndScroll(browser, storage, big, scroll) {
  const ctx = await browser.newContext({ ...DESKTOP, storageState: storage });
  await ctx.addInitScript(MARKS);
  const page = await ctx.newPage();
  await page.goto(`${URL_}/chats`);
  await page.waitForFunction(() => window.__listAt, null, { timeout: 30000, polling: 50 });
  await page.waitForLoadState('networkidle');
  const click = await page.evaluate(async (id) => {
    const link = document.querySelector(`a[href="/chats/${id}"]`);
    if (!link) throw new Error('the big conversation is not in the list');
    const t0 = performance.now();
    link.click();
    await new Promise((r) => {
      const check = () => (window.__msgsAt ? r() : requestAnimationFrame(check));
      check();
    });
    return window.__msgsAt - t0;
  }, big);
  await page.goto(`${URL_}/chats/${big}`);
  await page.waitForFunction(() => window.__msgsAt, null, { timeout: 30000, polling: 50 });
  const direct = await page.evaluate(() => window.__msgsAt);
  let frames = null;
  let trace = null;
  if (scroll) {
    await page.waitForLoadState('networkidle');
    // The compositor's own account of the frames, beside what requestAnimationFrame saw.
    const categories = ['disabled-by-default-devtools.timeline.frame', 'devtools.timeline'];
    if (TRACE_OUT) categories.push('disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'disabled-by-default-v8.cpu_profiler');
    await browser.startTracing(page, { categories });
    frames = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const list = document.querySelector('[data-testid="message-list"]');
          const deltas = [];
          const start = performance.now();
          let last = start;
          const step = (now) => {
            deltas.push(now - last);
            last = now;
            list.scrollTop -= 40; // near the top the list loads older pages, as a reader's would
            if (now - start < 3000) requestAnimationFrame(step);
            else resolve({ deltas: deltas.slice(1), seconds: (now - start) / 1000, rendered: list.querySelectorAll('[data-testid="message"]').length });
          };
          requestAnimationFrame((t) => {
            last = t;
            requestAnimationFrame(step);
          });
        }),
    );
    const raw = (await browser.stopTracing()).toString();
    if (TRACE_OUT) writeFileSync(TRACE_OUT, raw);
    trace = traceFrames(JSON.parse(raw));
  }
  await ctx.close();
  return { click, direct, frames, trace };
}

// ---- run ----------------------------------------------------------------------------------------
const size = sizes();
const org = await organization();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
const runs = [];
try {
  for (let r = 0; r < RUNS; r++) {
    const start = await coldAndCached(browser, org.storage);
    const open = await openAndScroll(browser, org.storage, org.big, true);
    runs.push({ ...start, ...open });
    console.log(`run ${r + 1}: cold ${round(start.cold, 0)} ms, cached ${round(start.cached, 0)} ms, open ${round(open.click, 0)} / ${round(open.direct, 0)} ms`);
  }
} finally {
  await browser.close();
  await org.owner.dispose();
}

const frameStats = (f) => {
  const n = f.deltas.length;
  return {
    fps: round(n / f.seconds),
    over_16_7ms: round(f.deltas.filter((d) => d > 16.7).length / n, 3),
    over_25ms: round(f.deltas.filter((d) => d > 25).length / n, 3), // a missed vsync, not timer jitter
    longest_ms: round(Math.max(...f.deltas)),
    rows_rendered: f.rendered,
  };
};
const scrolls = runs.map((r) => frameStats(r.frames));
const startScripts = runs[0].scripts;
const observed = startScripts.reduce((a, u) => a + (u.startsWith('/assets/') ? gz(DIST + u) : 0), 0);
const result = {
  size: { ...size, files: size.files.map((f) => f.url), observed_cold_start_scripts: startScripts, observed_cold_start_gzip: observed },
  seed: { messages: MESSAGES, seconds: round(org.seedS) },
  cold_start_ms: round(median(runs.map((r) => r.cold)), 0),
  cached_start_ms: round(median(runs.map((r) => r.cached)), 0),
  open_10k_click_ms: round(median(runs.map((r) => r.click)), 0),
  open_10k_direct_ms: round(median(runs.map((r) => r.direct)), 0),
  scroll_fps: median(scrolls.map((s) => s.fps)),
  scroll_over_16_7ms: median(scrolls.map((s) => s.over_16_7ms)),
  scroll_over_25ms: median(scrolls.map((s) => s.over_25ms)),
  trace_fps: median(runs.map((r) => r.trace.fps)),
  trace_dropped: median(runs.map((r) => r.trace.dropped)),
  runs: runs.map((r, i) => ({ cold_ms: round(r.cold, 0), cached_ms: round(r.cached, 0), open_click_ms: round(r.click, 0), open_direct_ms: round(r.direct, 0), scroll: scrolls[i], trace: r.trace })),
};
const kb = (b) => `${round(b / 1000)} kB`;
console.log(`
| figure | target | median of ${RUNS} |
| --- | --- | --- |
| start page JavaScript, gzipped (index.html + en / ar dictionary) | <= 150 kB | ${kb(size.start_en_gzip)} / ${kb(size.start_ar_gzip)} (index.html ${kb(size.index_gzip)}) |
| scripts a cold start of /chats fetched before the list showed, gzipped | | ${kb(observed)} (${startScripts.length} files) |
| cold start to the chat list, 4x CPU, slow 4G | <= 2500 ms | ${result.cold_start_ms} ms |
| the same with the service worker's cache | <= 1000 ms | ${result.cached_start_ms} ms |
| open 10,000 messages: click to first screen / page load to first screen | <= 300 ms | ${result.open_10k_click_ms} / ${result.open_10k_direct_ms} ms |
| scroll up 3 s: frames per second, share over 16.7 ms, over 25 ms | 60 fps | ${result.scroll_fps} fps, ${result.scroll_over_16_7ms}, ${result.scroll_over_25ms} |
| the same in a Chromium trace: frames drawn per second, frames dropped | 60 fps | ${result.trace_fps} fps, ${result.trace_dropped} dropped |`);

let commit = '';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
} catch {
  /* not a checkout */
}
const doc = { timestamp: new Date().toISOString(), git_commit: commit, machine: `${os.cpus().length} cpus, ${os.cpus()[0]?.model ?? ''}`.trim(), result };
if (OUT) writeFileSync(OUT, JSON.stringify(doc, null, 1) + '\n');
