// The end-to-end proof: the demo shop in headless Chromium, Meta's base code loading the emulator's
// fbevents.js, twinfire's script and middleware, the emulator as Meta.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { startEmulator } from '@twinfire/emulator';
import {
  collectPageProblems,
  desktopChromeUserAgent,
  type EmulatorEvent,
  emulatorEvents,
  type Listening,
  launchChromium,
  listen,
  waitForEmulatorEvents,
} from '@twinfire/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createShop } from '../src/app.js';
import { FUNNEL, walkFunnel as walkShopFunnel } from './funnel.js';

const PIXEL = '1234567890';
let emulator: Awaited<ReturnType<typeof startEmulator>>;
let shop: Listening;
let tf: ReturnType<typeof createShop>['tf'];
let store: ReturnType<typeof createShop>['store'];
let browser: Browser;
let context: BrowserContext;
const pageErrors: string[] = [];
// The shop runs as the demo does: with the durable SQLite outbox.
const dataDir = mkdtempSync(path.join(tmpdir(), 'twinfire-shop-'));

before(async () => {
  emulator = await startEmulator({ port: 0 });
  const created = createShop({
    realMode: false,
    pixelId: PIXEL,
    accessToken: 'e2e-token',
    graphUrl: emulator.url,
    pixelScriptUrl: `${emulator.url}/fbevents.js`,
    emulatorUrl: emulator.url,
    outboxFile: path.join(dataDir, 'twinfire.db'),
  });
  tf = created.tf;
  store = created.store;
  shop = await listen(created.app);
  browser = await launchChromium();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await tf?.close();
  await shop?.close();
  await emulator?.close();
  rmSync(dataDir, { recursive: true, force: true });
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

const events = () => emulatorEvents(emulator.url);
/** Polls the emulator (flushing twinfire's queue) until `done` holds, or fails with the last state. */
const waitForEvents = (done: (list: EmulatorEvent[]) => boolean, what: string) => waitForEmulatorEvents(emulator.url, () => tf.flush(), done, what);

/** The event id the shop stored with the order: its signed Purchase intent. */
function intentOf(orderId: string): string {
  const eventId = store.order(orderId)?.eventId as string;
  assert.match(eventId, /^tfi1\./, "the order's Purchase uses an intent");
  return eventId;
}

/** Walks the funnel (see funnel.ts); returns the order's event id. */
const walkFunnel = async (page: Page): Promise<string> => intentOf(await walkShopFunnel(page, shop.url));

test('every Pixel event has a server twin with the same name and id, and the pair is deduplicated', async () => {
  const page = await newPage();
  const orderEventId = await walkFunnel(page);
  const list = await waitForEvents((all) => {
    const browserEvents = all.filter((e) => e.source === 'browser');
    const names = new Set(browserEvents.map((e) => e.event_name));
    return (
      FUNNEL.every((n) => names.has(n)) &&
      browserEvents.every((b) => all.some((s) => s.source === 'server' && s.event_id === b.event_id && s.event_name === b.event_name))
    );
  }, 'every browser event to have its server twin');

  const browserEvents = list.filter((e) => e.source === 'browser');
  assert.ok(browserEvents.length >= 8, `a PageView per page plus the funnel events, got ${browserEvents.length}`);
  for (const b of browserEvents) {
    assert.ok(b.event_id, `browser ${b.event_name} carries an eventID`);
    const twins = list.filter((s) => s.source === 'server' && s.pixel_id === b.pixel_id && s.event_name === b.event_name && s.event_id === b.event_id);
    assert.equal(twins.length, 1, `exactly one server twin for ${b.event_name} ${b.event_id}`);
    const statuses = [b.status, twins[0]!.status].sort();
    assert.deepEqual(statuses, ['deduplicated', 'kept'], `${b.event_name} ${b.event_id} is one deduplicated pair`);
  }
  const purchase = list.find((e) => e.source === 'server' && e.event_name === 'Purchase');
  assert.equal(purchase?.event_id, orderEventId, "the server Purchase uses the order's intent");
  assert.equal(purchase?.custom_data?.value, 18);
  assert.ok(purchase?.match_keys.includes('em') && purchase.match_keys.includes('fbp'), `Purchase match keys: ${purchase?.match_keys}`);
  const lead = list.find((e) => e.source === 'server' && e.event_name === 'Lead');
  assert.ok(lead?.match_keys.includes('em'), 'the newsletter email reached the server Lead as a hashed em');
  // One-tag mode: the page's window.twinfireConfig.advancedMatching reached the served base code's fbq('init').
  const browserLead = list.find((e) => e.source === 'browser' && e.event_name === 'Lead');
  assert.ok(browserLead?.match_keys.includes('em'), `the Pixel's Lead carries the email as advanced matching: ${browserLead?.match_keys}`);
  assert.deepEqual(pageErrors, []);
});

test('with fbevents.js blocked, server events still arrive for every step', async () => {
  await context.route(`${emulator.url}/fbevents.js`, (route) => route.abort());
  const page = await newPage();
  await walkFunnel(page);
  const list = await waitForEvents((all) => {
    const names = new Set(all.filter((e) => e.source === 'server').map((e) => e.event_name));
    return FUNNEL.every((n) => names.has(n));
  }, 'a server event for every funnel step');
  assert.equal(list.filter((e) => e.source === 'browser').length, 0, 'no browser events: the Pixel was blocked');
  for (const name of FUNNEL)
    assert.ok(
      list.some((e) => e.source === 'server' && e.event_name === name && e.event_id),
      `server ${name}`,
    );
  assert.deepEqual(
    pageErrors.filter((e) => !e.includes('fbevents.js') && !e.includes('ERR_FAILED')),
    [],
  );
});

test('with consent revoked nothing is sent and no cookie is written', async () => {
  const page = await newPage();
  await page.goto(`${shop.url}/consent/revoke`);
  await walkFunnel(page);
  // Give any stray beacon time to land, then deliver whatever was queued.
  await page.waitForTimeout(500);
  await tf.flush();
  assert.deepEqual(await events(), [], 'the emulator received nothing');
  const cookies = (await context.cookies()).map((c) => c.name).sort();
  assert.deepEqual(cookies, ['shop_consent', 'shop_sid']);

  // Belt and braces: a mirror forged with consent "granted" by a declined visitor is refused by the server.
  const before = (await tf.stats()).dropped.consent;
  const response = await fetch(`${shop.url}/twinfire`, {
    method: 'POST',
    // A browser's user agent: Node's own (`node`) would be dropped as a bot before consent is looked at.
    headers: { 'content-type': 'text/plain', origin: shop.url, cookie: 'shop_consent=denied', 'user-agent': desktopChromeUserAgent(browser) },
    body: JSON.stringify({
      v: 1,
      event_name: 'Lead',
      event_id: 'forged-1',
      event_time: Math.floor(Date.now() / 1000),
      event_source_url: `${shop.url}/`,
      consent: 'granted',
    }),
  });
  assert.equal(response.status, 202);
  assert.equal((await tf.stats()).dropped.consent, before + 1);
  await tf.flush();
  assert.deepEqual(await events(), [], 'still nothing reached the emulator');
});

test('a Purchase value tampered in the browser does not change the server value', async () => {
  // Rewrite the thank-you page so its Pixel Purchase claims a value of 1.
  await context.route(/\/thank-you\/\d+$/, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/"value":\d+(\.\d+)?/, '"value":1');
    await route.fulfill({ response, body: html });
  });
  const page = await newPage();
  await page.goto(`${shop.url}/products/blanket-hearth`);
  await page.click('#add-to-cart');
  await page.click('#checkout');
  await page.fill('input[name=email]', 'tamper@example.com');
  await page.click('#place-order');
  await page.waitForURL(/\/thank-you\/\d+$/);
  const orderId = page.url().split('/').pop()!;
  const eventId = intentOf(orderId);
  // And a hand-made mirror-worthy call with the same id from the console.
  await page.evaluate(
    (id) => (window as unknown as { fbq: (...a: unknown[]) => void }).fbq('track', 'Purchase', { value: 2, currency: 'EUR' }, { eventID: id }),
    eventId,
  );
  const list = await waitForEvents((all) => all.some((e) => e.source === 'browser' && e.event_name === 'Purchase'), 'the browser Purchase');
  await page.waitForTimeout(300);
  await tf.flush();
  const servers = (await events()).filter((e) => e.source === 'server' && e.event_name === 'Purchase' && e.event_id === eventId);
  assert.equal(servers.length, 1, 'one server Purchase for the order');
  assert.equal(servers[0]!.custom_data?.value, 89, 'the server value comes from the order');
  assert.ok(list.some((e) => e.source === 'browser' && e.custom_data?.value !== undefined));

  // Mirrors forged by hand: the order's intent with another value written in, or an id the server never signed.
  for (const forgedId of [eventId.replace('.89.EUR.', '.1.EUR.'), `order-${orderId}`]) {
    const forged = await fetch(`${shop.url}/twinfire`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: shop.url, 'user-agent': desktopChromeUserAgent(browser) },
      body: JSON.stringify({
        v: 1,
        event_name: 'Purchase',
        event_id: forgedId,
        event_time: Math.floor(Date.now() / 1000),
        event_source_url: `${shop.url}/`,
        custom_data: { value: 1, currency: 'EUR' },
      }),
    });
    assert.equal(forged.status, 403, forgedId);
    assert.equal(((await forged.json()) as { error: { code: string } }).error.code, 'invalid_intent');
  }
});

