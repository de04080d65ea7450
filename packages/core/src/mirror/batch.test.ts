import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandMirrorBatch, isMirrorBatch, LIMITS, parseMirrorPayload } from '@twinfire/core';

const NOW_MS = 1764150000000;

test('a batch: each event is the shared fields overlaid with its own, then a mirror like any other', () => {
  const batch = JSON.parse(
    '{"v":1,"event_source_url":"https://shop.example/p","fbp":"fb.1.1764149000000.1098115397","events":[{"event_name":"AddToCart","event_id":"a","event_time":1764150000},{"event_name":"Lead","event_id":"b","event_time":1764150000,"event_source_url":"https://shop.example/q"}]}',
  );
  assert.equal(isMirrorBatch(batch), true);
  const expanded = expandMirrorBatch(batch);
  assert.ok(expanded.ok);
  const [first, second] = expanded.events.map((event) => parseMirrorPayload(event, { now: NOW_MS }));
  assert.ok(first?.ok && second?.ok);
  assert.equal(first.payload.event_source_url, 'https://shop.example/p');
  assert.equal(first.payload.fbp, 'fb.1.1764149000000.1098115397');
  assert.equal(second.payload.event_source_url, 'https://shop.example/q', "an event's own field wins");
});

test('what is not a batch as a whole is refused with one precise error', () => {
  const code = (value: Record<string, unknown>) => {
    const result = expandMirrorBatch(value);
    return result.ok ? 'ok' : `${result.errors[0]!.code} ${result.errors[0]!.field}`;
  };
  assert.equal(code({ v: 2, events: [{}] }), 'unsupported_version v');
  assert.equal(code({ v: 1, events: [] }), 'invalid_batch events');
  assert.equal(code({ v: 1, events: {} }), 'invalid_batch events');
  assert.equal(code({ v: 1, events: [{}, 'x'] }), 'invalid_batch events.1');
  assert.equal(code({ v: 1, events: Array.from({ length: LIMITS.maxBatchEvents + 1 }, () => ({})) }), 'too_many_items events');
  assert.equal(code({ v: 1, events: Array.from({ length: LIMITS.maxBatchEvents }, () => ({})) }), 'ok');
  // A single mirror is not a batch; neither is an array.
  assert.equal(isMirrorBatch({ v: 1, event_name: 'Lead' }), false);
  assert.equal(isMirrorBatch([{ v: 1 }]), false);
});

test('a shared __proto__ key is dropped with an error, never merged into the events', () => {
  const result = expandMirrorBatch(JSON.parse('{"v":1,"__proto__":{"polluted":1},"events":[{"event_name":"Lead"}]}'));
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.errors[0]!.code, 'forbidden_key');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
