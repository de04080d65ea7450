// Every fault kind over real HTTP: scripted errors, throttling, token, per-event, latency, drops, periods.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addFaults, emulatorFor, listEvents, manualClock, postEvents, requestJson, validEvent } from '../../test/helpers.js';

async function setup(t: Parameters<typeof emulatorFor>[0]) {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  const send = (ids: string[] = ['e1'], pixelId = '1234') =>
    postEvents(emulator.url, { data: ids.map((id) => validEvent(clock.seconds(), { event_id: id })) }, pixelId);
  return { clock, emulator, send };
}

test('{times: 3, status: 500, error: {code: 2}}: three failures, then normal answers; faulted events are not recorded', async (t) => {
  const { emulator, send } = await setup(t);
  assert.equal((await addFaults(emulator.url, { times: 3, status: 500, error: { code: 2 } })).status, 200);
  for (let i = 0; i < 3; i++) {
    const response = await send();
    assert.equal(response.status, 500);
    assert.equal(response.body.error.code, 2);
    assert.equal(response.body.error.is_transient, true);
    assert.ok(response.body.error.fbtrace_id);
  }
  assert.equal((await send()).status, 200);
  assert.equal((await listEvents(emulator.url)).length, 1);
  const counts = (await requestJson(`${emulator.url}/_emulator/requests`)).body.total;
  assert.equal(counts.requests, 4);
  assert.equal(counts.faulted, 3);
});

test('throttling codes 4 and 17 and an invalid token (190) in a list, consumed in order', async (t) => {
  const { emulator, send } = await setup(t);
  await addFaults(emulator.url, [{ status: 400, error: { code: 4 } }, { error: { code: 17 } }, { error: { code: 190, error_subcode: 463 } }]);
  const first = await send();
  assert.deepEqual([first.status, first.body.error.code, first.body.error.message], [400, 4, '(#4) Application request limit reached']);
  const second = await send();
  assert.deepEqual([second.status, second.body.error.code], [400, 17]);
  const third = await send();
  assert.deepEqual([third.status, third.body.error.code, third.body.error.error_subcode, third.body.error.type], [401, 190, 463, 'OAuthException']);
  assert.equal((await send()).status, 200);
});

test('{eventIndex: 3, error: 100/2804050} hits only a request with an event at index 3', async (t) => {
  const { emulator, send } = await setup(t);
  await addFaults(emulator.url, { eventIndex: 3, error: { code: 100, error_subcode: 2804050 } });
  assert.equal((await send(['a', 'b', 'c'])).status, 200, 'three events: no index 3');
  const hit = await send(['d', 'e', 'f', 'g']);
  assert.equal(hit.status, 400);
  assert.equal(hit.body.error.error_subcode, 2804050);
  assert.match(hit.body.error.error_user_msg, /^Event 3 \(event_id g\)/);
  assert.equal((await send(['h', 'i', 'j', 'k'])).status, 200, 'used up');
});

test('{eventId} rejects every request holding that event until cleared, so a splitter can isolate it', async (t) => {
  const { emulator, send } = await setup(t);
  await addFaults(emulator.url, { eventId: 'bad', error: { code: 100, error_subcode: 2804050 } });
  const batch = ['a', 'b', 'bad', 'c'];
  const whole = await send(batch);
  assert.equal(whole.status, 400);
  assert.match(whole.body.error.error_user_msg, /^Event 2 \(event_id bad\)/);
  // Split in halves, as a sender would: the half without it passes, the half with it fails again.
  assert.equal((await send(['a', 'b'])).status, 200);
  assert.equal((await send(['bad', 'c'])).status, 400);
  assert.equal((await send(['c'])).status, 200);
  assert.equal((await send(['bad'])).status, 400);
  assert.deepEqual(
    (await listEvents(emulator.url)).map((e) => e.event_id),
    ['a', 'b', 'c'],
  );
  assert.equal((await requestJson(`${emulator.url}/_emulator/faults`)).body.faults[0].remaining, null);
  assert.equal((await requestJson(`${emulator.url}/_emulator/faults`, { method: 'DELETE' })).status, 200);
  assert.equal((await send(['bad'])).status, 200);
});

test('{delayMs} adds latency and then answers normally; with an error it answers late with the error', async (t) => {
  const { emulator, send } = await setup(t);
  await addFaults(emulator.url, [{ delayMs: 300 }, { delayMs: 200, status: 503 }]);
  let started = Date.now();
  assert.equal((await send()).status, 200);
  assert.ok(Date.now() - started >= 290, 'delayed');
  started = Date.now();
  const late = await send(['e2']);
  assert.ok(Date.now() - started >= 190);
  assert.deepEqual([late.status, late.body.error.code], [503, 2]);
  assert.equal((await listEvents(emulator.url)).length, 1);
});

test('{drop: true} destroys the connection without an answer', async (t) => {
  const { emulator, send } = await setup(t);
  await addFaults(emulator.url, { drop: true, times: 2 });
  await assert.rejects(send());
  await assert.rejects(send());
  assert.equal((await send()).status, 200);
  assert.equal((await requestJson(`${emulator.url}/_emulator/requests`)).body.total.faulted, 2);
});

test('{forMs: 5000} fails everything for 5 s of the emulator clock', async (t) => {
  const { clock, emulator, send } = await setup(t);
  await addFaults(emulator.url, { forMs: 5000, status: 500 });
  for (let i = 0; i < 4; i++) {
    assert.equal((await send()).status, 500);
    clock.advance(1000);
  }
  clock.advance(1000);
  assert.equal((await send()).status, 200);
  assert.deepEqual((await requestJson(`${emulator.url}/_emulator/faults`)).body.faults, []);
});

test('{pixelId} limits a fault to one pixel', async (t) => {
  const { emulator, send } = await setup(t);
  await addFaults(emulator.url, { pixelId: '5678', status: 500 });
  assert.equal((await send(['a'], '1234')).status, 200);
  assert.equal((await send(['a'], '5678')).status, 500);
});

test('DELETE /_emulator/faults clears pending faults', async (t) => {
  const { emulator, send } = await setup(t);
  await addFaults(emulator.url, { times: 5, status: 500 });
  await requestJson(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  assert.equal((await send()).status, 200);
});

test('a malformed fault script is refused with a readable message', async (t) => {
  const { emulator } = await setup(t);
  for (const bad of [{ tims: 3, status: 500 }, { times: 0, status: 500 }, { drop: true, status: 500 }, {}, 'x', { error: { message: 'no code' } }]) {
    const response = await addFaults(emulator.url, bad);
    assert.equal(response.status, 400, JSON.stringify(bad));
    assert.match(response.body.error.message, /^Could not read the fault script: /);
  }
  const broken = await requestJson(`${emulator.url}/_emulator/faults`, { method: 'POST', body: '{' });
  assert.equal(broken.status, 400);
});
