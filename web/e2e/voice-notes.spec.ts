// Voice notes on phones, in English and Arabic, with Chromium's fake microphone (a steady tone):
// holding the microphone records and releasing sends; the note plays on the other person's phone
// with its length, from the server's MP3 copy (what iPhone Safari plays); sliding toward the reading start cancels and sends nothing; sliding up locks,
// and Send sends; a mouse holds like a finger; the keyboard starts a locked recording and Escape
// drops it; the message menu works on a voice note (no "Copy text"); a note the browser cannot
// play is offered as a download; a file that only claims to be audio is refused by its content;
// a refused microphone says so.
import { chromium, type Browser, type CDPSession, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { CHROMIUM, expect, expectAccessible, test, tr } from './fixtures';
import { organization } from './organization';
import { type Lang, messages, shot } from './phones';

type Point = { x: number; y: number };

let media: Browser;
test.beforeAll(async () => {
  media = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
});
test.afterAll(async () => {
  await media?.close();
});

async function centre(l: Locator): Promise<Point> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A finger: down at the first point, through the others in steps, resting `holdMs` before it lifts. */
async function finger(cdp: CDPSession, path: Point[], holdMs = 0) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [path[0]] });
  for (const p of path.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
  if (holdMs) await sleep(holdMs);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

function steps(from: Point, dx: number, dy: number): Point[] {
  const n = Math.max(Math.abs(dx), Math.abs(dy)) / 10;
  return Array.from({ length: n + 1 }, (_, i) => ({ x: from.x + (dx * i) / n, y: from.y + (dy * i) / n }));
}

const voiceNotes = (p: Page) => messages(p).filter({ has: p.getByTestId('voice-player') });
/** "١:٠٥" → "1:05", whichever digits the locale gave. */
const latin = (s: string) => s.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));

