// Attachments served so a browser cannot run them (issue 14): an uploaded HTML page, an SVG with a
// script, or HTML named .png all come back as downloads of a type no browser renders as a page,
// sandboxed by their own Content-Security-Policy; only raster images show inline; a file name
// cannot inject a header, and an Arabic name survives in filename*.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from './lib/fixtures.mjs';
import { makePng, startOrg, uploadAttachment } from './lib/messaging.mjs';

const RUNNABLE = /^(text\/html|image\/svg\+xml|application\/xhtml\+xml|text\/xml|application\/xml|.*javascript)/i;

async function download(url, client, p) {
  const res = await fetch(url + p, { headers: { cookie: `muster_session=${client.sessionCookie}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

// The exact name encoded in an RFC 5987 filename* parameter.
function filenameStar(disposition) {
  const m = /filename\*=UTF-8''([^;\s]+)/.exec(disposition);
  assert.ok(m, `filename* in ${disposition}`);
  return decodeURIComponent(m[1]);
}

function assertSafeDownload(res, what) {
  assert.equal(res.status, 200, what);
  const type = res.headers.get('content-type');
  assert.doesNotMatch(type, RUNNABLE, `${what}: served as ${type}`);
  assert.match(type, /^(application\/octet-stream|text\/plain; charset=utf-8)$/, `${what}: ${type}`);
  assert.match(res.headers.get('content-disposition'), /^attachment; /, `${what} is a download`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /(^|; )sandbox(;|$)/, `${what}: sandboxed (${csp})`);
  assert.match(csp, /default-src 'none'/, `${what}: loads nothing (${csp})`);
}

describe('attachments a browser cannot run', () => {
  let org;
  let alice;
  before(async () => {
    org = await startOrg(['Alice']);
    ({ alice } = org.people);
  });
  after(async () => {
    await org?.srv.stop();
  });

  test('HTML, SVG with a script and JavaScript come back as sandboxed downloads; HTML named .png is refused', async () => {
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="5"/></svg>');
    const cases = [
      ['page.html', html, 'text/html'],
      ['page.xhtml', html, 'application/xhtml+xml'],
      ['drawing.svg', svg, 'image/svg+xml'],
      ['script.js', Buffer.from('alert(1)'), 'text/javascript'],
    ];
    // Text whose name promises an image would show as a file it is not (issue 16): refused.
    expectError(await uploadAttachment(alice.client, 'photo.png', html, 'image/png'), 415, 'unsupported_media_type', 'photo.png');
    for (const [name, bytes, declared] of cases) {
      const up = expectOk(await uploadAttachment(alice.client, name, bytes, declared), 201, name);
      assert.doesNotMatch(up.content_type, RUNNABLE, `${name} is not stored as ${up.content_type}`);
      const res = await download(org.url, alice.client, `/api/v1/attachments/${up.id}`);
      assertSafeDownload(res, name);
      assert.ok(res.bytes.equals(bytes), `${name}: the bytes are the uploader's`);
    }
  });

  test('raster images show inline, still sandboxed and nosniff', async () => {
    const up = expectOk(await uploadAttachment(alice.client, 'chart.png', makePng(40, 30), 'image/png'), 201);
    const res = await download(org.url, alice.client, `/api/v1/attachments/${up.id}`);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.match(res.headers.get('content-disposition'), /^inline; /);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy'), /sandbox/);
    const thumb = await download(org.url, alice.client, `/api/v1/attachments/${up.id}/thumbnail`);
    assert.match(thumb.headers.get('content-type'), /^image\/(jpeg|png)$/);
    assert.match(thumb.headers.get('content-security-policy'), /sandbox/);
  });

  test('Arabic names survive in filename*; quotes, CR/LF and semicolons inject nothing', async () => {
    const arabic = 'تقرير الربع الأول "نهائي"; نسخة.txt';
    const up = expectOk(await uploadAttachment(alice.client, arabic, Buffer.from('نص'), 'text/plain'), 201);
    const res = await download(org.url, alice.client, `/api/v1/attachments/${up.id}`);
    const disposition = res.headers.get('content-disposition');
    assert.equal(filenameStar(disposition), arabic, 'the exact name, UTF-8');
    assert.match(disposition, /^attachment; filename="[^"\\]*"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/, disposition);

    // CR/LF never get that far: the URL carrying the name is refused at the edge.
    const crlf = await uploadAttachment(alice.client, 'a.txt\r\nSet-Cookie: stolen=1', Buffer.from('x'), 'text/plain');
    assert.equal(crlf.status, 400, crlf.text);
    const hostile = 'a"; filename=evil.html; Set-Cookie: stolen=1; X-Injected: 1.txt';
    const h = expectOk(await uploadAttachment(alice.client, hostile, Buffer.from('x'), 'text/plain'), 201);
    const got = await download(org.url, alice.client, `/api/v1/attachments/${h.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('set-cookie'), null, 'no header injected');
    assert.equal(got.headers.get('x-injected'), null, 'no header injected');
    const d = got.headers.get('content-disposition');
    assert.match(d, /^attachment; filename="[^"\\]*"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/, d);
    assert.equal(filenameStar(d), h.name, 'filename* is the stored (cleaned) name');
  });
});
