import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { twinfire } from '@twinfire/express';
import { listen } from '@twinfire/testkit';
import express from 'express';
import { rawRequest } from '../http-client.js';

const dir = mkdtempSync(join(tmpdir(), 'twinfire-script-'));
const file = join(dir, 'twinfire.min.js');
writeFileSync(file, '!function(){window.twinfireTest=1}();\n');

async function serve(options: Record<string, unknown>) {
  const app = express();
  app.use(twinfire({ pixelId: '1', accessToken: 'EAAx', logger: { info() {}, warn() {}, error() {} }, ...options } as any));
  app.use((_req, res) => res.status(404).send('app 404'));
  return listen(app);
}

const sites: { close(): Promise<void> }[] = [];
after(() => Promise.all(sites.map((s) => s.close())));

test('GET scriptPath serves the browser script with ETag and an hour of caching; 304 on a match; HEAD has no body', async () => {
  const site = await serve({ _scriptFile: file });
  sites.push(site);
  const res = await rawRequest(`${site.url}/twinfire.js`);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/javascript; charset=utf-8');
  assert.equal(res.headers['cache-control'], 'public, max-age=3600');
  // The file, after one line naming the mirror endpoint (mounted at the root here).
  assert.equal(res.text, 'try{window.twinfireConfig={endpoint:"/twinfire",...window.twinfireConfig}}catch{}\n!function(){window.twinfireTest=1}();\n');
  const etag = res.headers.etag!;
  assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
  const again = await rawRequest(`${site.url}/twinfire.js`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
  const head = await rawRequest(`${site.url}/twinfire.js`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  writeFileSync(file, '!function(){window.twinfireTest=22}();\n');
  const changed = await rawRequest(`${site.url}/twinfire.js`, { headers: { 'if-none-match': etag } });
  assert.equal(changed.status, 200, 'a rebuilt script gets a new ETag');
  assert.notEqual(changed.headers.etag, etag);
});

test('a missing script file is a 404 with a plain message; other paths go to the app', async () => {
  const site = await serve({ _scriptFile: join(dir, 'missing.js'), scriptPath: '/tf.js' });
  sites.push(site);
  const res = await rawRequest(`${site.url}/tf.js`);
  assert.equal(res.status, 404);
  assert.match(res.text, /browser script is not available/);
  assert.equal((await rawRequest(`${site.url}/twinfire.js`)).text, 'app 404');
  assert.equal((await rawRequest(`${site.url}/elsewhere`)).text, 'app 404');
});

test('scriptPath: false serves nothing; the real @twinfire/browser build is served when it exists', async () => {
  const off = await serve({ scriptPath: false });
  sites.push(off);
  assert.equal((await rawRequest(`${off.url}/twinfire.js`)).text, 'app 404');
  const real = await serve({});
  sites.push(real);
  const res = await rawRequest(`${real.url}/twinfire.js`);
  assert.ok(res.status === 200 || res.status === 404, String(res.status));
  if (res.status === 200) assert.equal(res.headers['content-type'], 'application/javascript; charset=utf-8');
});

test('the config line follows `path` and the mount; more mounts than the cache keeps (32) are all served right', async () => {
  const app = express();
  const tf = twinfire({ pixelId: '1', accessToken: 'EAAx', path: '/m', _scriptFile: file, logger: { info() {}, warn() {}, error() {} } } as any);
  app.use('/:shop', tf);
  const site = await listen(app);
  sites.push(site);
  for (let i = 0; i < 40; i++) {
    const res = await rawRequest(`${site.url}/s${i}/twinfire.js`);
    assert.ok(res.text.startsWith(`try{window.twinfireConfig={endpoint:"/s${i}/m",`), res.text.slice(0, 60));
  }
  const odd = await rawRequest(`${site.url}/%3C%2Fscript%3E%E2%80%A8/twinfire.js`);
  assert.ok(odd.text.startsWith('try{window.twinfireConfig={endpoint:"/%3C%2Fscript%3E%E2%80%A8/m",'), odd.text.slice(0, 80));
  await tf.close();
});

test("one-tag mode: Meta's base code after the script, its calls through the wrapped fbq", async () => {
  const site = await serve({ _scriptFile: file, baseCode: true, fbeventsUrl: 'http://127.0.0.1:9/fbevents.js' });
  sites.push(site);
  const res = await rawRequest(`${site.url}/twinfire.js`);
  assert.ok(res.text.includes('!function(){window.twinfireTest=22}();\n;/* twinfire one-tag mode'), 'base code after the file');
  assert.ok(res.text.endsWith(`f.fbq('init',"1",c.advancedMatching);f.fbq('track','PageView')}(window,document,'script',"http://127.0.0.1:9/fbevents.js");\n`));
  assert.ok(!res.text.includes('EAAx'), 'never a token');
});
