import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tempDbFactory } from '../durability/temp-db.js';
import { harnessFor, mirror, waitFor } from '../harness.js';

const tempDb = tempDbFactory('hostile');

// Attack 1 of issue 11: fat mirrors that cost 21x their JSON on the heap, parked as dead letters or queued
// while Meta is down, until the process dies of out-of-memory.

/** 42 keys x 500 `{}`: 63 KB of JSON, about 1.3 MB of heap once parsed. */
const nodeBomb = () => Object.fromEntries(Array.from({ length: 42 }, (_, i) => [`k${i}`, Array.from({ length: 500 }, () => ({}))]));
/** Valid custom data of about `kb` KB of JSON, within every node limit. */
const heavy = (kb: number) => Object.fromEntries(Array.from({ length: kb }, (_, i) => [`note${i}`, 'x'.repeat(1000)]));
const ALMOST_EXPIRED = () => Math.floor(Date.now() / 1000) - (7 * 24 * 3600 - 300);

describe('hostile: fat events', () => {
  test('a custom_data node bomb is refused at the door (400 too_many_nodes), before anything is queued', async (t) => {
    const h = await harnessFor(t);
    const body = JSON.stringify(mirror({ custom_data: nodeBomb() }));
    assert.ok(body.length < 65_536, 'it fits the body limit: the node budget is what refuses it');
    const res = await h.post(body);
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'too_many_nodes');
    assert.equal((await h.tf.stats()).queued, 0);
    await assert.rejects(
      h.tf.send({ event_name: 'Lead', action_source: 'system_generated', user_data: { external_id: 'c-1' }, custom_data: nodeBomb() }),
      (error: any) => error.code === 'ERR_TWINFIRE_INVALID_EVENT' && /2000 values/.test(error.message),
    );
  });

  test('a twin over maxEventBytes is refused: 413 event_too_large for a mirror, ERR_TWINFIRE_EVENT_TOO_LARGE for send()', async (t) => {
    const h = await harnessFor(t);
    const res = await h.post(mirror({ custom_data: heavy(40) }));
    assert.equal(res.status, 413);
    assert.equal(res.json.error.code, 'event_too_large');
    assert.match(res.json.error.message, /32768/);
    assert.equal((await h.post(mirror({ custom_data: heavy(20) }))).status, 202, 'a 20 KB event is fine');
    await assert.rejects(
      h.tf.send({ event_name: 'Lead', action_source: 'system_generated', user_data: { external_id: 'c-1' }, custom_data: heavy(40) }),
      (error: any) => error.code === 'ERR_TWINFIRE_EVENT_TOO_LARGE',
    );
    assert.equal((await h.tf.stats()).rejected.event_too_large, 2);
  });

  for (const kind of ['memory', 'sqlite'] as const) {
    test(`${kind}: expired fat events as dead letters stay within maxDeadBytes; the oldest go first and are counted`, async (t) => {
      const db = kind === 'sqlite' ? tempDb() : undefined;
      const h = await harnessFor(t, { options: { maxDeadBytes: 200_000, ...(db ? { outbox: { sqlite: db } } : {}) } });
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) {
        const body = mirror({ event_time: ALMOST_EXPIRED(), custom_data: heavy(20) });
        ids.push(body.event_id as string);
        assert.equal((await h.post(body)).status, 202);
      }
      await waitFor(async () => (await h.tf.stats()).queued === 0, 10_000, 'everything set aside');
      const stats = await h.tf.stats();
      assert.ok(stats.deadBytes <= 200_000, `dead letters hold ${stats.deadBytes} bytes`);
      assert.ok(stats.dead >= 4 && stats.dead < 24, `${stats.dead} kept`);
      // Two pixels: 48 dead letters in all.
      assert.equal(stats.dead + stats.deadEvicted, 48);
      assert.equal(stats.dropped.expired, 48);
      const kept = new Set((await h.tf.deadLetters()).map((d) => d.event_id));
      assert.ok(kept.has(ids.at(-1)!) && !kept.has(ids[0]!), 'the newest are kept, the oldest evicted');
      assert.equal((await h.events()).length, 0, 'nothing expired was sent');
    });

    test(`${kind}: while Meta fails, fat events fill maxQueueBytes and then get an honest 503 queue_full`, async (t) => {
      const db = kind === 'sqlite' ? tempDb() : undefined;
      const h = await harnessFor(t, { options: { maxQueueBytes: 300_000, ...(db ? { outbox: { sqlite: db } } : {}) } });
      await h.fault({ status: 500, times: 10_000 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await h.post(mirror({ custom_data: heavy(20) }))).status);
      // Each mirror queues two twins (two pixels) of ~21.5 KB counted: six mirrors fit in 300 KB, not seven.
      assert.deepEqual(statuses, [...Array(6).fill(202), ...Array(6).fill(503)]);
      const stats = await h.tf.stats();
      assert.ok(stats.queuedBytes <= 300_000 && stats.queuedBytes > 250_000, `queued ${stats.queuedBytes} bytes`);
      assert.equal(stats.maxQueueBytes, 300_000);
      assert.equal(stats.rejected.queue_full, 6);
    });
  }

  test('memory: what is counted is close to what the heap holds (events are kept as JSON text)', async (t) => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Meta unreachable (nothing listens on port 9): everything stays queued, nothing lands in the emulator.
    const h = await harnessFor(t, { options: { graphUrl: 'http://127.0.0.1:9', retryBaseMs: 60_000, retryMaxMs: 60_000 } });
    gc();
    const before = process.memoryUsage().heapUsed;
    // Objects worth of custom data: parsed, this shape costs several times its JSON.
    const cart = { contents: Array.from({ length: 100 }, (_, i) => ({ id: `sku-${i}`, quantity: 1, item_price: 9.5 })), value: 950, currency: 'EUR' };
    for (let i = 0; i < 1500; i++) {
      await h.tf.send({ event_name: 'AddToCart', action_source: 'system_generated', user_data: { external_id: `c-${i}` }, custom_data: cart });
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    const counted = (await h.tf.stats()).queuedBytes;
    assert.equal((await h.tf.stats()).queued, 3000);
    // Kept as parsed objects, these events took several times their JSON; as text, about what is counted.
    assert.ok(grown < counted * 1.5, `heap grew ${grown} bytes for ${counted} counted`);
  });

  test('memory: small events cost less heap than they are counted at (no hidden class of their own per event)', async (t) => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const h = await harnessFor(t, { options: { graphUrl: 'http://127.0.0.1:9', retryBaseMs: 60_000, retryMaxMs: 60_000 } });
    gc();
    const before = process.memoryUsage().heapUsed;
    // A backlog of page views, about 300 bytes of JSON each: the per-event bookkeeping is most of their cost.
    for (let i = 0; i < 20_000; i += 100) {
      const sends = [];
      for (let j = i; j < i + 100; j++) {
        sends.push(
          h.tf.send({
            event_name: 'ViewContent',
            event_id: `v-${j}`,
            action_source: 'website',
            event_source_url: 'https://shop.example.com/products/blue-mug',
            user_data: { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0', fbp: `fb.1.1700000000000.${j}` },
          }),
        );
      }
      await Promise.all(sends);
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    const { queued, queuedBytes } = await h.tf.stats();
    assert.equal(queued, 40_000, 'two pixels: two twins per event');
    // Each event is counted at its JSON plus 1,024 bytes. Copied with an object spread, each held event got a
    // hidden class of its own (about 420 bytes more) and the heap outgrew the count.
    assert.ok(grown < queuedBytes * 0.85, `heap grew ${grown} bytes (${Math.round(grown / queued)} per event) for ${queuedBytes} counted`);
  });
});
