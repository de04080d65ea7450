import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LIMITS, type ServerEvent } from '@twinfire/core';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import type { OutboxWatcher } from '../outbox/outbox.js';
import { createCounters } from './counters.js';
import { DeliveryEngine } from './engine.js';
import type { EngineConfig } from './engine-config.js';
import { postEvents } from './graph-client.js';
import { FakeGraph, graphError, ManualClock, ok, type Reply, type SentRequest } from './manual-clock.test-helper.js';

// The delivery engine on a manual clock: every time below is virtual milliseconds after T0, and nothing
// waits for real. The same behaviour against the emulator, in real time: packages/express/test/engine/delivery.test.ts.

const T0 = Date.UTC(2025, 0, 6, 12);
const PIXEL = '1234';
const TOKEN = 'TOKEN-SECRET-1';

const event = (id: string, extra: Partial<ServerEvent> = {}): ServerEvent => ({
  event_name: 'Purchase',
  event_id: id,
  event_time: Math.floor(T0 / 1000),
  action_source: 'system_generated',
  user_data: { external_id: `c-${id}` },
  ...extra,
});
const range = (n: number, prefix = 'e') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function setup(overrides: Partial<EngineConfig> = {}, reply?: (request: SentRequest) => Reply) {
  const clock = new ManualClock(T0);
  const graph = new FakeGraph(clock, reply);
  const outbox = new MemoryOutbox();
  const counters = createCounters();
  const logs: { level: string; msg: string | undefined; obj: Record<string, unknown> }[] = [];
  const log = (level: string) => (obj: object, msg?: string) => void logs.push({ level, msg, obj: obj as Record<string, unknown> });
  const engine = new DeliveryEngine({
    tokens: new Map([[PIXEL, TOKEN]]),
    graphUrl: 'https://graph.test',
    graphVersion: 'v25.0',
    testEventCode: undefined,
    batchSize: 1000,
    maxRequestBytes: 1024 * 1024,
    flushIntervalMs: 500,
    concurrency: 2,
    timeoutMs: 1500,
    retryBaseMs: 1000,
    retryMaxMs: 60_000,
    maxAttempts: Infinity,
    throttlePauseMs: 60_000,
    authPauseMs: 600_000,
    expiryMarginSeconds: 3600,
    closeTimeoutMs: 10_000,
    now: clock.now,
    outbox,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    counters,
    transport: graph.transport,
    timers: clock.timers,
    random: () => 1,
    ...overrides,
  });
  const enqueue = async (ids: string[], extra: Partial<ServerEvent> = {}) => {
    const result = await engine.enqueue(ids.map((id) => ({ pixelId: PIXEL, event: event(id, extra) })));
    assert.deepEqual(
      result.outcomes,
      ids.map(() => 'queued'),
    );
  };
  /** Virtual ms since T0. */
  const at = (ms: number) => clock.advanceTo(T0 + ms);
  const elapsed = () => clock.now() - T0;
  return { clock, graph, outbox, counters, logs, engine, enqueue, at, elapsed };
}

/** Steps to each expected request time: one ms before it, no new request; at it, exactly one more. */
async function expectRequestsAt(h: ReturnType<typeof setup>, times: number[]): Promise<void> {
  for (const time of times) {
    const before = h.graph.requests.length;
    await h.at(time - 1);
    assert.equal(h.graph.requests.length, before, `no request before ${time} ms (requests at ${h.graph.times(T0).join(', ')})`);
    await h.at(time);
    assert.equal(h.graph.requests.length, before + 1, `one request at ${time} ms (requests at ${h.graph.times(T0).join(', ')})`);
  }
}

