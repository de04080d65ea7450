import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerEvent } from '@twinfire/core';
import { DEFAULTS, NUMERIC_OPTIONS, QUEUE_BYTES } from '../options/defaults.js';
import type { CommonOutboxOptions, Outbox, OutboxSizing } from './outbox.js';
import { countedBytes } from './outbox.js';

// Published as `@twinfire/server/testing`: it relies on nothing but the Outbox interface and the defaults table.

/**
 * Opens a new, empty outbox sized by `sizing` (every field given; the names are those of
 * {@link CommonOutboxOptions}). May be async: connect, create a schema, call your `init(sizing)`.
 */
export type OutboxFactory = (sizing: OutboxSizing) => Outbox | Promise<Outbox>;

/** What each test's outbox gets unless the test says otherwise (the built-in outboxes' defaults). */
const SIZING: Required<OutboxSizing> = {
  capacity: NUMERIC_OPTIONS.maxQueue.default,
  capacityBytes: QUEUE_BYTES.memory,
  keepDead: NUMERIC_OPTIONS.maxDeadLetters.default,
  keepDeadBytes: NUMERIC_OPTIONS.maxDeadBytes.default,
  dedupSize: NUMERIC_OPTIONS.dedupSize.default,
  dedupWindowMs: NUMERIC_OPTIONS.dedupWindowMs.default,
  leaseMs: DEFAULTS.leaseMs(NUMERIC_OPTIONS.timeoutMs.default),
};

const HASH_X = 'a'.repeat(64);
const HASH_E = 'b'.repeat(64);
export const event = (id: string, name = 'Lead', user: Record<string, unknown> = {}): ServerEvent => ({
  event_name: name,
  event_id: id,
  event_time: 1,
  action_source: 'email',
  user_data: user,
});
export const entry = (pixelId: string, id: string, name?: string, user?: Record<string, unknown>) => ({ pixelId, event: event(id, name, user) });
const ids = (records: { event: ServerEvent }[]) => records.map((r) => r.event.event_id);
/** An event with `pad` characters of custom data, and its JSON length and counted size. */
const padded = (pixelId: string, id: string, pad: number, char = 'x') => {
  const e = { ...event(id), custom_data: { note: char.repeat(pad) } };
  const json = JSON.stringify(e);
  return { pixelId, event: e, length: json.length, counted: countedBytes(json) };
};

/**
 * The contract every {@link Outbox} must pass, as `node:test` tests (named `<name>: ...`): duplicate
 * detection, atomic enqueue at `capacity` and `capacityBytes`, leases and their expiry, stale acks ignored,
 * purge, dead letters and their caps, server events replacing browser mirrors. Time is the `now` argument
 * (ms from 0), never the clock.
 *
 * Call it at the top level of a test file and run that file with `node --test` (TypeScript: `node --import tsx
 * --test my-outbox.test.ts`):
 *
 * ```ts
 * import { outboxContract } from '@twinfire/server/testing';
 * import { PgOutbox } from './pg-outbox.js';
 *
 * outboxContract('postgres', async (sizing) => {
 *   const outbox = new PgOutbox({ pool, schema: `t${Date.now()}` }); // a new, empty store for each test
 *   await outbox.init(sizing);
 *   return outbox;
 * });
 * ```
 *
 * `make` is called once per test with the full sizing; each test closes its outbox (`close()`) when done.
 * `stats()` and `deadLetters()` are awaited, so they may be asynchronous.
 */
