// Two-factor sign-in (TOTP, RFC 6238): enrolment, the second step of sign-in for cookie and bearer
// clients, recovery codes, replay and guessing limits, the organization policy with its grace
// period, and admins' view and reset (HTTP and the command line), all audited.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Client } from './lib/client.mjs';
import { expectError, expectOk, sleep } from './lib/fixtures.mjs';
import { startOrg } from './lib/messaging.mjs';
import { runCli } from './lib/server.mjs';

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const step = () => Math.floor(Date.now() / 1000 / 30);

/** The 6-digit code of `secret` for the current time step plus `offset` steps. */
function totp(secret, offset = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step() + offset));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const at = mac[mac.length - 1] & 0x0f;
  const n = ((mac[at] & 0x7f) << 24) | (mac[at + 1] << 16) | (mac[at + 2] << 8) | mac[at + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

/** Codes are used at most once per step: start a sequence of up to three with 20 s of the step left. */
async function freshStep() {
  const into = (Date.now() / 1000) % 30;
  if (into > 10) await sleep((30 - into) * 1000 + 200);
}

const arabicIndic = (digits) => [...digits].map((d) => String.fromCharCode(0x0660 + Number(d))).join('');

async function enrol(client) {
  const started = expectOk(await client.post('/api/v1/me/two-factor/start'), 201);
  const confirmed = expectOk(await client.post('/api/v1/me/two-factor/confirm', { code: totp(started.secret, -1) }));
  return { secret: started.secret, codes: confirmed.recovery_codes };
}

async function auditOf(admin, action, targetId) {
  const body = expectOk(await admin.get(`/api/v1/admin/audit?action=${encodeURIComponent(action)}`));
  return body.items.filter((e) => e.target_id === targetId);
}

describe('two-factor sign-in', () => {
  let org, owner, alice, bob, carol, dan;
  let aliceSecret, aliceCodes;
  before(async () => {
    org = await startOrg(['Alice', 'Bob', 'Carol', 'Dan']);
    owner = org.owner.client;
    ({ alice, bob, carol, dan } = org.people);
  });
  after(async () => org?.srv.stop());

  const signIn = (who, client = new Client(org.url)) => client.post('/api/v1/auth/sign-in', { login: who.email, password: who.password });

  test('enrolment: a secret and otpauth URI, on only after a correct code, ten recovery codes once, audited', async () => {
    await freshStep();
    assert.equal(expectOk(await alice.client.get('/api/v1/me/two-factor')).enabled, false);
    const started = expectOk(await alice.client.post('/api/v1/me/two-factor/start'), 201);
    assert.match(started.secret, /^[A-Z2-7]{32}$/);
    assert.ok(started.otpauth_uri.startsWith('otpauth://totp/Acme%20Trading:'), started.otpauth_uri);
    assert.ok(started.otpauth_uri.includes(`secret=${started.secret}`));
    assert.ok(started.otpauth_uri.includes('issuer=Acme%20Trading'));
    const pending = expectOk(await alice.client.get('/api/v1/me/two-factor'));
    assert.equal(pending.enabled, false);
    assert.equal(pending.pending, true);
    // Not on yet: the password alone still signs in.
    assert.ok(expectOk(await signIn(alice)).user);

    const wrong = String((Number(totp(started.secret)) + 1) % 1_000_000).padStart(6, '0');
    expectError(await alice.client.post('/api/v1/me/two-factor/confirm', { code: wrong }), 400, 'invalid_argument');
    const confirmed = expectOk(await alice.client.post('/api/v1/me/two-factor/confirm', { code: totp(started.secret, -1) }));
    assert.equal(confirmed.recovery_codes.length, 10);
    assert.equal(new Set(confirmed.recovery_codes).size, 10);
    aliceSecret = started.secret;
    aliceCodes = confirmed.recovery_codes;
    const on = expectOk(await alice.client.get('/api/v1/me/two-factor'));
    assert.equal(on.enabled, true);
    assert.equal(on.recovery_codes_left, 10);
    expectError(await alice.client.post('/api/v1/me/two-factor/start'), 409, 'conflict');
    assert.equal((await auditOf(owner, 'two_factor.enabled', alice.id)).length, 1);
  });

  test('sign-in asks for the code; a used code is refused; Arabic-Indic digits work; cookie and bearer', async () => {
    await freshStep();
    const c = new Client(org.url);
    const first = expectOk(await signIn(alice, c));
    assert.equal(first.second_step.purpose, 'code');
    assert.equal(first.user, undefined, 'no person before the second step');
    assert.equal(c.sessionCookie, null, 'no session before the second step');
    expectError(await c.get('/api/v1/me'), 401, 'unauthenticated');
    const signedIn = expectOk(await c.post('/api/v1/auth/two-factor', { token: first.second_step.token, code: totp(aliceSecret) }));
    assert.equal(signedIn.user.id, alice.id);
    expectOk(await c.get('/api/v1/me'));
    // The token was single-use.
    expectError(await c.post('/api/v1/auth/two-factor', { token: first.second_step.token, code: totp(aliceSecret, 1) }), 401, 'unauthenticated');

    // The same code again (someone watched it typed): refused, even within its window.
    const second = expectOk(await signIn(alice)).second_step;
    expectError(await new Client(org.url).post('/api/v1/auth/two-factor', { token: second.token, code: totp(aliceSecret) }), 401, 'unauthenticated');
    // The step survives a wrong code; the next code typed in Arabic-Indic digits works.
    const d = new Client(org.url);
    expectOk(await d.post('/api/v1/auth/two-factor', { token: second.token, code: arabicIndic(totp(aliceSecret, 1)) }));
    expectOk(await d.get('/api/v1/me'));

    // Bearer clients: the same step, then a token.
    const tokenStep = expectOk(await new Client(org.url).post('/api/v1/auth/tokens', { login: alice.email, password: alice.password, device: 'cli' }));
    assert.equal(tokenStep.second_step.purpose, 'code');
    assert.equal(tokenStep.token, undefined);
    const issued = expectOk(await new Client(org.url).post('/api/v1/auth/two-factor', { token: tokenStep.second_step.token, recovery_code: aliceCodes[9] }), 201);
    assert.equal(typeof issued.token, 'string');
    expectOk(await new Client(org.url, { bearer: issued.token }).get('/api/v1/me'));
  });

  test('a recovery code signs in once; audited', async () => {
    const one = expectOk(await signIn(alice)).second_step;
    const c = new Client(org.url);
    expectOk(await c.post('/api/v1/auth/two-factor', { token: one.token, recovery_code: aliceCodes[0] }));
    expectOk(await c.get('/api/v1/me'));
    const two = expectOk(await signIn(alice)).second_step;
    expectError(await new Client(org.url).post('/api/v1/auth/two-factor', { token: two.token, recovery_code: aliceCodes[0] }), 401, 'unauthenticated');
    // Case and dashes do not matter.
    const typed = aliceCodes[1].replaceAll('-', '').toUpperCase();
    expectOk(await new Client(org.url).post('/api/v1/auth/two-factor', { token: two.token, recovery_code: typed }));
    assert.equal(expectOk(await alice.client.get('/api/v1/me/two-factor')).recovery_codes_left, 7);
    assert.equal((await auditOf(owner, 'two_factor.recovery_code_used', alice.id)).length, 3);
  });

  test('recovery codes are replaced with a current code; turning off needs the password and a code', async () => {
    await freshStep();
    const { secret, codes } = await enrol(dan.client);
    const fresh = expectOk(await dan.client.post('/api/v1/me/two-factor/recovery-codes', { code: totp(secret) }));
    assert.equal(fresh.recovery_codes.length, 10);
    const stepToken = expectOk(await signIn(dan)).second_step.token;
    expectError(await new Client(org.url).post('/api/v1/auth/two-factor', { token: stepToken, recovery_code: codes[0] }), 401, 'unauthenticated', 'old codes are gone');
    expectError(await dan.client.post('/api/v1/me/two-factor/disable', { password: 'not-my-password', code: totp(secret, 1) }), 401, 'unauthenticated');
    expectError(await dan.client.post('/api/v1/me/two-factor/disable', { password: dan.password, code: '000000' === totp(secret, 1) ? '111111' : '000000' }), 401);
    expect204(await dan.client.post('/api/v1/me/two-factor/disable', { password: dan.password, code: totp(secret, 1) }));
    assert.equal(expectOk(await dan.client.get('/api/v1/me/two-factor')).enabled, false);
    assert.ok(expectOk(await signIn(dan)).user, 'the password alone signs in again');
    assert.equal((await auditOf(owner, 'two_factor.disabled', dan.id)).length, 1);
    assert.equal((await auditOf(owner, 'two_factor.recovery_codes_replaced', dan.id)).length, 1);
  });

  test("a member cannot read or reset another's two-factor; an admin sees and resets it, audited", async () => {
    expectError(await bob.client.get(`/api/v1/people/${alice.id}/two-factor`), 403, 'permission_denied');
    expectError(await bob.client.delete(`/api/v1/people/${alice.id}/two-factor`), 403, 'permission_denied');
    assert.equal(expectOk(await alice.client.get(`/api/v1/people/${alice.id}/two-factor`)).enabled, true, 'one’s own');
    const seen = expectOk(await owner.get(`/api/v1/people/${alice.id}/two-factor`));
    assert.equal(seen.enabled, true);
    assert.equal(typeof seen.enabled_at, 'string');
    assert.equal(seen.secret, undefined);
    expect204(await owner.delete(`/api/v1/people/${alice.id}/two-factor`));
    assert.equal(expectOk(await owner.get(`/api/v1/people/${alice.id}/two-factor`)).enabled, false);
    assert.ok(expectOk(await signIn(alice)).user, 'after a reset the password alone signs in');
    const entries = await auditOf(owner, 'two_factor.reset', alice.id);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_id, org.owner.id);
  });

  test('policy: covered people sign in during the grace period and are told; after it they enrol at sign-in', async () => {
    expectError(await owner.patch('/api/v1/policies', { two_factor: 'always' }), 400, 'invalid_argument');
    expectError(await owner.patch('/api/v1/policies', { two_factor_grace_days: -1 }), 400, 'invalid_argument');
    expectError(await bob.client.patch('/api/v1/policies', { two_factor: 'everyone' }), 403, 'permission_denied');
    const set = expectOk(await owner.patch('/api/v1/policies', { two_factor: 'admins', two_factor_grace_days: 7 }));
    assert.equal(set.two_factor, 'admins');
    assert.equal(set.two_factor_grace_days, 7);
    try {
      // Within the grace period: a session, and a date by which to set it up.
      const graced = expectOk(await signIn(org.owner));
      const by = Date.parse(graced.two_factor_setup_by);
      assert.ok(Math.abs(by - (Date.now() + 7 * 86400_000)) < 120_000, graced.two_factor_setup_by);
      const status = expectOk(await owner.get('/api/v1/me/two-factor'));
      assert.equal(status.required, true);
      assert.equal(Date.parse(status.required_by), by);
      // A member is not covered by "admins".
      const member = expectOk(await signIn(carol));
      assert.ok(member.user);
      assert.equal(member.two_factor_setup_by, undefined);

      // After the grace period: "set up two-factor first", right at sign-in.
      expectOk(await owner.patch('/api/v1/policies', { two_factor_grace_days: 0 }));
      await freshStep();
      const c = new Client(org.url);
      const stepBody = expectOk(await signIn(org.owner, c));
      assert.equal(stepBody.second_step.purpose, 'enrol');
      assert.equal(c.sessionCookie, null);
      expectError(await c.post('/api/v1/auth/two-factor', { token: stepBody.second_step.token, code: '123456' }), 409, 'conflict');
      const started = expectOk(await c.post('/api/v1/auth/two-factor/enrol', { token: stepBody.second_step.token }), 201);
      assert.ok(started.otpauth_uri.includes(started.secret));
      const done = expectOk(await c.post('/api/v1/auth/two-factor/enrol/confirm', { token: stepBody.second_step.token, code: totp(started.secret) }));
      assert.equal(done.user.id, org.owner.id);
      assert.equal(done.recovery_codes.length, 10);
      assert.equal(expectOk(await c.get('/api/v1/me/two-factor')).enabled, true);
      // From now on the owner signs in with a code.
      assert.equal(expectOk(await signIn(org.owner)).second_step.purpose, 'code');

      // Everyone: a member past the grace period enrols too; "off" lets them in again.
      expectOk(await owner.patch('/api/v1/policies', { two_factor: 'everyone' }));
      assert.equal(expectOk(await signIn(carol)).second_step.purpose, 'enrol');
      expectOk(await owner.patch('/api/v1/policies', { two_factor: 'off' }));
      assert.ok(expectOk(await signIn(carol)).user);
    } finally {
      expectOk(await owner.patch('/api/v1/policies', { two_factor: 'off', two_factor_grace_days: 7 }));
    }
  });

  test('muster admin reset-two-factor turns it off for a person who lost their phone, audited', async () => {
    const r = await runCli(['admin', 'reset-two-factor', '--data', org.srv.dataDir, '--login', org.owner.email]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(expectOk(await signIn(org.owner)).user, 'the password alone signs in');
    const entries = await auditOf(owner, 'two_factor.reset', org.owner.id);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].actor_id, null, 'by the command line');
  });

  // Last: it uses up this address's failed-attempt budget for bob.
  test('wrong codes count against the sign-in limits like wrong passwords', async () => {
    await freshStep();
    const { secret } = await enrol(bob.client);
    let stepToken = expectOk(await signIn(bob)).second_step.token;
    const wrong = totp(secret) === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await new Client(org.url).post('/api/v1/auth/two-factor', { token: stepToken, code: wrong });
      expectError(res, 401, 'unauthenticated', `wrong code ${i + 1}`);
    }
    // Five wrong codes end the step, and the account is locked for this address like after five wrong passwords.
    expectError(await new Client(org.url).post('/api/v1/auth/two-factor', { token: stepToken, code: totp(secret) }), 401, 'unauthenticated');
    expectError(await signIn(bob), 429, 'rate_limited');
  });
});

function expect204(res) {
  assert.equal(res.status, 204, res.text);
}
