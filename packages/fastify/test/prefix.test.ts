// Paths: Fastify's register `prefix` (and the prefixes of enclosing plugins) comes before twinfire's paths,
// and the served script posts to prefix + path.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawRequest } from '@twinfire/testkit';
import { mirror, pluginOptions, startSite, twinfire, useEmulator } from './harness.js';

const emulator = useEmulator();

test('with prefix /t: the script is /t/twinfire.js and names /t/twinfire, where mirrors are accepted', async (t) => {
  const site = await startSite(t, (app) => app.register(twinfire, { ...pluginOptions(emulator()), prefix: '/t' }));
  const script = await rawRequest(`${site.url}/t/twinfire.js`);
  assert.equal(script.status, 200, script.text);
  assert.match(String(script.headers['content-type']), /^application\/javascript/);
  assert.ok(script.text.startsWith('try{window.twinfireConfig={endpoint:"/t/twinfire",'), script.text.slice(0, 120));
  assert.equal((await site.post('/t/twinfire', mirror())).status, 202);
  assert.equal((await rawRequest(`${site.url}/twinfire.js`)).status, 404, 'nothing at the root');
  assert.equal(site.app.twinfire.newEventId().length, 36, 'the instance decorates the app');
});

test('inside a prefixed plugin, prefixes add up; custom paths and inspectPath are served', async (t) => {
  const site = await startSite(t, (app) =>
    app.register(
      async (shop) => {
        await shop.register(twinfire, { ...pluginOptions(emulator(), { path: '/collect', scriptPath: '/px.js', inspectPath: '/px-inspect' }), prefix: '/t' });
      },
      { prefix: '/shop' },
    ),
  );
  const script = await rawRequest(`${site.url}/shop/t/px.js`);
  assert.equal(script.status, 200, script.text);
  assert.ok(script.text.includes('endpoint:"/shop/t/collect"'), script.text.slice(0, 120));
  assert.equal((await site.post('/shop/t/collect', mirror())).status, 202);
  const inspect = await rawRequest(`${site.url}/shop/t/px-inspect`);
  assert.equal(inspect.status, 200, inspect.text);
  assert.equal(inspect.json.stats.received, 1, inspect.text);
  assert.equal((await rawRequest(`${site.url}/shop/t/px.js`, { method: 'HEAD' })).status, 200);
});
