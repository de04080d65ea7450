// Bounded storage, reset, and the request counters, through the JSON API.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emulatorFor, listEvents, manualClock, pixelHit, postEvents, requestJson, validEvent } from '../../test/helpers.js';
import { MAX_COUNTED_PIXELS } from './request-counters.js';

test('past maxEvents the oldest events are dropped and counted', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now, maxEvents: 3 });
  const data = ['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => validEvent(clock.seconds(), { event_id: id }));
  assert.equal((await postEvents(emulator.url, { data })).status, 200);
  const { body } = await requestJson(`${emulator.url}/_emulator/events`);
  assert.deepEqual(
    body.events.map((e: { event_id: string }) => e.event_id),
    ['e3', 'e4', 'e5'],
  );
  assert.equal(body.dropped, 2);
  assert.equal(body.max_events, 3);
});

test('past maxEvents, over many requests and listings: always the latest maxEvents, in order; dropped events leave the dedup memory', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now, maxEvents: 4 });
  const ids = Array.from({ length: 23 }, (_, i) => `e${i}`);
  for (const [i, id] of ids.entries()) {
    await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: id })] });
    // Listed now and then, between drops: the list is the latest four each time.
    if (i % 3 === 0 && i >= 3)
      assert.deepEqual(
        (await listEvents(emulator.url)).map((e: { event_id: string }) => e.event_id),
        ids.slice(i - 3, i + 1),
      );
  }
  const { body } = await requestJson(`${emulator.url}/_emulator/events`);
  assert.deepEqual(
    body.events.map((e: { event_id: string }) => e.event_id),
    ids.slice(-4),
  );
  assert.equal(body.dropped, 19);
  // e0 was dropped long ago: sent again it is kept, not a duplicate of a forgotten event; e22 is still held.
  await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: 'e0' }), validEvent(clock.seconds(), { event_id: 'e22' })] });
  const last = (await listEvents(emulator.url)).slice(-2).map((e: { event_id: string; status: string }) => [e.event_id, e.status]);
  assert.deepEqual(last, [
    ['e0', 'kept'],
    ['e22', 'deduplicated'],
  ]);
});

test('DELETE /_emulator/events forgets events, rejections, counters and dedup memory', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'evt-1' });
  await postEvents(emulator.url, { data: [validEvent(clock.seconds())] });
  await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_time: 1 })] });
  const reset = await requestJson(`${emulator.url}/_emulator/events`, { method: 'DELETE' });
  assert.equal(reset.status, 200);
  assert.equal((await listEvents(emulator.url)).length, 0);
  assert.equal((await requestJson(`${emulator.url}/_emulator/rejections`)).body.rejections.length, 0);
  assert.equal((await requestJson(`${emulator.url}/_emulator/requests`)).body.total.requests, 0);
  await postEvents(emulator.url, { data: [validEvent(clock.seconds())] });
  assert.equal((await listEvents(emulator.url))[0].status, 'kept', 'the old browser copy no longer dedups');
});

test('request counters: per pixel, requests, bytes and events', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  const data = Array.from({ length: 1000 }, (_, i) => validEvent(clock.seconds(), { event_id: `id-${i}` }));
  const body = JSON.stringify({ access_token: 'x', data });
  await fetch(`${emulator.url}/v25.0/1234/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await postEvents(emulator.url, { data: [validEvent(clock.seconds())] }, '5678');
  const counts = (await requestJson(`${emulator.url}/_emulator/requests`)).body;
  assert.deepEqual(counts.pixels['1234'], { requests: 1, bytes: Buffer.byteLength(body), events: 1000, accepted: 1, rejected: 0, faulted: 0 });
  assert.equal(counts.pixels['5678'].events, 1);
  assert.equal(counts.total.requests, 2);
});

test('the JSON API allows any origin', async (t) => {
  const emulator = await emulatorFor(t);
  for (const path of ['/_emulator/events', '/_emulator/rejections', '/_emulator/requests', '/tr/?id=1&ev=PageView']) {
    const response = await fetch(emulator.url + path, { headers: { origin: 'http://elsewhere.test' } });
    await response.arrayBuffer();
    assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
  }
  const preflight = await fetch(`${emulator.url}/_emulator/faults`, { method: 'OPTIONS' });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET, OPTIONS', 'cross-origin reads only');
});

test('another site cannot reset the emulator or script faults; its own page and tools can', async (t) => {
  const emulator = await emulatorFor(t);
  const foreign = { origin: 'http://elsewhere.test', 'content-type': 'text/plain' };
  const fault = JSON.stringify({ status: 500 });
  assert.equal((await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', headers: foreign, body: fault })).status, 403);
  assert.equal((await fetch(`${emulator.url}/_emulator/events`, { method: 'DELETE', headers: foreign })).status, 403);
  assert.deepEqual((await requestJson(`${emulator.url}/_emulator/faults`)).body.faults, [], 'no fault was scripted');
  const own = { origin: emulator.url };
  assert.equal((await fetch(`${emulator.url}/_emulator/events`, { method: 'DELETE', headers: own })).status, 200);
  assert.equal((await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })).status, 200, 'no Origin: a tool');
});

test('request counters stay bounded: past MAX_COUNTED_PIXELS distinct pixel ids, requests count in total only', async (t) => {
  const emulator = await emulatorFor(t);
  const ids = Array.from({ length: MAX_COUNTED_PIXELS + 20 }, (_, i) => String(1_000_000 + i));
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(ids.slice(i, i + 50).map((id) => postEvents(emulator.url, { data: [] }, id)));
  }
  const { body } = await requestJson(`${emulator.url}/_emulator/requests`);
  assert.equal(body.total.requests, ids.length);
  assert.equal(Object.keys(body.pixels).length, MAX_COUNTED_PIXELS);
});