describe('delivery engine on a manual clock: the batching gate', () => {
  test('a partial batch waits flushIntervalMs after its oldest event, then goes as one request', async () => {
    const h = setup({ batchSize: 10, flushIntervalMs: 500 });
    await h.enqueue(['a']);
    await h.at(200);
    await h.enqueue(['b']);
    await h.at(499);
    assert.equal(h.graph.requests.length, 0);
    await h.at(500);
    assert.deepEqual(h.graph.batches(), [['a', 'b']]);
    assert.deepEqual(h.graph.times(T0), [500]);
    const [request] = h.graph.requests;
    assert.equal(request!.url, `https://graph.test/v25.0/${PIXEL}/events`);
    assert.equal(request!.accessToken, TOKEN);
    assert.ok(!request!.url.includes(TOKEN));
    assert.equal(request!.headers['content-type'], 'application/json');
    await h.at(10_000);
    assert.equal(h.graph.requests.length, 1);
    assert.equal(h.counters.sent, 2);
    assert.equal(h.counters.requests, 1);
  });

  test('a full batch (batchSize) goes at once; what is left waits for a full batch or the interval from that lease', async () => {
    const h = setup({ batchSize: 3, flushIntervalMs: 500 });
    await h.enqueue(['a']);
    await h.at(10);
    await h.enqueue(['b']);
    await h.at(20);
    assert.equal(h.graph.requests.length, 0);
    await h.enqueue(['c', 'd', 'e']);
    await h.at(20);
    assert.deepEqual(h.graph.batches(), [['a', 'b', 'c']]);
    assert.deepEqual(h.graph.times(T0), [20]);
    await h.at(519);
    assert.equal(h.graph.requests.length, 1);
    await h.at(520);
    assert.deepEqual(h.graph.batches(), [
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    assert.deepEqual(h.graph.times(T0), [20, 520]);
  });

  test('maxRequestBytes cuts a request: no body is larger, and every event goes', async () => {
    const pad = { custom_data: { value: 1, currency: 'EUR', content_name: 'x'.repeat(400) } };
    const size = JSON.stringify(event('e0', pad)).length;
    // Room for the envelope (1024) and two events, not three.
    const maxRequestBytes = 1024 + 2 * size + 10;
    const h = setup({ batchSize: 10, maxRequestBytes, concurrency: 1 });
    await h.enqueue(range(5), pad);
    await h.at(500);
    assert.deepEqual(h.graph.batches(), [['e0', 'e1'], ['e2', 'e3'], ['e4']]);
    assert.deepEqual(h.graph.times(T0), [500, 500, 500]);
    for (const request of h.graph.requests) assert.ok(request.bytes <= maxRequestBytes, `${request.bytes} > ${maxRequestBytes}`);
    assert.equal(h.counters.sent, 5);
  });

  test('events another instance added (a shared outbox wakes the engine) wait flushIntervalMs after a lease drained the lane', async () => {
    /** An outbox shared with other processes: what they add is announced through `watch`. */
    class SharedOutbox extends MemoryOutbox {
      announce: OutboxWatcher = () => {};
      watch(onEvents: OutboxWatcher): void {
        this.announce = onEvents;
      }
    }
    const shared = new SharedOutbox();
    const h = setup({ batchSize: 3, flushIntervalMs: 500, outbox: shared });
    await h.engine.start();
    await shared.enqueue(
      [
        { pixelId: PIXEL, event: event('a') },
        { pixelId: PIXEL, event: event('b') },
      ],
      h.clock.now(),
    );
    shared.announce(PIXEL, 2);
    await expectRequestsAt(h, [500]);
    // The lane was drained at 500; an event shows up uncounted ("look again"): it is batched, not sent at once.
    await h.at(510);
    await shared.enqueue([{ pixelId: PIXEL, event: event('c') }], h.clock.now());
    shared.announce(PIXEL, 0);
    await expectRequestsAt(h, [1000]);
    assert.deepEqual(h.graph.batches(), [['a', 'b'], ['c']]);
  });

  test('a full batch cut by maxRequestBytes: the first request goes at once, the rest when the gate opens', async () => {
    const pad = { custom_data: { content_name: 'x'.repeat(400) } };
    const size = JSON.stringify(event('e0', pad)).length;
    const h = setup({ batchSize: 4, maxRequestBytes: 1024 + 2 * size + 10, flushIntervalMs: 500 });
    await h.enqueue(range(4), pad);
    await h.at(0);
    assert.deepEqual(h.graph.batches(), [['e0', 'e1']]);
    await h.at(500);
    assert.deepEqual(h.graph.batches(), [
      ['e0', 'e1'],
      ['e2', 'e3'],
    ]);
    assert.deepEqual(h.graph.times(T0), [0, 500]);
  });

  test('at most `concurrency` requests per pixel are in flight', async () => {
    const h = setup({ batchSize: 1, concurrency: 2 }, (request) => ({ ...(ok(request) as { status: number; body: unknown }), delayMs: 100 }));
    await h.enqueue(range(5));
    await h.at(0);
    assert.equal(h.graph.requests.length, 2);
    await h.at(100);
    assert.equal(h.graph.requests.length, 4);
    await h.at(200);
    assert.deepEqual(h.graph.times(T0), [0, 0, 100, 100, 200]);
    await h.at(300);
    assert.equal(h.counters.sent, 5);
  });
});

describe('delivery engine on a manual clock: pauses', () => {
  test('a throttle answer pauses the pixel for throttlePauseMs, doubling per consecutive throttle up to 16x, burning no attempt', async () => {
    // maxAttempts 2: had a throttle used up an attempt, the transient failure at the end would set the event aside.
    const h = setup({ batchSize: 1, throttlePauseMs: 1000, maxAttempts: 2, retryBaseMs: 1000 });
    h.graph.answer(
      graphError(4),
      graphError(17),
      graphError(32),
      graphError(613),
      graphError(80000),
      { ...(graphError(4) as { status: number; body: unknown }), status: 429 },
      graphError(2),
    );
    await h.enqueue(['a']);
    await h.at(0);
    assert.equal(h.graph.requests.length, 1);
    assert.deepEqual(h.engine.pixelStates()[PIXEL], { paused: 'throttle', pausedUntil: new Date(T0 + 1000).toISOString(), pauseCode: 4, inFlight: 0 });
    // Pauses 1, 2, 4, 8, 16 then 16 s again (16x cap).
    // Then a 500 (backoff 1 s) and the delivery.
    await expectRequestsAt(h, [1000, 3000, 7000, 15_000, 31_000, 47_000, 48_000]);
    await h.at(100_000);
    assert.equal(h.graph.requests.length, 8);
    assert.deepEqual(h.graph.batches(), Array(8).fill(['a']));
    assert.equal(h.counters.failures.throttle, 6);
    assert.equal(h.counters.failures.transient, 1);
    assert.equal(h.counters.retried, 1);
    assert.equal(h.counters.sent, 1);
    assert.deepEqual(await h.outbox.deadLetters(), []);
    assert.deepEqual(h.engine.pixelStates()[PIXEL], { paused: false, inFlight: 0 });
  });

  test('the throttle pause is jittered between half and all of its ceiling, and a success resets the doubling', async () => {
    const h = setup({ batchSize: 1, throttlePauseMs: 1000, random: () => 0 });
    h.graph.answer(graphError(4), graphError(4));
    await h.enqueue(['a']);
    await h.at(0);
    // 500 (half of 1000), then 1000 (half of 2000), then delivered.
    await expectRequestsAt(h, [500, 1500]);
    assert.equal(h.counters.sent, 1);
    h.graph.answer(graphError(4));
    await h.enqueue(['b']);
    await h.at(1500);
    assert.deepEqual(h.graph.batches(), [['a'], ['a'], ['a'], ['b']]);
    // Back to the first step: 500, not 2000.
    await expectRequestsAt(h, [2000]);
    assert.equal(h.counters.sent, 2);
  });

  test('a token error (190) stops the pixel for authPauseMs, keeps every event, logs once, then a single probe', async () => {
    // maxAttempts 2: had a pause used up an attempt, the transient failure at the end would set a and b aside.
    const h = setup({ batchSize: 10, authPauseMs: 600_000, maxAttempts: 2, retryBaseMs: 1000 });
    h.graph.answer(graphError(190, { message: 'Invalid OAuth access token - Cannot parse access token' }), graphError(190), graphError(2));
    await h.enqueue(['a', 'b']);
    await h.at(500);
    assert.deepEqual(h.graph.batches(), [['a', 'b']]);
    assert.equal(h.engine.pixelStates()[PIXEL]!.paused, 'auth');
    // Events arriving meanwhile wait too.
    await h.at(1000);
    await h.enqueue(['c', 'd']);
    await h.at(600_499);
    assert.equal(h.graph.requests.length, 1);
    await h.at(600_500);
    // One probe, carrying what is due (oldest due first); refused again: another full pause, no second alert.
    assert.deepEqual(h.graph.batches(), [
      ['a', 'b'],
      ['c', 'd', 'a', 'b'],
    ]);
    await h.at(1_200_499);
    assert.equal(h.graph.requests.length, 2);
    await h.at(1_200_500);
    // A 500 on the third: backoff 1 s, then delivered.
    await h.at(1_201_500);
    assert.deepEqual(
      h.graph.batches().map((ids) => [...ids].sort()),
      [
        ['a', 'b'],
        ['a', 'b', 'c', 'd'],
        ['a', 'b', 'c', 'd'],
        ['a', 'b', 'c', 'd'],
      ],
    );
    assert.deepEqual(h.graph.times(T0), [500, 600_500, 1_200_500, 1_201_500]);
    assert.equal(h.counters.sent, 4);
    assert.equal(h.counters.failures.auth, 2);
    assert.equal(h.counters.retried, 4);
    assert.deepEqual(await h.outbox.deadLetters(), []);
    const errors = h.logs.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.msg!, /STOPPED/);
    assert.ok(!JSON.stringify(h.logs).includes(TOKEN));
    assert.ok(h.logs.some((l) => l.level === 'info' && /accepts this pixel again/.test(l.msg!)));
    assert.deepEqual(h.engine.pixelStates()[PIXEL], { paused: false, inFlight: 0 });
  });

  test('after a pause, a single probe request goes first; full concurrency comes back once one goes through', async () => {
    // batchSize 1 and concurrency 2: two batches could go at once when the pause ends.
    const h = setup({ batchSize: 1, concurrency: 2, authPauseMs: 10_000 });
    h.graph.answer(graphError(190), graphError(190), graphError(190));
    await h.enqueue(['a', 'b', 'c']);
    await h.at(0);
    // Two requests were in flight when the refusal came: both refused.
    assert.deepEqual(h.graph.times(T0), [0, 0]);
    await h.at(10_000);
    assert.deepEqual(h.graph.times(T0), [0, 0, 10_000]);
    await h.at(19_999);
    assert.equal(h.graph.requests.length, 3);
    await h.at(20_000);
    assert.deepEqual(h.graph.times(T0), [0, 0, 10_000, 20_000, 20_000, 20_000]);
    assert.deepEqual(h.graph.batches().slice(3).flat().sort(), ['a', 'b', 'c']);
    assert.equal(h.counters.sent, 3);
    assert.equal(h.logs.filter((l) => l.level === 'error').length, 1);
  });

  test('after a backoff too: one request per backoff step while Meta keeps failing', async () => {
    const h = setup({ batchSize: 1, concurrency: 2, retryBaseMs: 1000, retryMaxMs: 1000 });
    h.graph.answer(...Array(4).fill(graphError(2)));
    await h.enqueue(['a', 'b', 'c']);
    await h.at(0);
    assert.deepEqual(h.graph.times(T0), [0, 0]);
    await h.at(2999);
    assert.deepEqual(h.graph.times(T0), [0, 0, 1000, 2000]);
    await h.at(3000);
    assert.deepEqual(h.graph.times(T0), [0, 0, 1000, 2000, 3000, 3000, 3000]);
    assert.equal(h.counters.sent, 3);
    assert.equal(h.counters.failures.transient, 4);
  });
});

describe('delivery engine on a manual clock: backoff', () => {
  test('transient 500s are retried after retryBaseMs doubling per attempt, capped at retryMaxMs', async () => {
    const h = setup({ batchSize: 1, retryBaseMs: 1000, retryMaxMs: 4000 });
    h.graph.answer(...Array(5).fill(graphError(2, { status: 500 })));
    await h.enqueue(['a']);
    await h.at(0);
    assert.equal(h.graph.requests.length, 1);
    assert.deepEqual(h.engine.pixelStates()[PIXEL], { paused: 'backoff', pausedUntil: new Date(T0 + 1000).toISOString(), pauseCode: 2, inFlight: 0 });
    // 1000, 2000, 4000, then capped at 4000.
    await expectRequestsAt(h, [1000, 3000, 7000, 11_000, 15_000]);
    await h.at(60_000);
    assert.equal(h.graph.requests.length, 6);
    assert.equal(h.counters.sent, 1);
    assert.equal(h.counters.failures.transient, 5);
    assert.equal(h.counters.retried, 5);
  });

  test('the backoff is jittered between half and all of the step (equal jitter)', async () => {
    const draws = [0, 0.5, 0.25];
    const h = setup({ batchSize: 1, retryBaseMs: 1000, retryMaxMs: 60_000, random: () => draws.shift() ?? 1 });
    h.graph.answer(graphError(1, { status: 500 }), { status: 502, body: 'Bad gateway' }, { drop: true });
    await h.enqueue(['a']);
    await h.at(0);
    // attempt 1: 500 + 0 × 500; attempt 2: 1000 + 0.5 × 1000; attempt 3: 2000 + 0.25 × 2000.
    await expectRequestsAt(h, [500, 2000, 4500]);
    assert.equal(h.counters.sent, 1);
    assert.equal(h.counters.failures.transient, 3);
  });

  test('during a backoff the pixel sends nothing else; what waited goes with the retry', async () => {
    const h = setup({ batchSize: 10, flushIntervalMs: 100, retryBaseMs: 1000 });
    h.graph.answer(graphError(2, { status: 500 }));
    await h.enqueue(['a']);
    await h.at(100);
    assert.equal(h.graph.requests.length, 1);
    await h.enqueue(['b']);
    await h.at(1099);
    assert.equal(h.graph.requests.length, 1);
    await h.at(1100);
    // Oldest due first: b was due at 100, a at 1100.
    assert.deepEqual(h.graph.batches(), [['a'], ['b', 'a']]);
    assert.equal(h.counters.sent, 2);
  });

  test('maxAttempts: an event that fails that many times is set aside as retries_exhausted', async () => {
    const h = setup({ batchSize: 1, maxAttempts: 3, retryBaseMs: 1000 }, () => graphError(2, { status: 500 }));
    await h.enqueue(['a']);
    await h.at(100_000);
    assert.deepEqual(h.graph.times(T0), [0, 1000, 3000]);
    const dead = await h.outbox.deadLetters();
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.event_id, 'a');
    assert.equal(dead[0]!.reason, 'retries_exhausted');
    assert.equal(dead[0]!.at, T0 + 3000);
    assert.equal(h.counters.retried, 2);
  });
});

