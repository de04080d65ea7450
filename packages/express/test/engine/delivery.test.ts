import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';
import { TwinfireError } from '@twinfire/express';
import { EMAIL, type Harness, logLines, mirror, PIXEL_A, startHarness, TOKEN_A, TOKEN_B, waitFor } from '../harness.js';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

const purchase = (event_id: string, extra: Record<string, unknown> = {}) => ({
  event_name: 'Purchase',
  event_id,
  action_source: 'system_generated' as const,
  user_data: { em: EMAIL, external_id: `c-${event_id}` },
  custom_data: { value: 10, currency: 'EUR' },
  ...extra,
});

async function sendMany(h: Harness, ids: string[], make = purchase) {
  for (const id of ids) await h.tf.send(make(id) as any, { pixelIds: [PIXEL_A] });
}
const range = (n: number, prefix = 'e') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const debug = (h: Harness) => async () => ({ stats: await h.tf.stats(), requests: await h.requests(), logs: h.logs, now: Date.now() });
const kept = async (h: Harness) => (await h.events()).filter((e) => e.status === 'kept');

describe('delivery engine against the emulator', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  test('1000 queued events become exactly 1 request, sent on size without waiting for the interval', async () => {
    h = await startHarness({ options: { flushIntervalMs: 60_000 } });
    await sendMany(h, range(1000));
    await waitFor(async () => (await h!.events()).length === 1000, 5000, '1000 events');
    const counts = await h.requests();
    assert.equal(counts.total.requests, 1);
    assert.equal(counts.pixels[PIXEL_A].events, 1000);
    assert.equal((await h.tf.stats()).sent, 1000);
  });

  test('2500 events with flush() become 3 requests of at most 1000', async () => {
    h = await startHarness({ options: { flushIntervalMs: 60_000 } });
    await sendMany(h, range(2500));
    await h.tf.flush();
    const counts = await h.requests();
    assert.equal(counts.total.requests, 3);
    assert.equal((await h.events()).length, 2500);
  });

  test('transient errors (code 2, HTTP 500) are retried with backoff until delivered', async () => {
    h = await startHarness();
    await h.fault({ times: 2, status: 500, error: { code: 2 } });
    await sendMany(h, range(3));
    await waitFor(async () => (await kept(h!)).length === 3, 5000, 'delivery after retries', debug(h));
    const stats = await h.tf.stats();
    assert.equal(stats.failures.transient, 2);
    assert.equal(stats.retried, 6);
    assert.equal(stats.dead, 0);
  });

  test('a timeout and a dropped connection are transient too', async () => {
    h = await startHarness({ options: { timeoutMs: 100 } });
    await h.fault([
      { times: 1, delayMs: 400 },
      { times: 1, drop: true },
    ]);
    await sendMany(h, ['slow']);
    await waitFor(async () => (await kept(h!)).length === 1, 5000, 'delivery after a timeout', debug(h));
    await sendMany(h, ['dropped']);
    await waitFor(async () => (await kept(h!)).some((e) => e.event_id === 'dropped'), 5000, 'delivery after a drop', debug(h));
    assert.ok((await h.tf.stats()).failures.transient >= 2);
    // The timed-out request may have reached Meta after all: same event_id, so Meta keeps one copy.
    assert.equal((await kept(h)).filter((e) => e.event_id === 'slow').length, 1);
  });

  test('throttling (code 4) pauses the pixel and burns no attempt', async () => {
    h = await startHarness({ options: { throttlePauseMs: 200, maxAttempts: 1 } });
    await h.fault({ times: 2, error: { code: 4 } });
    await sendMany(h, range(5));
    await waitFor(async () => (await h!.tf.stats()).pixels[PIXEL_A]!.paused === 'throttle', 2000, 'throttle pause');
    await waitFor(async () => (await kept(h!)).length === 5, 8000, 'delivery after throttling', debug(h));
    const stats = await h.tf.stats();
    assert.equal(stats.failures.throttle, 2);
    assert.equal(stats.retried, 0);
    assert.equal(stats.dead, 0, 'maxAttempts 1 would have killed them had throttling counted');
  });

  test('a token error (190) stops the pixel, keeps the events, logs once at error level, and resumes', async () => {
    h = await startHarness({ options: { authPauseMs: 40 } });
    await h.fault({ forMs: 400, error: { code: 190 } });
    await sendMany(h, range(4));
    await waitFor(async () => (await h!.tf.stats()).pixels[PIXEL_A]!.paused === 'auth', 2000, 'auth pause');
    assert.equal((await h.tf.stats()).queued, 4);
    await waitFor(async () => (await kept(h!)).length === 4, 8000, 'delivery after the token works again', debug(h));
    const errors = h.logs.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0]!.msg!, /STOPPED/);
    assert.ok((await h.tf.stats()).failures.auth >= 2, 'probes failed while the fault lasted');
    assert.equal((await h.tf.stats()).dead, 0);
  });

  test('permission errors (10, 100/33) pause the pixel like a token error', async () => {
    h = await startHarness({ options: { authPauseMs: 20 } });
    await h.fault([
      { times: 1, error: { code: 10 } },
      { times: 1, error: { code: 100, error_subcode: 33 } },
    ]);
    await sendMany(h, ['p1']);
    await waitFor(async () => (await kept(h!)).length === 1, 5000, 'delivery');
    assert.equal((await h.tf.stats()).failures.auth, 2);
    assert.equal((await h.tf.stats()).failures.invalid, 0);
  });

  test("an invalid event (100/2804050) is isolated by splitting: set aside with Meta's error, the rest delivered", async () => {
    h = await startHarness();
    await h.fault({ eventId: 'e-6', error: { code: 100, error_subcode: 2804050, message: 'Invalid parameter' } });
    await sendMany(h, range(10));
    await h.tf.flush();
    const events = await kept(h);
    assert.equal(events.length, 9);
    assert.ok(!events.some((e) => e.event_id === 'e-6'));
    const dead = await h.tf.deadLetters();
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.event_id, 'e-6');
    assert.equal(dead[0]!.reason, 'invalid');
    assert.equal(dead[0]!.error!.code, 100);
    assert.equal(dead[0]!.error!.error_subcode, 2804050);
    assert.equal(typeof dead[0]!.error!.fbtrace_id, 'string');
    assert.equal((await h.tf.stats()).dropped.invalid, 1);
  });

  test('poison: one event Meta refuses in a batch of 1000 is set aside, the other 999 arrive', async () => {
    // beforeSend (after send()'s own checks) leaves b-500 with first name + gender only: too broad, Meta refuses it (2804050).
    const beforeSend = (event: any) => (event.event_id === 'b-500' ? { ...event, user_data: { fn: 'Jane', ge: 'f' } } : event);
    h = await startHarness({ options: { flushIntervalMs: 60_000, beforeSend } });
    for (const id of range(1000, 'b')) await h.tf.send(purchase(id) as any, { pixelIds: [PIXEL_A] });
    await h.tf.flush();
    assert.equal((await kept(h)).length, 999);
    const [dead] = await h.tf.deadLetters();
    assert.equal(dead!.event_id, 'b-500');
    assert.equal(dead!.error!.error_subcode, 2804050);
    const requests = (await h.requests()).total.requests;
    assert.ok(requests <= 25, `binary split needs about 2 log2(1000) requests, used ${requests}`);
  });

  test('events past the 7-day limit (minus the margin) are set aside as expired, never sent', async () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    h = await startHarness({ options: { now, flushIntervalMs: 60_000 }, emulator: { now } });
    await sendMany(h, range(3));
    offset = 7 * 86400 * 1000 - 3600 * 1000 + 10_000;
    await h.tf.flush();
    assert.equal((await h.requests()).total.requests, 0);
    assert.equal((await h.tf.stats()).dropped.expired, 3);
    assert.deepEqual(
      (await h.tf.deadLetters()).map((d) => d.reason),
      ['expired', 'expired', 'expired'],
    );
  });

  test('a full queue: send() rejects with ERR_TWINFIRE_QUEUE_FULL, the endpoint answers 503 with Retry-After', async () => {
    h = await startHarness({ options: { maxQueue: 3, flushIntervalMs: 60_000 } });
    await sendMany(h, range(3));
    await assert.rejects(
      h.tf.send(purchase('overflow') as any, { pixelIds: [PIXEL_A] }),
      (error: unknown) => error instanceof TwinfireError && error.code === 'ERR_TWINFIRE_QUEUE_FULL',
    );
    const res = await h.post(mirror());
    assert.equal(res.status, 503);
    assert.equal(res.json.error.code, 'queue_full');
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.equal((await h.tf.stats()).rejected.queue_full, 2);
    await h.tf.flush();
    assert.equal((await h.post(mirror({ pixel_ids: [PIXEL_A] }))).status, 202, 'room again after delivery');
  });

  test('the memory queue is bounded by bytes too: big events fill maxQueueBytes before maxQueue', async () => {
    h = await startHarness({ options: { maxQueueBytes: 8 * 1024, flushIntervalMs: 60_000 } });
    const big = (i: number) => mirror({ pixel_ids: [PIXEL_A], event_id: `big-${i}`, custom_data: { note: 'x'.repeat(1000), more: 'y'.repeat(1000) } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await h.post(big(i))).status);
    assert.ok(statuses.includes(202) && statuses.includes(503), `some accepted, then 503: ${statuses}`);
    assert.ok((await h.tf.stats()).queued < 10 && (await h.tf.stats()).queued >= 2, `queued ${(await h.tf.stats()).queued}`);
    await h.tf.flush();
    assert.equal((await h.post(big(99))).status, 202, 'room again after delivery');
  });

  test('send() validates like Meta: typed errors with the field at fault', async () => {
    h = await startHarness();
    const bad: [unknown, string][] = [
      [null, ''],
      [{ event_name: 'Lead', user_data: { em: EMAIL } }, 'action_source'],
      [{ event_name: 'Lead', action_source: 'web', user_data: { em: EMAIL } }, 'action_source'],
      [{ event_name: 'Lead', action_source: 'website', user_data: { em: EMAIL, client_user_agent: 'x' } }, 'event_source_url'],
      [{ event_name: 'Lead', action_source: 'website', event_source_url: 'https://a.example/', user_data: { em: EMAIL } }, 'user_data.client_user_agent'],
      [{ event_name: 'Lead', action_source: 'email', user_data: {} }, 'user_data'],
      [{ event_name: 'Lead', action_source: 'email', user_data: { email: EMAIL } }, 'user_data.email'],
      [{ event_name: 'Lead', action_source: 'email', event_time: Date.now(), user_data: { em: EMAIL } }, 'event_time'],
      [{ event_name: 'Lead', action_source: 'email', event_time: 1, user_data: { em: EMAIL } }, 'event_time'],
      [{ event_name: 'Purchase', action_source: 'email', user_data: { em: EMAIL }, custom_data: { value: 'NaN', currency: 'EUR' } }, 'custom_data.value'],
      [{ event_name: 'Lead', action_source: 'email', user_data: { em: EMAIL, fbc: 'IwAR-raw' } }, 'user_data.fbc'],
      [{ event_name: 'Lead', action_source: 'email', user_data: { em: 'not an email' } }, 'user_data'],
      [{ event_name: 'Lead', action_source: 'email', user_data: { fn: 'Jane', ge: 'f' } }, 'user_data'],
      [
        { event_name: 'Lead', action_source: 'website', event_source_url: 'https://a.example/', user_data: { db: '19900101', client_user_agent: 'x' } },
        'user_data',
      ],
      [{ event_name: 'Lead', action_source: 'email', user_data: { em: EMAIL }, pixelIds: ['1'] }, 'pixelIds'],
    ];
    for (const [event, field] of bad) {
      await assert.rejects(h.tf.send(event as any), (error: unknown) => {
        assert.ok(error instanceof TwinfireError);
        assert.equal(error.code, 'ERR_TWINFIRE_INVALID_EVENT');
        assert.equal(error.field, field);
        return true;
      });
    }
    await assert.rejects(h.tf.send(purchase('x') as any, { pixelIds: ['999'] }), { code: 'ERR_TWINFIRE_UNKNOWN_PIXEL' });
    assert.equal((await h.tf.stats()).rejected.invalid_event, bad.length);
  });

  test('close() delivers what is queued, then refuses new work', async () => {
    h = await startHarness({ options: { flushIntervalMs: 60_000 } });
    await sendMany(h, range(7));
    await h.tf.close();
    assert.equal((await h.events()).length, 7);
    await assert.rejects(h.tf.send(purchase('late') as any), { code: 'ERR_TWINFIRE_CLOSED' });
    const res = await h.post(mirror());
    assert.equal(res.status, 503);
    assert.equal(res.json.error.code, 'closing');
  });
});

after(() => {
  assert.deepEqual(unhandled, [], 'no unhandled rejections');
  const all = logLines.join('\n');
  for (const secret of [TOKEN_A, TOKEN_B, EMAIL]) assert.ok(!all.includes(secret), 'a log line leaked a secret');
});
