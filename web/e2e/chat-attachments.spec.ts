import type { Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { organization } from './organization';
import { type Lang, composer, sendButton, messageWith, shot } from './phones';

const uploads = (p: Page) => p.getByTestId('upload');

/** A photo as a phone would take it: drawn and PNG-encoded by the browser itself, noisy so it is large. */
async function photo(p: Page, width: number, height: number): Promise<Buffer> {
  const b64 = await p.evaluate(
    ([w, h]) => {
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const g = c.getContext('2d')!;
      const img = g.createImageData(w, h);
      for (let i = 0; i < img.data.length; i += 4) {
        img.data[i] = (i / 4) % w;
        img.data[i + 1] = Math.random() * 255;
        img.data[i + 2] = 140;
        img.data[i + 3] = 255;
      }
      g.putImageData(img, 0, 0);
      return c.toDataURL('image/png').split(',')[1];
    },
    [width, height],
  );
  return Buffer.from(b64, 'base64');
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

for (const lang of ['en', 'ar'] as const satisfies readonly Lang[]) {
  test(`attachments on phones: progress, thumbnails, downloads, refusals and a dropped network (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    const { owner, a, b } = await organization(browser, baseURL!, lang);

    // Sara opens a direct conversation with Omar; Omar keeps it open on his phone
    await owner.page.goto(`/people/${a.id}`);
    await owner.page.getByRole('button', { name: L('chat.message_person') }).click();
    await expect(owner.page).toHaveURL(/\/chats\/c_/);
    const convUrl = new URL(owner.page.url()).pathname;
    await a.page.goto(convUrl);
    await expect(a.page.getByRole('heading', { level: 1 })).toContainText(owner.name);

    // a large photo on a slow uplink shows its progress; the send button waits for it
    const big = await photo(owner.page, 1600, 1200);
    expect(big.length).toBeGreaterThan(1_000_000);
    const cdp = await owner.ctx.newCDPSession(owner.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
    await owner.page.getByTestId('file-input').setInputFiles([
      { name: 'shelf.png', mimeType: 'image/png', buffer: big },
      { name: 'رف-التقرير.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    const bar = owner.page.getByRole('progressbar', { name: new RegExp(L('chat.uploading', { name: 'shelf.png', pct: '\\d+' })) });
    await expect(bar).toBeVisible();
    // the picked photo is previewed in the composer before it is sent
    const preview = uploads(owner.page).filter({ hasText: 'shelf.png' }).locator('img');
    await expect.poll(() => preview.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(1600);
    await expect.poll(() => bar.evaluate((e) => (e as HTMLProgressElement).value), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(owner.page.getByRole('button', { name: L('chat.send') })).toBeEnabled(); // the PDF is already up
    await shot(owner.page, `${lang}-uploading`);
    await composer(owner.page).fill('Shelf 4 this morning');
    await sendButton(owner.page).click();
    // nothing leaves while an upload is still running: the text stays in the composer
    await expect(composer(owner.page)).toHaveValue('Shelf 4 this morning');
    await expect(messageWith(owner.page, 'Shelf 4 this morning')).toHaveCount(0);
    await expect(bar).toHaveCount(0, { timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await sendButton(owner.page).click();
    await expect(uploads(owner.page)).toHaveCount(0);

    // Omar gets it live: a thumbnail (not the 1600-pixel original) and the PDF to download
    const onA = messageWith(a.page, 'Shelf 4 this morning');
    await expect(onA).toHaveCount(1);
    const thumb = onA.getByRole('img', { name: L('chat.image', { name: 'shelf.png' }) });
    await expect(thumb).toBeVisible();
    await expect.poll(() => thumb.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await thumb.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeLessThanOrEqual(320);
    const file = onA.getByRole('link', { name: L('chat.download', { name: 'رف-التقرير.pdf' }) });
    await expect(file).toBeVisible();
    await expect(file).toContainText(`${PDF.length} ${lang === 'ar' ? 'بايت' : 'bytes'}`);
    const [download] = await Promise.all([a.page.waitForEvent('download'), file.click()]);
    expect(download.suggestedFilename()).toBe('رف-التقرير.pdf');
    const saved = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of saved) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(PDF)).toBe(true);
    // the full-size photo opens from the thumbnail
    const full = await a.ctx.request.get((await thumb.locator('xpath=..').getAttribute('href'))!);
    expect(full.status()).toBe(200);
    expect((await full.body()).equals(big)).toBe(true);
    await expectAccessible(a.page, `attachments (${lang})`);
    await shot(a.page, `${lang}-attachments`);

    // Lina is not in the conversation: the file is not hers to fetch
    const href = (await file.getAttribute('href'))!;
    expect((await b.ctx.request.get(href)).status()).toBe(404);

    // a program renamed to .png is refused by its content, with a message that says why; nothing is sent
    await owner.page.getByTestId('file-input').setInputFiles({
      name: 'invoice.png',
      mimeType: 'image/png',
      buffer: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64)]),
    });
    const refused = uploads(owner.page).filter({ hasText: 'invoice.png' });
    await expect(refused.getByRole('alert')).toContainText(L('chat.upload_type_refused'));
    await expect(refused.getByRole('button', { name: L('chat.retry') })).toHaveCount(0); // retrying cannot help
    await expect(owner.page.getByRole('button', { name: L('chat.send') })).toBeDisabled();
    await refused.getByRole('button', { name: L('chat.remove_attachment', { name: 'invoice.png' }) }).click();
    await expect(uploads(owner.page)).toHaveCount(0);

    // the network drops while a photo uploads: it fails visibly, then finishes by itself when the network is back
    await owner.ctx.setOffline(true);
    await owner.page.getByTestId('file-input').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: await photo(owner.page, 200, 150) });
    const waiting = uploads(owner.page).filter({ hasText: 'after.png' });
    await expect(waiting.getByRole('alert')).toContainText(L('error.network'));
    await expect(waiting.getByRole('button', { name: L('chat.retry') })).toBeVisible();
    await owner.ctx.setOffline(false);
    await expect(waiting.getByRole('alert')).toHaveCount(0, { timeout: 20_000 });
    await expect(waiting.getByRole('progressbar')).toHaveCount(0, { timeout: 20_000 });
    await composer(owner.page).fill('Back online');
    await sendButton(owner.page).click();
    const late = messageWith(a.page, 'Back online');
    await expect(late).toHaveCount(1);
    await expect(late.getByRole('img', { name: L('chat.image', { name: 'after.png' }) })).toBeVisible();
    // exactly once, also after a reload from the server
    await a.page.reload();
    await expect(messageWith(a.page, 'Back online')).toHaveCount(1);
    await expect(messageWith(a.page, 'Shelf 4 this morning').getByRole('img')).toHaveCount(1);

    for (const p of [owner, a, b]) await p.ctx.close();
  });
}
