// The local Events Manager page in headless Chromium: it must show, as text, what the JSON API knows.

import assert from 'node:assert/strict';
import { after, before, type TestContext, test } from 'node:test';
import { launchChromium } from '@twinfire/testkit';
import type { Browser } from 'playwright-core';
import { pageWith, siteFor, waitForEvents } from '../../test/browser.js';
import { emulatorFor, pixelHit, postEvents, validEvent } from '../../test/helpers.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

async function newPage(t: TestContext) {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

test('a Pixel event and its server twin show as one deduplicated pair, with match keys and test code', async (t) => {
  const emulator = await emulatorFor(t);
  const site = await siteFor(t, pageWith(emulator.url, "fbq('init', '1234'); fbq('track', 'Purchase', {value: 42, currency: 'EUR'}, {eventID: 'order-77'});"));
  const { page, errors } = await newPage(t);
  await page.goto(site.url);
  await waitForEvents(emulator.url, 1);
  const now = Math.floor(Date.now() / 1000);
  const twin = validEvent(now, { event_name: 'Purchase', event_id: 'order-77', custom_data: { value: 42, currency: 'EUR' } });
  assert.equal((await postEvents(emulator.url, { data: [twin], test_event_code: 'TEST4242' })).status, 200);
  await postEvents(emulator.url, { data: [validEvent(now, { event_id: 'lonely' })] });

  await page.goto(`${emulator.url}/`);
  const row = page.locator('table.events tr', { hasText: 'order-77' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /Purchase/);
  assert.match(text, /deduplicated/);
  assert.match(text, /client_ip_address, client_user_agent, em, fbp/);
  assert.match(text, /TEST4242/);
  assert.match(await page.locator('table.events tr', { hasText: 'lonely' }).innerText(), /server only/);
  const names = await page.locator('table.names tr', { hasText: 'Purchase' }).innerText();
  assert.match(names, /Purchase\s+1\s+1\s+1\s+0\s+100%/);
  assert.match(await page.locator('header').innerText(), /3 events · 2 Graph API requests · 0 rejected/);
  assert.deepEqual(errors, []);
});

test('rejected requests show Meta-style error text; the page refreshes itself', async (t) => {
  const emulator = await emulatorFor(t);
  const { page } = await newPage(t);
  await page.goto(`${emulator.url}/`);
  await page.getByText('No events yet').waitFor();
  await postEvents(emulator.url, {
    access_token: 'SECRET-TOKEN-1',
    data: [validEvent(Math.floor(Date.now() / 1000), { event_id: 'old-1', event_time: 1000 })],
  });
  const rejection = page.locator('#rejections tr', { hasText: '2804003' });
  await rejection.waitFor({ timeout: 5000 });
  assert.match(await rejection.innerText(), /Event Timestamp Too Old.*Event 0: event_time 1000 is more than 7 days/s);
  assert.match(await page.locator('table.events tr', { hasText: 'old-1' }).innerText(), /rejected/);
  assert.ok(!(await page.content()).includes('SECRET-TOKEN-1'));
});

test('event names cannot inject HTML; dropped events are announced', async (t) => {
  const emulator = await emulatorFor(t, { maxEvents: 2 });
  const evil = '<img src=x onerror="window.pwned=1">';
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'a' });
  await pixelHit(emulator.url, { id: '1234', ev: evil, eid: '<b>bold</b>' });
  await pixelHit(emulator.url, { id: '<i>9</i>', ev: 'PageView' });
  const { page } = await newPage(t);
  await page.goto(`${emulator.url}/`);
  await page.locator('table.events').first().waitFor();
  assert.equal(await page.locator('main img, main b:text("bold"), main i').count(), 0);
  assert.ok((await page.locator('main').innerText()).includes(evil), 'shown as text');
  assert.equal(await page.evaluate(() => (window as any).pwned), undefined);
  assert.match(await page.locator('.notice').innerText(), /oldest 1 events were dropped.*latest 2/);
});

test('pixel ids and event names such as __proto__ or constructor are shown like any other, without page errors', async (t) => {
  const emulator = await emulatorFor(t);
  await pixelHit(emulator.url, { id: '__proto__', ev: '__proto__', eid: 'p1' });
  await pixelHit(emulator.url, { id: '1234', ev: 'constructor', eid: 'c1' });
  await pixelHit(emulator.url, { id: '1234', ev: 'toString', eid: 't1' });
  const { page, errors } = await newPage(t);
  await page.goto(`${emulator.url}/`);
  await page.locator('table.events tr', { hasText: 'p1' }).waitFor({ timeout: 5000 });
  const names = await page.locator('table.names').allInnerTexts();
  for (const name of ['__proto__', 'constructor', 'toString']) assert.ok(names.join('\n').includes(name), name);
  assert.equal(await page.evaluate(() => (({}) as any).browser), undefined, 'Object.prototype untouched');
  assert.deepEqual(errors, []);
});
