// CSV import with dry run, and export: what an HR admin moving a spreadsheet in would notice.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMember, expectError, expectOk, listAll, setupOrg } from './lib/fixtures.mjs';
import { rawRequest } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';

const BOM = '\uFEFF';
const HEADER = 'Name;Name_Latin;Job_Title;Department;Location;Employee_ID;Email;Phone;Tags;Manager_Employee_ID;Status';

// Lines: the header is line 1.
const GOOD_ROWS = [
  '"أحمد علي";Ahmed Ali;Cashier;Sales;Riyadh;E100;ahmed@example.com;+966500000100;night-shift|cashier;;active',
  '"خالد سعد";Khalid Saad;Driver;Logistics;Dammam;E101;khalid@example.com;;;E100;active',
  '"منى فهد";Mona Fahd;Nurse;Care;Jeddah;E102;mona@example.com;;;;active',
];

function csv(lines) {
  return BOM + [HEADER, ...lines].join('\r\n') + '\r\n';
}

// A file with three errors: missing name (line 3), bad email (line 4), duplicate employee id in the
// file (line 5). The last record (lines 7-8) has a quoted job title that spans two lines; it comes
// last so that no line number in the assertions depends on how multi-line records are counted.
const MULTILINE_ROW =
  '"ريم ناصر";Reem Nasser;"Shift Lead\n(Night; weekends)";Sales;Riyadh;E105;reem@example.com;;;E100;active';
const BAD_FILE = csv([
  GOOD_ROWS[0], // line 2
  ';No Name;Clerk;Sales;Riyadh;E103;noname@example.com;;;;active', // line 3: name missing
  '"سعيد";Saeed;Clerk;Sales;Riyadh;E104;not-an-email;;;;active', // line 4: bad email
  '"مكرر";Duplicate;Clerk;Sales;Riyadh;E100;dup@example.com;;;;active', // line 5: E100 again
  GOOD_ROWS[1], // line 6
  MULTILINE_ROW, // lines 7-8
]);

// The corrected file: the three bad rows fixed. Lines: E100 2, E103 3, E104 4, E106 5, E101 6,
// E102 7, E105 8-9.
const FIXED_ROWS = [
  GOOD_ROWS[0],
  '"نور";No Name Fixed;Clerk;Sales;Riyadh;E103;noname@example.com;;;;active',
  '"سعيد";Saeed;Clerk;Sales;Riyadh;E104;saeed@example.com;;;;active',
  '"مكرر";Duplicate;Clerk;Sales;Riyadh;E106;dup@example.com;;;;active',
  GOOD_ROWS[1],
  GOOD_ROWS[2],
  MULTILINE_ROW,
];
const FIXED_FILE = csv(FIXED_ROWS);

