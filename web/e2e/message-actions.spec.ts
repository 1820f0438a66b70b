// Acting on messages the way people do on a phone, in English and Arabic: a long press opens the
// message menu (a bottom sheet) and a scroll does not; reacting from it, Cancel, a tap beside it and
// the phone's Back close it without leaving the conversation; on the last message it is whole and
// nothing covers it; swiping a message toward the reading direction's end starts a reply. On a
// phone Enter starts a new line and the send button sends; on a desktop a right-click opens the
// menu and Enter sends, Shift+Enter starts a new line.
import type { CDPSession, Locator, Page } from '@playwright/test';
import { expect, expectAccessible, test, tr } from './fixtures';
import { composer, messageWith, messages, shot } from './phones';
import { createConversation, organization, postMessage } from './organization';

type Point = { x: number; y: number };

async function centre(l: Locator): Promise<Point> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** A finger on the screen, driven through the DevTools protocol (real touch events, as a phone sends). */
async function finger(cdp: CDPSession, path: Point[], holdMs = 0) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [path[0]] });
  for (const p of path.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
  if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function longPress(cdp: CDPSession, row: Locator) {
  await finger(cdp, [await centre(row.getByTestId('bubble'))], 700);
}

/** Steps of 10 px from the bubble's centre, `dx` sideways and `dy` down. */
function drag(from: Point, dx: number, dy: number): Point[] {
  const n = Math.max(Math.abs(dx), Math.abs(dy)) / 10;
  return Array.from({ length: n + 1 }, (_, i) => ({ x: from.x + (dx * i) / n, y: from.y + (dy * i) / n }));
}

const sheetOf = (p: Page) => p.getByTestId('message-sheet');

async function focusInside(l: Locator): Promise<boolean> {
  return l.evaluate((el) => el.contains(document.activeElement));
}

for (const lang of ['en', 'ar'] as const) {
  test(`the message menu and swipe to reply on a phone (${lang})`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    await b.ctx.close();
    await c.ctx.close();
    const group = lang === 'ar' ? 'فريق الوردية' : 'Shift team';
    const id = await createConversation(owner, { kind: 'group', name: group, member_ids: [a.id] });
    for (let i = 1; i <= 25; i++) await postMessage(owner, id, `${lang === 'ar' ? 'تحديث رقم' : 'Update number'} ${i}`);
    const lastText = lang === 'ar' ? 'الشاحنة وصلت إلى الباب الثاني' : 'The truck is at door two';
    await postMessage(owner, id, lastText);

    // Omar opens the conversation from his chat list
    const p = a.page;
    await p.goto('/chats');
    await p.getByTestId('conversation-item').filter({ hasText: group }).getByRole('link').click();
    await expect(p.getByRole('heading', { level: 1 })).toContainText(group);
    const last = messageWith(p, lastText);
    await expect(last).toBeInViewport();
    const cdp = await p.context().newCDPSession(p);
    const sheet = sheetOf(p);

    // a scroll that starts on a message never opens its menu, even when the finger then rests
    await finger(cdp, drag(await centre(last.getByTestId('bubble')), 0, -120), 700);
    await expect(sheet).toHaveCount(0);
    await p.getByTestId('message-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(last).toBeInViewport();

    // a long press on the last message opens its menu, whole, above everything, with the focus in it
    await longPress(cdp, last);
    await expect(sheet).toBeVisible();
    await expect(sheet).toHaveAccessibleName(L('chat.actions_for', { name: owner.name }));
    await expect(p.getByRole('dialog')).toHaveCount(1);
    expect(await focusInside(sheet)).toBe(true);
    const box = (await sheet.boundingBox())!;
    const view = p.viewportSize()!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(view.height + 0.5);
    expect(box.x + box.width).toBeLessThanOrEqual(view.width + 0.5);
    // every control of the sheet is what a tap at its centre reaches ("Jump to latest" covers none)
    const controls = sheet.getByRole('button');
    expect(await controls.count()).toBeGreaterThan(8);
    for (const control of await controls.all()) {
      const at = await centre(control);
      expect(await sheet.evaluate((el, pt) => el.contains(document.elementFromPoint(pt.x, pt.y)), at)).toBe(true);
    }
    await expect(sheet.getByRole('button', { name: L('chat.reply'), exact: true })).toBeVisible();
    await expect(sheet.getByRole('button', { name: L('report.action'), exact: true })).toBeVisible();
    await expect(sheet.getByRole('button', { name: L('chat.copy_text') })).toBeVisible();
    await expectAccessible(p, `message menu (${lang})`);
    await shot(p, `${lang}-message-sheet`);

    // reacting from the menu shows the reaction and closes the menu
    await sheet.getByRole('button', { name: L('chat.react_with', { emoji: '👍' }) }).click();
    await expect(sheet).toHaveCount(0);
    await expect(last.getByTestId('reaction')).toHaveAccessibleName(L('chat.reaction_label', { emoji: '👍', count: 1 }));
    // and it is stored: Sara sees it
    await owner.page.goto(`/chats/${id}`);
    await expect(messageWith(owner.page, lastText).getByTestId('reaction')).toHaveAccessibleName(L('chat.reaction_label', { emoji: '👍', count: 1 }));

    // Cancel closes it, and leaves no step behind in the history
    await longPress(cdp, last);
    await expect(sheet).toBeVisible();
    await sheet.getByRole('button', { name: L('common.cancel') }).click();
    await expect(sheet).toHaveCount(0);
    await expect(p).toHaveURL(new RegExp(`/chats/${id}$`));

    // a tap on the dimmed part beside it closes it
    await longPress(cdp, last);
    await expect(sheet).toBeVisible();
    await p.touchscreen.tap(view.width / 2, 40);
    await expect(sheet).toHaveCount(0);
    await expect(p).toHaveURL(new RegExp(`/chats/${id}$`));
    await expect(p.getByRole('heading', { level: 1 })).toContainText(group);

    // the phone's Back closes it and stays in the conversation
    await longPress(cdp, last);
    await expect(sheet).toBeVisible();
    await p.goBack();
    await expect(sheet).toHaveCount(0);
    await expect(p).toHaveURL(new RegExp(`/chats/${id}$`));
    await expect(last).toBeVisible();
    // the menu's steps are all gone: one more Back leaves for the chat list
    await p.goBack();
    await expect(p).toHaveURL(/\/chats$/);
    await p.goForward();
    await expect(last).toBeVisible();

    // a sideways swipe the wrong way does nothing; toward the reading direction's end it replies,
    // with the bubble following the finger
    const toEnd = lang === 'ar' ? -1 : 1;
    const other = messageWith(p, `${lang === 'ar' ? 'تحديث رقم' : 'Update number'} 25`);
    await finger(cdp, drag(await centre(other.getByTestId('bubble')), -90 * toEnd, 4));
    await expect(p.getByRole('button', { name: L('chat.cancel_reply') })).toHaveCount(0);
    const start = await centre(last.getByTestId('bubble'));
    const path = drag(start, 90 * toEnd, 6);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [path[0]] });
    for (const pt of path.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [pt] });
    const moved = (await centre(last.getByTestId('bubble'))).x - start.x;
    expect(moved * toEnd).toBeGreaterThan(40);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect(p.getByText(L('chat.replying_to', { name: owner.name }))).toBeVisible();
    await expect(p.getByTestId('composer').getByText(lastText)).toBeVisible();
    await expect(sheet).toHaveCount(0);
    await expect.poll(async () => Math.abs((await centre(last.getByTestId('bubble'))).x - start.x)).toBeLessThan(2); // it springs back

    // on a phone Enter starts a new line; the send button sends both lines, as a reply
    const one = lang === 'ar' ? 'سأفتح الباب' : 'I will open the door';
    const two = lang === 'ar' ? 'خلال خمس دقائق' : 'in five minutes';
    const before = await messages(p).count();
    await composer(p).fill(one);
    await composer(p).press('Enter');
    await composer(p).pressSequentially(two);
    await expect(composer(p)).toHaveValue(`${one}\n${two}`);
    await expect(messages(p)).toHaveCount(before);
    await p.getByRole('button', { name: L('chat.send') }).click();
    const sent = messageWith(p, two);
    await expect(sent.getByTestId('message-text')).toHaveText(new RegExp(`${one}\\s*${two}`));
    await expect(sent.getByTestId('message-text').locator('br')).toHaveCount(1);
    await expect(sent.getByTestId('reply-preview')).toContainText(lastText);
    await expect(composer(p)).toHaveValue('');
    const onSara = messageWith(owner.page, two);
    await expect(onSara.getByTestId('message-text').locator('br')).toHaveCount(1);
    await expect(onSara.getByTestId('message-text')).toContainText(one);

    // someone who prefers it switches Enter to send in their settings (this device only)
    await p.goto(`/chats/${id}/info`);
    const setting = p.getByRole('checkbox', { name: L('info.enter_sends') });
    await expect(setting).not.toBeChecked();
    await setting.check();
    await p.goto(`/chats/${id}`);
    const three = lang === 'ar' ? 'تم' : 'Done';
    await composer(p).fill(three);
    await composer(p).press('Enter');
    await expect(messageWith(p, three)).toHaveCount(1);
    await expect(composer(p)).toHaveValue('');

    await owner.ctx.close();
    await a.ctx.close();
  });
}

