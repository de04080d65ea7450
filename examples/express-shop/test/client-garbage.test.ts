// Client garbage over real HTTP: a 4xx or a normal page, never a 500, and no memory held per junk request.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Listening, listen } from '@twinfire/testkit';
import express from 'express';
import { createShop } from '../src/app.js';
import { createStore } from '../src/store.js';

let shop: Listening;
let tf: ReturnType<typeof createShop>['tf'];

before(async () => {
  // Nothing here reaches Meta: the graph URL is never called (no valid event is sent).
  const created = createShop({
    realMode: false,
    pixelId: '1234567890',
    accessToken: 'garbage-token',
    graphUrl: 'http://127.0.0.1:9',
    pixelScriptUrl: 'http://127.0.0.1:9/fbevents.js',
    emulatorUrl: null,
    outboxFile: null,
  });
  tf = created.tf;
  shop = await listen(created.app);
});

after(async () => {
  await tf?.close();
  await shop?.close();
});

test('a cookie with a malformed escape is read as absent: the page renders', async () => {
  for (const cookie of ['shop_sid=%E0', 'shop_consent=%E0%A4%A', 'shop_sid=%; shop_consent=%zz']) {
    const res = await fetch(`${shop.url}/`, { headers: { cookie } });
    assert.equal(res.status, 200, cookie);
    assert.match(await res.text(), /Ember/);
  }
});

test('a back-office form tf.send() refuses is answered 400, not 500', async () => {
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${shop.url}${path}`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
  const longId = await post('/admin/qualified-lead', { email: 'buyer@example.com', leadId: 'x'.repeat(200) });
  assert.equal(longId.status, 400);
  const noEmail = await post('/admin/renewal', { email: 'not an email' });
  assert.equal(noEmail.status, 400);
  assert.equal((await post('/admin/renewal', { email: 'member@example.com' })).status, 303, 'a good form still goes through');
});

test('sessions are bounded: past maxSessions the oldest is forgotten', async (t) => {
  const store = createStore({ maxSessions: 2 });
  const app = express();
  app.use(store.sessions);
  app.get('/', (req, res) => res.send((req as unknown as { session: { id: string } }).session.id));
  const server = await listen(app);
  t.after(() => server.close());
  const visit = async (cookie?: string) => {
    const res = await fetch(`${server.url}/`, cookie ? { headers: { cookie } } : {});
    return { id: await res.text(), setCookie: res.headers.get('set-cookie') };
  };
  const first = await visit();
  assert.equal((await visit(`shop_sid=${first.id}`)).id, first.id, 'a known session is kept');
  await visit();
  await visit();
  const again = await visit(`shop_sid=${first.id}`);
  assert.notEqual(again.id, first.id, 'the oldest session was forgotten');
  assert.match(again.setCookie ?? '', /^shop_sid=/);
});
