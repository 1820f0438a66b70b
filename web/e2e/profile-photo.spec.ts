// Profile photos on a phone, in English and Arabic: a person chooses a photo, places it in the
// square (a key, a pinch and a drag) and sees it on the account page; a colleague in a shared group sees it on
// that person's messages, in the member list, the chat list, the directory and the profile, each
// picture really loaded; removing it brings the initials back. An admin sets someone's photo (a
// photo that fails to load shows the initials), and files that are not photos (one the browser
// cannot show, one only the server refuses) are refused with the translated reason.
import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { NAMES, createConversation, organization, postMessage } from './organization';
import { messageWith, shot, type Lang } from './phones';
import { makeBmp, makePng } from './images';

/** The <img> points at the person's versioned photo and the browser has decoded it. */
async function expectPhoto(img: Locator, personId: string, size: 'small' | 'large' = 'small') {
  await img.scrollIntoViewIfNeeded();
  await expect(img).toHaveAttribute('src', new RegExp(`^/api/v1/people/${personId}/photo\\?v=ph_[^&]+${size === 'small' ? '&size=small' : ''}$`));
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0))).toBeGreaterThan(0);
}

const photoCard = (p: Page) => p.getByTestId('photo-card');

/** Chooses a file in the photo card (the button opens the system picker; the test fills it). */
async function choose(p: Page, name: string, mimeType: string, buffer: Buffer) {
  await photoCard(p).getByTestId('photo-input').setInputFiles({ name, mimeType, buffer });
}

