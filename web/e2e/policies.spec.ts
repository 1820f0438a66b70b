// Organization policies and content rules on a phone, in English and Arabic: an admin makes
// private groups admins-only and a member's new-conversation screen stops offering them; an admin
// adds a words rule and a member's message with the word is refused naming the rule; a pattern the
// server refuses shows its reason at the pattern field.
import { expect, expectAccessible, test, tr } from './fixtures';
import { composer, sendButton, shot } from './phones';
import { createConversation, organization } from './organization';

for (const lang of ['en', 'ar'] as const) {
  test(`an admin sets policies and content rules the app honours (${lang})`, async ({ browser, baseURL }) => {
    const L = (k: string, x?: Record<string, string | number>) => tr(lang, k, x);
    const { owner, a } = await organization(browser, baseURL!, lang);
    const p = owner.page;
    const m = a.page;

    // Before: the member may make a private channel.
    await m.goto('/chats/new');
    await m.getByRole('tab', { name: L('newchat.tab_channel') }).click();
    await expect(m.getByRole('radio', { name: L('newchat.private') })).toBeVisible();

    // The admin makes private groups admins-only.
    await p.goto('/admin/people');
    await p.getByRole('link', { name: L('admin.policies') }).click();
    await expect(p.getByRole('heading', { level: 1, name: L('policies.title') })).toBeVisible();
    await expect(p.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await p.getByLabel(L('policies.create_private_group')).selectOption({ label: L('policies.who_admins') });
    await p.getByRole('button', { name: L('common.save') }).click();
    await expect(p.getByText(L('admin.saved'))).toBeVisible();
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(p, `policies (${lang})`);
    await shot(p, `policies-${lang}`, true);
    const saved = await (await owner.ctx.request.get('/api/v1/policies')).json();
    expect(saved.create_private_group).toBe('admins');

    // The member (app loaded afresh) is offered no private group.
    await m.goto('/chats/new');
    await expect(m.getByTestId('pick-hint')).toHaveText(L('newchat.pick_hint_direct'));
    await m.getByRole('tab', { name: L('newchat.tab_channel') }).click();
    await expect(m.getByRole('radio', { name: L('newchat.public') })).toBeVisible();
    await expect(m.getByRole('radio', { name: L('newchat.private') })).toHaveCount(0);

    // The admin adds a words rule.
    await p.getByRole('link', { name: L('admin.content_rules') }).click();
    await expect(p.getByRole('heading', { level: 1, name: L('rules.title') })).toBeVisible();
    const ruleName = lang === 'ar' ? 'كلمات سرية' : 'Secret words';
    const word = lang === 'ar' ? 'مشروعنجمة' : 'bluebird';
    await p.getByRole('button', { name: L('rules.add') }).click();
    const dialog = p.getByTestId('rule-dialog');
    await dialog.getByLabel(L('rules.name')).fill(ruleName);
    await dialog.getByLabel(L('rules.words')).fill(`${word}\n`);
    await dialog.getByRole('button', { name: L('common.save') }).click();
    await expect(dialog).toHaveCount(0);
    await expect(p.getByTestId('content-rule').filter({ hasText: ruleName })).toContainText(L('rules.action_block'));
    await expectAccessible(p, `content rules (${lang})`);
    await shot(p, `content-rules-${lang}`, true);

    // A pattern with a backreference is refused; the server's reason shows at the pattern field.
    await p.getByRole('button', { name: L('rules.add') }).click();
    await dialog.getByLabel(L('rules.name')).fill('Doubled');
    await dialog.getByLabel(L('rules.kind')).selectOption({ label: L('rules.kind_regex') });
    const pattern = dialog.getByLabel(L('rules.pattern'));
    await pattern.fill('(a)\\1');
    await dialog.getByRole('button', { name: L('common.save') }).click();
    // in the reader's language, with RE2's own words after it
    await expect(dialog.getByRole('alert')).toContainText(L('error.reason.pattern_invalid').split('{detail}')[0].trim());
    await expect(pattern).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('button', { name: L('common.cancel') }).click();

    // The member's message with the word is refused, naming the rule.
    const id = await createConversation(owner, { kind: 'group', name: 'Ops', member_ids: [a.id] });
    await m.goto(`/chats/${id}`);
    await composer(m).fill(`the ${word} plan`);
    await sendButton(m).click();
    await expect(m.getByTestId('send-error')).toContainText(ruleName);
  });
}
