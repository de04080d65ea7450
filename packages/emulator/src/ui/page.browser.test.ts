// The local Events Manager page in headless Chromium: it must show, as text, what the JSON API knows.

import assert from 'node:assert/strict';
import { after, before, type TestContext, test } from 'node:test';
import { launchChromium } from '@twinfire/testkit';
import type { Browser } from 'playwright-core';
import { pageWith, siteFor, waitForEvents } from '../../test/browser.js';
import { emulatorFor, pixelHit, postEvents, requestJson, validEvent } from '../../test/helpers.js';
import { PAGE_MODEL_SCRIPT } from './page-model-script.js';

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
  assert.match(text, /counted\s+dropped as duplicate\s+one counted \(deduplicated\)/);
  assert.match(text, /client_ip_address, client_user_agent, em, fbp/);
  assert.match(text, /TEST4242/);
  assert.match(await page.locator('table.events tr', { hasText: 'lonely' }).innerText(), /server only/);
  const names = await page.locator('table.quality tr[data-event="Purchase"]:not(.diagnostic)').innerText();
  assert.match(names, /^Purchase\s+1\s+1\s+100%\s+100% \/ 100%\s+100%\s+0\s+[\d.]+ \/ 10\s+real time\s+median \d+ s\s+0\s+deduplicated$/);
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

test('the quality table gives one verdict per event name, with the numbers of dataset_quality and a legend', async (t) => {
  const emulator = await emulatorFor(t);
  const fbp = 'fb.1.1736942400000.1234567890'; // the fbp of validEvent
  const now = Math.floor(Date.now() / 1000);
  await pixelHit(emulator.url, { id: '1234', ev: 'Purchase', eid: 'order-1', fbp });
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'a', fbp });
  const sent = await postEvents(emulator.url, {
    data: [
      validEvent(now, { event_name: 'Purchase', event_id: 'order-1', custom_data: { value: 42, currency: 'EUR' } }),
      validEvent(now, { event_name: 'Lead', event_id: 'b' }),
      validEvent(now, { event_name: 'OrderRefunded', event_id: 'refund-1' }),
    ],
  });
  assert.equal(sent.status, 200);
  const meta = await requestJson(`${emulator.url}/v26.0/dataset_quality?dataset_id=1234&access_token=t`);
  assert.equal(meta.status, 200);
  const local = (await requestJson(`${emulator.url}/_emulator/quality`)).body.pixels[0].events;

  const { page, errors } = await newPage(t);
  await page.goto(`${emulator.url}/`);
  const table = page.locator('table.quality');
  await table.waitFor();
  const cell = (name: string, column: string) => table.locator(`tr[data-event="${name}"]:not(.diagnostic) td.${column}`).innerText();
  const shown = (p?: { percentage: number }) => (p === undefined ? '–' : `${p.percentage}%`);
  const verdicts: Record<string, string> = { Purchase: 'deduplicated', OrderRefunded: 'server only', Lead: 'broken' };
  assert.deepEqual(meta.body.web.map((element: any) => element.event_name).sort(), Object.keys(verdicts).sort());
  for (const element of meta.body.web) {
    const name: string = element.event_name;
    const quality = local.find((q: any) => q.event_name === name);
    assert.equal(await cell(name, 'verdict'), verdicts[name], `${name} verdict`);
    assert.equal(await cell(name, 'browser'), String(quality.browser_events), `${name} browser`);
    assert.equal(await cell(name, 'server'), String(quality.server_events), `${name} server`);
    assert.equal(await cell(name, 'twice'), String(quality.counted_twice), `${name} counted twice`);
    assert.equal(await cell(name, 'coverage'), shown(element.event_coverage), `${name} coverage`);
    const byEventId = element.dedupe_key_feedback?.find((key: any) => key.dedupe_key === 'event_id');
    if (byEventId) {
      const server = quality.server_events ? shown(byEventId.server_events_with_dedupe_key) : '–';
      assert.equal(await cell(name, 'event-id'), `${shown(byEventId.browser_events_with_dedupe_key)} / ${server}`, `${name} event_id`);
      assert.equal((await cell(name, 'twins')).split('\n')[0], shown(byEventId.overall_browser_coverage_from_dedupe_key), `${name} twins`);
    } else {
      assert.equal((await cell(name, 'twins')).trim(), '–');
    }
    const emq = element.event_match_quality;
    assert.equal((await cell(name, 'emq')).trim(), emq ? `${emq.composite_score} / 10` : '–', `${name} match quality`);
    const freshness = element.data_freshness?.upload_frequency.replace('_', ' ') ?? '–';
    assert.equal((await cell(name, 'fresh')).split('\n')[0], freshness, `${name} freshness`);
    const diagnostics = await table.locator(`tr.diagnostic[data-event="${name}"]`).allInnerTexts();
    assert.equal(diagnostics.length, emq?.diagnostics.length ?? 0, `${name} diagnostics`);
    for (const [i, diagnostic] of (emq?.diagnostics ?? []).entries()) {
      assert.ok(diagnostics[i]!.includes(diagnostic.name) && diagnostics[i]!.includes(diagnostic.solution), diagnostic.name);
    }
  }
  // The scenario itself: the pair whose ids differ is found by fbp only and counted twice.
  assert.equal(await cell('Purchase', 'coverage'), '100%');
  assert.equal(await cell('Lead', 'coverage'), '100%');
  assert.equal(await cell('Lead', 'twins'), '0%\n+ 100% by fbp');
  assert.equal(await cell('Lead', 'twice'), '1');
  assert.equal(await cell('OrderRefunded', 'coverage'), '–');

  const legend = await page.locator('table.quality + .legend, .scroll + .legend').first().innerText();
  assert.match(legend, /server only: no browser events\. Expected for back-office events \(order webhooks, refunds, in-store sales\): not a dedup failure\./);
  assert.match(legend, /Match quality \(approx\.\):.*approximation.*Meta does not publish its formula/);
  for (const verdict of ['deduplicated:', 'partly:', 'broken:', 'browser only:']) assert.ok(legend.includes(verdict), verdict);

  const events = page.locator('table.events');
  assert.deepEqual(await events.locator('th').allInnerTexts(), [
    'Last seen',
    'Event',
    'event_id',
    'Browser copy',
    'Server copy',
    'Pair',
    'Server match keys',
    'Test code',
  ]);
  const cells = async (eventId: string) => {
    const row = events.locator('tbody tr').filter({ has: page.locator('td:nth-child(3)', { hasText: new RegExp(`^${eventId}$`) }) });
    return (await row.locator('td').allInnerTexts()).slice(2, 6);
  };
  assert.deepEqual(await cells('order-1'), ['order-1', 'counted', 'dropped as duplicate', 'one counted (deduplicated)']);
  assert.deepEqual(await cells('refund-1'), ['refund-1', '—', 'counted', 'server only']);
  assert.deepEqual(await cells('a'), ['a', 'counted', '—', 'browser only']);
  assert.deepEqual(await cells('b'), ['b', '—', 'counted', 'server only']);
  assert.match(await page.locator('table.events + .legend').innerText(), /Pair: the state of the copies.*counted twice/);
  assert.deepEqual(errors, []);
});