for (const lang of ['en', 'ar'] as const satisfies readonly Lang[]) {
  const L = (k: string, p?: Record<string, string | number>) => tr(lang, k, p);

  test(`profile photo (${lang}): upload and crop, seen by a colleague everywhere, removed`, async ({ browser, baseURL }) => {
    test.slow(); // four people sign up (argon2id) and two phones browse
    const { a, b } = await organization(browser, baseURL!, lang);
    const group = await createConversation(a, { kind: 'group', name: NAMES[lang].group, member_ids: [b.id] });
    await createConversation(b, { kind: 'direct', member_ids: [a.id] });
    const hello = lang === 'ar' ? 'صباح الخير يا فريق' : 'Good morning, team';
    await postMessage(a, group, hello);

    // a chooses a 600 x 400 photo: the crop step starts on the centred 400-pixel square
    const p = a.page;
    await p.goto('/me/sessions');
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    const card = photoCard(p);
    await expect(card.getByRole('heading', { name: L('photo.title') })).toBeVisible();
    await expect(card.getByRole('img', { name: L('photo.of', { name: NAMES[lang].a }) })).toBeVisible(); // initials, named
    await expect(card.getByRole('button', { name: L('photo.remove') })).toHaveCount(0);
    await choose(p, 'face.png', 'image/png', makePng(600, 400));
    const frame = card.getByTestId('crop-frame');
    await expect(frame).toBeVisible();
    await expect(frame).toBeFocused(); // the keyboard starts in the crop step
    await expect(card.getByLabel(L('photo.zoom'))).toBeVisible();
    await expectAccessible(p, `photo crop step (${lang})`);
    await shot(p, `photo-crop-${lang}`);

    // zoom with "+" (x1.1), spread two fingers from 80 to 120 pixels apart (x1.5), then drag the
    // image 40 pixels to the right with one finger: the square moves left
    await p.keyboard.press('+');
    const box = (await frame.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const cdp = await p.context().newCDPSession(p);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: [number, number][]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
    await touch('touchStart', [[cx - 40, cy], [cx + 40, cy]]);
    await touch('touchMove', [[cx - 50, cy], [cx + 50, cy]]);
    await touch('touchMove', [[cx - 60, cy], [cx + 60, cy]]);
    await touch('touchEnd', []);
    await touch('touchStart', [[cx, cy]]);
    await touch('touchMove', [[cx + 20, cy]]);
    await touch('touchMove', [[cx + 40, cy]]);
    await touch('touchEnd', []);
    const sent = p.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/api/v1/me/photo'));
    await card.getByRole('button', { name: L('photo.use') }).click();
    const url = new URL((await sent).url());
    const [x, y, side] = ['x', 'y', 'side'].map((k) => Number(url.searchParams.get(k)));
    expect(side).toBe(242); // 400 / (1.1 x 1.5), in the image's own pixels
    expect(y).toBe(79); // still centred: 200 - 242 / 2
    expect(Number.isInteger(x) && x >= 0 && x < 179).toBe(true); // left of the centred 300 - 121
    await expect(card.getByText(L('photo.saved_self'))).toBeVisible();
    await expectPhoto(card.getByTestId('photo-current').locator('img'), a.id, 'large');
    await expect(card.getByRole('img', { name: L('photo.of', { name: NAMES[lang].a }) })).toBeVisible(); // the photo, named
    await expect(card.getByTestId('photo-choose')).toBeFocused(); // back where the keyboard left
    await shot(p, `photo-account-${lang}`);

    // b sees the photo on a's messages in the group, in its members, in the chat list, the directory, the profile
    const q = b.page;
    await q.goto(`/chats/${group}`);
    await expectPhoto(messageWith(q, hello).locator('.msg-author img'), a.id);
    await shot(q, `photo-group-${lang}`);
    await q.goto(`/chats/${group}/info`);
    await expectPhoto(q.locator(`[data-testid="member"][data-person-id="${a.id}"] img`), a.id);
    await q.goto('/chats');
    await expectPhoto(q.getByTestId('conversation-item').filter({ hasText: NAMES[lang].a }).locator('img'), a.id);
    await q.goto('/');
    await expectPhoto(q.getByTestId('person-card').filter({ hasText: NAMES[lang].a }).locator('img'), a.id);
    await q.goto(`/people/${a.id}`);
    await expectPhoto(q.getByTestId('profile-avatar').locator('img'), a.id, 'large');
    await expectAccessible(q, `profile with a photo (${lang})`);

    // a removes it, after confirming: the initials are back for a and, on their next visit, for b
    await card.getByRole('button', { name: L('photo.remove') }).click();
    const confirm = card.getByRole('alertdialog', { name: L('photo.remove_title') });
    await expect(confirm).toContainText(L('photo.remove_text_self'));
    await confirm.getByRole('button', { name: L('photo.remove_confirm') }).click();
    await expect(card.getByText(L('photo.removed'))).toBeVisible();
    await expect(card.getByTestId('photo-current').locator('img')).toHaveCount(0);
    await expect(card.getByRole('button', { name: L('photo.choose') })).toBeVisible();
    await q.goto(`/chats/${group}/info`);
    const member = q.locator(`[data-testid="member"][data-person-id="${a.id}"]`);
    await expect(member.locator('.avatar')).toHaveText(lang === 'ar' ? 'عز' : 'OF');
    await expect(member.locator('img')).toHaveCount(0);
    await q.goto(`/chats/${group}`);
    await expect(messageWith(q, hello).locator('.msg-author .avatar')).toHaveText(lang === 'ar' ? 'عز' : 'OF');
    await expect(messageWith(q, hello).locator('.msg-author img')).toHaveCount(0);
  });

  test(`profile photo (${lang}): an admin sets someone's photo; files that are not photos are refused`, async ({ browser, baseURL }) => {
    test.slow();
    const { owner, a, c } = await organization(browser, baseURL!, lang);

    // the owner gives c a photo from c's admin page (the centred square, as it comes)
    const o = owner.page;
    await o.goto(`/admin/people/${c.id}`);
    const card = photoCard(o);
    await expect(card).toContainText(L('photo.hint_admin', { name: NAMES[lang].c }));
    await choose(o, 'badge.png', 'image/png', makePng(300, 300));
    await expect(card.getByTestId('crop-frame')).toBeVisible();
    await card.getByRole('button', { name: L('photo.use') }).click();
    await expect(card.getByText(L('photo.saved_admin'))).toBeVisible();
    await expectPhoto(card.getByTestId('photo-current').locator('img'), c.id, 'large');
    // c sees it on their own account page
    await c.page.goto('/me/sessions');
    await expectPhoto(photoCard(c.page).getByTestId('photo-current').locator('img'), c.id, 'large');

    // a photo that does not load leaves the initials (here the server is made to answer 404)
    const p = a.page;
    const photoOfC = `**/api/v1/people/${c.id}/photo?*`;
    await p.route(photoOfC, (r) => r.fulfill({ status: 404 }));
    const missed = p.waitForResponse((r) => r.url().includes(`/api/v1/people/${c.id}/photo`));
    await p.goto('/');
    expect((await missed).status()).toBe(404);
    const cCard = p.getByTestId('person-card').filter({ hasText: NAMES[lang].c });
    await expect(cCard.locator('img')).toHaveCount(0);
    await expect(cCard.locator('.avatar')).toHaveText(lang === 'ar' ? 'كش' : 'KN');
    await p.unroute(photoOfC);

    // a file the browser cannot show never gets to the crop step
    await p.goto('/me/sessions');
    const mine = photoCard(p);
    await choose(p, 'notes.png', 'image/png', Buffer.from('These are my notes, not a photo.'));
    await expect(mine.getByRole('alert')).toHaveText(L('error.reason.photo_unreadable'));
    await expect(mine.getByTestId('crop-frame')).toHaveCount(0);
    // one the browser shows but the server does not read (BMP): refused by the server, in the reader's language
    await choose(p, 'scan.bmp', 'image/bmp', makeBmp(120, 90));
    await expect(mine.getByTestId('crop-frame')).toBeVisible();
    const answer = p.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/me/photo'));
    await mine.getByRole('button', { name: L('photo.use') }).click();
    expect((await answer).status()).toBe(400);
    await expect(mine.getByRole('alert')).toHaveText(L('error.reason.photo_unreadable'));
    await shot(p, `photo-refused-${lang}`);
    await mine.getByRole('button', { name: L('common.cancel') }).click();
    await expect(mine.getByTestId('photo-current').locator('img')).toHaveCount(0);
  });
}