describe('delivery engine on a manual clock: splitting', () => {
  test('a 400 for an invalid event splits the batch until the poison event is alone; it is set aside, the rest delivered', async () => {
    const poison = 'e4';
    const h = setup({ batchSize: 7 }, (request) =>
      request.ids.includes(poison)
        ? graphError(100, {
            subcode: 2804050,
            message: 'Invalid parameter',
            userMsg: `Event ${request.ids.indexOf(poison)}: missing customer information for a@b.com`,
          })
        : ok(request),
    );
    await h.enqueue(range(7));
    await h.at(0);
    // Halves (the first one the larger), each sent in turn.
    assert.deepEqual(h.graph.batches(), [range(7), ['e0', 'e1', 'e2', 'e3'], ['e4', 'e5', 'e6'], ['e4', 'e5'], ['e4'], ['e5'], ['e6']]);
    assert.deepEqual(h.graph.times(T0), [0, 0, 0, 0, 0, 0, 0]);
    assert.equal(h.counters.sent, 6);
    assert.equal(h.counters.failures.invalid, 4);
    assert.equal(h.counters.dropped.invalid, 1);
    const dead = await h.outbox.deadLetters();
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.event_id, poison);
    assert.equal(dead[0]!.reason, 'invalid');
    assert.equal(dead[0]!.error!.code, 100);
    assert.equal(dead[0]!.error!.error_subcode, 2804050);
    assert.equal(dead[0]!.error!.fbtrace_id, 'Atrace100');
    // Meta's text may quote customer data: scrubbed before it is kept.
    assert.ok(!dead[0]!.error!.error_user_msg!.includes('a@b.com'), dead[0]!.error!.error_user_msg);
    await h.at(100_000);
    assert.equal(h.graph.requests.length, 7);
  });

  test("a timed-out request halves the next request's bytes; successes grow it back", async () => {
    const pad = { custom_data: { content_name: 'x'.repeat(200) } };
    const size = JSON.stringify(event('e0', pad)).length;
    const h = setup({ batchSize: 100, maxRequestBytes: 1024 + 8 * size, timeoutMs: 1500, retryBaseMs: 1000, concurrency: 1 });
    h.graph.answer({ hang: true });
    await h.enqueue(range(8), pad);
    await h.at(500);
    assert.deepEqual(h.graph.batches(), [range(8)]);
    await h.at(1999);
    assert.equal(h.counters.failures.transient, 0);
    assert.equal(h.graph.requests[0]!.signal.aborted, false);
    await h.at(2000);
    // Timed out at 500 + 1500, aborted through the signal.
    assert.equal(h.counters.failures.transient, 1);
    assert.equal(h.graph.requests[0]!.signal.aborted, true);
    assert.equal(h.graph.requests.length, 1);
    await h.at(3000);
    // Backoff 1000 ms, then half the bytes per request: 4 events, then 4 (grown back to 8, only 4 left).
    assert.deepEqual(h.graph.batches(), [range(8), range(4), ['e4', 'e5', 'e6', 'e7']]);
    assert.deepEqual(h.graph.times(T0), [500, 3000, 3000]);
    await h.enqueue(range(8, 'f'), pad);
    await h.at(3500);
    assert.deepEqual(h.graph.batches().slice(3), [range(8, 'f')]);
    assert.equal(h.counters.sent, 16);
  });
});