test('pair states and verdicts: each word means one thing', () => {
  const model = new Function(`${PAGE_MODEL_SCRIPT}; return { statusOf, verdictOf, copyFate };`)();
  const copy = (source: string, status: string, extra = {}) => ({ source, status, ...extra });
  const pair = (browser: object[], server: object[]) => model.statusOf({ browser, server, rejected: [] }).text;
  assert.equal(pair([copy('browser', 'kept')], [copy('server', 'deduplicated')]), 'one counted (deduplicated)');
  assert.equal(pair([copy('browser', 'kept')], [copy('server', 'kept')]), 'counted twice');
  assert.equal(pair([copy('browser', 'kept')], [copy('server', 'kept'), copy('server', 'deduplicated')]), 'counted twice');
  assert.equal(pair([], [copy('server', 'deduplicated', { dedup_rule: 'fbp' })]), 'deduplicated by fbp');
  assert.equal(pair([copy('browser', 'kept')], []), 'browser only');
  assert.equal(pair([], [copy('server', 'kept')]), 'server only');
  assert.equal(pair([], []), 'rejected');
  assert.equal(model.copyFate(copy('server', 'kept')).text, 'counted');
  assert.equal(model.copyFate(copy('server', 'deduplicated')).text, 'dropped as duplicate');

  const keys = (eventId: number[], fbp = [0, 0, 0]) => [
    { dedupe_key: 'event_id', browser_events_with_key: eventId[0], server_events_with_key: eventId[1], browser_events_covered: eventId[2] },
    { dedupe_key: 'external_id', browser_events_with_key: 0, server_events_with_key: 0, browser_events_covered: 0 },
    { dedupe_key: 'fbp', browser_events_with_key: fbp[0], server_events_with_key: fbp[1], browser_events_covered: fbp[2] },
  ];
  const verdict = (browser: number, server: number, covered: number, dedupe_keys: object[]) =>
    model.verdictOf({ browser_events: browser, server_events: server, covered_browser_events: covered, dedupe_keys }, 75).text;
  assert.equal(verdict(4, 4, 4, keys([4, 4, 4])), 'deduplicated');
  assert.equal(verdict(4, 3, 3, keys([4, 3, 3])), 'deduplicated', '75 % meets the goal');
  assert.equal(verdict(4, 2, 2, keys([4, 2, 2])), 'partly', 'coverage below the goal');
  assert.equal(verdict(4, 4, 4, keys([4, 4, 3], [4, 4, 1])), 'partly', 'one twin found by fbp only');
  assert.equal(verdict(4, 4, 4, keys([4, 3, 4])), 'partly', 'event_id missing on a server event');
  assert.equal(verdict(2, 2, 2, keys([2, 2, 0], [2, 2, 2])), 'broken');
  assert.equal(verdict(2, 2, 0, keys([2, 2, 0])), 'broken');
  assert.equal(verdict(0, 3, 0, keys([0, 3, 0])), 'server only');
  assert.equal(verdict(3, 0, 0, keys([3, 0, 0])), 'browser only');
});
