/**
 * Bursts, end to end: Meta's base code (the emulator's fbevents.js stand-in), `/twinfire.js` and the
 * endpoint served by @twinfire/express, the emulator as Meta. The mirrors of one task leave together in
 * batch bodies after the task; none is lost to Chromium's keepalive quota, to a navigation in the same
 * task, or to consent held then granted, and each has its server twin.
 */

import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { type EventRecord, type RunningEmulator, startEmulator } from '@twinfire/emulator';
import { type Twinfire, twinfire } from '@twinfire/express';
import { type Listening, launchChromium, listen } from '@twinfire/testkit';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { baseCode } from '../../test/base-code.ts';
import { openPage, sleep, waitFor } from '../../test/browser.ts';
import type { Site } from '../../test/site.ts';

let browser: Browser;
let emulator: RunningEmulator;
let server: Listening;
let middleware: Twinfire;
/** Bodies POSTed to /twinfire since the last reset, as the browser sent them (seen by playwright). */
let posts: string[] = [];
/** Delay before the endpoint reads a mirror body, ms: a slow server keeps beacons in flight. */
let delayMs = 0;

const HOST = 'www.shop.example.test';
// Fresh params per call, as a page passes them.
const BURST = `window.burst = (name, n) => { for (let i = 0; i < n; i++) fbq('trackCustom', name, { i, value: 1.5, currency: 'EUR' }); };`;