for (const lang of ['en', 'ar'] as const satisfies readonly Lang[]) {
  test(`voice notes on phones: hold to send, play, slide to cancel, lock, keyboard (${lang})`, async ({ baseURL }) => {
    test.setTimeout(150_000);
    const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);
    const { owner, a, b, c } = await organization(media, baseURL!, lang);
    await b.ctx.close();
    await c.ctx.close();
    for (const p of [owner, a]) await p.ctx.grantPermissions(['microphone']);

    // Sara opens a direct conversation with Omar, who keeps it open on his phone
    await owner.page.goto(`/people/${a.id}`);
    await owner.page.getByRole('button', { name: L('chat.message_person') }).click();
    await expect(owner.page).toHaveURL(/\/chats\/c_/);
    const convUrl = new URL(owner.page.url()).pathname;
    await a.page.goto(convUrl);
    await expect(a.page.getByRole('heading', { level: 1 })).toContainText(owner.name);

    // the text box is empty: the microphone is where the send button was
    const p = owner.page;
    const mic = p.getByTestId('voice-button');
    await expect(mic).toHaveAccessibleName(L('voice.record'));
    await expect(p.getByTestId('composer-send')).toHaveCount(0);
    const cdp = await owner.ctx.newCDPSession(p);

    // hold for about two seconds: a running clock, a pulsing dot and the "slide to cancel" hint; release sends
    const at = await centre(mic);
    const pressed = Date.now();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
    await expect(p.getByTestId('voice-slide-hint')).toContainText(L('voice.slide_to_cancel'));
    await expect(mic).toHaveAccessibleName(L('voice.release_to_send'));
    await expect.poll(async () => latin((await p.getByTestId('voice-clock').textContent()) ?? ''), { timeout: 3_000, intervals: [100] }).toMatch(/^0:0[12]$/);
    await shot(p, `${lang}-voice-holding`);
    await sleep(2_000 - (Date.now() - pressed));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });

    // it reaches Omar as a player, with its length read from the file: about two seconds
    await expect(voiceNotes(a.page)).toHaveCount(1, { timeout: 15_000 });
    const note = voiceNotes(a.page).first();
    const audio = note.getByTestId('voice-audio');
    // what plays is the server's MP3 copy of the Opus recording, the format iPhone Safari plays too
    await expect.poll(() => audio.evaluate((e) => (e as HTMLAudioElement).currentSrc)).toMatch(/\/api\/v1\/attachments\/a_[^/]+\/voice-copy$/);
    await expect.poll(() => audio.evaluate((e) => (e as HTMLAudioElement).duration), { timeout: 10_000 }).toBeGreaterThan(1);
    const length = await audio.evaluate((e) => (e as HTMLAudioElement).duration);
    expect(length).toBeLessThan(4);
    // what he reads says the same, and the bar starts at its start
    await expect.poll(async () => latin((await note.getByTestId('voice-duration').textContent()) ?? '')).toMatch(/^0:0[1-3]$/);
    expect(latin((await note.getByTestId('voice-time').textContent()) ?? '')).toMatch(/^0:00 \/ 0:0[1-3]$/);
    // the message has no empty text line, and the preview in the list calls it a voice message
    await expect(note.getByTestId('message-text')).toHaveCount(0);
    await expect(voiceNotes(p)).toHaveCount(1);
    await expect(voiceNotes(p)).toHaveAttribute('data-own', 'true');
    await expect(p.getByTestId('composer-input')).toHaveValue('');

    // Omar presses play: it plays (the time moves) and the button now pauses
    const play = note.getByRole('button', { name: L('voice.play') });
    await play.click();
    await expect(note.getByRole('button', { name: L('voice.pause') })).toBeVisible();
    await expect.poll(() => audio.evaluate((e) => (e as HTMLAudioElement).currentTime), { timeout: 5_000 }).toBeGreaterThan(0.2);
    expect(await audio.evaluate((e) => (e as HTMLAudioElement).paused)).toBe(false);
    // the bar fills from the reading start: right to left in Arabic
    const seek = note.getByRole('slider', { name: L('voice.position') });
    expect(await seek.evaluate((e) => getComputedStyle(e).direction)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    await expectAccessible(a.page, `voice note player (${lang})`);
    await shot(a.page, `${lang}-voice-playing`);
    // faster: the button says the speed
    await note.getByTestId('voice-rate').click();
    await expect(note.getByTestId('voice-rate')).toHaveAccessibleName(L('voice.speed', { rate: lang === 'ar' ? `${new Intl.NumberFormat('ar').format(1.5)}×` : '1.5×' }));
    expect(await audio.evaluate((e) => (e as HTMLAudioElement).playbackRate)).toBe(1.5);
    // it plays to the end and is ready to play again from the start
    await expect(note.getByRole('button', { name: L('voice.play') })).toBeVisible({ timeout: 6_000 });

    // slide toward the reading start (left in English, right in Arabic): cancelled, nothing sent
    await finger(cdp, steps(await centre(mic), lang === 'ar' ? 100 : -100, 0), 300);
    await expect(p.getByTestId('voice-panel')).toHaveCount(0);
    await expect(mic).toHaveAccessibleName(L('voice.record'));
    await sleep(1_500);
    await expect(voiceNotes(a.page)).toHaveCount(1);
    await expect(p.getByTestId('pending-message')).toHaveCount(0);

    // slide up: locked, recording on without the finger, with Send and Cancel
    await finger(cdp, steps(await centre(mic), 0, -80));
    const send = p.getByRole('button', { name: L('voice.send') });
    await expect(send).toBeVisible();
    await expect(p.getByRole('button', { name: L('voice.cancel') })).toBeVisible();
    await expect(p.getByRole('timer')).toBeVisible();
    await expectAccessible(p, `voice note recording (${lang})`);
    await shot(p, `${lang}-voice-locked`);
    await sleep(1_500);
    await send.tap();
    await expect(voiceNotes(a.page)).toHaveCount(2, { timeout: 15_000 });
    const second = voiceNotes(a.page).last().getByTestId('voice-audio');
    await expect.poll(() => second.evaluate((e) => (e as HTMLAudioElement).duration), { timeout: 10_000 }).toBeGreaterThan(1);

    // only one note plays at a time: starting the second pauses the first
    await voiceNotes(a.page).first().getByRole('button', { name: L('voice.play') }).click();
    await expect.poll(() => audio.evaluate((e) => (e as HTMLAudioElement).paused)).toBe(false);
    await voiceNotes(a.page).last().getByRole('button', { name: L('voice.play') }).click();
    await expect.poll(() => second.evaluate((e) => (e as HTMLAudioElement).paused)).toBe(false);
    expect(await audio.evaluate((e) => (e as HTMLAudioElement).paused)).toBe(true);

    // the keyboard: Enter starts a locked recording, Escape drops it
    await mic.focus();
    await p.keyboard.press('Enter');
    await expect(send).toBeVisible();
    await expect(send).toBeFocused();
    await p.keyboard.press('Escape');
    await expect(mic).toHaveAccessibleName(L('voice.record'));
    await sleep(1_000);
    await expect(voiceNotes(a.page)).toHaveCount(2);

    // a mouse works like a finger: press, hold, release sends
    await mic.hover();
    await p.mouse.down();
    await expect(mic).toHaveAccessibleName(L('voice.release_to_send'));
    await sleep(1_500);
    await p.mouse.up();
    await expect(voiceNotes(a.page)).toHaveCount(3, { timeout: 15_000 });
    await expect(mic).toHaveAccessibleName(L('voice.record'));

    // the message menu on a voice note: react works, there is no text to copy
    await voiceNotes(a.page).first().getByTestId('message-actions').click();
    const sheet = a.page.getByTestId('message-sheet');
    await expect(sheet).toBeVisible();
    await expect(sheet).toContainText(L('voice.note'));
    await expect(sheet.getByTestId('sheet-copy')).toHaveCount(0);
    await expect(sheet.getByTestId('sheet-reply')).toBeVisible();
    await sheet.getByRole('button', { name: L('chat.react_with', { emoji: '👍' }) }).click();
    await expect(voiceNotes(a.page).first().getByTestId('reaction')).toHaveCount(1);
    await expect(voiceNotes(p).first().getByTestId('reaction')).toHaveCount(1);

    // the list says what the last message was
    await a.page.goto('/chats');
    await expect(a.page.getByTestId('conv-preview').first()).toContainText(L('chat.preview_voice'));

    // a note this browser cannot load (a format it does not play, a file it could not fetch) is offered as a download
    await a.page.route('**/api/v1/attachments/**', (route) => (route.request().resourceType() === 'media' ? route.abort() : route.continue()));
    await a.page.goto(convUrl);
    const unplayable = voiceNotes(a.page).first().getByTestId('voice-player');
    await expect(unplayable).toHaveAttribute('data-state', 'failed');
    await expect(unplayable).toContainText(L('voice.cannot_play'));
    await expect(unplayable).toHaveAttribute('href', /\/api\/v1\/attachments\/a_/);
    await a.page.unrouteAll();

    for (const x of [owner, a]) await x.ctx.close();
  });
}

