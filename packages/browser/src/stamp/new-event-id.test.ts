/** The eventID generator's plain-HTTP path (no crypto.randomUUID): valid, distinct v4 UUIDs. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeSpareEventId, newEventId } from './new-event-id.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('without crypto.randomUUID: v4 UUIDs from getRandomValues, every random digit and variant reached', () => {
  const own = Object.getOwnPropertyDescriptor(crypto, 'randomUUID');
  Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
  try {
    const ids = Array.from({ length: 5000 }, newEventId);
    for (const id of ids) assert.match(id, UUID_V4);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(new Set(ids.map((id) => id[19])), new Set(['8', '9', 'a', 'b']));
    assert.equal(new Set(ids.map((id) => id[0])).size, 16);
  } finally {
    if (own) Object.defineProperty(crypto, 'randomUUID', own);
    else delete (crypto as { randomUUID?: unknown }).randomUUID;
  }
  assert.match(newEventId(), UUID_V4, 'crypto.randomUUID where it exists');
});

test('a spare id made ahead (in the flush task) is taken by the next call without making one, once', () => {
  const own = Object.getOwnPropertyDescriptor(crypto, 'randomUUID');
  const real = crypto.randomUUID.bind(crypto);
  let made = 0;
  Object.defineProperty(crypto, 'randomUUID', { value: () => (made++, real()), configurable: true });
  try {
    makeSpareEventId();
    assert.equal(made, 1, 'the spare is made in the flush');
    const first = newEventId();
    assert.equal(made, 1, 'the call takes it: no UUID made on the call path');
    const second = newEventId();
    assert.equal(made, 2, 'used once: the next call makes its own');
    makeSpareEventId();
    makeSpareEventId();
    const third = newEventId();
    const fourth = newEventId();
    assert.equal(made, 5, 'one spare is kept, not a pile');
    for (const id of [first, second, third, fourth]) assert.match(id, UUID_V4);
    assert.equal(new Set([first, second, third, fourth]).size, 4);
  } finally {
    if (own) Object.defineProperty(crypto, 'randomUUID', own);
    else delete (crypto as { randomUUID?: unknown }).randomUUID;
  }
});
