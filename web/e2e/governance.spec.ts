// Governance on a phone, in English and Arabic: an admin turns a channel into a smart group with
// the rule editor, sees who would join before saving, saves, and the people it names find
// themselves in it, unable to leave by hand.
import { expect, expectAccessible, test, tr } from './fixtures';
import { shot } from './phones';
import { createConversation, organization } from './organization';

for (const lang of ['en', 'ar'] as const) {
  test(`an admin builds a smart group with the rule editor and its preview (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a, b, c } = await organization(browser, baseURL!, lang);
    const sales = lang === 'ar' ? 'المبيعات' : 'Sales';
    for (const [who, department] of [[a, sales], [b, sales], [c, lang === 'ar' ? 'المالية' : 'Finance']] as const) {
      const res = await owner.ctx.request.patch(`/api/v1/people/${who.id}`, { headers: { 'X-CSRF-Token': owner.csrf }, data: { department } });
      expect(res.ok()).toBe(true);
    }
    const channel = lang === 'ar' ? 'فريق المبيعات' : 'Sales team';
    const id = await createConversation(owner, { kind: 'channel', name: channel, visibility: 'private', member_ids: [] });

    const p = owner.page;
    await p.goto(`/chats/${id}/info`);
    await p.getByTestId('open-rule').click();
    const editor = p.getByTestId('rule-editor');
    await expect(editor.getByRole('heading', { level: 1, name: L('rule.title') })).toBeVisible();
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await expect(editor).toContainText(L('rule.is_manual'));

    // department is Sales: typed as written in the directory, with a diacritic-free spelling in Arabic
    await editor.getByLabel(L('rule.value')).fill(sales);
    const preview = p.getByTestId('rule-preview');
    await expect(preview.getByTestId('preview-members')).toHaveText(L('rule.preview_members', { n: 3 }));
    await expect(preview.getByTestId('preview-added')).toContainText(L('rule.preview_added', { n: 2 }));
    await expect(preview.getByTestId('preview-added')).toContainText(a.name);
    await expect(preview.getByTestId('preview-added')).toContainText(b.name);
    await expect(preview.getByTestId('preview-added')).not.toContainText(c.name);

    // a second condition, "is not" Finance, changes nothing: the preview says so
    await editor.getByRole('button', { name: L('rule.add_condition') }).click();
    const second = editor.getByTestId('rule-condition').nth(1);
    await second.getByLabel(L('rule.op')).selectOption('is_not');
    await second.getByLabel(L('rule.value')).fill(lang === 'ar' ? 'المالية' : 'Finance');
    await expect(preview.getByTestId('preview-members')).toHaveText(L('rule.preview_members', { n: 3 }));
    // the page fits a phone: nothing scrolls sideways
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(p, `rule editor (${lang})`);
    await shot(p, `rule-editor-${lang}`, true);

    await editor.getByRole('button', { name: L('rule.save') }).click();
    await expect(editor.getByRole('status').filter({ hasText: L('rule.saved', { added: 2, removed: 0 }) })).toBeVisible();
    await expect(editor).toContainText(L('rule.is_smart'));
    await expect(p.getByTestId('rule-exceptions')).toBeVisible();

    // Omar finds the channel, told that its members follow a rule, with no way to leave it
    await a.page.goto(`/chats/${id}/info`);
    await expect(a.page.getByTestId('smart-group-note')).toHaveText(L('info.smart_group'));
    await expect(a.page.getByTestId('leave')).toHaveCount(0);
    await expect(a.page.getByTestId('open-rule')).toHaveCount(0);
    // Karim (Finance) cannot open it
    await c.page.goto(`/chats/${id}`);
    await expect(c.page.getByTestId('composer-input')).toHaveCount(0);

    // the admin pins Karim in as an exception: he joins at once
    const exceptions = p.getByTestId('rule-exceptions');
    await exceptions.getByLabel(L('rule.exception_person')).fill(c.name.split(' ')[0]);
    await exceptions.getByRole('button', { name: L('picker.choose', { name: c.name }) }).click();
    await exceptions.getByRole('button', { name: L('rule.exception_add') }).click();
    // The entry in the list (the mode picker's own "always a member" option is there all along).
    const entry = exceptions.getByRole('listitem').filter({ hasText: c.name });
    await expect(entry).toContainText(L('rule.exception_include'));
    await expect(entry.getByRole('button', { name: L('rule.exception_remove', { name: c.name }) })).toBeVisible();
    const members = await owner.ctx.request.get(`/api/v1/conversations/${id}/members`);
    expect((await members.json()).items.map((m: { person_id: string }) => m.person_id)).toContain(c.id);
  });
}