test('on a desktop: right-click and the keyboard open the menu, Enter sends, Shift+Enter starts a new line', async ({ browser, baseURL }) => {
  const L = (k: string, x?: Record<string, string | number>) => tr('en', k, x);
  const { owner, a, b, c } = await organization(browser, baseURL!, 'en');
  await b.ctx.close();
  await c.ctx.close();
  const id = await createConversation(owner, { kind: 'group', name: 'Back office', member_ids: [a.id] });
  await postMessage(owner, id, 'Invoices are due on Friday');
  // Omar on his desktop computer: a mouse and a keyboard, no touch screen
  const desk = await browser.newContext({ baseURL, storageState: await a.ctx.storageState(), viewport: { width: 1280, height: 800 } });
  const p = await desk.newPage();
  await p.goto(`/chats/${id}`);
  const row = messageWith(p, 'Invoices are due on Friday');
  const sheet = sheetOf(p);

  await row.getByTestId('bubble').click({ button: 'right' });
  await expect(sheet).toBeVisible();
  expect(await focusInside(sheet)).toBe(true);
  await p.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expect(row.getByTestId('message-actions')).toBeFocused();

  // the "⋯" button by keyboard; Tab stays in the menu
  await p.keyboard.press('Enter');
  await expect(sheet).toBeVisible();
  for (let i = 0; i < 25; i++) await p.keyboard.press('Tab');
  expect(await focusInside(sheet)).toBe(true);
  await expectAccessible(p, 'message menu (desktop)');
  await sheet.getByRole('button', { name: L('chat.reply'), exact: true }).click();
  await expect(sheet).toHaveCount(0);
  await expect(composer(p)).toBeFocused();

  await composer(p).pressSequentially('Paid two of them');
  await composer(p).press('Shift+Enter');
  await composer(p).pressSequentially('the third on Monday');
  await expect(composer(p)).toHaveValue('Paid two of them\nthe third on Monday');
  await composer(p).press('Enter');
  const sent = messageWith(p, 'the third on Monday');
  await expect(sent.getByTestId('message-text').locator('br')).toHaveCount(1);
  await expect(sent.getByTestId('message-text')).toContainText('Paid two of them');
  await expect(sent.getByTestId('reply-preview')).toContainText('Invoices are due on Friday');
  await expect(composer(p)).toHaveValue('');

  await desk.close();
  await owner.ctx.close();
  await a.ctx.close();
});