export function outboxContract(name: string, make: OutboxFactory): void {
  const open = async (options: CommonOutboxOptions = {}) => make({ ...SIZING, ...options });

  test(`${name}: enqueue is idempotent on (pixel, event_name, event_id) and atomic at capacity`, async (t) => {
    const outbox = await open({ capacity: 3 });
    t.after(() => outbox.close());
    assert.deepEqual(await outbox.enqueue([entry('1', 'a'), entry('2', 'a'), entry('1', 'a', 'Purchase')], 0), {
      status: 'ok',
      outcomes: ['queued', 'queued', 'queued'],
    });
    assert.deepEqual((await outbox.enqueue([entry('1', 'a')], 0)).outcomes, ['duplicate']);
    assert.deepEqual((await outbox.enqueue([entry('1', 'b'), entry('1', 'c')], 0)).status, 'full');
    assert.equal((await outbox.stats(0)).queued, 3, 'nothing of a refused group was stored');
    assert.deepEqual(await outbox.enqueue([entry('1', 'x'), entry('1', 'x')], 0), { status: 'full', outcomes: ['queued', 'duplicate'] });
    assert.deepEqual((await outbox.enqueue([entry('1', 'a'), entry('2', 'a')], 5)).outcomes, ['duplicate', 'duplicate'], 'all duplicates is fine when full');
  });

  test(`${name}: lease, retry with and without an attempt, ack, dead; delivered keys stay duplicates`, async (t) => {
    const outbox = await open({ capacity: 50_000, capacityBytes: 1_000_000 });
    t.after(() => outbox.close());
    await outbox.enqueue([entry('1', 'a'), entry('1', 'b'), entry('1', 'c')], 0);
    const first = await outbox.lease('1', 2, 0);
    assert.deepEqual(ids(first), ['a', 'b']);
    assert.equal((await outbox.stats(0)).inFlight, 2);
    const [c] = await outbox.lease('1', 10, 0);
    assert.equal(c!.event.event_id, 'c', 'leased events are not leased twice');
    await outbox.retry([first[0]!], 100, true);
    await outbox.retry([first[1]!], 50, false);
    assert.equal(await outbox.nextDueAt('1'), 50);
    assert.deepEqual(await outbox.lease('1', 10, 49), []);
    const [b] = await outbox.lease('1', 10, 60);
    assert.deepEqual([b!.event.event_id, b!.attempts], ['b', 0]);
    const [a] = await outbox.lease('1', 10, 100);
    assert.deepEqual([a!.event.event_id, a!.attempts], ['a', 1]);
    await outbox.ack([a!]);
    await outbox.dead([
      { key: b!.key, lease: b!.lease, reason: 'invalid', at: 5, error: { code: 100, error_subcode: 2804050, message: 'Invalid parameter', fbtrace_id: 'AX' } },
    ]);
    await outbox.ack([c!]);
    const stats = await outbox.stats(100);
    assert.deepEqual(
      { ...stats, perPixel: undefined },
      {
        queued: 0,
        inFlight: 0,
        bytes: 0,
        dead: 1,
        deadBytes: countedBytes(JSON.stringify(event('b'))),
        deadEvicted: 0,
        deadByReason: { expired: 0, invalid: 1, retries_exhausted: 0 },
        oldestEnqueuedAt: undefined,
        capacity: 50_000,
        capacityBytes: 1_000_000,
        perPixel: undefined,
      },
    );
    assert.deepEqual(await outbox.pixelIds(), []);
    const [letter] = await outbox.deadLetters();
    assert.deepEqual(letter, {
      key: b!.key,
      pixelId: '1',
      event_name: 'Lead',
      event_id: 'b',
      event_time: 1,
      reason: 'invalid',
      attempts: 0,
      at: 5,
      error: { code: 100, error_subcode: 2804050, message: 'Invalid parameter', fbtrace_id: 'AX' },
    });
    assert.deepEqual(
      (await outbox.enqueue([entry('1', 'a'), entry('1', 'b')], 200)).outcomes,
      ['duplicate', 'duplicate'],
      'delivered and dead keys are remembered',
    );
  });

  test(`${name}: leases expire; an ack, retry or dead under a stale lease is ignored`, async (t) => {
    const outbox = await open({ leaseMs: 1000 });
    t.after(() => outbox.close());
    await outbox.enqueue([entry('1', 'a')], 0);
    const [old] = await outbox.lease('1', 10, 0);
    assert.equal(await outbox.nextDueAt('1'), 1000, 'the lease expiry is when it comes back');
    assert.deepEqual(await outbox.lease('1', 10, 999), []);
    assert.equal((await outbox.stats(999)).inFlight, 1);
    assert.equal((await outbox.stats(1000)).inFlight, 0, 'an expired lease is not in flight');
    const [fresh] = await outbox.lease('1', 10, 1000);
    assert.equal(fresh!.key, old!.key);
    assert.notEqual(fresh!.lease, old!.lease);
    await outbox.ack([old!]);
    await outbox.retry([old!], 5000, true);
    await outbox.dead([{ key: old!.key, lease: old!.lease, reason: 'expired', at: 1 }]);
    assert.equal((await outbox.stats(1000)).queued, 1, 'the stale lease changed nothing');
    assert.equal((await outbox.stats(1000)).dead, 0);
    await outbox.retry([fresh!], 3000, true);
    const [again] = await outbox.lease('1', 10, 3000);
    assert.equal(again!.attempts, 1);
    await outbox.ack([again!]);
    assert.equal((await outbox.stats(3000)).queued, 0);
  });

  test(`${name}: purge by fbp, external_id or em removes undelivered and dead events of that visitor only`, async (t) => {
    const outbox = await open();
    t.after(() => outbox.close());
    await outbox.enqueue(
      [
        entry('1', 'f1', 'Lead', { fbp: 'fb.1.1700000000000.1' }),
        entry('2', 'f1', 'Lead', { fbp: 'fb.1.1700000000000.1' }),
        entry('1', 'x1', 'Lead', { external_id: [HASH_E, HASH_X] }),
        entry('1', 'e1', 'Lead', { em: HASH_E }),
        entry('1', 'other', 'Lead', { fbp: 'fb.1.1700000000000.2', em: 'c'.repeat(64) }),
      ],
      0,
    );
    const leased = await outbox.lease('1', 10, 0);
    const e1 = leased.find((r) => r.event.event_id === 'e1')!;
    await outbox.dead([{ key: e1.key, lease: e1.lease, reason: 'invalid', at: 1 }]);
    await outbox.retry(
      leased.filter((r) => r !== e1),
      0,
      false,
    );
    assert.equal(await outbox.purge({ fbp: 'fb.1.1700000000000.1' }), 2);
    assert.equal(await outbox.purge({ external_id: HASH_X }), 1);
    assert.equal(await outbox.purge({ em: HASH_E }), 1, 'the dead letter too');
    assert.equal(await outbox.purge({ fbp: 'fb.1.1700000000000.9' }), 0);
    assert.equal(await outbox.purge({}), 0);
    assert.deepEqual(ids(await outbox.lease('1', 10, 0)), ['other']);
    assert.equal((await outbox.stats(0)).dead, 0);
    assert.equal((await outbox.stats(0)).queued, 1);
  });

  test(`${name}: dead letters: filter, newest first, capped (oldest deleted), re-queued by retryDead`, async (t) => {
    const outbox = await open({ keepDead: 3 });
    t.after(() => outbox.close());
    await outbox.enqueue(['a', 'b', 'c', 'd'].map((id) => entry('1', id)).concat(entry('2', 'e')), 0);
    const records = [...(await outbox.lease('1', 10, 0)), ...(await outbox.lease('2', 10, 0))];
    const reasons = ['expired', 'invalid', 'invalid', 'retries_exhausted', 'invalid'] as const;
    for (const [i, r] of records.entries()) await outbox.dead([{ key: r.key, lease: r.lease, reason: reasons[i]!, at: 10 + i }]);
    assert.deepEqual(
      (await outbox.deadLetters()).map((d) => d.event_id),
      ['e', 'd', 'c'],
      'the 2 oldest were deleted past the cap',
    );
    assert.deepEqual((await outbox.stats(0)).deadByReason, { expired: 0, invalid: 2, retries_exhausted: 1 });
    assert.equal((await outbox.stats(0)).deadEvicted, 2);
    assert.deepEqual(
      (await outbox.deadLetters({ reason: 'invalid' })).map((d) => d.event_id),
      ['e', 'c'],
    );
    assert.deepEqual(
      (await outbox.deadLetters({ pixelId: '1', limit: 1 })).map((d) => d.event_id),
      ['d'],
    );
    assert.equal(await outbox.retryDead({ reason: 'invalid', pixelId: '1' }, 50), 1);
    const [c] = await outbox.lease('1', 10, 50);
    assert.deepEqual([c!.event.event_id, c!.attempts, (await outbox.stats(50)).dead], ['c', 0, 2]);
    assert.equal((await outbox.stats(50)).oldestEnqueuedAt, 50);
    assert.equal(await outbox.retryDead({}, 60), 2);
    assert.equal((await outbox.stats(60)).queued, 3);
  });

  test(`${name}: a lease is cut by the measure its records give as bytes, text beyond Latin-1 included`, async (t) => {
    const outbox = await open();
    t.after(() => outbox.close());
    // Delivery decides that a lane is drained from the records' bytes: they must be what the cut counted.
    await outbox.enqueue(
      ['a', 'b', 'c'].map((id) => padded('1', id, 300, '✓')),
      0,
    );
    const [one] = await outbox.lease('1', 1, 0);
    assert.ok(one!.bytes >= JSON.stringify(one!.event).length);
    if (one!.json !== undefined) assert.deepEqual(JSON.parse(one!.json), one!.event, 'json, when given, is the event: it is what delivery sends');
    await outbox.retry([one!], 0, false);
    const two = await outbox.lease('1', 10, 0, 2 * one!.bytes);
    assert.equal(two.length, 2, "room for exactly two, by the outbox's own measure");
    assert.ok(two.every((r) => r.bytes === one!.bytes));
  });

  test(`${name}: lease stops before maxBytes of JSON, but always hands out the first due event`, async (t) => {
    const outbox = await open();
    t.after(() => outbox.close());
    const [a, b, c, d] = [padded('1', 'a', 300), padded('1', 'b', 100), padded('1', 'c', 100), padded('1', 'd', 10)];
    await outbox.enqueue([a!, b!, c!, d!], 0);
    const first = await outbox.lease('1', 10, 0, 10);
    assert.deepEqual(
      first.map((r) => [r.event.event_id, r.bytes]),
      [['a', a!.length]],
      'the first one, larger than maxBytes',
    );
    const next = await outbox.lease('1', 10, 0, b!.length + c!.length + d!.length - 1);
    assert.deepEqual(
      next.map((r) => [r.event.event_id, r.bytes]),
      [
        ['b', b!.length],
        ['c', c!.length],
      ],
      'a prefix: d would pass the limit',
    );
    assert.deepEqual(ids(await outbox.lease('1', 1, 0, 1_000_000)), ['d'], 'what was not taken stays due');
    await outbox.retry([...first, ...next], 5, false);
    assert.deepEqual(ids(await outbox.lease('1', 10, 5, a!.length + b!.length)), ['a', 'b']);
    assert.deepEqual(ids(await outbox.lease('1', 10, 5)), ['c'], 'no byte limit by default');
  });

  test(`${name}: capacityBytes bounds the counted size of undelivered events, in flight included`, async (t) => {
    // `€` is not Latin-1: that event counts 2 bytes a character.
    const [a, b, c, euro] = [padded('1', 'a', 100), padded('1', 'b', 200), padded('1', 'c', 300), padded('2', 'e', 50, '€')];
    const outbox = await open({ capacityBytes: a!.counted + b!.counted + euro!.counted });
    t.after(() => outbox.close());
    assert.equal((await outbox.enqueue([a!, b!], 0)).status, 'ok');
    const sized = await outbox.stats(0);
    assert.deepEqual([sized.bytes, sized.capacityBytes], [a!.counted + b!.counted, a!.counted + b!.counted + euro!.counted]);
    assert.deepEqual(await outbox.enqueue([euro!, c!], 0), { status: 'full', outcomes: ['queued', 'queued'] }, 'all or nothing');
    const refused = await outbox.stats(0);
    assert.deepEqual([refused.queued, refused.bytes], [2, a!.counted + b!.counted]);
    assert.equal((await outbox.enqueue([euro!], 0)).status, 'ok', 'exactly at capacity');
    assert.equal((await outbox.enqueue([c!], 0)).status, 'full');
    const leased = await outbox.lease('1', 10, 0);
    assert.equal((await outbox.stats(0)).bytes, a!.counted + b!.counted + euro!.counted, 'leased events still count');
    await outbox.ack(leased.filter((r) => r.event.event_id === 'b'));
    assert.equal((await outbox.stats(0)).bytes, a!.counted + euro!.counted);
    assert.equal((await outbox.enqueue([c!], 0)).status, 'full', 'c is larger than b');
    await outbox.ack(leased);
    assert.equal((await outbox.enqueue([c!], 0)).status, 'ok');
    assert.equal((await outbox.stats(0)).bytes, euro!.counted + c!.counted);
  });

  test(`${name}: dead letters are capped by keepDeadBytes too, the oldest deleted and counted`, async (t) => {
    const events = ['a', 'b', 'c', 'd'].map((id) => padded('1', id, 100));
    const each = events[0]!.counted;
    const outbox = await open({ keepDeadBytes: 2 * each + each / 2 });
    t.after(() => outbox.close());
    await outbox.enqueue(events, 0);
    const leased = await outbox.lease('1', 10, 0);
    for (const [i, r] of leased.entries()) await outbox.dead([{ key: r.key, lease: r.lease, reason: 'expired', at: 10 + i }]);
    assert.deepEqual(
      (await outbox.deadLetters()).map((d) => d.event_id),
      ['d', 'c'],
      'only two fit',
    );
    const capped = await outbox.stats(0);
    assert.deepEqual([capped.dead, capped.deadBytes, capped.deadEvicted], [2, 2 * each, 2]);
    assert.equal(await outbox.purge({ fbp: 'fb.1.1.none' }), 0);
    assert.equal(await outbox.retryDead({ event_id: 'c' }, 50), 1);
    const revived = await outbox.stats(50);
    assert.deepEqual([revived.dead, revived.deadBytes, revived.deadEvicted], [1, each, 2], 'revived is not evicted');
    assert.deepEqual((await outbox.enqueue([events[0]!], 60)).outcomes, ['duplicate'], 'an evicted key is still a duplicate');
  });

  test(`${name}: a server event replaces the browser copy of its key, and is never its duplicate`, async (t) => {
    const outbox = await open();
    t.after(() => outbox.close());
    const server = (id: string, value: number) => ({
      pixelId: '1',
      event: { ...event(id, 'Purchase'), custom_data: { value, currency: 'EUR' } },
      source: 'server' as const,
    });
    const browser = (id: string, value: number) => ({ pixelId: '1', event: { ...event(id, 'Purchase'), custom_data: { value, currency: 'EUR' } } });
    const values = (records: { event: ServerEvent }[]) => records.map((r) => [r.event.event_id, r.event.custom_data?.value]);

    // Waiting mirror: replaced.
    assert.deepEqual((await outbox.enqueue([browser('a', 0.01)], 0)).outcomes, ['queued']);
    assert.deepEqual((await outbox.enqueue([server('a', 59)], 0)).outcomes, ['queued']);
    assert.equal((await outbox.stats(0)).queued, 1);
    // Delivered mirror: the server event is sent all the same.
    await outbox.enqueue([browser('b', 0.01)], 0);
    const first = await outbox.lease('1', 10, 0);
    await outbox.ack(first.filter((r) => r.event.event_id === 'b'));
    await outbox.retry(
      first.filter((r) => r.event.event_id !== 'b'),
      0,
      false,
    );
    assert.deepEqual((await outbox.enqueue([server('b', 42)], 1)).outcomes, ['queued']);
    // Dead mirror: replaced by a waiting server event.
    await outbox.enqueue([browser('c', 0.01)], 1);
    const leased = await outbox.lease('1', 10, 1);
    const c = leased.find((r) => r.event.event_id === 'c')!;
    await outbox.dead([{ key: c.key, lease: c.lease, reason: 'invalid', at: 1 }]);
    await outbox.retry(
      leased.filter((r) => r !== c),
      1,
      false,
    );
    assert.deepEqual((await outbox.enqueue([server('c', 7)], 2)).outcomes, ['queued']);
    assert.equal((await outbox.stats(2)).dead, 0);
    // Mirrors after the server event, and a server event twice: duplicates.
    assert.deepEqual((await outbox.enqueue([browser('a', 0.01), browser('b', 0.01), server('a', 59)], 3)).outcomes, ['duplicate', 'duplicate', 'duplicate']);
    assert.deepEqual(values(await outbox.lease('1', 10, 3)).sort(), [
      ['a', 59],
      ['b', 42],
      ['c', 7],
    ]);
    assert.equal((await outbox.stats(3)).queued, 3);
  });
}
