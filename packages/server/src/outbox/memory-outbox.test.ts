import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import type { ServerEvent } from '@twinfire/core';
import { DueHeap } from './due-heap.js';
import { MemoryOutbox } from './memory-outbox.js';
import type { VisitorKey } from './outbox.js';
import { entry, event, outboxContract } from './outbox-contract.js';
import { RecentKeys } from './recent-keys.js';
import { matchesVisitor } from './visitor-key.js';

outboxContract('memory', (options) => new MemoryOutbox(options));

test('memory: not durable', () => {
  assert.equal(new MemoryOutbox().durable, false);
});

test('recent keys: bounded by size and by time', () => {
  const keys = new RecentKeys(2, 1000);
  keys.add('a', 0);
  keys.add('b', 0);
  keys.add('c', 0);
  assert.equal(keys.has('a', 0), false, 'oldest evicted past the size');
  assert.equal(keys.has('b', 999), true);
  assert.equal(keys.has('b', 1000), false, 'expired after the window');
  assert.ok(keys.size <= 2);
});

test('due heap: earliest first, ties in order of seq, stale entries skipped and compacted away', () => {
  const heap = new DueHeap<{ seq: number; name: string }>();
  const items = Array.from({ length: 100 }, (_, i) => ({ seq: i, name: `n${i}` }));
  for (const item of [...items].reverse()) heap.push(item.seq % 10, item.seq, item);
  for (const item of items.filter((_, i) => i % 3 !== 0)) {
    item.seq = -1;
    heap.invalidate();
  }
  const order: string[] = [];
  for (let item = heap.peek(); item; item = heap.peek()) {
    order.push(item.name);
    heap.pop();
  }
  const live = items.filter((_, i) => i % 3 === 0);
  assert.deepEqual(
    order,
    live.sort((x, y) => (x.seq % 10) - (y.seq % 10) || x.seq - y.seq).map((i) => i.name),
  );
});

test('memory: purge matches exactly what matchesVisitor matches', async () => {
  const hex = 'd'.repeat(64);
  const values = [hex, `${hex}.AQYBAQIA`, `${hex}zz`, `${hex}d`, 'plain', 'plain.x', 'a\nxid:plain', 'a\nem:plain', `a\nem:${hex}`, 'D'.repeat(64)];
  const users: Record<string, unknown>[] = values.flatMap((v) => [{ external_id: v }, { em: [v, 'other'] }, { fbp: v }]);
  const events: ServerEvent[] = users.map((user, i) => event(`e${i}`, 'Lead', user));
  const visitors: VisitorKey[] = values.flatMap((v) => [{ external_id: v }, { em: v }, { fbp: v }, { em: `${v}\nem:other` }]);
  for (const visitor of visitors) {
    const outbox = new MemoryOutbox({ keepDead: 5 });
    await outbox.enqueue(
      events.map((e) => ({ pixelId: '1', event: e })),
      0,
    );
    const leased = await outbox.lease('1', 10, 0);
    await outbox.dead(leased.map((r) => ({ key: r.key, lease: r.lease, reason: 'invalid', at: 1 })));
    const held = events.filter((e) => outbox.deadLetters().some((d) => d.event_id === e.event_id) || leased.every((r) => r.event.event_id !== e.event_id));
    assert.equal(await outbox.purge(visitor), held.filter((e) => matchesVisitor(e, visitor)).length, JSON.stringify(visitor));
    assert.equal(await outbox.purge(visitor), 0);
  }
});

/** Median time of a request's outbox calls with `queued` events waiting, all due in the future (a paused pixel). */
async function medianRound(queued: number): Promise<number> {
  const outbox = new MemoryOutbox();
  for (let i = 0; i < queued; i += 1000) {
    await outbox.enqueue(
      Array.from({ length: Math.min(1000, queued - i) }, (_, j) => entry('1', `q${i + j}`, 'Lead', { fbp: `fb.1.1.${i + j}` })),
      0,
    );
  }
  await outbox.retry(await outbox.lease('1', queued, 0), 1e12, false);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    await outbox.enqueue([entry('2', `r${i}`, 'Lead', { fbp: `fb.1.2.${i}` })], 1);
    await outbox.nextDueAt('1');
    assert.deepEqual(await outbox.lease('1', 100, 1), []);
    await outbox.purge({ fbp: 'fb.1.1.unknown' });
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[100]!;
}

test('memory: a request costs about the same with 50 000 events waiting as with 1 000', async () => {
  await medianRound(1000); // warm-up
  const small = await medianRound(1000);
  const large = await medianRound(50_000);
  assert.ok(large <= 10 * small, `median ${large.toFixed(4)} ms at 50 000 vs ${small.toFixed(4)} ms at 1 000`);
});
