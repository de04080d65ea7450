/**
 * The public surface: window.twinfire (with and without fbq), the script tag's config, installing once,
 * the fetch fallback, and the ESM install() entry loaded in the page through an import map.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseCode } from '../test/base-code.ts';
import type { OpenedPage } from '../test/browser.ts';
import { openPage, sharedBrowser, sleep, UUID_V4, waitFor } from '../test/browser.ts';
import { validMirrors } from '../test/scenario.ts';
import { type FbeventsSource, onSite, type Site } from '../test/site.ts';

const HOST = 'www.shop.example.test';
const html = (head: string) => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body></body></html>`;

const browser = sharedBrowser();

/** Serves `head` at /, opens it on HOST, waits for `count` mirrors (and a little longer), then runs `check`. */
async function run(source: FbeventsSource, head: (site: Site) => string, count: number, check: (site: Site, opened: OpenedPage) => Promise<void> | void) {
  await onSite(source, async (site) => {
    site.page('/', html(head(site)));
    const opened = await openPage(browser(), site);
    await opened.page.goto(`${site.at(HOST)}/`);
    await waitFor(() => site.mirrors.length >= count, 5000, `${count} mirrors`).catch((error) => {
      throw new Error(`${error.message}; page problems: ${opened.problems.join(' | ')}`);
    });
    await sleep(300);
    assert.equal(site.mirrors.length, count, 'mirror count');
    await check(site, opened);
    assert.deepEqual(opened.problems, []);
    await opened.context.close();
  });
}

test('a page without fbq mirrors through window.twinfire (http page: no crypto.randomUUID, ids from getRandomValues)', () =>
  run(
    'blocked',
    () => `<script src="/twinfire.min.js"></script><script>
      window.secure = { context: isSecureContext, randomUUID: typeof crypto.randomUUID };
      twinfire('init', '333', { em: 'a@b.example', ph: '15551234567' });
      twinfire('track', 'Lead', { value: 1, currency: 'EUR' });
      twinfire('track', 'Purchase', { value: 5, currency: 'EUR' }, { eventID: 'order-1' });
      twinfire('trackSingleCustom', '333', 'Newsletter');
    </script>`,
    3,
    async (site, { page }) => {
      assert.deepEqual(await page.evaluate(() => [typeof (window as { fbq?: unknown }).fbq, (window as unknown as { secure: unknown }).secure]), [
        'undefined',
        { context: false, randomUUID: 'undefined' },
      ]);
      // The three leave in one batch body, expanded by the test endpoint: find each by its name.
      const byName = (name: string) => validMirrors(site).find((m) => m.payload!.event_name === name)?.payload;
      const [lead, purchase, newsletter] = [byName('Lead'), byName('Purchase'), byName('Newsletter')];
      assert.equal(lead!.event_name, 'Lead');
      assert.match(lead!.event_id, UUID_V4);
      assert.deepEqual(lead!.pixel_ids, ['333']);
      assert.deepEqual(lead!.user_data, { em: 'a@b.example', ph: '15551234567' });
      assert.deepEqual(lead!.custom_data, { value: 1, currency: 'EUR' });
      assert.equal(lead!.event_source_url, `${site.at(HOST)}/`);
      assert.ok(Math.abs(lead!.event_time - Date.now() / 1000) < 10, 'event_time in seconds');
      assert.equal(purchase!.event_id, 'order-1');
      assert.equal(newsletter!.event_name, 'Newsletter');
      assert.deepEqual(newsletter!.pixel_ids, ['333']);
      assert.ok(lead!.fbp, 'an _fbp is made without the Pixel too');
    },
  ));

