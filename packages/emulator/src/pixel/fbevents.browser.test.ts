// The fbevents.js stand-in in real headless Chromium, loaded by Meta's public base code.

import assert from 'node:assert/strict';
import { after, before, type TestContext, test } from 'node:test';
import { launchChromium } from '@twinfire/testkit';
import type { Browser, Page } from 'playwright-core';
import { pageWith, siteFor, waitForEvents } from '../../test/browser.js';
import { emulatorFor, listEvents, sha256 } from '../../test/helpers.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

/** A fresh browser context per test, its console warnings and page errors collected. */
async function openPage(t: TestContext, url: string) {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as any).fbq.callMethod === 'function');
  return { page, warnings, errors };
}

const fbq = (page: Page, ...args: unknown[]) => page.evaluate((a) => (window as any).fbq(...a), args);

test('calls made before and after load arrive with their eventIDs; fbq stays the same object; no warning', async (t) => {
  const emulator = await emulatorFor(t);
  const site = await siteFor(t, pageWith(emulator.url, "window.stub = fbq; fbq('init', '1234'); fbq('track', 'PageView', {}, {eventID: 'pv-1'});"));
  const { page, warnings, errors } = await openPage(t, `${site.url}/product`);
  await fbq(page, 'track', 'AddToCart', { value: 9.5, currency: 'EUR', contents: [{ id: 'sku-1', quantity: 2 }] }, { eventID: 'atc-1' });
  const events = await waitForEvents(emulator.url, 2);
  // Each hit is its own request: compare what arrived, not in which order.
  assert.deepEqual(events.map((e) => [e.pixel_id, e.event_name, e.event_id, e.source, e.status]).sort(), [
    ['1234', 'AddToCart', 'atc-1', 'browser', 'kept'],
    ['1234', 'PageView', 'pv-1', 'browser', 'kept'],
  ]);
  const pageView = events.find((e) => e.event_name === 'PageView')!;
  const addToCart = events.find((e) => e.event_name === 'AddToCart')!;
  assert.equal(pageView.event_source_url, `${site.url}/product`);
  assert.deepEqual(addToCart.custom_data, { value: 9.5, currency: 'EUR', contents: [{ id: 'sku-1', quantity: 2 }] });
  const state = await page.evaluate(() => {
    const w = window as any;
    return { same: w.fbq === w.stub && w._fbq === w.stub, queue: w.fbq.queue.length, state: w.fbq.getState(), cookie: document.cookie };
  });
  assert.ok(state.same, 'window.fbq and window._fbq are still the base-code stub');
  assert.equal(state.queue, 0);
  assert.deepEqual(state.state.pixels, [{ id: '1234' }]);
  assert.match(pageView.user_data.fbp, /^fb\.0\.\d{13}\.\d+$/);
  assert.equal(addToCart.user_data.fbp, pageView.user_data.fbp, 'one _fbp for the visitor');
  assert.ok(state.cookie.includes(`_fbp=${pageView.user_data.fbp}`));
  assert.ok(pageView.match_keys.includes('client_user_agent'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(errors, []);
});

test('consent revoke holds calls on the queue; grant replays them in order', async (t) => {
  const emulator = await emulatorFor(t);
  const site = await siteFor(t, pageWith(emulator.url, "fbq('consent', 'revoke'); fbq('init', '1234'); fbq('track', 'Lead', {}, {eventID: 'lead-1'});"));
  const { page, errors } = await openPage(t, site.url);
  await fbq(page, 'track', 'Purchase', { value: 20, currency: 'USD' }, { eventID: 'buy-1' });
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal((await listEvents(emulator.url)).length, 0, 'nothing is sent while consent is revoked');
  // Held in the order of the calls: the grant replays the queue in this order.
  assert.deepEqual(
    await page.evaluate(() => (window as any).fbq.queue.map((call: ArrayLike<unknown>) => Array.from(call).slice(0, 2))),
    [
      ['init', '1234'],
      ['track', 'Lead'],
      ['track', 'Purchase'],
    ],
    'init, Lead and Purchase are held',
  );
  await fbq(page, 'consent', 'grant');
  const events = await waitForEvents(emulator.url, 2);
  // Two Image requests: they may land in either order.
  assert.deepEqual(events.map((e) => [e.event_name, e.event_id]).sort(), [
    ['Lead', 'lead-1'],
    ['Purchase', 'buy-1'],
  ]);
  assert.equal(await page.evaluate(() => (window as any).fbq.queue.length), 0);
  assert.deepEqual(errors, []);
});

test('track goes to every pixel, trackSingle to one; advanced matching arrives hashed; init alone sends nothing', async (t) => {
  const emulator = await emulatorFor(t);
  const site = await siteFor(
    t,
    pageWith(emulator.url, "fbq('init', '111', {em: 'Ada@Example.com', external_id: 'crm-7'}); fbq('init', '222'); fbq('set', 'autoConfig', false, '111');"),
  );
  const { page, errors } = await openPage(t, site.url);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await listEvents(emulator.url)).length, 0, 'no automatic PageView');
  await fbq(page, 'track', 'PageView', {}, { eventID: 'pv' });
  await fbq(page, 'trackSingle', '222', 'Lead', {}, { eventID: 'l' });
  await fbq(page, 'trackSingleCustom', '111', 'MyThing', { a: 1 }, { eventID: 'c' });
  await fbq(page, 'trackCustom', 'Both', {}, { eventID: 'b' });
  const events = await waitForEvents(emulator.url, 6);
  // Each hit is its own request, so hits may arrive in any order: compare which events reached which pixel.
  const byPixel = (id: string) =>
    events
      .filter((e) => e.pixel_id === id)
      .map((e) => `${e.event_name}:${e.event_id}`)
      .sort();
  assert.deepEqual(byPixel('111'), ['Both:b', 'MyThing:c', 'PageView:pv']);
  assert.deepEqual(byPixel('222'), ['Both:b', 'Lead:l', 'PageView:pv']);
  const first = events.find((e) => e.pixel_id === '111');
  assert.equal(first.user_data.em, sha256('ada@example.com'));
  assert.equal(first.user_data.external_id, sha256('crm-7'));
  assert.ok(first.match_keys.includes('em') && first.match_keys.includes('external_id'));
  assert.deepEqual(errors, []);
});

