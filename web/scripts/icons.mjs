// Renders the PNG icons the manifest, iOS and notifications need from public/icon.svg and
// public/icon-maskable.svg, in headless Chromium. Run after changing an SVG: `npm run icons`.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pub = (name) => fileURLToPath(new URL(`../public/${name}`, import.meta.url));
const icon = readFileSync(pub('icon.svg'), 'utf8');
const maskable = readFileSync(pub('icon-maskable.svg'), 'utf8');
// Android draws a notification badge from its alpha channel only: the white letter alone, cropped close.
const badge = icon.replace(/<rect[^>]*\/>/, '').replace(/viewBox="[^"]*"/, 'viewBox="112 112 288 288"');

const jobs = [
  { svg: icon, size: 192, out: 'icon-192.png' },
  { svg: icon, size: 512, out: 'icon-512.png' },
  { svg: maskable, size: 192, out: 'icon-maskable-192.png' },
  { svg: maskable, size: 512, out: 'icon-maskable-512.png' },
  // iOS rounds the corners itself and shows transparency as black: the full-bleed square
  { svg: maskable, size: 180, out: 'apple-touch-icon.png' },
  { svg: badge, size: 96, out: 'badge-96.png' },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ deviceScaleFactor: 1 });
for (const { svg, size, out } of jobs) {
  await page.setViewportSize({ width: size, height: size });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setContent(`<style>html,body{margin:0;background:transparent}img{display:block}</style><img src="${src}" width="${size}" height="${size}">`);
  await page.locator('img').screenshot({ path: pub(out), omitBackground: true });
  console.log(`public/${out}`);
}
await browser.close();
