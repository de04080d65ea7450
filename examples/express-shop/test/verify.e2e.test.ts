// The README's third step: `twinfire verify` against the demo shop, with the emulator as Meta. A real visitor
// walks the funnel in Chromium, then the CLI reads the emulator's Dataset Quality API and checks the site.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator } from '@twinfire/emulator';
import { type EmulatorEvent, type Listening, launchChromium, listen, runNodeScript, waitForEmulatorEvents } from '@twinfire/testkit';
import type { Browser } from 'playwright-core';
import { createShop } from '../src/app.js';
import { FUNNEL, walkFunnel } from './funnel.js';

const PIXEL = '1234567890';
const TOKEN = 'verify-e2e-token';
const TEST_CODE = 'TEST4242';
const require = createRequire(import.meta.url);
const BIN = path.join(path.dirname(require.resolve('@twinfire/cli/package.json')), 'dist', 'bin.js');

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let shop: Listening;
let tf: ReturnType<typeof createShop>['tf'];
let browser: Browser;

before(async () => {
  emulator = await startEmulator({ port: 0, acceptedTokens: [TOKEN] });
  const created = createShop({
    realMode: false,
    pixelId: PIXEL,
    accessToken: TOKEN,
    graphUrl: emulator.url,
    pixelScriptUrl: `${emulator.url}/fbevents.js`,
    emulatorUrl: emulator.url,
    testEventCode: TEST_CODE,
    outboxFile: null,
  });
  tf = created.tf;
  shop = await listen(created.app);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await tf?.close();
  await shop?.close();
  await emulator?.close();
});

const run = (args: string[]) => runNodeScript(BIN, args, { META_ACCESS_TOKEN: TOKEN });

test('after a walk through the demo shop, `twinfire verify` exits 0 with every funnel event deduplicated', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Pixel hits the page sent: each is its own request and may land after the others (and their twins).
  let issued = 0;
  page.on('request', (request) => {
    if (request.url().startsWith(`${emulator.url}/tr/`)) issued++;
  });
  await walkFunnel(page, shop.url);
  // Back-office events never touch a browser: they are not website events and not a dedup failure.
  const renew = await fetch(`${shop.url}/admin/renewal`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=jane.doe%40example.com',
    redirect: 'manual',
  });
  assert.ok(renew.status < 400, `renewal: ${renew.status}`);
  await waitForEmulatorEvents(
    emulator.url,
    () => tf.flush(),
    (all: EmulatorEvent[]) => {
      const browserEvents = all.filter((e) => e.source === 'browser');
      return (
        all.some((e) => e.event_name === 'Subscribe') &&
        browserEvents.length >= issued &&
        FUNNEL.every((name) => browserEvents.some((e) => e.event_name === name)) &&
        browserEvents.every((b) => all.some((s) => s.source === 'server' && s.event_id === b.event_id))
      );
    },
    'every browser event to have its server twin',
  );
  // Closed once every hit and mirror of the last page has landed, not before.
  await context.close();
  assert.ok(issued >= FUNNEL.length, `the page sent its Pixel hits (${issued})`);

  const result = await run(['verify', '--pixel', PIXEL, '--graph-url', emulator.url, '--site', `${shop.url}/`, '--test-event-code', TEST_CODE, '--json']);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.exitCode, 0);
  for (const name of FUNNEL) {
    const event = report.meta.events.find((e: { event_name: string }) => e.event_name === name);
    assert.equal(event?.verdict, 'deduplicated', `${name}: ${JSON.stringify(event)}`);
    assert.equal(event.eventId.matched, 100, name);
  }
  assert.equal(report.site.mode, 'one-tag');
  assert.deepEqual(
    report.site.findings.filter((f: { status: string }) => f.status === 'fail'),
    [],
    'no site check fails',
  );
  assert.ok(report.site.browser.ran, `the browser check ran: ${report.site.browser.skipped}`);
  const hits = report.site.browser.hits as { event_name: string; event_id?: string }[];
  assert.ok(hits.some((h) => h.event_name === 'PageView' && h.event_id));
  for (const hit of hits) {
    assert.ok(
      report.site.browser.mirrors.some((m: { event_id: string; status: number }) => m.event_id === hit.event_id && m.status === 202),
      `a 202 mirror for ${hit.event_name} ${hit.event_id}`,
    );
  }
  assert.equal(report.testEvents[0].status, 'pass', JSON.stringify(report.testEvents));
  assert.ok(!result.stdout.includes(TOKEN), 'the token never reaches the output');

  // The same run as text: what a shop owner reads.
  const text = await run(['verify', '--pixel', PIXEL, '--graph-url', emulator.url, '--site', `${shop.url}/`, '--no-browser']);
  assert.equal(text.code, 0, text.stdout + text.stderr);
  for (const name of FUNNEL) assert.match(text.stdout, new RegExp(`\\n  ${name}\\s+deduplicated`));
  assert.match(text.stdout, /Result: verified/);
});