describe('delivery engine on a manual clock: expiry', () => {
  test("an event older than Meta's 7 days (LIMITS.maxEventAgeSeconds) minus expiryMarginSeconds is set aside, never sent", async () => {
    const h = setup({ batchSize: 10, expiryMarginSeconds: 3600, retryBaseMs: 20_000 });
    const limit = Math.floor(T0 / 1000) - (LIMITS.maxEventAgeSeconds - 3600);
    h.graph.answer(graphError(2));
    await h.engine.enqueue([
      { pixelId: PIXEL, event: event('old', { event_time: limit - 1 }) },
      { pixelId: PIXEL, event: event('edge', { event_time: limit + 10 }) },
    ]);
    await h.at(500);
    assert.deepEqual(h.graph.batches(), [['edge']]);
    // The retry comes 20 s later: by then `edge` is past the limit too, and is not sent.
    await h.at(100_000);
    assert.equal(h.graph.requests.length, 1);
    const dead = await h.outbox.deadLetters();
    assert.deepEqual(dead.map((d) => [d.event_id, d.reason, d.at - T0]).sort(), [
      ['edge', 'expired', 20_500],
      ['old', 'expired', 500],
    ]);
    assert.equal(h.counters.dropped.expired, 2);
  });
});

describe('delivery engine on a manual clock: close', () => {
  test('close() gives up waiting for a request in flight after closeTimeoutMs', async () => {
    const h = setup({ batchSize: 1, timeoutMs: 60_000, closeTimeoutMs: 5000 });
    h.graph.answer({ hang: true });
    await h.enqueue(['a']);
    await h.at(0);
    assert.equal(h.graph.requests.length, 1);
    let closed = false;
    void h.engine.close().then(() => (closed = true));
    await h.at(4999);
    assert.equal(closed, false);
    await h.at(5000);
    assert.equal(closed, true);
    assert.ok(h.logs.some((l) => l.level === 'warn' && /closed before requests in flight finished/.test(l.msg!)));
  });
});

