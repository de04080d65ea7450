/**
 * End to end: Meta's base code (pointed at the emulator's fbevents.js stand-in) and `/twinfire.js` served
 * by @twinfire/express, whose Conversions API calls go to the emulator. Every browser event must have
 * exactly one server twin with the same pixel, event_name and event_id, and Meta's rule must deduplicate
 * the pair.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type EventRecord, type RunningEmulator, startEmulator } from '@twinfire/emulator';
import { type Twinfire, twinfire } from '@twinfire/express';
import { type Listening, launchChromium, listen } from '@twinfire/testkit';
import express from 'express';
import type { Browser } from 'playwright-core';
import { baseCode } from '../test/base-code.ts';
import { openPage, waitFor } from '../test/browser.ts';
import { EARLY_CALLS, LATE_CALLS, POST_LOAD_CALLS } from '../test/scenario.ts';
import type { Site } from '../test/site.ts';

let browser: Browser;
let emulator: RunningEmulator;
let server: Listening;
let middleware: Twinfire;

before(async () => {
  browser = await launchChromium();
  emulator = await startEmulator({ port: 0 });
  middleware = twinfire({
    pixels: [
      { id: '111', accessToken: 'token-111' },
      { id: '222', accessToken: 'token-222' },
    ],
    graphUrl: emulator.url,
    flushIntervalMs: 50,
  });
  const app = express();
  app.use(middleware);
  app.get('/', (_req, res) => {
    res
      .type('html')
      .send(
        `<!doctype html><html><head><script>${baseCode(`${emulator.url}/fbevents.js`)}</script>` +
          `<script src="/twinfire.js"></script><script>${EARLY_CALLS}${LATE_CALLS}</script></head><body>shop</body></html>`,
      );
  });
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  server = await listen(app);
});

after(async () => {
  await browser?.close();
  await middleware?.close();
  await server?.close();
  await emulator?.close();
});

async function events(): Promise<EventRecord[]> {
  return ((await (await fetch(`${emulator.url}/_emulator/events`)).json()) as { events: EventRecord[] }).events;
}

test('through @twinfire/express to the emulator: every browser event is paired with its server twin and deduplicated', async () => {
  const site = { source: 'emulator', fbeventsUrl: `${emulator.url}/fbevents.js` } as Site;
  const opened = await openPage(browser, site);
  await opened.page.goto(`http://www.shop.example.test:${server.port}/?fbclid=E2E_click`);
  await opened.page.waitForFunction(() => typeof (window as unknown as { fbq: { callMethod?: unknown } }).fbq.callMethod === 'function');
  await opened.page.evaluate(POST_LOAD_CALLS);

  // 6 track/trackCustom events x 2 pixels, 2 trackSingle before load; after load 2 x 2 + 1.
  const expected = 6 * 2 + 2 + 2 * 2 + 1;
  await waitFor(async () => (await events()).filter((e) => e.source === 'browser').length >= expected, 10_000, 'browser events');
  await waitFor(
    async () => {
      await middleware.flush();
      return (await events()).filter((e) => e.source === 'server').length >= expected;
    },
    10_000,
    'server events',
  );
  await new Promise((resolve) => setTimeout(resolve, 300));

  const all = await events();
  const browserEvents = all.filter((e) => e.source === 'browser');
  const serverEvents = all.filter((e) => e.source === 'server');
  assert.equal(browserEvents.length, expected);
  assert.equal(serverEvents.length, expected, 'one server twin per browser event, no more');
  for (const b of browserEvents) {
    assert.ok(b.event_id, `${b.event_name} carries an eventID`);
    const twins = serverEvents.filter((s) => s.pixel_id === b.pixel_id && s.event_name === b.event_name && s.event_id === b.event_id);
    assert.equal(twins.length, 1, `${b.pixel_id} ${b.event_name} ${b.event_id}: one server twin`);
    const twin = twins[0]!;
    const statuses = [b.status, twin.status].sort();
    assert.deepEqual(statuses, ['deduplicated', 'kept'], `${b.event_name}: the pair is deduplicated`);
    const dropped = b.status === 'deduplicated' ? b : twin;
    assert.equal(dropped.dedup_rule, 'event_id');
    assert.match(String(b.user_data?.fbp), /^fb\.1\.\d{13}\.\d+$/, `${b.event_name}: the Pixel sent an fbp`);
    assert.equal(twin.user_data?.fbp, b.user_data?.fbp, `${b.event_name}: same fbp on both copies`);
    assert.equal(twin.user_data?.fbc, b.user_data?.fbc, `${b.event_name}: same fbc on both copies`);
  }
  assert.match(String(serverEvents[0]!.user_data?.fbc), /^fb\.1\.\d{13}\.E2E_click$/);
  assert.deepEqual(opened.problems, []);
  await opened.context.close();
});

test('a HeadlessChrome visit is a bot: its mirrors are answered reason "bot" and no server event is sent; as Chrome, the same page is mirrored', async () => {
  await fetch(`${emulator.url}/_emulator/events`, { method: 'DELETE' });
  const site = { source: 'emulator', fbeventsUrl: `${emulator.url}/fbevents.js` } as Site;
  const url = `http://www.shop.example.test:${server.port}/`;
  const mirrored = 8; // EARLY_CALLS and LATE_CALLS: 3 + 5 events, one mirror each
  const before = await middleware.stats();

  // `userAgent: undefined` keeps Chromium's own user agent; the testkit otherwise poses as a desktop Chrome.
  const headless = await openPage(browser, site, await browser.newContext({ userAgent: undefined }));
  // The mirrors of one task come in one batch body: its answer has one result per event.
  const answers: { event_id?: string }[] = [];
  headless.page.on('requestfinished', async (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/twinfire') return;
    const answer = await (await request.response())?.json();
    answers.push(...(answer.results ?? [{ status: 202, ...answer }]));
  });
  await headless.page.goto(url);
  assert.match(await headless.page.evaluate(() => navigator.userAgent), /HeadlessChrome\//);
  await waitFor(async () => answers.length >= mirrored, 10_000, 'the headless mirrors answered');
  for (const answer of answers) assert.deepEqual(answer, { status: 202, ok: true, event_id: answer.event_id, queued: 0, reason: 'bot' });
  await middleware.flush();
  assert.equal((await middleware.stats()).accepted, before.accepted, 'nothing queued');
  const bots = (await middleware.stats()).dropped.bot;
  assert.ok(bots > before.dropped.bot);
  assert.deepEqual(
    (await events()).filter((e) => e.source === 'server'),
    [],
    'no server event reached the emulator',
  );
  await headless.context.close();

  const visitor = await openPage(browser, site);
  await visitor.page.goto(url);
  assert.match(await visitor.page.evaluate(() => navigator.userAgent), /\) Chrome\/\d+\.0\.0\.0 Safari/);
  await waitFor(
    async () => {
      await middleware.flush();
      return (await events()).filter((e) => e.source === 'server').length > 0 && (await middleware.stats()).accepted >= before.accepted + mirrored;
    },
    10_000,
    'the Chrome visit mirrored',
  );
  assert.equal((await middleware.stats()).dropped.bot, bots, 'the Chrome visit dropped nothing as a bot');
  assert.deepEqual(headless.problems, []);
  assert.deepEqual(visitor.problems, []);
  await visitor.context.close();
});