test('a lone call takes the eventID made in the last flush task (no id made on its path); a form named URL does not replace the page URL', () =>
  run(
    'blocked',
    () => `<script src="/twinfire.min.js"></script><form name="URL"></form><script>
      // A plain-HTTP page: each id is 31 getRandomValues calls, counted here.
      var made = 0;
      var getRandomValues = crypto.getRandomValues.bind(crypto);
      crypto.getRandomValues = function (array) { made++; return getRandomValues(array); };
      twinfire('init', '333');
      twinfire('track', 'PageView');
      // Two tasks later, after the flush of the PageView: a lone call.
      setTimeout(function () {
        setTimeout(function () {
          var before = made;
          twinfire('trackCustom', 'Lone');
          window.madeDuringCall = made - before;
        }, 50);
      });
    </script>`,
    2,
    async (site, { page }) => {
      assert.equal(await page.evaluate(() => (window as unknown as { madeDuringCall: number }).madeDuringCall), 0, 'no UUID made on the call path');
      assert.equal(await page.evaluate(() => typeof document.URL), 'object', 'the form did replace document.URL');
      const mirrors = validMirrors(site).map((m) => m.payload!);
      assert.deepEqual(
        mirrors.map((m) => m.event_name),
        ['PageView', 'Lone'],
      );
      for (const mirror of mirrors) {
        assert.match(mirror.event_id, UUID_V4);
        assert.equal(mirror.event_source_url, `${site.at(HOST)}/`);
      }
      assert.notEqual(mirrors[0]!.event_id, mirrors[1]!.event_id);
    },
  ));

test("with fbq in the page, twinfire('track') goes through fbq: one Pixel hit and one mirror, same id", () =>
  run(
    'fixture',
    (site) => `<script>${baseCode(site.fbeventsUrl)}</script><script src="/twinfire.min.js"></script>
      <script>fbq('init', '111'); twinfire('track', 'Contact', { method: 'form' });
      twinfire('dataProcessingOptions', ['LDU'], 1, 1000); twinfire('trackCustom', 'AfterLdu');</script>`,
    2,
    async (site) => {
      await waitFor(async () => (await site.hits()).length >= 2, 5000, 'Pixel hits');
      // Mirrors and hits are separate requests that may arrive in any order: pair them by name.
      const byName = (name: string) => validMirrors(site).find((m) => m.payload!.event_name === name)?.payload;
      const [contact, ldu] = [byName('Contact'), byName('AfterLdu')];
      const hits = await site.hits();
      assert.deepEqual(hits.map((h) => [h.name, h.eid]).sort(), [
        ['AfterLdu', ldu!.event_id],
        ['Contact', contact!.event_id],
      ]);
      assert.equal(contact!.data_processing_options, undefined);
      assert.deepEqual(ldu!.data_processing_options, { options: ['LDU'], country: 1, state: 1000 });
    },
  ));

test('params JSON cannot encode (circular) lose only that mirror: the Pixel call keeps its eventID, later events go on', () =>
  run(
    'fixture',
    (site) => `<script>${baseCode(site.fbeventsUrl)}</script><script src="/twinfire.min.js"></script>
      <script>fbq('init', '111'); const loop = {}; loop.self = loop; fbq('trackCustom', 'Circular', loop); fbq('track', 'Lead');</script>`,
    1,
    async (site) => {
      await waitFor(async () => (await site.hits()).length >= 2, 5000, 'Pixel hits');
      const [lead] = validMirrors(site).map((m) => m.payload!);
      assert.equal(lead!.event_name, 'Lead');
      const hits = await site.hits();
      assert.match(hits.find((h) => h.name === 'Circular')?.eid ?? '', UUID_V4, 'the Pixel still got an eventID');
      assert.equal(hits.find((h) => h.name === 'Lead')?.eid, lead!.event_id);
    },
  ));

test('the tag included twice installs once: one mirror per event', () =>
  run(
    'fixture',
    (site) =>
      `<script>${baseCode(site.fbeventsUrl)}</script><script src="/twinfire.min.js"></script><script src="/twinfire.min.js"></script>` +
      `<script>fbq('init', '111'); fbq('track', 'PageView');</script>`,
    1,
    async (site) => {
      await waitFor(async () => (await site.hits()).length >= 1, 5000, 'Pixel hit');
      await sleep(200);
      assert.equal((await site.hits()).length, 1);
      assert.equal((await site.hits())[0]!.eid, validMirrors(site)[0]!.payload!.event_id);
    },
  ));

