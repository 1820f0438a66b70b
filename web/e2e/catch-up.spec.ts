// The new-hire story on a phone, in English and Arabic: a smart group for the Sales department
// has a pinned welcome; a CSV import adds a new hire in Sales; they accept their invitation and
// land on the catch-up view, which lists the group with its pin.
import { expect, expectAccessible, test, tr } from './fixtures';
import { PHONE, shot } from './phones';
import { createConversation, organization, postMessage } from './organization';

for (const lang of ['en', 'ar'] as const) {
  test(`a new hire imported from CSV finds their group and its pins in the catch-up view (${lang})`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner } = await organization(browser, baseURL!, lang);
    const headers = { 'X-CSRF-Token': owner.csrf };
    const sales = lang === 'ar' ? 'المبيعات' : 'Sales';
    const channel = lang === 'ar' ? 'فريق المبيعات' : 'Sales team';
    const id = await createConversation(owner, { kind: 'channel', name: channel, visibility: 'private', member_ids: [] });
    const rule = await owner.ctx.request.put(`/api/v1/conversations/${id}/rule`, {
      headers,
      data: { rule: { version: 1, match: { field: 'department', equals: sales } } },
    });
    expect(rule.ok(), await rule.text()).toBe(true);
    const welcome = lang === 'ar' ? 'أهلًا بكم: قائمة الأسعار في الملف المثبت' : 'Welcome: the price list is pinned here';
    const pinId = await postMessage(owner, id, welcome);
    expect((await owner.ctx.request.put(`/api/v1/messages/${pinId}/pin`, { headers })).ok()).toBe(true);

    // the import adds the new hire in Sales
    const name = lang === 'ar' ? 'نورة العتيبي' : 'Noura Otaibi';
    const csv = `name,email,department\n${name},noura@example.com,${sales}\n`;
    const imported = await owner.ctx.request.post('/api/v1/people/import?mode=apply', { headers: { ...headers, 'Content-Type': 'text/csv' }, data: csv });
    expect(imported.ok(), await imported.text()).toBe(true);
    const people = await (await owner.ctx.request.get(`/api/v1/people?q=${encodeURIComponent('noura')}`)).json();
    const noura = people.items.find((p: { email?: string }) => p.email === 'noura@example.com');
    const invited = await owner.ctx.request.post(`/api/v1/people/${noura.id}/invitation`, { headers });
    expect(invited.status()).toBe(201);
    const { invitation } = await invited.json();

    // she accepts on her phone and lands on the catch-up view with the group and its pin
    const ctx = await browser.newContext({ baseURL, ...PHONE });
    const page = await ctx.newPage();
    await page.goto(new URL(invitation.url).pathname);
    await page.getByLabel(L('invite.new_password'), { exact: true }).fill('noura-pass-123');
    await page.getByLabel(L('auth.password_confirm'), { exact: true }).fill('noura-pass-123');
    await page.getByRole('button', { name: L('invite.submit') }).click();
    // the welcome lists the group she was put in; Start goes on to catching up
    await expect(page.getByTestId('welcome')).toContainText(channel);
    await page.getByTestId('welcome').getByRole('button', { name: L('welcome.start') }).click();
    const view = page.getByTestId('catch-up');
    await expect(view.getByRole('heading', { level: 1, name: L('catchup.title') })).toBeVisible();
    const item = view.getByTestId('catch-up-item').filter({ hasText: channel });
    await expect(item).toContainText(L('catchup.smart')); // put in by the group's rule (the import ran as Sara)
    await expect(item.getByTestId('catch-up-pin')).toContainText(welcome);
    await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page, `catch-up (${lang})`);
    await shot(page, `catch-up-${lang}`);
    await item.getByTestId('catch-up-open').click();
    await expect(page).toHaveURL(new RegExp(`/chats/${id}$`));
  });
}