test('_fbc comes from fbclid and keeps its creation time while the click id is the same; cookie domain like the Pixel', async (t) => {
  const emulator = await emulatorFor(t);
  const site = await siteFor(t, pageWith(emulator.url, "fbq('init', '1234'); fbq('track', 'PageView');"));
  const url = `http://www.shop.example.test:${site.port}/landing?fbclid=IwAR_Ab-9`;
  const { page } = await openPage(t, url);
  await waitForEvents(emulator.url, 1);
  await page.goto(url);
  const [first, second] = await waitForEvents(emulator.url, 2);
  assert.match(first.user_data.fbc, /^fb\.1\.\d{13}\.IwAR_Ab-9$/, 'index 1: the cookie sits on example.test');
  assert.equal(second.user_data.fbc, first.user_data.fbc);
  assert.equal(second.user_data.fbp, first.user_data.fbp);
  assert.equal(first.event_id, undefined, 'no eventID given, none sent');
});

test('warns when window.fbq is not window._fbq, and never throws into the page', async (t) => {
  const emulator = await emulatorFor(t);
  const site = await siteFor(
    t,
    pageWith(
      emulator.url,
      "fbq('init', '1234'); fbq('track'); fbq('nonsense', 1); fbq('trackSingle', '999', 'Lead'); fbq('track', 'ViewContent', null, null);",
      'window._fbq = function () {};',
    ),
  );
  const { warnings, errors } = await openPage(t, site.url);
  const events = await waitForEvents(emulator.url, 1);
  assert.deepEqual(
    events.map((e) => e.event_name),
    ['ViewContent'],
  );
  assert.ok(
    warnings.some((w) => /window\.fbq and window\._fbq are different objects/.test(w)),
    warnings.join('\n'),
  );
  assert.deepEqual(errors, []);
});
