// Screenshots of the main screens for docs/screens/ (`make screens`), in Arabic and English, on a
// phone and on a desktop. Skipped unless MUSTER_SCREENS names the output directory, so the normal
// e2e run spends no time here. Each language gets its own server with a company built through the
// API — people, groups, an announcement channel, a direct conversation — so every screen has
// something real to show.
import { request, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, tr } from './fixtures';
import { PHONE, messageWith, type Lang } from './phones';
import { makePng, type Rgb } from './images';

const OUT = process.env.MUSTER_SCREENS ? resolve(process.env.MUSTER_SCREENS) : '';
test.skip(!OUT, 'set MUSTER_SCREENS to an output directory to take the screenshots');

const DESKTOP = { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1 };
// Phones at twice the pixels, as they really are; desktops at one to keep the files small.
const PHONE_SHOT = { ...PHONE, deviceScaleFactor: 2 };
const PASSWORD = 'gulf-logistics-2024';

// ---------------------------------------------------------------------------------------------
// The company, in both languages. In Arabic people carry their Latin spelling too (the directory
// finds either); in English the names are the Latin ones, so a reader of either sees a familiar script.

type Both = [ar: string, en: string];
const ORG: Both = ['شركة الخليج للخدمات اللوجستية', 'Gulf Logistics Co.'];

const DEPT = {
  ops: ['العمليات', 'Operations'],
  wh: ['المستودعات', 'Warehousing'],
  ship: ['الشحن', 'Shipping'],
  fleet: ['النقل', 'Transport'],
  fin: ['المالية', 'Finance'],
  hr: ['الموارد البشرية', 'Human Resources'],
  cs: ['خدمة العملاء', 'Customer Service'],
  maint: ['الصيانة', 'Maintenance'],
  buy: ['المشتريات', 'Procurement'],
} satisfies Record<string, Both>;
const CITY = { ruh: ['الرياض', 'Riyadh'], dmm: ['الدمام', 'Dammam'], jed: ['جدة', 'Jeddah'] } satisfies Record<string, Both>;

interface Staff {
  key: string;
  name: Both;
  title: Both;
  dept: keyof typeof DEPT;
  city: keyof typeof CITY;
  phone: string;
  role?: 'admin' | 'manager';
  manager?: string;
  tags?: Both[];
  invitedOnly?: boolean; // has not accepted the invitation yet: the admin list shows it
}

const OWNER: Staff = { key: 'noura', name: ['نورة العتيبي', 'Noura Al-Otaibi'], title: ['مديرة العمليات', 'Operations Director'], dept: 'ops', city: 'ruh', phone: '+966552104401' };
// In order of creation: each manager before the people who report to them.
const STAFF: Staff[] = [
  { key: 'khalid', name: ['خالد الحربي', 'Khalid Al-Harbi'], title: ['مشرف المستودع', 'Warehouse Supervisor'], dept: 'wh', city: 'dmm', phone: '+966503182290', role: 'manager', manager: 'noura', tags: [['السلامة', 'Safety'], ['الجرد', 'Stocktaking']] },
  { key: 'majed', name: ['ماجد الشمري', 'Majed Al-Shammari'], title: ['مدير الأسطول', 'Fleet Manager'], dept: 'fleet', city: 'ruh', phone: '+966541177620', role: 'manager', manager: 'noura' },
  { key: 'hind', name: ['هند السبيعي', 'Hind Al-Subaie'], title: ['أخصائية موارد بشرية', 'HR Specialist'], dept: 'hr', city: 'ruh', phone: '+966566023318', role: 'admin', manager: 'noura' },
  { key: 'fatima', name: ['فاطمة الزهراني', 'Fatima Al-Zahrani'], title: ['منسقة الشحن', 'Shipping Coordinator'], dept: 'ship', city: 'jed', phone: '+966558840127', manager: 'noura' },
  { key: 'saad', name: ['سعد المطيري', 'Saad Al-Mutairi'], title: ['أمين مستودع', 'Storekeeper'], dept: 'wh', city: 'dmm', phone: '+966509913342', manager: 'khalid' },
  { key: 'faisal', name: ['فيصل العنزي', 'Faisal Al-Anazi'], title: ['فني صيانة', 'Maintenance Technician'], dept: 'maint', city: 'dmm', phone: '+966537765410', manager: 'khalid' },
  { key: 'abdullah', name: ['عبدالله القحطاني', 'Abdullah Al-Qahtani'], title: ['سائق شاحنة', 'Truck Driver'], dept: 'fleet', city: 'ruh', phone: '+966592240871', manager: 'majed' },
  { key: 'yousef', name: ['يوسف الدوسري', 'Yousef Al-Dosari'], title: ['مخطط مسارات', 'Route Planner'], dept: 'fleet', city: 'ruh', phone: '+966571108835', manager: 'majed' },
  { key: 'maryam', name: ['مريم الشهري', 'Maryam Al-Shehri'], title: ['محاسبة أولى', 'Senior Accountant'], dept: 'fin', city: 'ruh', phone: '+966553390712', manager: 'noura' },
  { key: 'reem', name: ['ريم الغامدي', 'Reem Al-Ghamdi'], title: ['مشرفة خدمة العملاء', 'Customer Service Lead'], dept: 'cs', city: 'jed', phone: '+966581236674', manager: 'noura' },
  { key: 'latifa', name: ['لطيفة البقمي', 'Latifa Al-Bogami'], title: ['مسؤولة المشتريات', 'Procurement Officer'], dept: 'buy', city: 'ruh', phone: '+966564418803', manager: 'noura', invitedOnly: true },
];

