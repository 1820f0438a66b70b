// The OpenAPI document, the contract and the server agree: every route the binary registers is
// documented, every documented route exists, and objects the server returns have the documented shape.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { Client } from './lib/client.mjs';
import { addMember, expectOk, setupOrg } from './lib/fixtures.mjs';
import { REPO_ROOT, runCli, startServer } from './lib/server.mjs';

const DOC_PATH = path.join(REPO_ROOT, 'docs', 'api', 'openapi.yaml');
// The human overviews: the foundation contract and the messaging contract.
const CONTRACT_PATHS = ['contract.md', 'messaging.md', 'governance.md', 'moderation.md', 'two-factor.md', 'attention.md'].map((f) => path.join(REPO_ROOT, 'docs', 'api', f));
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

const doc = parse(readFileSync(DOC_PATH, 'utf8'));

/** `/api/v1/people/{id}` and `/api/v1/people/{person_id}` are the same route. */
const norm = (method, p) => `${method.toUpperCase()} ${p.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/'}`;

function documentedRoutes() {
  const out = new Set();
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) if (item[m]) out.add(norm(m, p));
  }
  return out;
}

function resolveRef(ref) {
  assert.ok(ref.startsWith('#/'), `only local $refs are used: ${ref}`);
  let node = doc;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node?.[key];
  }
  return node;
}

function schema(name) {
  const s = doc.components?.schemas?.[name];
  assert.ok(s, `components.schemas.${name} exists`);
  return s;
}

/** The property names a schema allows (following $ref and allOf). */
function propertiesOf(s) {
  if (s.$ref) return propertiesOf(resolveRef(s.$ref));
  const props = new Set(Object.keys(s.properties ?? {}));
  for (const part of s.allOf ?? []) for (const p of propertiesOf(part)) props.add(p);
  return props;
}

function requiredOf(s) {
  if (s.$ref) return requiredOf(resolveRef(s.$ref));
  const req = new Set(s.required ?? []);
  for (const part of s.allOf ?? []) for (const r of requiredOf(part)) req.add(r);
  return req;
}

/** Differences between `obj` and components.schemas[schemaName], as messages (pushed to `problems`). */
function checkShape(problems, obj, schemaName, what) {
  const s = schema(schemaName);
  const allowed = propertiesOf(s);
  for (const k of Object.keys(obj)) if (!allowed.has(k)) problems.push(`${what}: key "${k}" is not in schema ${schemaName}`);
  for (const k of requiredOf(s)) if (!(k in obj)) problems.push(`${what}: required key "${k}" of ${schemaName} is missing`);
}

describe('OpenAPI document', () => {
  test('is OpenAPI 3.1 with info and paths', () => {
    assert.match(String(doc.openapi), /^3\.1\.\d+$/);
    assert.ok(doc.info?.title && doc.info?.version);
    assert.ok(Object.keys(doc.paths).length > 0);
  });

  test('every $ref resolves', () => {
    const bad = [];
    const walk = (node, where) => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}/${i}`));
      else if (node && typeof node === 'object') {
        if (typeof node.$ref === 'string' && resolveRef(node.$ref) === undefined) bad.push(`${where}: ${node.$ref}`);
        for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
      }
    };
    walk(doc, '#');
    assert.deepEqual(bad, []);
  });

  test('operations have unique ids, responses, and declare their path parameters', () => {
    const ids = new Set();
    for (const [p, item] of Object.entries(doc.paths)) {
      const templ = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const m of METHODS) {
        const op = item[m];
        if (!op) continue;
        assert.ok(op.operationId, `${m} ${p} has an operationId`);
        assert.ok(!ids.has(op.operationId), `operationId ${op.operationId} is unique`);
        ids.add(op.operationId);
        assert.ok(op.responses && Object.keys(op.responses).length > 0, `${m} ${p} has responses`);
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x) => (x.$ref ? resolveRef(x.$ref) : x));
        for (const t of templ) {
          assert.ok(params.some((x) => x.in === 'path' && x.name === t && x.required === true), `${m} ${p} declares path parameter ${t}`);
        }
      }
    }
  });

  test('has the schemas, security schemes and CSRF parameter the contract needs', () => {
    for (const n of ['Person', 'Organization', 'Invitation', 'Error', 'AuditEntry', 'Session', 'ImportReport']) schema(n);
    const sec = doc.components.securitySchemes;
    assert.equal(sec.cookieAuth?.type, 'apiKey');
    assert.equal(sec.cookieAuth?.in, 'cookie');
    assert.equal(sec.cookieAuth?.name, 'muster_session');
    assert.equal(sec.bearerAuth?.type, 'http');
    assert.equal(sec.bearerAuth?.scheme, 'bearer');
    const csrf = Object.values(doc.components.parameters).find((x) => x.in === 'header' && x.name === 'X-CSRF-Token');
    assert.ok(csrf, 'an X-CSRF-Token header parameter');
    const codes = schema('Error').properties.error.properties.code.enum;
    for (const c of ['invalid_argument', 'unauthenticated', 'permission_denied', 'csrf_failed', 'not_found', 'method_not_allowed', 'conflict', 'gone', 'payload_too_large', 'unsupported_media_type', 'rate_limited', 'setup_required', 'internal']) {
      assert.ok(codes.includes(c), `Error code ${c} documented`);
    }
  });

  test('every state-changing authenticated operation documents the CSRF header', () => {
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const m of ['post', 'put', 'patch', 'delete']) {
        const op = item[m];
        if (!op) continue;
        const open = Array.isArray(op.security) && op.security.length === 0;
        if (open) continue;
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x) => (x.$ref ? resolveRef(x.$ref) : x));
        assert.ok(params.some((x) => x.in === 'header' && x.name === 'X-CSRF-Token'), `${m.toUpperCase()} ${p} documents X-CSRF-Token`);
      }
    }
  });

  test('documents exactly the routes of the contracts', () => {
    const contract = CONTRACT_PATHS.map((f) => readFileSync(f, 'utf8')).join('\n');
    const fromContract = new Set();
    for (const m of contract.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^\s`?]*)/g)) fromContract.add(norm(m[1], m[2]));
    assert.ok(fromContract.size >= 25, `found ${fromContract.size} routes in the contracts`);
    const documented = documentedRoutes();
    const missing = [...fromContract].filter((r) => !documented.has(r));
    const extra = [...documented].filter((r) => !fromContract.has(r));
    assert.deepEqual(missing, [], 'routes in the contracts but not in openapi.yaml');
    assert.deepEqual(extra, [], 'routes in openapi.yaml but not in the contracts');
  });
});