describe('delivery engine on a manual clock: stored JSON', () => {
  test('a leased batch goes to Meta as the JSON the outbox stored: no event is parsed on the way', async () => {
    const memory = new MemoryOutbox();
    let eventReads = 0;
    // The built-in outboxes hand out records whose `event` is parsed only when read: count the reads.
    const outbox = Object.assign(Object.create(memory) as MemoryOutbox, {
      async lease(...args: Parameters<MemoryOutbox['lease']>) {
        return (await memory.lease(...args)).map((record) => {
          assert.equal(typeof record.json, 'string');
          assert.equal(typeof record.eventTime, 'number');
          return new Proxy(record, {
            get: (target, name) => {
              if (name === 'event') eventReads++;
              return Reflect.get(target, name, target);
            },
          });
        });
      },
    });
    const h = setup({ outbox, batchSize: 3 });
    await h.enqueue(['a', 'b', 'c'], { custom_data: { value: 12.5, currency: 'EUR', note: 'é ✓' } });
    await h.at(1);
    assert.deepEqual(h.graph.batches(), [['a', 'b', 'c']]);
    assert.deepEqual(h.graph.requests[0]!.data[2], event('c', { custom_data: { value: 12.5, currency: 'EUR', note: 'é ✓' } }));
    assert.equal(h.counters.sent, 3);
    assert.equal(eventReads, 0, 'delivery read no record.event');
  });
});