test('a file that only claims to be a voice note is refused by its content, with a translated reason (ar)', async ({ baseURL }) => {
  const L = (k: string, p?: Record<string, string | number>) => tr('ar', k, p);
  const { owner, a, b, c } = await organization(media, baseURL!, 'ar');
  for (const x of [a, b, c]) await x.ctx.close();
  const junk = Buffer.concat([Buffer.from([0x00, 0x13, 0x37, 0xfe, 0xff, 0x00]), Buffer.alloc(200, 0xab)]);
  const direct = await owner.ctx.request.post('/api/v1/attachments?name=voice.m4a', { headers: { 'X-CSRF-Token': owner.csrf, 'Content-Type': 'audio/mp4' }, data: junk });
  expect(direct.status()).toBe(415);
  expect((await direct.json()).error.code).toBe('unsupported_media_type');

  await owner.page.goto(`/people/${a.id}`);
  await owner.page.getByRole('button', { name: L('chat.message_person') }).click();
  await expect(owner.page).toHaveURL(/\/chats\/c_/);
  await owner.page.getByTestId('file-input').setInputFiles({ name: 'voice.m4a', mimeType: 'audio/mp4', buffer: junk });
  const refused = owner.page.getByTestId('upload').filter({ hasText: 'voice.m4a' });
  await expect(refused.getByRole('alert')).toContainText(L('chat.upload_type_refused'));
  await expect(refused.getByRole('button', { name: L('chat.retry') })).toHaveCount(0);
  await owner.ctx.close();
});

test('a microphone the browser refuses says so, in the reader’s language (en)', async ({ baseURL }) => {
  // no fake consent here: the headless browser answers the permission request with a refusal
  const strict = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'] });
  try {
    const { owner, a, b, c } = await organization(strict, baseURL!, 'en');
    for (const x of [b, c]) await x.ctx.close();
    await owner.page.goto(`/people/${a.id}`);
    await owner.page.getByRole('button', { name: tr('en', 'chat.message_person') }).click();
    await expect(owner.page).toHaveURL(/\/chats\/c_/);
    await owner.page.getByTestId('voice-button').click();
    await expect(owner.page.getByTestId('voice-problem')).toContainText(tr('en', 'voice.problem_denied'));
    await expect(owner.page.getByTestId('voice-button')).toHaveAccessibleName(tr('en', 'voice.record'));
    await expect(owner.page.getByTestId('voice-panel')).toHaveCount(0);
  } finally {
    await strict.close();
  }
});