describe('OpenAPI document and the server agree', () => {
  let routes;
  test('`muster routes` lists exactly the documented routes', async () => {
    const r = await runCli(['routes']);
    assert.equal(r.code, 0, `muster routes exited ${r.code}: ${r.stderr}`);
    routes = new Set();
    const ignored = [];
    for (const line of r.stdout.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const m = /^([A-Z]+)\s+(\/\S*)$/.exec(line);
      assert.ok(m, `unexpected line from muster routes: ${JSON.stringify(line)}`);
      if (m[1] === 'HEAD' || m[1] === 'OPTIONS') continue;
      if (/[*]|\.\.\./.test(m[2])) {
        ignored.push(line); // the static files catch-all
        continue;
      }
      routes.add(norm(m[1], m[2]));
    }
    assert.ok(routes.size > 0, 'muster routes printed routes');
    const documented = documentedRoutes();
    const undocumented = [...routes].filter((x) => !documented.has(x)).sort();
    const missing = [...documented].filter((x) => !routes.has(x)).sort();
    assert.deepEqual(undocumented, [], 'routes in the server but not in docs/api/openapi.yaml');
    assert.deepEqual(missing, [], 'routes in docs/api/openapi.yaml but not in the server');
  });

  describe('responses have the documented shapes', () => {
    let srv;
    let owner;
    before(async () => {
      srv = await startServer();
      ({ owner } = await setupOrg(srv.url));
    });
    after(async () => {
      await srv?.stop();
    });

    test('Person, Organization, Invitation, Session, AuditEntry, ImportReport, Error', async () => {
      const problems = [];
      const assertShape = (obj, name, what) => checkShape(problems, obj, name, what);
      const me = expectOk(await owner.get('/api/v1/me'));
      assertShape(me.user, 'Person', 'GET /me user');
      assertShape(me.organization, 'Organization', 'GET /me organization');
      const created = expectOk(
        await owner.post('/api/v1/people', {
          name: 'Shape Shadi',
          name_latin: 'Shadi',
          job_title: 'Tester',
          department: 'QA',
          location: 'Riyadh',
          employee_id: 'E1',
          phone: '+966500000009',
          email: 'shadi@example.com',
          tags: ['a'],
          custom: {},
        }),
        201,
      );
      assertShape(created.person, 'Person', 'POST /people person');
      assertShape(created.invitation, 'Invitation', 'POST /people invitation');
      const m = await addMember(owner, { name: 'Shape Member', email: 'shape-member@example.com' });
      const seen = expectOk(await m.client.get(`/api/v1/people/${created.person.id}`));
      assertShape(seen, 'Person', 'GET /people/{id} as member');
      const sessions = expectOk(await owner.get('/api/v1/me/sessions'));
      for (const s of sessions.items) assertShape(s, 'Session', 'GET /me/sessions item');
      const audit = expectOk(await owner.get('/api/v1/admin/audit'));
      assert.ok(audit.items.length > 0);
      for (const e of audit.items) assertShape(e, 'AuditEntry', `audit ${e.action}`);
      const report = expectOk(
        await owner.request('POST', '/api/v1/people/import?mode=dry-run', { body: 'name,email\r\nNew Person,new@example.com\r\n', contentType: 'text/csv' }),
      );
      assertShape(report, 'ImportReport', 'import report');
      const err = await new Client(srv.url).get('/api/v1/me');
      assert.equal(err.status, 401);
      assertShape(err.body, 'Error', '401 body');
      const errorProps = propertiesOf(schema('Error').properties.error);
      for (const k of Object.keys(err.body.error)) assert.ok(errorProps.has(k), `error key ${k} documented`);
      const inv = expectOk(await new Client(srv.url).get(`/api/v1/invitations/${created.invitation.token}`));
      assertShape(inv.organization, 'Organization', 'invitation organization');
      assert.deepEqual([...new Set(problems)], [], 'server responses differ from the documented schemas');
    });
  });
});