describe('CSV import and export', () => {
  let srv;
  let owner;
  let member;
  const importCsv = (client, mode, body, contentType = 'text/csv; charset=utf-8') =>
    client.request('POST', `/api/v1/people/import?mode=${mode}`, { body, contentType });
  const snapshot = async () =>
    (await listAll(owner, { status: 'all' }))
      .map((p) => JSON.stringify(p))
      .sort();

  before(async () => {
    srv = await startServer();
    ({ owner } = await setupOrg(srv.url));
    member = await addMember(owner, { name: 'Member Majid', email: 'majid@example.com' }, 'member-password-1');
  });
  after(async () => {
    await srv?.stop();
  });

  test('dry run reports what would happen, with line numbers for errors, and changes nothing', async () => {
    const before = await snapshot();
    const res = await importCsv(owner, 'dry-run', BAD_FILE);
    const report = expectOk(res, 200, 'dry run');
    assert.equal(report.mode, 'dry-run');
    assert.equal(report.applied, false);
    const errs = report.errors.map((e) => `${e.line}:${e.field}`).sort();
    assert.deepEqual(errs, ['3:name', '4:email', '5:employee_id'], `errors: ${JSON.stringify(report.errors)}`);
    for (const e of report.errors) assert.ok(typeof e.message === 'string' && e.message.length > 0);
    // Each error also says why in a word the app translates (docs/api/contract.md), with its values.
    const reasons = Object.fromEntries(report.errors.map((e) => [e.line, [e.reason, e.params]]));
    assert.deepEqual(reasons[3], ['field_required', {}], 'missing name');
    assert.deepEqual(reasons[4], ['email_invalid', {}], 'bad email');
    assert.deepEqual(reasons[5], ['import_duplicate', { line: '2' }], 'E100 again: names the first line');
    const ahmed = report.created.find((c) => c.line === 2);
    assert.equal(ahmed.name, 'أحمد علي');
    assert.equal(ahmed.employee_id, 'E100');
    assert.equal(ahmed.email, 'ahmed@example.com');
    assert.deepEqual(report.updated, []);
    assert.deepEqual(report.deactivated, []);
    assert.deepEqual(await snapshot(), before, 'a dry run changes nothing');
    // Rows with errors are not counted as created.
    const createdLines = report.created.map((c) => c.line).sort((a, b) => a - b);
    assert.deepEqual(createdLines, [2, 6, 7], `created: ${JSON.stringify(report.created)}`);
  });

  test('apply with errors applies nothing: 400 with the report and applied false', async () => {
    const before = await snapshot();
    const res = await importCsv(owner, 'apply', BAD_FILE);
    assert.equal(res.status, 400, `expected 400, got ${res.status} ${res.text.slice(0, 300)}`);
    assert.equal(res.body.applied, false);
    assert.equal(res.body.mode, 'apply');
    assert.equal(res.body.errors.length, 3);
    assert.deepEqual(await snapshot(), before, 'nothing was applied');
  });

  let people;
  test('the fixed file applies: everyone exists with the right fields', async () => {
    const dry = expectOk(await importCsv(owner, 'dry-run', FIXED_FILE));
    assert.deepEqual(dry.errors, []);
    assert.equal(dry.created.length, 7);
    const res = await importCsv(owner, 'apply', FIXED_FILE);
    const report = expectOk(res, 200, 'apply');
    assert.equal(report.applied, true);
    assert.equal(report.mode, 'apply');
    assert.equal(report.created.length, 7);
    assert.deepEqual(report.errors, []);

    people = Object.fromEntries((await listAll(owner, { status: 'all' })).map((p) => [p.employee_id, p]));
    const ahmed = people.E100;
    assert.ok(ahmed, 'E100 was created');
    assert.equal(ahmed.name, 'أحمد علي', 'Arabic name survives the BOM and the quoting');
    assert.equal(ahmed.name_latin, 'Ahmed Ali');
    assert.equal(ahmed.job_title, 'Cashier');
    assert.equal(ahmed.department, 'Sales');
    assert.equal(ahmed.location, 'Riyadh');
    assert.equal(ahmed.email, 'ahmed@example.com');
    assert.equal(ahmed.phone, '+966500000100');
    assert.deepEqual([...ahmed.tags].sort(), ['cashier', 'night-shift']);
    assert.equal(ahmed.status, 'active');
    assert.equal(people.E105.job_title, 'Shift Lead\n(Night; weekends)', 'quoted field with a newline and a separator');
    assert.equal(people.E105.manager_id, ahmed.id, 'manager_employee_id links the manager');
    assert.equal(people.E101.manager_id, ahmed.id);
    assert.equal(people.E102.name, 'منى فهد');
  });

  test('applying the same file again changes nothing', async () => {
    const before = await snapshot();
    const report = expectOk(await importCsv(owner, 'apply', FIXED_FILE));
    assert.deepEqual(report.created, []);
    assert.deepEqual(report.updated, []);
    assert.deepEqual(report.deactivated, []);
    assert.deepEqual(report.errors, []);
    assert.equal(report.unchanged, 7);
    assert.deepEqual(await snapshot(), before);
  });

  test('a changed title is one update listing job_title', async () => {
    const rows = FIXED_ROWS.map((r) => r.replace(';Nurse;', ';Head Nurse;'));
    assert.notDeepEqual(rows, FIXED_ROWS);
    const dry = expectOk(await importCsv(owner, 'dry-run', csv(rows)));
    assert.equal(dry.updated.length, 1);
    assert.equal(expectOk(await owner.get(`/api/v1/people/${people.E102.id}`)).job_title, 'Nurse', 'dry run did not apply');
    const report = expectOk(await importCsv(owner, 'apply', csv(rows)));
    assert.equal(report.created.length, 0);
    assert.equal(report.updated.length, 1, JSON.stringify(report.updated));
    const u = report.updated[0];
    assert.equal(u.id, people.E102.id);
    assert.equal(u.line, 7);
    assert.equal(u.name, 'منى فهد');
    assert.deepEqual(u.changes, ['job_title']);
    assert.equal(report.unchanged, 6);
    assert.equal(expectOk(await owner.get(`/api/v1/people/${people.E102.id}`)).job_title, 'Head Nurse');
  });

  test('a row with status deactivated deactivates the person', async () => {
    const rows = FIXED_ROWS.map((r) => r.replace(';Nurse;', ';Head Nurse;')).map((r) =>
      r.includes(';E101;') ? r.replace(/;active$/, ';deactivated') : r,
    );
    const report = expectOk(await importCsv(owner, 'apply', csv(rows)));
    assert.equal(report.deactivated.length, 1, JSON.stringify(report));
    assert.equal(report.deactivated[0].id, people.E101.id);
    assert.equal(report.deactivated[0].line, 6);
    assert.equal(report.deactivated[0].name, 'خالد سعد');
    assert.equal(expectOk(await owner.get(`/api/v1/people/${people.E101.id}`)).status, 'deactivated');
    assert.equal(report.created.length, 0);
  });

  test('matching falls back to email when there is no employee id', async () => {
    const file = BOM + 'name,email,job_title\r\nMember Majid,majid@example.com,Storekeeper\r\n';
    const report = expectOk(await importCsv(owner, 'apply', file));
    assert.equal(report.created.length, 0, 'matched the existing person by email, not created again');
    assert.equal(report.updated.length, 1);
    assert.equal(report.updated[0].id, member.person.id);
    assert.deepEqual(report.updated[0].changes, ['job_title']);
  });

  test('export contains the people, and re-importing it changes nothing', async () => {
    const res = await owner.get('/api/v1/people/export');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    const text = res.text.replace(/^\uFEFF/, '');
    const header = text.split(/\r?\n/)[0].toLowerCase();
    for (const col of ['name', 'name_latin', 'job_title', 'department', 'location', 'employee_id', 'phone', 'email', 'tags', 'status']) {
      assert.ok(header.split(/[,;]/).includes(col), `export header has ${col}: ${header}`);
    }
    for (const p of Object.values(people)) {
      assert.ok(res.text.includes(p.employee_id), `export includes ${p.employee_id}`);
      assert.ok(res.text.includes(p.name), `export includes ${p.name}`);
    }
    assert.ok(res.text.includes('majid@example.com'));

    const before = await snapshot();
    const report = expectOk(await importCsv(owner, 'apply', res.text));
    assert.deepEqual(report.errors, [], JSON.stringify(report.errors));
    assert.deepEqual(report.created, [], JSON.stringify(report.created));
    assert.deepEqual(report.updated, [], JSON.stringify(report.updated));
    assert.deepEqual(report.deactivated, []);
    assert.ok(report.unchanged >= 9, `unchanged ${report.unchanged}`);
    assert.deepEqual(await snapshot(), before, 're-importing the export changed data');
  });

  test('custom fields, kind, company, role and manager_email columns import and export', async () => {
    expectOk(
      await owner.put('/api/v1/admin/custom-fields', {
        items: [{ key: 'shirt_size', label_en: 'Shirt size', label_ar: 'مقاس القميص', visibility: 'everyone' }],
      }),
    );
    const file =
      'name,email,kind,company,role,manager_email,custom.shirt_size,tags\r\n' +
      'Supplier Sultan,sultan@supplier.example,external,Supplier Co,,,,\r\n' +
      'Manager Mariam,mariam@example.com,employee,,manager,ahmed@example.com,M,ops|day-shift\r\n';
    const report = expectOk(await importCsv(owner, 'apply', file));
    assert.deepEqual(report.errors, []);
    assert.equal(report.created.length, 2);
    const all = await listAll(owner, { status: 'all' });
    const sultan = all.find((p) => p.email === 'sultan@supplier.example');
    const mariam = all.find((p) => p.email === 'mariam@example.com');
    assert.equal(sultan.kind, 'external');
    assert.equal(sultan.company, 'Supplier Co');
    assert.equal(sultan.role, 'external', 'external kind forces role external');
    assert.equal(mariam.role, 'manager');
    assert.equal(mariam.manager_id, people.E100.id, 'manager_email links the manager');
    assert.deepEqual(mariam.custom, { shirt_size: 'M' });
    assert.deepEqual([...mariam.tags].sort(), ['day-shift', 'ops']);

    const exp = await owner.get('/api/v1/people/export');
    const header = exp.text.replace(/^\uFEFF/, '').split(/\r?\n/)[0].toLowerCase().split(/[,;]/);
    assert.ok(header.includes('custom.shirt_size'), `export has the custom column: ${header}`);
    assert.ok(header.includes('kind') && header.includes('company') && header.includes('role'));
  });

  test('members cannot import or export', async () => {
    const before = await snapshot();
    expectError(await importCsv(member.client, 'dry-run', FIXED_FILE), 403, 'permission_denied');
    expectError(await importCsv(member.client, 'apply', csv(['"دخيل";Intruder;;;;E999;intruder@example.com;;;;active'])), 403, 'permission_denied');
    expectError(await member.client.get('/api/v1/people/export'), 403, 'permission_denied');
    assert.deepEqual(await snapshot(), before);
  });

  test('import needs a CSV body and a valid mode', async () => {
    expectError(await importCsv(owner, 'apply', '{"name":"x"}', 'application/json'), 415, 'unsupported_media_type');
    expectError(await importCsv(owner, 'sideways', FIXED_FILE), 400, 'invalid_argument');
    expectError(await owner.request('POST', '/api/v1/people/import', { body: FIXED_FILE, contentType: 'text/csv' }), 400, 'invalid_argument');
  });

  test('a file of 10,000 people over 1 MiB is read whole; one over 10 MiB is refused with 413', async () => {
    const rows = [];
    for (let i = 0; i < 10000; i++)
      rows.push(`"موظف رقم ${i}";Employee Number ${i};Senior Warehouse Shift Supervisor;Operations and Logistics;Riyadh Second Industrial City;BIG${i};employee.number.${i}@big-company.example;;night-shift|forklift;;active`);
    const file = csv(rows);
    assert.ok(Buffer.byteLength(file) > 1.5 * 1024 * 1024, 'the file is well over 1 MiB');
    const report = expectOk(await importCsv(owner, 'dry-run', file), 200);
    assert.equal(report.created.length, 10000);
    assert.equal(report.errors.length, 0);
    // Over 10 MiB: refused from the Content-Length alone, before the body is sent.
    const huge = await rawRequest(
      srv.url,
      `POST /api/v1/people/import?mode=dry-run HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: ${10 * 1024 * 1024 + 1}\r\n\r\n`,
      3000,
    );
    assert.equal(huge.status, 413);
    assert.equal(huge.json?.error?.code, 'payload_too_large');
  });
});
