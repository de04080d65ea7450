import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientCap } from './client-cap.js';

test('ClientCap counts entries created in this window and the last, the ones that can still be alive', () => {
  let now = 0;
  const cap = new ClientCap(3, 1000, () => now);
  cap.created();
  cap.created();
  assert.equal(cap.full, false);
  now = 1500; // next window: the two may still live (created at 0-999, expiring by 1999)
  cap.created();
  assert.equal(cap.full, true);
  assert.equal(cap.retryAfterSeconds, 1);
  now = 2100; // the first window's entries have expired
  assert.equal(cap.full, false);
  now = 5000; // long idle: nothing left
  cap.created();
  assert.equal(cap.full, false);
});