describe('delivery engine on a manual clock: pixels without a token', () => {
  test('flush() leaves the events of a pixel this instance has no token for where they are: no request, no dead letter', async () => {
    const h = setup();
    await h.outbox.enqueue([{ pixelId: '9999', event: event('orphan') }], T0);
    await h.engine.flush();
    assert.equal(h.counters.requests, 0, 'no request tried for an unconfigured pixel');
    assert.equal(h.graph.requests.length, 0);
    const stats = h.outbox.stats(T0);
    assert.equal(stats.queued, 1);
    assert.equal(stats.dead, 0, 'not set aside as invalid');
  });

  test('a Graph body is valid JSON whatever it carries: no token left out, as JSON.stringify would', async () => {
    const bodies: string[] = [];
    const transport: EngineConfig['transport'] = async (_url, init) => {
      bodies.push(init.body);
      return new Response(JSON.stringify({ events_received: 1 }), { status: 200 });
    };
    const timers = new ManualClock(T0).timers;
    const json = JSON.stringify(event('x', { custom_data: { note: '"é ✓\\' } }));
    for (const accessToken of ['T"1', undefined]) {
      await postEvents({
        graphUrl: 'https://graph.test',
        graphVersion: 'v25.0',
        pixelId: PIXEL,
        accessToken: accessToken as string,
        events: [json, json],
        testEventCode: 'TEST1',
        timeoutMs: 1000,
        transport,
        timers,
      });
    }
    assert.deepEqual(JSON.parse(bodies[0]!), { data: [JSON.parse(json), JSON.parse(json)], access_token: 'T"1', test_event_code: 'TEST1' });
    assert.deepEqual(JSON.parse(bodies[1]!), { data: [JSON.parse(json), JSON.parse(json)], test_event_code: 'TEST1' });
  });
});

describe('delivery engine on a manual clock: a record whose event is replaced', () => {
  test('an outbox wrapper that replaces record.event has the new event sent, not the stored JSON', async () => {
    const memory = new MemoryOutbox();
    const outbox = Object.assign(Object.create(memory) as MemoryOutbox, {
      async lease(...args: Parameters<MemoryOutbox['lease']>) {
        const records = await memory.lease(...args);
        for (const record of records) record.event = { ...record.event, custom_data: { scrubbed: true } };
        return records;
      },
    });
    const h = setup({ outbox, batchSize: 1 });
    await h.enqueue(['a'], { custom_data: { secret: 'x' } });
    await h.at(1);
    assert.deepEqual(h.graph.requests[0]!.data[0]!.custom_data, { scrubbed: true });
  });
});