test('data-endpoint sets the endpoint; window.twinfireConfig is the fallback', async () => {
  await run(
    'blocked',
    () => `<script src="/twinfire.min.js" data-endpoint="/e/from-tag"></script><script>twinfire('track', 'A');</script>`,
    1,
    (site) => {
      assert.equal(validMirrors(site, '/e/from-tag').length, 1);
    },
  );
  await run(
    'blocked',
    () =>
      `<script>window.twinfireConfig = { endpoint: '/e/from-config' };</script><script src="/twinfire.min.js"></script><script>twinfire('track', 'B');</script>`,
    1,
    (site) => assert.equal(validMirrors(site, '/e/from-config').length, 1),
  );
  await run(
    'blocked',
    () =>
      `<script>window.twinfireConfig = { endpoint: '/e/from-config', debug: true };</script>` +
      `<script src="/twinfire.min.js" data-endpoint="/e/from-tag"></script><script>twinfire('track', 'C');</script>`,
    1,
    (site, opened) => {
      assert.equal(validMirrors(site, '/e/from-tag').length, 1, 'the tag wins over the config object');
      assert.ok(
        opened.logs.some((line) => line.startsWith('[twinfire]')),
        'debug from the config object',
      );
    },
  );
});

test('data-debug logs each mirror (console.log, never a warning); without it nothing is logged', async () => {
  await run(
    'blocked',
    () => `<script src="/twinfire.min.js" data-debug></script><script>twinfire('track', 'Debugged');</script>`,
    1,
    (_site, opened) => {
      assert.ok(
        opened.logs.some((line) => line.startsWith('[twinfire]')),
        opened.logs.join('\n'),
      );
    },
  );
  await run(
    'blocked',
    () => `<script src="/twinfire.min.js"></script><script>twinfire('track', 'Quiet');</script>`,
    1,
    (_site, opened) => {
      assert.deepEqual(opened.logs, []);
    },
  );
});

test('sendBeacon refused: fetch delivers the same text/plain payload, no CORS preflight', () =>
  run(
    'blocked',
    () => `<script>navigator.sendBeacon = () => false;</script><script src="/twinfire.min.js"></script><script>twinfire('track', 'ViaFetch');</script>`,
    1,
    (site) => {
      const [mirror] = validMirrors(site);
      assert.equal(mirror!.payload!.event_name, 'ViaFetch');
      assert.match(mirror!.contentType ?? '', /^text\/plain/);
      assert.deepEqual(site.otherRequests, []);
    },
  ));

test('ESM entry: install() from dist/index.js (bare imports resolved by an import map) wraps fbq the same way', () =>
  run(
    'fixture',
    (site) => `<script type="importmap">{"imports": {
        "@twinfire/core": "/m/core/index.js", "js-cookie": "/m/js-cookie/js.cookie.mjs"}}</script>
      <script>${baseCode(site.fbeventsUrl)} fbq('init', '111');</script>
      <script type="module">
        import { install } from '/m/browser/index.js';
        const twinfire = install({ endpoint: '/esm' });
        window.result = { same: install({ endpoint: '/other' }) === twinfire, global: window.twinfire === twinfire };
        fbq('track', 'PageView');
        fbq('track', 'AddToCart', { value: 2, currency: 'EUR' });
      </script>`,
    2,
    async (site, { page }) => {
      assert.deepEqual(await page.evaluate(() => (window as unknown as { result: unknown }).result), { same: true, global: true });
      await waitFor(async () => (await site.hits()).length >= 2, 5000, 'Pixel hits');
      const mirrors = validMirrors(site, '/esm').map((m) => m.payload!);
      const hits = await site.hits();
      assert.deepEqual(mirrors.map((m) => `${m.event_name} ${m.event_id}`).sort(), hits.map((h) => `${h.name} ${h.eid}`).sort());
    },
  ));
