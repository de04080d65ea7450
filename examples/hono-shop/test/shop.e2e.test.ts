// The end-to-end proof on Hono: the one-page shop in headless Chromium, /twinfire.js running the emulator's
// fbevents.js (one-tag mode), the web handler receiving the mirrors, the emulator as Meta.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAdaptorServer } from '@hono/node-server';
import { type RunningEmulator, startEmulator } from '@twinfire/emulator';
import { collectPageProblems, type EmulatorEvent, type Listening, launchChromium, listen, waitForEmulatorEvents } from '@twinfire/testkit';
import type { Browser } from 'playwright-core';
import { createShop } from '../src/shop.js';

const PIXEL = '1234567890';
let emulator: RunningEmulator;
let shop: Listening;
let tf: ReturnType<typeof createShop>['tf'];
let browser: Browser;

before(async () => {
  emulator = await startEmulator({ port: 0, acceptedTokens: ['e2e-token'] });
  const created = createShop({ pixelId: PIXEL, accessToken: 'e2e-token', graphUrl: emulator.url, fbeventsUrl: `${emulator.url}/fbevents.js` });
  tf = created.tf;
  shop = await listen(createAdaptorServer({ fetch: created.app.fetch }) as Parameters<typeof listen>[0]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await shop?.close();
  await tf?.close();
  await emulator?.close();
});

/** Polls the emulator (flushing twinfire's queue) until `done` holds, or fails with the last state. */
const waitForEvents = (done: (list: EmulatorEvent[]) => boolean, what: string) => waitForEmulatorEvents(emulator.url, () => tf.flush(), done, what);

const FIRED = ['PageView', 'ViewContent', 'AddToCart', 'InitiateCheckout'];

test('every Pixel event of the page has its server twin, and the twin is deduplicated against it', async () => {
  const context = await browser.newContext();
  const pageErrors: string[] = [];
  const page = collectPageProblems(await context.newPage(), pageErrors);
  await page.goto(`${shop.url}/`);
  await page.click('#add-to-cart');
  await page.click('#checkout');
  await page.waitForSelector('#status:has-text("Checking out")');

  const paired = (all: EmulatorEvent[]) =>
    FIRED.every((name) => all.some((b) => b.source === 'browser' && b.event_name === name)) &&
    all.filter((b) => b.source === 'browser').every((b) => all.some((s) => s.source === 'server' && s.event_id === b.event_id));
  const list = await waitForEvents(paired, 'every browser event and its server twin');

  const browserEvents = list.filter((e) => e.source === 'browser');
  assert.deepEqual(browserEvents.map((e) => e.event_name).sort(), [...FIRED].sort(), 'each fbq call reached the Pixel once');
  for (const b of browserEvents) {
    assert.ok(b.event_id, `browser ${b.event_name} carries an eventID`);
    assert.equal(b.pixel_id, PIXEL);
    assert.equal(b.status, 'kept', `browser ${b.event_name}`);
    const twins = list.filter((s) => s.source === 'server' && s.event_id === b.event_id);
    assert.equal(twins.length, 1, `exactly one server twin for ${b.event_name} ${b.event_id}`);
    assert.equal(twins[0]!.event_name, b.event_name);
    assert.equal(twins[0]!.pixel_id, PIXEL);
    assert.equal(twins[0]!.status, 'deduplicated', `the server ${b.event_name} is deduplicated against the browser's`);
    assert.equal(twins[0]!.user_data?.client_ip_address, '127.0.0.1', "the visitor's IP, from the connection");
  }
  assert.equal(list.length, 2 * FIRED.length, 'nothing but the pairs');
  assert.deepEqual(pageErrors, []);
  await context.close();
});
