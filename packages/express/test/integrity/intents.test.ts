import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, harnessFor, mirror, UA, waitFor } from '../harness.js';

// Issue 12: a forged mirror Purchase of 1e9 (or 0.01) reached Meta. With `intents`, the value Meta gets for a
// Purchase comes from an id the server signed, never from the page.

const SECRET = 'intents-test-secret-0123456789abcdef';
const INTENTS = { events: ['Purchase', 'Subscribe'] };
const ORDER = { event_name: 'Purchase', value: 89, currency: 'EUR', order_id: 'A-1001' };

function purchase(eventId: string, customData: Record<string, unknown> = { value: 89, currency: 'EUR' }) {
  return mirror({ event_name: 'Purchase', event_id: eventId, custom_data: customData });
}

/** Delivers what is queued, then the events the emulator received (both pixels). */
async function delivered(h: Harness, count: number): Promise<any[]> {
  const events = await waitFor(
    async () => {
      await h.tf.flush();
      const list = await h.events();
      return list.length >= count ? list : undefined;
    },
    5000,
    `${count} events`,
  );
  return events!;
}

async function assertRefused(h: Harness, body: unknown, message: RegExp): Promise<void> {
  const res = await h.post(body);
  assert.equal(res.status, 403, res.text);
  assert.deepEqual([res.json.error.code, res.json.error.field], ['invalid_intent', 'event_id']);
  assert.match(res.json.error.message, message);
}

async function assertNothingSent(h: Harness): Promise<void> {
  await h.tf.flush();
  assert.equal((await h.requests()).total.requests, 0, 'nothing reached the emulator');
}

describe('intents: signed values for Purchase and Subscribe', () => {
  test('a forged Purchase without an intent is refused with 403 and never reaches Meta', async (t) => {
    const h = await harnessFor(t, { options: { intents: INTENTS } });
    await assertRefused(h, purchase('forged-1', { value: 1e9, currency: 'EUR' }), /Purchase needs a signed intent/);
    await assertRefused(h, purchase('forged-2', { value: 0.01, currency: 'EUR' }), /needs a signed intent/);
    await assertRefused(h, purchase(h.tf.eventIdFor('Purchase', 'A-1001')), /needs a signed intent/);
    assert.equal((await h.tf.stats()).rejected.invalid_intent, 3);
    await assertNothingSent(h);
  });

  test("a valid intent: 202, and Meta gets the intent's value and currency even when the page tampered them", async (t) => {
    const h = await harnessFor(t, { options: { intents: INTENTS } });
    const { event_id } = h.tf.intent(ORDER);
    const res = await h.post(purchase(event_id, { value: 1, currency: 'usd', order_id: 'A-1001', content_ids: ['mug'] }));
    assert.equal(res.status, 202, res.text);
    assert.equal(res.json.queued, 2);
    const events = await delivered(h, 2);
    for (const event of events) {
      assert.equal(event.event_id, event_id);
      assert.deepEqual(event.custom_data, { value: 89, currency: 'EUR', order_id: 'A-1001', content_ids: ['mug'] });
    }
  });

  test('an expired intent is refused', async (t) => {
    const h = await harnessFor(t, { options: { intents: INTENTS } });
    const { event_id, expires_at } = h.tf.intent({ ...ORDER, expiresAt: Date.now() - 1000 });
    await assertRefused(h, purchase(event_id), new RegExp(`expired at ${new Date(expires_at).toISOString()}`));
    await assertNothingSent(h);
  });

  test('an intent signed for another event name is refused', async (t) => {
    const h = await harnessFor(t, { options: { intents: INTENTS } });
    const { event_id } = h.tf.intent({ ...ORDER, event_name: 'Subscribe' });
    await assertRefused(h, purchase(event_id), /signed for Subscribe, not Purchase/);
    await assertNothingSent(h);
  });

  test('an intent with one character changed (the mac, or the value) is refused', async (t) => {
    const h = await harnessFor(t, { options: { intents: INTENTS } });
    const { event_id } = h.tf.intent(ORDER);
    const last = event_id.at(-1) === 'A' ? 'B' : 'A';
    await assertRefused(h, purchase(event_id.slice(0, -1) + last), /does not verify/);
    await assertRefused(h, purchase(event_id.replace('.89.EUR.', '.88.EUR.')), /does not verify/);
    await assertRefused(h, purchase(event_id.replace('.89.EUR.', '.1000000000.EUR.')), /does not verify/);
    await assertNothingSent(h);
  });

  test('strip mode: an unsigned Subscribe goes without value and currency; Purchase is still refused', async (t) => {
    const h = await harnessFor(t, { options: { intents: { ...INTENTS, unsigned: 'strip' } } });
    const res = await h.post(mirror({ event_name: 'Subscribe', event_id: 'sub-1', custom_data: { value: 1e9, currency: 'EUR', predicted_ltv: 180 } }));
    assert.equal(res.status, 202, res.text);
    await assertRefused(h, purchase('forged-3'), /refused even with unsigned: 'strip'/);
    const events = await delivered(h, 2);
    for (const event of events) assert.deepEqual([event.event_name, event.custom_data], ['Subscribe', { predicted_ltv: 180 }]);
    assert.equal((await h.tf.stats()).stripped, 1);
    assert.equal((await h.tf.stats()).rejected.invalid_intent, 1);
  });

  test("instances with the same secret verify each other's intents; another secret does not", async (t) => {
    const a = await harnessFor(t, { options: { intents: INTENTS, secret: SECRET } });
    const b = await harnessFor(t, { options: { intents: INTENTS, secret: SECRET } });
    const other = await harnessFor(t, { options: { intents: INTENTS, secret: 'another-secret-0123456789abcdefghij' } });
    const { event_id } = a.tf.intent(ORDER);
    assert.equal(b.tf.intent({ ...ORDER, expiresAt: a.tf.intent(ORDER).expires_at }).event_id, event_id, 'the same id from either instance');
    assert.equal((await b.post(purchase(event_id))).status, 202);
    await assertRefused(other, purchase(event_id), /does not verify/);
    await assertNothingSent(other);
  });

  test('other events, tf.send() and an instance without `intents` are not checked', async (t) => {
    const h = await harnessFor(t, { options: { intents: INTENTS } });
    assert.equal((await h.post(mirror({ event_name: 'AddToCart', custom_data: { value: 1e9, currency: 'EUR' } }))).status, 202);
    await h.tf.send({
      event_name: 'Purchase',
      event_id: 'webhook-1',
      action_source: 'website',
      event_source_url: 'https://shop.example.com/thanks',
      user_data: { client_user_agent: UA, client_ip_address: '203.0.113.9' },
      custom_data: { value: 89, currency: 'EUR' },
    });
    const plain = await harnessFor(t);
    assert.equal((await plain.post(purchase('order-1001'))).status, 202);
    assert.equal((await delivered(h, 4)).length, 4);
  });
});