const GROUP = { warehouse: ['فريق مستودع الدمام', 'Dammam Warehouse'], shipments: ['تنسيق الشحنات', 'Shipment Coordination'], management: ['الإدارة', 'Management'], news: ['إعلانات الشركة', 'Company Announcements'] } satisfies Record<string, Both>;

// What people say. The group conversation is the one the screenshots open.
const SAY = {
  w1: ['صباح الخير، شحنة الرياض وصلت على الرصيف ٣ الساعة ٧:٤٠', 'Morning all — the Riyadh shipment has been at dock 3 since 7:40.'],
  w2: ['شكرًا خالد. كم منصة وصلت؟', 'Thanks, Khalid. How many pallets came in?'],
  w3: ['٢٤ منصة، اثنتان منها متضررة من الأعلى', '24 pallets, two of them damaged on top.'],
  w4: ['هاتان المنصتان المتضررتان', 'These are the two damaged ones'],
  w5: ['ارفع بلاغًا للمورّد مع الصورة اليوم من فضلك 🙏', 'Please file a claim with the supplier today, with the photo 🙏'],
  w6: ['**تنبيه:** الرصيف ٢ مغلق اليوم بسبب تسرّب زيت، استخدموا الرصيفين ٣ و٤ فقط', '**Heads up:** dock 2 is closed today because of an oil leak — use docks 3 and 4 only.'],
  d1: ['أستاذة نورة، عميل جدة يسأل متى تصل طلبية الأجهزة', 'Hi Noura, the Jeddah client is asking when the appliance order arrives.'],
  d2: ['الشاحنة خرجت من الرياض الساعة ٦ صباحًا، والوصول المتوقع غدًا قبل الظهر', 'The truck left Riyadh at 6 am; it should reach Jeddah tomorrow before noon.'],
  d3: ['ممتاز، أرسل له رقم التتبع؟', 'Great — shall I send him the tracking number?'],
  d4: ['نعم، الرقم GL-48213. وبلّغيه أن يوسف سيتصل به عند الاقتراب', 'Yes, it is GL-48213. And tell him Yousef will call when the truck is close.'],
  d5: ['تم، شكرًا 🌷', 'Done, thank you 🌷'],
  s1: ['حدّثت مسار جدة – مكة على الخريطة', 'I updated the Jeddah – Makkah route on the map.'],
  s2: ['الشاحنة ١٤ في الورشة حتى الخميس', 'Truck 14 is in the workshop until Thursday.'],
  s3: ['نحتاج موافقتك على توصيلة يوم السبت', 'we need your OK for Saturday’s delivery.'],
  m1: ['تقرير مصروفات شهر مايو جاهز للمراجعة', 'The May expense report is ready for review.'],
  m2: ['سأراجعه اليوم إن شاء الله', 'I will review it today.'],
  n1: ['تذكير: اجتماع السلامة الشهري يوم الأحد الساعة ٩ صباحًا في قاعة الاجتماعات الرئيسية', 'Reminder: the monthly safety meeting is on Sunday at 9 am in the main meeting room.'],
} satisfies Record<string, Both>;

