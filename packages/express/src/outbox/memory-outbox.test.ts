import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryOutbox } from './memory-outbox.js';
import { outboxContract } from './outbox-contract.js';
import { RecentKeys } from './recent-keys.js';

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

test('memory: byte capacity refuses a batch that would exceed it, and frees bytes on ack', async () => {
  const outbox = new MemoryOutbox({ capacityBytes: 700 }) // each event is 318 bytes of JSON: two fit, three do not;
  const event = (id: string) => ({ event_name: 'Lead', event_id: id, event_time: 1, action_source: 'website' as const, user_data: {}, custom_data: { note: 'x'.repeat(200) } });
  const first = await outbox.enqueue([{ pixelId: '1', event: event('a') }, { pixelId: '1', event: event('b') }], 0);
  assert.equal(first.status, 'ok');
  const third = await outbox.enqueue([{ pixelId: '1', event: event('c') }], 0);
  assert.equal(third.status, 'full');
  const leased = await outbox.lease('1', 10, 0);
  await outbox.ack(leased);
  assert.equal((await outbox.enqueue([{ pixelId: '1', event: event('c') }], 0)).status, 'ok');
});
