import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, describe, test } from 'node:test';
import { type Twinfire, twinfire } from '@twinfire/express';
import { type Listening, listen } from '@twinfire/testkit';

// Attack 2 of issue 11: 1 000 fat events sent as one 63 MB request that never got an answer in time, then
// retried whole, forever. Requests are now cut by bytes, and one that times out is split before its retry.

const PIXEL = '333333333333333';
const TOKEN = 'EAAtest-request-bytes-token-0123456789';
const quiet = { info() {}, warn() {}, error() {} };
const note = (kb: number) => Object.fromEntries(Array.from({ length: kb }, (_, i) => [`note${i}`, 'x'.repeat(1000)]));

/** A Graph stand-in recording each request's size; a request over `hangOver` bytes is never answered. */
async function startGraph(hangOver = Infinity): Promise<Listening & { sizes: number[]; delivered: Set<string> }> {
  const sizes: number[] = [];
  const delivered = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      sizes.push(raw.length);
      if (raw.length > hangOver) return; // held until the client gives up
      const body = JSON.parse(raw.toString('utf8'));
      for (const event of body.data) delivered.add(event.event_id);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ events_received: body.data.length, fbtrace_id: 'Abytes' }));
    });
  });
  return Object.assign(await listen(server), { sizes, delivered });
}

const send = (tf: Twinfire, i: number) =>
  tf.send({ event_id: `big-${i}`, event_name: 'Lead', action_source: 'system_generated', user_data: { external_id: `c-${i}` }, custom_data: note(6) });

describe('hostile: Graph requests bounded in bytes', () => {
  const open: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const thing of open.reverse()) await thing.close();
  });

  test('a batch is cut at maxRequestBytes, not only at batchSize', async () => {
    const graph = await startGraph();
    const tf = twinfire({ pixelId: PIXEL, accessToken: TOKEN, graphUrl: graph.url, logger: quiet, maxRequestBytes: 64 * 1024, flushIntervalMs: 60_000 });
    open.push(graph, tf);
    for (let i = 0; i < 60; i++) await send(tf, i);
    await tf.flush();
    assert.equal(graph.delivered.size, 60);
    assert.ok(graph.sizes.length >= 6, `${graph.sizes.length} requests for ~370 KB of events`);
    assert.ok(
      graph.sizes.every((size) => size <= 64 * 1024),
      `request sizes ${graph.sizes.join(', ')}`,
    );
  });

  test('a request that times out is split before it is retried, so a heavy batch never blocks its pixel', async () => {
    const graph = await startGraph(40 * 1024);
    const tf = twinfire({
      pixelId: PIXEL,
      accessToken: TOKEN,
      graphUrl: graph.url,
      logger: quiet,
      timeoutMs: 150,
      retryBaseMs: 10,
      retryMaxMs: 20,
      flushIntervalMs: 60_000,
    });
    open.push(graph, tf);
    for (let i = 0; i < 40; i++) await send(tf, i);
    const deadline = Date.now() + 15_000;
    while (graph.delivered.size < 40 && Date.now() < deadline) await tf.flush().then(() => new Promise((r) => setTimeout(r, 20)));
    assert.equal(graph.delivered.size, 40, 'every event arrived');
    assert.ok(graph.sizes[0]! > 40 * 1024, 'the first request was the heavy one, and it hung');
    assert.ok((await tf.stats()).failures.transient >= 1);
    assert.equal((await tf.stats()).dead, 0);
  });
});