const pick = (lang: Lang, b: Both) => (lang === 'ar' ? b[0] : b[1]);

// ---------------------------------------------------------------------------------------------
// A photo-like PNG (e2e/images.ts): boxes on pallets in a warehouse, so the attachment looks like
// something a storekeeper would send.

function warehousePng(width = 480, height = 320): Buffer {
  const boxes = [
    [40, 150, 170, 250],
    [180, 130, 310, 250],
    [320, 160, 440, 250],
    [100, 60, 240, 150],
    [250, 80, 370, 130],
  ];
  return makePng(width, height, (x, y) => {
    // back wall, then a concrete floor, then the boxes with a tape stripe and darker edges
    let rgb: Rgb = y < 200 ? [214 - y / 6, 222 - y / 8, 230 - y / 10] : [150 + (y - 200) / 4, 150 + (y - 200) / 4, 146 + (y - 200) / 4];
    if (y >= 250 && y < 262 && x >= 30 && x < 450) rgb = [122, 92, 60]; // the pallets
    for (const [x0, y0, x1, y1] of boxes) {
      if (x >= x0 && x < x1 && y >= y0 && y < y1) {
        const edge = x - x0 < 3 || x1 - x < 3 || y - y0 < 3 || y1 - y < 3;
        const tape = Math.abs(x - (x0 + x1) / 2) < 6;
        rgb = edge ? [132, 94, 52] : tape ? [226, 206, 160] : [196, 152, 96];
      }
    }
    return rgb;
  });
}

// ---------------------------------------------------------------------------------------------
// Building the company through the API.

interface Account {
  id: string;
  csrf: string;
  api: APIRequestContext;
}

