// The organization the chat specs start from: an owner set up through the API and three
// colleagues who accepted their invitations, each signed in on a phone of their own.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures';
import { type Lang, PHONE } from './phones';

export interface Person {
  id: string;
  name: string;
  csrf: string;
  ctx: BrowserContext;
  page: Page;
}

export const NAMES = {
  en: { org: 'Acme', owner: 'Sara Owner', a: 'Omar Farouk', b: 'Lina Haddad', c: 'Karim Nasser', group: 'Store team' },
  ar: { org: 'شركة النخبة', owner: 'سارة المالكي', a: 'عمر الزهراني', b: 'لينا القحطاني', c: 'كريم الشمري', group: 'فريق المخزن' },
};

export async function organization(browser: Browser, baseURL: string, lang: Lang) {
  const n = NAMES[lang];
  const ownerCtx = await browser.newContext({ baseURL, ...PHONE });
  const setup = await ownerCtx.request.post('/api/v1/setup', {
    data: { organization_name: n.org, default_language: lang, owner: { name: n.owner, email: 'sara@example.com', password: 'owner-pass-123' } },
  });
  expect(setup.status()).toBe(201);
  const body = await setup.json();
  const owner: Person = { id: body.user.id, name: n.owner, csrf: body.csrf_token, ctx: ownerCtx, page: await ownerCtx.newPage() };
  const people: Person[] = [];
  for (const [i, name] of [n.a, n.b, n.c].entries()) {
    const created = await ownerCtx.request.post('/api/v1/people', {
      headers: { 'X-CSRF-Token': owner.csrf },
      data: { name, email: `p${i}@example.com`, job_title: 'Cashier' },
    });
    expect(created.status()).toBe(201);
    const { person, invitation } = await created.json();
    const ctx = await browser.newContext({ baseURL, ...PHONE });
    const accepted = await ctx.request.post(`/api/v1/invitations/${invitation.token}/accept`, { data: { password: `pass-word-${i}-123` } });
    expect(accepted.status()).toBe(200);
    people.push({ id: person.id, name, csrf: (await accepted.json()).csrf_token, ctx, page: await ctx.newPage() });
  }
  return { owner, a: people[0], b: people[1], c: people[2] };
}

/** Creates a conversation as `by` through the API; returns its id. */
export async function createConversation(by: Person, data: Record<string, unknown>): Promise<string> {
  const res = await by.ctx.request.post('/api/v1/conversations', { headers: { 'X-CSRF-Token': by.csrf }, data });
  expect(res.ok()).toBe(true);
  return (await res.json()).id as string;
}

/** Posts a message as `by` through the API; returns its id. */
export async function postMessage(by: Person, convId: string, text: string, clientId: string = crypto.randomUUID()): Promise<string> {
  const res = await by.ctx.request.post(`/api/v1/conversations/${convId}/messages`, { headers: { 'X-CSRF-Token': by.csrf }, data: { client_id: clientId, text } });
  expect(res.ok()).toBe(true);
  return (await res.json()).id as string;
}
