/** batchBody: one mirror as itself, several with the fields they share written once. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandMirrorBatch } from '@twinfire/core';
import { batchBody } from './batch-body.ts';

const pixels = ['111', '222'];
const user = { em: 'a@b.example' };
const event = (id: string, extra: object = {}) => ({
  v: 1,
  event_name: 'ViewContent',
  event_id: id,
  event_time: 1_800_000_000,
  event_source_url: 'https://shop.example/p',
  referrer: '',
  custom_data: { value: 1 },
  pixel_ids: pixels,
  user_data: user,
  data_processing_options: undefined,
  consent: undefined,
  ...extra,
});

test('one mirror goes as the plain single mirror, with the extra fields', () => {
  assert.deepEqual(JSON.parse(batchBody([event('a')], { fbp: 'fb.1.1.2' })), { ...JSON.parse(JSON.stringify(event('a'))), fbp: 'fb.1.1.2' });
  assert.deepEqual(JSON.parse(batchBody([event('a')], false)), JSON.parse(JSON.stringify(event('a'))));
});

test('several: the fields equal in all are written once, at the top level; the server expands them back', () => {
  const events = [event('a'), event('b', { event_name: 'Lead', custom_data: undefined }), event('c', { pixel_ids: ['111'] })];
  const batch = JSON.parse(batchBody(events, { fbp: 'fb.1.1.2' }));
  assert.deepEqual(batch, {
    v: 1,
    event_time: 1_800_000_000,
    event_source_url: 'https://shop.example/p',
    referrer: '',
    user_data: user,
    fbp: 'fb.1.1.2',
    events: [
      { event_name: 'ViewContent', event_id: 'a', custom_data: { value: 1 }, pixel_ids: pixels },
      { event_name: 'Lead', event_id: 'b', pixel_ids: pixels },
      { event_name: 'ViewContent', event_id: 'c', custom_data: { value: 1 }, pixel_ids: ['111'] },
    ],
  });
  const expanded = expandMirrorBatch(batch);
  assert.ok(expanded.ok);
  assert.deepEqual(
    expanded.events,
    events.map((e) => ({ ...JSON.parse(JSON.stringify(e)), fbp: 'fb.1.1.2' })),
  );
});

test('equal state is compared by reference: equal params objects stay per event', () => {
  const batch = JSON.parse(batchBody([event('a'), event('b')], undefined));
  assert.equal('custom_data' in batch, false);
  assert.deepEqual(batch.events[0], { event_id: 'a', custom_data: { value: 1 } });
});

test('circular params throw (the queue then sends the others without it)', () => {
  const params: Record<string, unknown> = {};
  params.self = params;
  assert.throws(() => batchBody([event('a'), event('b', { custom_data: params })], undefined), TypeError);
});
