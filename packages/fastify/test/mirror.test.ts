// The mirror endpoint through Fastify: 202, the server twin at Meta with the browser's event id, and the
// request as Fastify sees it (its trustProxy decides) handed to twinfire and its hooks.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { EndpointRequest } from '@twinfire/fastify';
import type { FastifyRequest } from 'fastify';
import { mirror, pluginOptions, serverTwins, startSite, twinfire, useEmulator } from './harness.js';

const emulator = useEmulator();

test("a mirror gets 202, and its server twin reaches Meta with the same event_id and the visitor's IP", async (t) => {
  const site = await startSite(t, (app) => app.register(twinfire, pluginOptions(emulator())));
  const payload = mirror({ event_name: 'AddToCart' });
  const res = await site.post('/twinfire', payload);
  assert.equal(res.status, 202, res.text);
  assert.deepEqual(res.json, { ok: true, event_id: payload.event_id, queued: 1 });
  const twins = await serverTwins(emulator(), site.app, payload.event_id);
  assert.equal(twins.length, 1, JSON.stringify(twins));
  assert.equal(twins[0].event_name, 'AddToCart');
  assert.equal(twins[0].user_data.client_ip_address, '127.0.0.1');
});

test("Fastify's trustProxy decides the IP, host and scheme: X-Forwarded-* count only when it is on", async (t) => {
  const forwarded = {
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'shop.example:8443',
    origin: 'https://shop.example:8443',
  };
  const trusting = await startSite(t, (app) => app.register(twinfire, pluginOptions(emulator())), { trustProxy: true });
  const payload = mirror();
  const res = await trusting.post('/twinfire', payload, forwarded);
  assert.equal(res.status, 202, "the page's origin is the host and scheme the proxy saw");
  const twins = await serverTwins(emulator(), trusting.app, payload.event_id);
  assert.equal(twins[0]?.user_data.client_ip_address, '203.0.113.7');

  const direct = await startSite(t, (app) => app.register(twinfire, pluginOptions(emulator())));
  const refused = await direct.post('/twinfire', mirror(), forwarded);
  assert.equal(refused.status, 403, refused.text);
  assert.equal(refused.json.error.code, 'forbidden_origin', 'without trustProxy the forwarded host is not believed');
});

test("hooks get Fastify's request (its decorations included), and the neutral view last", async (t) => {
  const seen: EndpointRequest<FastifyRequest>[] = [];
  const site = await startSite(t, async (app) => {
    app.decorateRequest('customer', '');
    app.addHook('onRequest', async (request) => {
      (request as FastifyRequest & { customer: string }).customer = String(request.headers['x-customer'] ?? '');
    });
    await app.register(
      twinfire,
      pluginOptions(emulator(), {
        userData: (request: FastifyRequest & { customer: string }, view: EndpointRequest<FastifyRequest>) => {
          seen.push(view);
          return { em: request.customer };
        },
      }),
    );
  });
  const payload = mirror();
  assert.equal((await site.post('/twinfire', payload, { 'x-customer': 'jane@example.com' })).status, 202);
  const twins = await serverTwins(emulator(), site.app, payload.event_id);
  const hashed = createHash('sha256').update('jane@example.com').digest('hex');
  assert.ok(String(twins[0]?.user_data.em).startsWith(hashed), `the customer's email from the decoration: ${JSON.stringify(twins[0]?.user_data)}`);
  assert.equal(seen[0]?.path, '/twinfire');
  assert.equal(seen[0]?.ip, '127.0.0.1');
  assert.equal(seen[0]?.host, new URL(site.url).host);
  assert.equal(seen[0]?.https, false);
});
