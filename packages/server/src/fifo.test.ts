import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedCache, FifoQueue } from './fifo.js';
import { RecentKeys } from './outbox/recent-keys.js';

test('FifoQueue: first in, first out across its compactions; retain keeps order', () => {
  const queue = new FifoQueue<number>();
  for (let i = 0; i < 5000; i++) queue.push(i);
  for (let i = 0; i < 3000; i++) assert.equal(queue.shift(), i);
  assert.equal(queue.length, 2000);
  assert.equal(queue.peek(), 3000);
  queue.retain((n) => n % 2 === 0);
  assert.equal(queue.length, 1000);
  assert.equal(queue.shift(), 3000);
  assert.equal(queue.shift(), 3002);
});

test('BoundedCache: at most maxEntries, the oldest forgotten first; updating a key does not duplicate it', () => {
  const cache = new BoundedCache<number>(3);
  for (const key of ['a', 'b', 'a', 'c', 'd']) cache.set(key, key.charCodeAt(0));
  assert.equal(cache.has('a'), false, 'a was the oldest key');
  assert.deepEqual(
    ['b', 'c', 'd'].map((k) => cache.get(k)),
    [98, 99, 100],
  );
});

test('RecentKeys: bounded by entries and by time, re-added keys and expired ones stay right', () => {
  const recent = new RecentKeys(3, 1000);
  for (const key of ['a', 'b', 'c', 'd']) recent.add(key, 0);
  assert.equal(recent.has('a', 0), false, 'over 3 entries, the oldest went');
  assert.equal(recent.size, 3);
  assert.equal(recent.has('b', 999), true);
  assert.equal(recent.has('b', 1000), false, 'expired');
  recent.add('b', 1000);
  recent.add('e', 1000);
  assert.equal(recent.has('b', 1500), true, 're-added after expiry: its new time counts');
  assert.equal(recent.has('c', 1500), false);
  // Many re-adds of expiring keys leave stale entries behind; memory stays bounded.
  const churn = new RecentKeys(10, 1);
  for (let i = 0; i < 50_000; i++) {
    churn.has('x', i);
    churn.add('x', i);
  }
  assert.ok(churn.size <= 10);
  const queues = churn as unknown as { keys: FifoQueue<unknown>; expiries: FifoQueue<unknown> };
  assert.ok(queues.keys.length < 2 * 10 + 1100);
  assert.equal(queues.expiries.length, queues.keys.length, 'the two queues stay in step');
});
