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
