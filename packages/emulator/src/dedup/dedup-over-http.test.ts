// The dedup rules end to end: a Pixel hit and a Graph API twin, with the emulator's clock moved by hand.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emulatorFor, listEvents, manualClock, pixelHit, postEvents, validEvent } from '../../test/helpers.js';

const MIN = 60_000;

test('server first, browser 5 min later: the browser copy is kept and the server copy deduplicated', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  assert.equal((await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: 'p-1' })] })).status, 200);
  clock.advance(5 * MIN);
  assert.equal(await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'p-1' }), 200);
  const [server, browser] = await listEvents(emulator.url);
  assert.equal(server.source, 'server');
  assert.equal(server.status, 'deduplicated');
  assert.equal(browser.source, 'browser');
  assert.equal(browser.status, 'kept');
  assert.equal(browser.received_at - server.received_at, 5 * MIN);
});

test('server first, browser 5 min + 1 ms later: the server copy stays, the browser copy is deduplicated', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: 'p-2' })] });
  clock.advance(5 * MIN + 1);
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'p-2' });
  const [server, browser] = await listEvents(emulator.url);
  assert.equal(server.status, 'kept');
  assert.equal(browser.status, 'deduplicated');
});

test('browser first, server twin 48 h + 1 s later is kept (the window closed), within 48 h it is deduplicated', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'a' });
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'b' });
  clock.advance(48 * 60 * MIN);
  await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: 'a' })] });
  clock.advance(1000);
  await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: 'b' })] });
  const events = await listEvents(emulator.url);
  assert.deepEqual(
    events.map((e) => [e.source, e.event_id, e.status]),
    [
      ['browser', 'a', 'kept'],
      ['browser', 'b', 'kept'],
      ['server', 'a', 'deduplicated'],
      ['server', 'b', 'kept'],
    ],
  );
});
