// The Graph API endpoint as a whole: tokens, body forms, the 1..1000 limit, recording and secrecy.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { emulatorFor, listEvents, manualClock, postEvents, requestJson, validEvent } from '../../test/helpers.js';

const SECRET = 'EAAB-very-secret-token-123';

test('a missing access token is refused with code 190 (HTTP 400)', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  const response = await requestJson(`${emulator.url}/v25.0/1234/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: [validEvent(clock.seconds())] }),
  });
  assert.equal(response.status, 400);
  assert.equal(response.body.error.code, 190);
  assert.equal(response.body.error.type, 'OAuthException');
});

test('a token outside acceptedTokens is refused with code 190 (HTTP 401); a listed one passes', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now, acceptedTokens: ['good'] });
  const bad = await postEvents(emulator.url, { access_token: 'bad', data: [validEvent(clock.seconds())] });
  assert.equal(bad.status, 401);
  assert.equal(bad.body.error.code, 190);
  const good = await postEvents(emulator.url, { access_token: 'good', data: [validEvent(clock.seconds())] });
  assert.equal(good.status, 200);
});

test('the token may come in the query string, and form-encoded bodies carry data as JSON', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  const form = new URLSearchParams({ data: JSON.stringify([validEvent(clock.seconds())]), test_event_code: 'TEST123' });
  const response = await requestJson(`${emulator.url}/v24.0/1234/events?access_token=q`, { method: 'POST', body: form });
  assert.equal(response.status, 200);
  assert.equal(response.body.events_received, 1);
  const [event] = await listEvents(emulator.url);
  assert.equal(event.test_event_code, 'TEST123');
  assert.equal(event.source, 'server');
  assert.equal(event.status, 'kept');
  assert.deepEqual(event.match_keys, ['client_ip_address', 'client_user_agent', 'em', 'fbp']);
  assert.equal(event.received_at, clock.now());
});

test('data must hold 1 to 1000 events; 1000 go in one request', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  const many = (n: number) => Array.from({ length: n }, (_, i) => validEvent(clock.seconds(), { event_id: `e${i}` }));
  for (const data of [[], many(1001), 'nope', undefined]) {
    const response = await postEvents(emulator.url, data === undefined ? {} : { data });
    assert.equal(response.status, 400, JSON.stringify(data)?.slice(0, 40));
    assert.equal(response.body.error.code, 100);
  }
  const ok = await postEvents(emulator.url, { data: many(1000) });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.events_received, 1000);
  const { body } = await requestJson(`${emulator.url}/_emulator/requests`);
  assert.equal(body.pixels['1234'].accepted, 1);
  assert.equal(body.pixels['1234'].requests, 5);
  assert.equal(body.total.rejected, 4);
  assert.ok(body.total.bytes > 100_000);
});

test('malformed JSON and a non-numeric pixel id get Meta-style errors', async (t) => {
  const emulator = await emulatorFor(t);
  const broken = await requestJson(`${emulator.url}/v25.0/1234/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"access_token":"x","data":[',
  });
  assert.equal(broken.status, 400);
  assert.equal(broken.body.error.code, 100);
  const wrongPixel = await postEvents(emulator.url, { data: [validEvent(Math.floor(Date.now() / 1000))] }, 'my-pixel');
  assert.equal(wrongPixel.status, 400);
  assert.equal(wrongPixel.body.error.error_subcode, 33);
});

test('rejected requests are recorded with test_event_code, and the access token is never stored or shown', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  await postEvents(emulator.url, { access_token: SECRET, test_event_code: 'TEST9', data: [validEvent(clock.seconds(), { event_time: 1 })] });
  await postEvents(emulator.url, { access_token: SECRET, data: [validEvent(clock.seconds())] });
  await requestJson(`${emulator.url}/v25.0/1234/events?access_token=${SECRET}`, { method: 'POST', body: 'x' });
  const { body } = await requestJson(`${emulator.url}/_emulator/rejections`);
  assert.equal(body.rejections.length, 2);
  const [first] = body.rejections;
  assert.equal(first.test_event_code, 'TEST9');
  assert.equal(first.http_status, 400);
  assert.equal(first.error.error_subcode, 2804003);
  assert.deepEqual(first.events, [{ index: 0, event_name: 'Lead', event_id: 'evt-1' }]);
  for (const path of ['/_emulator/events', '/_emulator/rejections', '/_emulator/requests', '/_emulator/faults', '/']) {
    const text = await (await fetch(emulator.url + path)).text();
    assert.ok(!text.includes(SECRET), `${path} must not contain the token`);
  }
});

test('unknown paths answer 404 and the emulator survives garbage', async (t) => {
  const emulator = await emulatorFor(t);
  const response = await requestJson(`${emulator.url}/v25.0/1234/nope`);
  assert.equal(response.status, 404);
  const api = await requestJson(`${emulator.url}/_emulator/nope`);
  assert.equal(api.status, 405);
  assert.equal((await requestJson(`${emulator.url}/_emulator/events`)).status, 200);
});

test('Limited Data Use, opt-out and referrer fields are recorded as sent', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  const event = validEvent(clock.seconds(), {
    referrer_url: 'https://www.facebook.com/',
    opt_out: true,
    data_processing_options: ['LDU'],
    data_processing_options_country: 1,
    data_processing_options_state: 1000,
  });
  const response = await postEvents(emulator.url, { data: [event] });
  assert.equal(response.status, 200);
  const [recorded] = await listEvents(emulator.url);
  assert.equal(recorded.referrer_url, 'https://www.facebook.com/');
  assert.equal(recorded.opt_out, true);
  assert.deepEqual(recorded.data_processing_options, ['LDU']);
  assert.equal(recorded.data_processing_options_country, 1);
  assert.equal(recorded.data_processing_options_state, 1000);
  const plain = await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: 'plain' })] });
  assert.equal(plain.status, 200);
  const second = (await listEvents(emulator.url)).find((e: { event_id?: string }) => e.event_id === 'plain');
  assert.equal('opt_out' in second, false, 'absent fields stay absent');
});

test("a garbled request path is the client's mistake: a Graph API error (4xx), never a 500", async (t) => {
  const emulator = await emulatorFor(t);
  const raw = (path: string) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(emulator.url, { method: 'POST', path, headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ access_token: 't', data: [] }));
    });
  const malformedEscape = await raw('/v25.0/%E0/events');
  assert.equal(malformedEscape.status, 400);
  assert.deepEqual([malformedEscape.body.error.code, malformedEscape.body.error.error_subcode], [100, 33]);
  const notAUrl = await raw('//');
  assert.equal(notAUrl.status, 400);
  assert.equal(notAUrl.body.error.code, 100);
});
