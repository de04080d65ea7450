import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { harnessFor, mirror, PIXEL_A, waitFor } from '../harness.js';

// Issue 12, case 2: `eventIdFor('Purchase', 5001)` was an unkeyed hash of a sequential order id. A forged
// mirror took the id first (value 0.01) and the shop's own send() for order 5001 was dropped as its
// duplicate: Meta only saw the forgery. Ids are now keyed, and the server's event always wins.

const order = { id: 5001, email: 'buyer@example.com', total: 59 };
const purchase = (eventId: string, value: number) => ({
  event_name: 'Purchase',
  event_id: eventId,
  action_source: 'system_generated' as const,
  user_data: { em: order.email },
  custom_data: { value, currency: 'EUR', order_id: String(order.id) },
});
const valuesOf = async (h: { events(): Promise<any[]> }, eventId: string) =>
  (await h.events()).filter((e) => e.event_id === eventId && e.pixel_id === PIXEL_A).map((e) => e.custom_data?.value ?? e.event?.custom_data?.value);

test('eventIdFor is keyed: the old unkeyed id of an order number is not the id, and differs per secret', async (t) => {
  const h = await harnessFor(t);
  const unkeyed = `tf-${createHash('sha256').update(`Purchase\u0000${order.id}`).digest('hex').slice(0, 32)}`;
  const id = h.tf.eventIdFor('Purchase', order.id);
  assert.match(id, /^tf-[0-9a-f]{32}$/);
  assert.notEqual(id, unkeyed);
  assert.equal(id, h.tf.eventIdFor('Purchase', order.id), 'deterministic');
  const other = await harnessFor(t, { options: { secret: 'another-secret-of-at-least-32-characters' } });
  assert.notEqual(other.tf.eventIdFor('Purchase', order.id), id);

  // The forged mirror squats the guessable id; the shop's send() is not its duplicate.
  assert.equal((await h.post(mirror({ event_name: 'Purchase', event_id: unkeyed, custom_data: { value: 0.01, currency: 'EUR' } }))).status, 202);
  const result = await h.tf.send(purchase(id, order.total));
  assert.deepEqual([result.queued, result.duplicate], [2, false]);
  await h.tf.flush();
  assert.deepEqual(await valuesOf(h, id), [59]);
});

test("a server event with a mirror's id replaces the waiting mirror: Meta gets the server's value", async (t) => {
  const h = await harnessFor(t, { options: { flushIntervalMs: 60_000 } });
  const id = h.tf.eventIdFor('Purchase', order.id);
  assert.equal((await h.post(mirror({ event_name: 'Purchase', event_id: id, custom_data: { value: 0.01, currency: 'EUR' } }))).status, 202);
  const result = await h.tf.send(purchase(id, order.total));
  assert.deepEqual([result.queued, result.duplicate], [2, false], 'not a duplicate of the mirror');
  assert.equal((await h.tf.stats()).queued, 2, 'replaced, not added: one event per pixel');
  const again = await h.post(mirror({ event_name: 'Purchase', event_id: id, custom_data: { value: 0.01, currency: 'EUR' } }));
  assert.equal(again.json.duplicate, true, 'a mirror after the server event is the duplicate');
  assert.deepEqual((await h.tf.send(purchase(id, order.total))).duplicate, true, 'a webhook retried is a duplicate');
  await h.tf.flush();
  await waitFor(async () => (await valuesOf(h, id)).length > 0, 5000, 'delivery');
  assert.deepEqual(await valuesOf(h, id), [59]);
});