async function call(who: Account, method: 'post' | 'put' | 'patch', url: string, data?: unknown, headers: Record<string, string> = {}) {
  const res = await who.api[method](url, { headers: { 'X-CSRF-Token': who.csrf, ...headers }, data: data as never });
  expect(res.ok(), `${method.toUpperCase()} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.status() === 204 ? null : res.json();
}

const contextOptions = (lang: Lang) => ({ locale: lang === 'ar' ? 'ar-SA' : 'en-GB', timezoneId: 'Asia/Riyadh' });

async function buildCompany(browser: Browser, baseURL: string, lang: Lang) {
  const L = (b: Both) => pick(lang, b);
  const phone = await browser.newContext({ baseURL, ...PHONE_SHOT, ...contextOptions(lang) });
  const setup = await phone.request.post('/api/v1/setup', {
    data: {
      organization_name: L(ORG),
      default_language: lang,
      owner: { name: L(OWNER.name), ...(lang === 'ar' ? { name_latin: OWNER.name[1] } : {}), email: 'noura@gulf-logistics.example', password: PASSWORD },
    },
  });
  expect(setup.status()).toBe(201);
  const body = await setup.json();
  const owner: Account = { id: body.user.id, csrf: body.csrf_token, api: phone.request };
  await call(owner, 'patch', '/api/v1/organization', { phone_region: 'SA' });

  const fields = (s: Staff, ids: Record<string, string>) => ({
    name: L(s.name),
    ...(lang === 'ar' ? { name_latin: s.name[1] } : {}),
    job_title: L(s.title),
    department: L(DEPT[s.dept]),
    location: L(CITY[s.city]),
    phone: s.phone,
    ...(s.manager ? { manager_id: ids[s.manager] } : {}),
    ...(s.tags ? { tags: s.tags.map(L) } : {}),
  });
  const ids: Record<string, string> = { noura: owner.id };
  await call(owner, 'patch', `/api/v1/people/${owner.id}`, { ...fields(OWNER, ids), employee_id: 'GL-1001' });

  const people: Record<string, Account> = {};
  for (const [i, s] of STAFF.entries()) {
    const email = `${s.name[1].split(' ')[0].toLowerCase()}@gulf-logistics.example`;
    const created = await call(owner, 'post', '/api/v1/people', { ...fields(s, ids), email, employee_id: `GL-${1002 + i}`, ...(s.role ? { role: s.role } : {}) });
    ids[s.key] = created.person.id;
    if (s.invitedOnly) continue;
    const api = await request.newContext({ baseURL });
    const accepted = await api.post(`/api/v1/invitations/${created.invitation.token}/accept`, { data: { password: PASSWORD } });
    expect(accepted.status()).toBe(200);
    people[s.key] = { id: created.person.id, csrf: (await accepted.json()).csrf_token, api };
  }
  const { khalid, majed, hind, fatima, saad, faisal, abdullah, yousef, maryam, reem } = people;

  const conversation = async (data: Record<string, unknown>): Promise<string> => (await call(owner, 'post', '/api/v1/conversations', data)).id;
  const say = async (who: Account, conv: string, text: string, extra: Record<string, unknown> = {}) =>
    (await call(who, 'post', `/api/v1/conversations/${conv}/messages`, { client_id: crypto.randomUUID(), text, ...extra })) as { id: string; seq: number };
  const react = (who: Account, messageId: string, emoji: string) => call(who, 'put', `/api/v1/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`);
  const floor = (who: Account, conv: string, what: 'read' | 'delivered', seq: number) => call(who, 'post', `/api/v1/conversations/${conv}/${what}`, { seq });

  // Oldest activity first: the chat list shows the newest on top.
  const management = await conversation({ kind: 'group', name: L(GROUP.management), member_ids: [majed.id, hind.id, maryam.id] });
  await say(maryam, management, L(SAY.m1));
  const m2 = await say(owner, management, L(SAY.m2));
  for (const p of [majed, hind, maryam]) await floor(p, management, 'read', m2.seq);

  const warehouse = await conversation({ kind: 'group', name: L(GROUP.warehouse), member_ids: [khalid.id, saad.id, faisal.id, abdullah.id] });
  await say(khalid, warehouse, L(SAY.w1));
  await say(owner, warehouse, L(SAY.w2));
  await say(saad, warehouse, L(SAY.w3));
  const upload = await call(saad, 'post', `/api/v1/attachments?name=${encodeURIComponent(lang === 'ar' ? 'المنصات.png' : 'pallets.png')}`, warehousePng(), { 'Content-Type': 'image/png' });
  const photo = await say(saad, warehouse, L(SAY.w4), { attachment_ids: [upload.id] });
  const claim = await say(owner, warehouse, L(SAY.w5), { reply_to: photo.id });
  const urgent = await say(owner, warehouse, L(SAY.w6), { urgency: 'urgent' });
  await react(khalid, photo.id, '😮');
  for (const p of [khalid, saad, faisal]) await react(p, urgent.id, '👍');
  // Everyone read everything but Abdullah, on the road: his phone has the urgent message, unread —
  // so it shows delivered and Noura's messages before it read.
  for (const p of [khalid, saad, faisal]) await floor(p, warehouse, 'read', urgent.seq);
  await floor(abdullah, warehouse, 'read', claim.seq);
  await floor(abdullah, warehouse, 'delivered', urgent.seq);

  const news = await conversation({ kind: 'announcement', name: L(GROUP.news), member_ids: Object.values(people).map((p) => p.id), poster_ids: [hind.id] });
  await say(hind, news, L(SAY.n1));

  const direct = await conversation({ kind: 'direct', member_ids: [fatima.id] });
  await say(fatima, direct, L(SAY.d1));
  await say(owner, direct, L(SAY.d2));
  await say(fatima, direct, L(SAY.d3));
  await say(owner, direct, L(SAY.d4));
  const done = await say(fatima, direct, L(SAY.d5));
  await floor(fatima, direct, 'read', done.seq);

  const shipments = await conversation({ kind: 'group', name: L(GROUP.shipments), member_ids: [fatima.id, yousef.id, majed.id, reem.id] });
  await say(yousef, shipments, L(SAY.s1));
  await say(majed, shipments, L(SAY.s2));
  await say(reem, shipments, `@[${L(OWNER.name)}](${owner.id}) ${L(SAY.s3)}`);

  // The latest admin work, on top of the audit log: a storekeeper whose contract ended, and two
  // policies tightened (announcement channels for managers, edits within an hour).
  const former = await call(owner, 'post', '/api/v1/people', {
    name: L(['طارق البلوي', 'Tariq Al-Balawi']),
    ...(lang === 'ar' ? { name_latin: 'Tariq Al-Balawi' } : {}),
    job_title: L(['أمين مستودع', 'Storekeeper']),
    department: L(DEPT.wh),
    location: L(CITY.dmm),
    employee_id: 'GL-0987',
  });
  await call(owner, 'post', `/api/v1/people/${former.person.id}/deactivate`);
  await call(owner, 'patch', '/api/v1/policies', { create_announcement: 'managers', edit_window_minutes: 60 });

  return { phone, owner, ids, people, warehouse, direct, shipments };
}

// ---------------------------------------------------------------------------------------------
// Capturing.

/** Waits until the screen is settled (requests done, fonts and images in), then saves it. */
async function capture(page: Page, name: string, opts: { keepFocus?: boolean } = {}) {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() =>
    Promise.all(Array.from(document.images, (img) => (img.complete ? null : new Promise((r) => ['load', 'error'].forEach((e) => img.addEventListener(e, r, { once: true })))))),
  );
  // a focus ring left by the click that got here is not part of the screen
  if (!opts.keepFocus) await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  await page.screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

const heading = (p: Page) => p.getByRole('heading', { level: 1 });

async function signInScreen(browser: Browser, baseURL: string, lang: Lang, device: 'phone' | 'desktop') {
  const ctx = await browser.newContext({ baseURL, ...(device === 'phone' ? PHONE_SHOT : DESKTOP), ...contextOptions(lang) });
  const p = await ctx.newPage();
  await p.goto('/sign-in');
  await p.getByLabel(tr(lang, 'auth.login')).fill('noura@gulf-logistics.example');
  await capture(p, `sign-in-${lang}-${device}`);
  await ctx.close();
}

async function importDryRun(p: Page, lang: Lang) {
  const L = (b: Both) => pick(lang, b);
  // three new people, one change to Khalid, one mistake the dry run catches (an email cut short);
  // the Latin spelling column only where names are Arabic
  const rows: [Both, Both, keyof typeof DEPT, keyof typeof CITY, string, string, string][] = [
    [['سلمان الرشيدي', 'Salman Al-Rashidi'], ['سائق شاحنة', 'Truck Driver'], 'fleet', 'ruh', 'GL-1013', 'salman@gulf-logistics.example', '0551239087'],
    [['أمل الحارثي', 'Amal Al-Harthi'], ['منسقة الشحن', 'Shipping Coordinator'], 'ship', 'jed', 'GL-1014', 'amal@gulf-logistics.example', '0564410982'],
    [['تركي السهلي', 'Turki Al-Sahli'], ['أمين مستودع', 'Storekeeper'], 'wh', 'dmm', 'GL-1015', 'turki@gulf-logistics.example', '0507781243'],
    [STAFF[0].name, ['مدير المستودع', 'Warehouse Manager'], 'wh', 'dmm', 'GL-1002', 'khalid@gulf-logistics.example', STAFF[0].phone],
    [['نواف العمري', 'Nawaf Al-Omari'], ['محاسب', 'Accountant'], 'fin', 'ruh', 'GL-1016', 'nawaf@', '0533310456'],
  ];
  const latin = lang === 'ar';
  const csv = [
    `name,${latin ? 'name_latin,' : ''}job_title,department,location,employee_id,email,phone`,
    ...rows.map(([name, title, dept, city, id, email, phone]) => [L(name), ...(latin ? [name[1]] : []), L(title), L(DEPT[dept]), L(CITY[city]), id, email, phone].join(',')),
  ].join('\n');
  await p.goto('/admin/import');
  await p.getByLabel(tr(lang, 'import.paste')).fill(csv);
  await p.getByRole('button', { name: tr(lang, 'import.dry_run') }).click();
  const report = p.getByRole('heading', { name: tr(lang, 'import.dry_run_title') });
  await expect(report).toBeVisible();
  await scrollToTop(report);
}

/** Scrolls `l` to the top of the screen, just below the header that stays there. */
async function scrollToTop(l: Locator) {
  await l.evaluate((el) => {
    const header = document.querySelector('header');
    el.style.scrollMarginTop = `${(header?.getBoundingClientRect().height ?? 0) + 12}px`;
    el.scrollIntoView({ block: 'start' });
  });
}

/** The owner's "First steps" checklist would fill a phone's directory; an established company hid it. */
async function hideFirstSteps(p: Page, lang: Lang) {
  const hide = p.getByRole('button', { name: tr(lang, 'steps.dismiss') });
  await expect(p.getByTestId('person-card').or(hide).first()).toBeVisible();
  if (await hide.isVisible()) await hide.click();
  await expect(hide).toHaveCount(0);
}

for (const lang of ['ar', 'en'] as const) {
  test(`screens (${lang})`, async ({ browser, baseURL }) => {
    test.setTimeout(300_000);
    mkdirSync(OUT, { recursive: true });
    const L = (b: Both) => pick(lang, b);
    const co = await buildCompany(browser, baseURL!, lang);

    await signInScreen(browser, baseURL!, lang, 'phone');
    await signInScreen(browser, baseURL!, lang, 'desktop');

    // --- phone, as Noura (the owner) ---
    const p = await co.phone.newPage();
    await p.goto('/chats');
    await expect(p.getByTestId('conversation-item')).toHaveCount(5);
    await capture(p, `chats-${lang}-phone`);

    await p.goto(`/chats/${co.warehouse}`);
    await expect(heading(p)).toContainText(L(GROUP.warehouse));
    const urgent = p.getByTestId('message').last();
    await expect(urgent.getByTestId('status-mark')).toHaveAttribute('data-status', 'delivered');
    await expect(messageWith(p, L(SAY.w5)).getByTestId('status-mark')).toHaveAttribute('data-status', 'read');
    await capture(p, `group-${lang}-phone`);

    await messageWith(p, L(SAY.w4)).getByTestId('message-actions').click();
    await expect(p.getByTestId('message-sheet')).toBeVisible();
    await capture(p, `message-menu-${lang}-phone`, { keepFocus: true });
    await p.keyboard.press('Escape');

    await p.goto(`/chats/${co.direct}`);
    await expect(messageWith(p, L(SAY.d5))).toBeVisible();
    await capture(p, `direct-${lang}-phone`);

    await p.goto('/');
    await hideFirstSteps(p, lang);
    await capture(p, `directory-${lang}-phone`);

    await p.goto(`/people/${co.ids.khalid}`);
    await expect(heading(p)).toContainText(L(STAFF[0].name));
    await capture(p, `profile-${lang}-phone`);

    await p.goto('/admin/people');
    await expect(p.getByText(L(STAFF[0].name)).first()).toBeVisible();
    await capture(p, `admin-people-${lang}-phone`);

    await importDryRun(p, lang);
    await capture(p, `import-${lang}-phone`);

    await p.goto('/admin/audit');
    await scrollToTop(p.getByTestId('audit-entry').first());
    await capture(p, `audit-${lang}-phone`);

    await p.goto('/admin/policies');
    await expect(heading(p)).toBeVisible();
    await capture(p, `policies-${lang}-phone`);

    await p.goto('/me/sessions');
    await expect(heading(p)).toBeVisible();
    await capture(p, `account-${lang}-phone`);

    // --- desktop, Noura signed in on her computer too ---
    const desk: BrowserContext = await browser.newContext({ baseURL, ...DESKTOP, ...contextOptions(lang) });
    const signIn = await desk.request.post('/api/v1/auth/sign-in', { data: { login: 'noura@gulf-logistics.example', password: PASSWORD } });
    expect(signIn.status()).toBe(200);
    const d = await desk.newPage();
    await d.goto(`/chats/${co.warehouse}`);
    await expect(d.getByTestId('chats-pane')).toBeVisible();
    await expect(messageWith(d, L(SAY.w5))).toBeVisible();
    await expect(d.getByTestId('message').last().getByTestId('status-mark')).toHaveAttribute('data-status', 'delivered');
    await capture(d, `group-${lang}-desktop`);

    await messageWith(d, L(SAY.w4)).getByTestId('bubble').click({ button: 'right' });
    await expect(d.getByTestId('message-sheet')).toBeVisible();
    await d.mouse.move(1, 899); // no menu item lit up by the pointer resting on it
    await capture(d, `message-menu-${lang}-desktop`, { keepFocus: true });
    await d.keyboard.press('Escape');

    await d.goto('/');
    await hideFirstSteps(d, lang);
    await capture(d, `directory-${lang}-desktop`);

    await d.goto('/admin/people');
    await expect(d.getByText(L(STAFF[0].name)).first()).toBeVisible();
    await capture(d, `admin-people-${lang}-desktop`);

    await importDryRun(d, lang);
    await capture(d, `import-${lang}-desktop`);

    await d.goto('/admin/audit');
    await scrollToTop(d.getByTestId('audit-entry').first());
    await capture(d, `audit-${lang}-desktop`);

    await desk.close();
    await co.phone.close();
    for (const a of Object.values(co.people)) await a.api.dispose();
  });
}
