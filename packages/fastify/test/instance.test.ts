// The instance behind the plugin: `fastify.twinfire` for server events, `{ instance }` for one made with
// createTwinfire, closed with Fastify, and option mistakes that stop the app from starting.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTwinfire, type TwinfirePluginOptions } from '@twinfire/fastify';
import Fastify, { type FastifyRequest } from 'fastify';
import { mirror, PIXEL, pluginOptions, serverTwins, startSite, TOKEN, twinfire, useEmulator } from './harness.js';

const emulator = useEmulator();
const lead = (id: string) => ({ event_id: id, event_name: 'Lead', action_source: 'system_generated', user_data: { external_id: 'customer-7' } }) as const;

test('fastify.twinfire.send() delivers a server event', async (t) => {
  const site = await startSite(t, (app) => app.register(twinfire, pluginOptions(emulator())));
  const result = await site.app.twinfire.send(lead('lead-1'));
  assert.equal(result.queued, 1, JSON.stringify(result));
  const twins = await serverTwins(emulator(), site.app, 'lead-1');
  assert.equal(twins[0]?.event_name, 'Lead');
});

test('await fastify.close() closes the instance: a later send rejects', async () => {
  const app = Fastify();
  await app.register(twinfire, pluginOptions(emulator()));
  await app.listen({ port: 0, host: '127.0.0.1' });
  await app.close();
  await assert.rejects(app.twinfire.send(lead('lead-after-close')), { code: 'ERR_TWINFIRE_CLOSED' });
});

test('{ instance } serves an instance made with createTwinfire at its own paths, and closes it with Fastify', async (t) => {
  const tf = createTwinfire<FastifyRequest>({
    pixelId: PIXEL,
    accessToken: TOKEN,
    graphUrl: emulator().url,
    path: '/collect',
    rateLimit: false,
    flushIntervalMs: 5,
  });
  const site = await startSite(t, (app) => app.register(twinfire, { instance: tf, prefix: '/t' }));
  assert.equal(site.app.twinfire, tf);
  const payload = mirror();
  assert.equal((await site.post('/t/collect', payload)).status, 202);
  assert.equal((await serverTwins(emulator(), site.app, payload.event_id)).length, 1);
  assert.equal((await tf.stats()).received, 1);
  await site.app.close();
  await assert.rejects(tf.send(lead('lead-closed')), { code: 'ERR_TWINFIRE_CLOSED' });
});

test('option mistakes reject register with a TwinfireError naming the option', async () => {
  const tf = createTwinfire<FastifyRequest>({ pixelId: PIXEL, accessToken: TOKEN, graphUrl: emulator().url });
  const cases: [TwinfirePluginOptions, string, string][] = [
    [{ instance: tf, path: '/x' } as unknown as TwinfirePluginOptions, 'ERR_TWINFIRE_INVALID_OPTION', 'instance'],
    [{ instance: {} } as unknown as TwinfirePluginOptions, 'ERR_TWINFIRE_INVALID_OPTION', 'instance'],
    [{ pixelId: PIXEL, accessToken: TOKEN, pth: '/x' } as unknown as TwinfirePluginOptions, 'ERR_TWINFIRE_UNKNOWN_OPTION', 'pth'],
  ];
  for (const [options, code, field] of cases) {
    const app = Fastify();
    await assert.rejects(async () => app.register(twinfire, options), { name: 'TwinfireError', code, field });
    await app.close().catch(() => undefined);
  }
  await tf.close();
});