test('back-office actions send server-only events that Meta accepts', async () => {
  const page = await newPage();
  for (const [button, name, source] of [
    ['#renew', 'Subscribe', 'system_generated'],
    ['#qualify', 'QualifiedLead', 'system_generated'],
    ['#in-store', 'Purchase', 'physical_store'],
  ] as const) {
    await page.goto(`${shop.url}/admin`);
    await page.click(button);
    await page.waitForSelector('#notice');
    const list = await waitForEvents(
      (all) => all.some((e) => e.source === 'server' && e.event_name === name && e.action_source === source),
      `${name} (${source})`,
    );
    assert.ok(list.some((e) => e.event_name === name && e.status === 'kept'));
  }
  const rejections = (await (await fetch(`${emulator.url}/_emulator/rejections`)).json()) as { rejections: unknown[] };
  assert.deepEqual(rejections.rejections, [], 'the emulator rejected nothing');
});

test('an event Meta refuses shows up as a dead letter in the back office and can be retried', async () => {
  const month = new Date().toISOString().slice(0, 7);
  const eventId = tf.eventIdFor('Subscribe', `poison@example.com|${month}`);
  const fault = await fetch(`${emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ eventId, error: { code: 100, error_subcode: 2804050 } }),
  });
  assert.equal(fault.status, 200, await fault.text());
  const page = await newPage();
  await page.goto(`${shop.url}/admin`);
  await page.fill('form[action="/admin/renewal"] input[name=email]', 'poison@example.com');
  await page.click('#renew');
  await page.waitForSelector('#notice');
  const deadline = Date.now() + 10_000;
  while ((await tf.stats()).dead === 0 && Date.now() < deadline) {
    await tf.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await page.goto(`${shop.url}/admin`);
  const table = await page.textContent('#dead-letters');
  assert.ok(table?.includes(eventId) && table.includes('2804050'), `dead letter listed with Meta's subcode: ${table}`);

  await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  await page.click('#retry-dead');
  await page.waitForSelector('#notice');
  await waitForEvents((all) => all.some((e) => e.source === 'server' && e.event_id === eventId), 'the retried Subscribe');
  assert.equal((await tf.stats()).dead, 0);
});

test("turning ads measurement off deletes the visitor's events still waiting to be sent", async () => {
  // Meta is down: the visitor's server events wait in the outbox.
  await fetch(`${emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ forMs: 60_000, status: 500 }),
  });
  const page = await newPage();
  await page.goto(`${shop.url}/products/candle-cinder`);
  const deadline = Date.now() + 10_000;
  while ((await tf.stats()).queued < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok((await tf.stats()).queued >= 2, `PageView and ViewContent queued, got ${(await tf.stats()).queued}`);
  const purgedBefore = (await tf.stats()).purged;
  await page.click('#consent-revoke');
  await page.waitForSelector('#consent-grant');
  assert.ok((await tf.stats()).purged >= purgedBefore + 2, 'the queued events were deleted');
  assert.equal((await tf.stats()).queued, 0);
  await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  await tf.flush();
  assert.deepEqual(
    (await events()).filter((e) => e.source === 'server'),
    [],
    'nothing reached Meta for this visitor',
  );
});