before(async () => {
  browser = await launchChromium();
  emulator = await startEmulator({ port: 0 });
  middleware = twinfire({
    pixels: [{ id: '111', accessToken: 'token-111' }],
    graphUrl: emulator.url,
    flushIntervalMs: 50,
    // A burst of 100 is 100 mirrors from one browser: the default limit (120 a minute) would cut the later tests.
    rateLimit: false,
    // A beacon sent while the page unloads goes out with Chromium's own HeadlessChrome User-Agent (the test's
    // desktop-Chrome override belongs to the page, gone by then): it would be dropped as a bot, unseen here.
    bots: 'keep',
  });
  const app = express();
  // Holds each mirror request before the endpoint reads it (its body waits in the socket).
  app.post('/twinfire', (_req, _res, next) => void setTimeout(next, delayMs));
  app.use(middleware);
  const page = (head: string) => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>shop</body></html>`;
  const tag = (config = '') =>
    `<script>${config}${baseCode(`${emulator.url}/fbevents.js`)}</script><script src="/twinfire.js"></script><script>fbq('init', '111', { em: 'jane@example.com' }); ${BURST}</script>`;
  app.get('/', (_req, res) => void res.type('html').send(page(tag())));
  app.get('/consent', (_req, res) => void res.type('html').send(page(tag(`window.twinfireConfig = { consent: 'required' };`))));
  app.get('/next', (_req, res) => void res.type('html').send(page('<title>next</title>')));
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  server = await listen(app);
});

after(async () => {
  await browser?.close();
  await middleware?.close();
  await server?.close();
  await emulator?.close();
});

beforeEach(async () => {
  await fetch(`${emulator.url}/_emulator/events`, { method: 'DELETE' });
  posts = [];
  delayMs = 0;
});

async function events(): Promise<EventRecord[]> {
  return ((await (await fetch(`${emulator.url}/_emulator/events`)).json()) as { events: EventRecord[] }).events;
}

/** Waits until the Pixel's `n` hits named `name` reached the emulator (each is a request of its own, and may lag). */
async function pixelHits(name: string, n: number, timeout = 15_000): Promise<EventRecord[]> {
  const hits = async () => (await events()).filter((e) => e.source === 'browser' && e.event_name === name);
  await waitFor(async () => (await hits()).length >= n, timeout, `${n} ${name} Pixel hits`).catch(async (error) => {
    throw new Error(`${error.message} (got ${(await hits()).length})`);
  });
  return hits();
}

/** Waits until `n` server events named `name` reached the emulator, and returns them. */
async function serverTwins(name: string, n: number, timeout = 15_000): Promise<EventRecord[]> {
  const twins = async () => (await events()).filter((e) => e.source === 'server' && e.event_name === name);
  await waitFor(
    async () => {
      await middleware.flush();
      return (await twins()).length >= n;
    },
    timeout,
    `${n} ${name} server events`,
  ).catch(async (error) => {
    throw new Error(`${error.message} (got ${(await twins()).length}; stats ${JSON.stringify(await middleware.stats())})`);
  });
  await sleep(200);
  await middleware.flush();
  return twins();
}

async function open(path: string): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const site = { source: 'emulator', fbeventsUrl: `${emulator.url}/fbevents.js` } as Site;
  const opened = await openPage(browser, site);
  opened.page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/twinfire') posts.push(request.postData() ?? '');
  });
  await opened.page.goto(`http://${HOST}:${server.port}${path}`);
  await opened.page.waitForFunction(() => typeof (window as unknown as { fbq: { callMethod?: unknown } }).fbq.callMethod === 'function');
  return { page: opened.page, problems: opened.problems, close: () => opened.context.close() };
}

const burst = (page: Page, name: string, n: number) =>
  page.evaluate(([name, n]) => (window as unknown as { burst: (name: string, n: number) => void }).burst(name, n), [name, n] as const);

test('100 fbq calls in one task: all 100 mirrored in 2 batch bodies, shared fields written once, each twinned at the emulator', async () => {
  const { page, problems, close } = await open('/');
  await sleep(300); // the page's own mirrors (none here: init only) and any stray beacon
  posts = [];
  await burst(page, 'Burst', 100);

  const twins = await serverTwins('Burst', 100);
  const browserEvents = await pixelHits('Burst', 100);
  assert.equal(browserEvents.length, 100, 'the Pixel sent all 100');
  assert.equal(twins.length, 100, 'one server twin each, no more');
  assert.deepEqual(new Set(twins.map((e) => e.event_id)), new Set(browserEvents.map((e) => e.event_id)), 'same ids on both sides');
  assert.equal(new Set(twins.map((e) => e.event_id)).size, 100);

  assert.equal(posts.length, 2, `ceil(100 / 50) bodies, got ${posts.length}`);
  for (const body of posts) {
    const batch = JSON.parse(body);
    assert.equal(batch.v, 1);
    assert.equal(batch.events.length, 50);
    assert.deepEqual(batch.pixel_ids, ['111'], 'shared fields at the top level');
    assert.equal(batch.user_data.em, 'jane@example.com');
    assert.match(batch.event_source_url, /\/$/);
    assert.match(batch.fbp, /^fb\.\d\.\d{13}\.\d+$/, 'one cookie read for the batch');
    assert.equal(batch.event_name, 'Burst');
    for (const event of batch.events) {
      for (const key of ['v', 'event_name', 'pixel_ids', 'user_data', 'event_source_url', 'fbp'])
        assert.equal(key in event, false, `${key} is not repeated per event`);
    }
    assert.ok(body.length < 16_000, `${body.length} characters`);
  }
  // In the order of the calls.
  assert.deepEqual(
    posts.flatMap((body) => JSON.parse(body).events.map((e: { custom_data: { i: number } }) => e.custom_data.i)),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.deepEqual(problems, []);
  await close();
});

for (const timer of ['the flush timer', 'no flush timer (pagehide alone)']) {
  test(`100 calls then location.href in the same task, ${timer}: none lost`, async () => {
    const { page, problems, close } = await open('/');
    const name = timer === 'the flush timer' ? 'BeforeNav' : 'BeforeNavHide';
    await page.evaluate(
      ([name, stubTimer]) => {
        // The timer stubbed: only the pagehide (or visibilitychange) flush can send the mirrors.
        if (stubTimer) window.setTimeout = (() => 0) as unknown as typeof window.setTimeout;
        (window as unknown as { burst: (name: string, n: number) => void }).burst(name, 100);
        location.href = '/next';
      },
      [name, timer !== 'the flush timer'] as const,
    );
    await page.waitForURL(/\/next$/);
    const twins = await serverTwins(name, 100);
    assert.equal(new Set(twins.map((e) => e.event_id)).size, 100, 'all 100 mirrored and twinned');
    assert.ok(posts.length <= 3, `${posts.length} bodies`);
    assert.deepEqual(problems, []);
    await close();
  });
}

test('consent required: a burst is held, then sent on grant in one batch with consent "granted", and twinned', async () => {
  const { page, problems, close } = await open('/consent');
  await burst(page, 'Held', 30);
  await sleep(500);
  assert.deepEqual(posts, [], 'nothing sent while consent is denied');
  await page.evaluate(() => (window as unknown as { fbq: (...a: unknown[]) => void }).fbq('consent', 'grant'));
  const twins = await serverTwins('Held', 30);
  assert.equal(new Set(twins.map((e) => e.event_id)).size, 30);
  assert.equal(posts.length, 1, 'the held events leave together');
  const batch = JSON.parse(posts[0]!);
  assert.equal(batch.consent, 'granted');
  assert.deepEqual(
    batch.events.map((e: { custom_data: { i: number } }) => e.custom_data.i),
    Array.from({ length: 30 }, (_, i) => i),
    'in the order of the calls',
  );
  assert.deepEqual(problems, []);
  await close();
});

test('calls then a consent revoke in the same task: the batch goes as denied, nothing is sent to Meta and no cookie is set', async () => {
  const { page, problems, close } = await open('/');
  await sleep(300);
  posts = [];
  const answers: { status: number; cookies: string | null }[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/twinfire') answers.push({ status: response.status(), cookies: response.headers()['set-cookie'] ?? null });
  });
  await page.evaluate(() => {
    const fbq = (window as unknown as { fbq: (...a: unknown[]) => void }).fbq;
    fbq('trackCustom', 'Revoked', { i: 1 });
    fbq('trackCustom', 'Revoked', { i: 2 });
    fbq('consent', 'revoke');
  });
  await waitFor(async () => answers.length > 0, 5000, 'the answer to the batch');
  await sleep(300);
  await middleware.flush();
  assert.equal(posts.length, 1);
  const batch = JSON.parse(posts[0]!);
  assert.equal(batch.consent, 'denied', 'the revoke that came before the send wins');
  assert.equal('fbp' in batch, false, 'no cookie read for it');
  assert.equal(answers[0]!.cookies, null, 'the server set no cookie');
  assert.equal((await events()).filter((e) => e.source === 'server' && e.event_name === 'Revoked').length, 0, 'nothing sent to Meta');
  assert.deepEqual(problems, []);
  await close();
});

test("a slow server and 20 bursts of 100 in a row: Chromium's keepalive quota refuses beacons, fetch (no keepalive) takes them, none lost", async () => {
  delayMs = 1500;
  const { page, problems, close } = await open('/');
  await sleep(300);
  posts = [];
  const seen = await page.evaluate(async () => {
    const w = window as unknown as { burst: (name: string, n: number) => void };
    const beacon = navigator.sendBeacon.bind(navigator);
    const fetchFn = window.fetch;
    const seen = { refused: 0, keepalive: [] as unknown[] };
    navigator.sendBeacon = (url, body) => beacon(url, body) || (seen.refused++, false);
    window.fetch = (input, init) => (seen.keepalive.push(init?.keepalive), fetchFn(input, init));
    for (let b = 0; b < 20; b++) {
      w.burst('Flood', 100);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return seen;
  });
  assert.ok(seen.refused > 0, 'the quota was reached (else this test proves nothing)');
  assert.ok(
    seen.keepalive.every((k) => !k),
    'the fallback fetch has no keepalive while the page lives',
  );
  const twins = await serverTwins('Flood', 2000, 60_000);
  assert.equal(new Set(twins.map((e) => e.event_id)).size, 2000, '2000 of 2000 mirrored and twinned');
  assert.deepEqual(problems, []);
  await close();
});
