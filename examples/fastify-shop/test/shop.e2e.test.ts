// The end-to-end proof on Fastify: the one-page shop in headless Chromium, its one tag loading twinfire's
// script and the emulator's fbevents.js, @twinfire/fastify receiving the mirrors, the emulator as Meta.

import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startEmulator } from '@twinfire/emulator';
import { collectPageProblems, type EmulatorEvent, launchChromium, waitForEmulatorEvents } from '@twinfire/testkit';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createShop } from '../src/app.js';

const PIXEL = '1234567890';
const VISIT = ['PageView', 'ViewContent', 'AddToCart', 'Purchase'];
let emulator: Awaited<ReturnType<typeof startEmulator>>;
let shop: FastifyInstance;
let shopUrl: string;
let browser: Browser;
let context: BrowserContext;
const pageErrors: string[] = [];

before(async () => {
  emulator = await startEmulator({ port: 0 });
  shop = await createShop({ pixelId: PIXEL, accessToken: 'e2e-token', graphUrl: emulator.url, fbeventsUrl: `${emulator.url}/fbevents.js` });
  shopUrl = await shop.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await shop?.close();
  await emulator?.close();
});

beforeEach(async () => {
  await context?.close();
  await fetch(`${emulator.url}/_emulator/events`, { method: 'DELETE' });
  context = await browser.newContext();
  pageErrors.length = 0;
});

async function newPage(): Promise<Page> {
  return collectPageProblems(await context.newPage(), pageErrors);
}

/** Polls the emulator (flushing twinfire's queue) until `done` holds, or fails with the last state. */
const waitForEvents = (done: (list: EmulatorEvent[]) => boolean, what: string) => waitForEmulatorEvents(emulator.url, () => shop.twinfire.flush(), done, what);

/** Opens the product page, adds to cart, buys. Returns the order's event id. */
async function visit(page: Page): Promise<string> {
  await page.goto(`${shopUrl}/`);
  await page.click('#add-to-cart');
  await page.click('#buy-now');
  await page.waitForSelector('#notice[data-event-id]');
  return (await page.getAttribute('#notice', 'data-event-id'))!;
}

test('every Pixel event has a server twin with the same name and id, and the pair is deduplicated', async () => {
  const page = await newPage();
  const orderEventId = await visit(page);
  const list = await waitForEvents((all) => {
    const browserEvents = all.filter((e) => e.source === 'browser');
    const names = new Set(browserEvents.map((e) => e.event_name));
    return (
      VISIT.every((n) => names.has(n)) &&
      browserEvents.every((b) => all.some((s) => s.source === 'server' && s.event_id === b.event_id && s.event_name === b.event_name))
    );
  }, 'every browser event to have its server twin');

  const browserEvents = list.filter((e) => e.source === 'browser');
  assert.equal(browserEvents.length, VISIT.length, `one of each: ${browserEvents.map((e) => e.event_name)}`);
  for (const b of browserEvents) {
    assert.ok(b.event_id, `browser ${b.event_name} carries an eventID`);
    const twins = list.filter((s) => s.source === 'server' && s.pixel_id === b.pixel_id && s.event_name === b.event_name && s.event_id === b.event_id);
    assert.equal(twins.length, 1, `exactly one server twin for ${b.event_name} ${b.event_id}`);
    assert.deepEqual([b.status, twins[0]!.status].sort(), ['deduplicated', 'kept'], `${b.event_name} ${b.event_id} is one deduplicated pair`);
  }
  const purchase = list.find((e) => e.source === 'server' && e.event_name === 'Purchase');
  assert.equal(purchase?.event_id, orderEventId, "the server Purchase is the order's, sent with fastify.twinfire.send()");
  assert.equal(purchase?.custom_data?.value, 18);
  assert.deepEqual(pageErrors, []);
});

test('with fbevents.js blocked, server events still arrive for every step', async () => {
  await context.route(`${emulator.url}/fbevents.js`, (route) => route.abort());
  const page = await newPage();
  await visit(page);
  const list = await waitForEvents((all) => {
    const names = new Set(all.filter((e) => e.source === 'server').map((e) => e.event_name));
    return VISIT.every((n) => names.has(n));
  }, 'a server event for every step');
  assert.equal(list.filter((e) => e.source === 'browser').length, 0, 'no browser events: the Pixel was blocked');
  assert.deepEqual(
    pageErrors.filter((e) => !e.includes('fbevents.js') && !e.includes('ERR_FAILED')),
    [],
  );
});
