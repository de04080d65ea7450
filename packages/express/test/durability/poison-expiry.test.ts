import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { EMAIL, type Harness, PIXEL_A, startHarness } from '../harness.js';
import { tempDbFactory } from './temp-db.js';

const dbFile = tempDbFactory('poison');
const purchase = (event_id: string, user_data: Record<string, unknown> = { em: EMAIL, external_id: `c-${event_id}` }) => ({
  event_name: 'Purchase',
  event_id,
  action_source: 'system_generated' as const,
  user_data,
  custom_data: { value: 10, currency: 'EUR' },
});
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test("poison (SQLite): one invalid event in a batch of 1000 is set aside with Meta's error, the other 999 arrive", { timeout: 20_000 }, async () => {
  // beforeSend (after send()'s own checks) leaves p-500 with first name + gender only: too broad, Meta refuses it (2804050).
  const beforeSend = (event: any) => (event.event_id === 'p-500' ? { ...event, user_data: { fn: 'Jane', ge: 'f' } } : event);
  h = await startHarness({ options: { outbox: { sqlite: dbFile() }, flushIntervalMs: 60_000, beforeSend } });
  for (let i = 0; i < 1000; i++) await h.tf.send(purchase(`p-${i}`) as any, { pixelIds: [PIXEL_A] });
  await h.tf.flush();
  const kept = (await h.events()).filter((e) => e.status === 'kept');
  assert.equal(kept.length, 999);
  assert.ok(!kept.some((e) => e.event_id === 'p-500'));
  const [dead] = await h.tf.deadLetters();
  assert.deepEqual([dead!.event_id, dead!.reason, dead!.error!.code, dead!.error!.error_subcode], ['p-500', 'invalid', 100, 2804050]);
  assert.equal(typeof dead!.error!.fbtrace_id, 'string');
  assert.match(dead!.error!.error_user_msg!, /Event 0/);
  const stats = await h.tf.stats();
  assert.deepEqual([stats.queued, stats.dead, stats.deadByReason.invalid, stats.oldestUndeliveredSeconds], [0, 1, 1, null]);
  assert.ok(!JSON.stringify(await h.tf.deadLetters()).includes('Jane'), 'dead letters list no customer data');
});

test('retryDead (SQLite): after the cause is fixed, re-queued dead letters are delivered with their event_id', async () => {
  h = await startHarness({ options: { outbox: { sqlite: dbFile() } } });
  await h.fault({ eventId: 'r-2', error: { code: 100, error_subcode: 2804050 } });
  for (const id of ['r-1', 'r-2', 'r-3']) await h.tf.send(purchase(id) as any, { pixelIds: [PIXEL_A] });
  await h.tf.flush();
  assert.deepEqual(
    (await h.tf.deadLetters({ reason: 'invalid' })).map((d) => d.event_id),
    ['r-2'],
  );
  assert.deepEqual(await h.tf.deadLetters({ reason: 'expired' }), []);
  await assert.rejects(h.tf.deadLetters({ reasn: 'invalid' } as any), { code: 'ERR_TWINFIRE_INVALID_ARGUMENT', field: 'reasn' });
  await fetch(`${h.emulator.url}/_emulator/faults`, { method: 'DELETE' });
  assert.equal(await h.tf.retryDead({ event_id: 'r-2' }), 1);
  await h.tf.flush();
  assert.deepEqual((await h.events()).map((e) => e.event_id).sort(), ['r-1', 'r-2', 'r-3']);
  assert.equal((await h.tf.stats()).dead, 0);
});

test('expiry (SQLite, injected clock): events past 7 days minus the margin are set aside as expired, never sent, even after a restart', async () => {
  let offset = 0;
  const now = () => Date.now() + offset;
  const file = dbFile();
  h = await startHarness({ options: { now, outbox: { sqlite: file }, flushIntervalMs: 60_000 }, emulator: { now } });
  for (const id of ['x-1', 'x-2', 'x-3']) await h.tf.send(purchase(id) as any, { pixelIds: [PIXEL_A] });
  offset = 100_000;
  assert.ok((await h.tf.stats()).oldestUndeliveredSeconds! >= 100, 'the age of the oldest undelivered event');
  await h.close();
  // The shop is down for almost 7 days; it comes back on the same file.
  offset = 7 * 86400 * 1000 - 3600 * 1000 + 10_000;
  h = await startHarness({ options: { now, outbox: { sqlite: file }, flushIntervalMs: 60_000 }, emulator: { now } });
  await h.tf.flush();
  assert.equal((await h.requests()).total.requests, 0, 'nothing sent');
  assert.deepEqual(
    (await h.tf.deadLetters()).map((d) => d.reason),
    ['expired', 'expired', 'expired'],
  );
  assert.equal((await h.tf.stats()).deadByReason.expired, 3);
  assert.equal((await h.tf.stats()).dropped.expired, 3);
});
