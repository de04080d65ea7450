/**
 * The queue in the page: the calls of one task leave after it in as few bodies as fit (50 events, about
 * 16 KB each), calls in different tasks each in their own, a mirror JSON cannot encode alone is left out,
 * and a refused beacon goes by fetch: without keepalive while the page lives, with it on pagehide.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPage, sharedBrowser, sleep, waitFor } from '../../test/browser.ts';
import { validMirrors } from '../../test/scenario.ts';
import { onSite, type Site } from '../../test/site.ts';

const HOST = 'www.shop.example.test';
const html = (head: string) => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body></body></html>`;
const browser = sharedBrowser();

/** Serves `script` after the tag (no fbq: window.twinfire only mirrors), waits for `count` mirrors, then `check`. */
async function run(script: string, count: number, check: (site: Site, page: import('playwright-core').Page) => Promise<void> | void, before = '') {
  await onSite('blocked', async (site) => {
    site.page('/', html(`${before}<script src="/twinfire.min.js"></script><script>twinfire('init', '333');${script}</script>`));
    site.page('/next', html('<title>next</title>'));
    const opened = await openPage(browser(), site);
    await opened.page.goto(`${site.at(HOST)}/`);
    await waitFor(() => site.mirrors.length >= count, 5000, `${count} mirrors (got ${site.mirrors.length})`);
    await sleep(300);
    assert.equal(site.mirrors.length, count, 'mirror count');
    await check(site, opened.page);
    assert.deepEqual(opened.problems, []);
    await opened.context.close();
  });
}

test('fat events: bodies of at most 16 KB, in the order of the calls', () =>
  // About 5 KB each (custom values are at most 1,000 characters).
  run(
    `for (let i = 0; i < 10; i++) twinfire('track', 'Fat', { i, a: 'x'.repeat(999), b: 'x'.repeat(999), c: 'x'.repeat(999), d: 'x'.repeat(999), e: 'x'.repeat(999) });`,
    10,
    (site) => {
      assert.ok(site.posts.length >= 4, `${site.posts.length} bodies`);
      for (const body of site.posts) assert.ok(body.length <= 16_000, `${body.length} characters`);
      // Each body holds consecutive calls in their order; the bodies are separate requests, which may reach
      // the server in any order, so they are put back in order by their first call before comparing.
      const bodies = site.posts.map((body) => {
        const parsed = JSON.parse(body) as { events?: { custom_data: { i: number } }[]; custom_data?: { i: number } };
        return (parsed.events ?? [parsed as { custom_data: { i: number } }]).map((event) => event.custom_data.i);
      });
      for (const calls of bodies)
        assert.deepEqual(
          calls,
          Array.from({ length: calls.length }, (_, k) => calls[0]! + k),
          `a body of consecutive calls: ${calls}`,
        );
      assert.deepEqual(
        bodies.sort((a, b) => a[0]! - b[0]!).flat(),
        Array.from({ length: 10 }, (_, i) => i),
      );
      assert.equal(validMirrors(site).length, 10);
    },
  ));

test('calls in separate tasks: one plain single mirror each', () =>
  run(`twinfire('track', 'First'); setTimeout(() => twinfire('track', 'Second'), 50);`, 2, (site) => {
    assert.equal(site.posts.length, 2);
    for (const body of site.posts) assert.equal('events' in JSON.parse(body), false);
    // Two requests: they may reach the server in either order.
    assert.deepEqual(
      validMirrors(site)
        .map((m) => m.payload!.event_name)
        .sort(),
      ['First', 'Second'],
    );
  }));

test('circular params: that mirror alone is left out, its batch goes without it', () =>
  run(`const loop = {}; loop.self = loop; twinfire('track', 'A'); twinfire('track', 'Loop', loop); twinfire('track', 'B');`, 2, (site) => {
    assert.deepEqual(
      validMirrors(site).map((m) => m.payload!.event_name),
      ['A', 'B'],
    );
  }));

test('sendBeacon refused: fetch without keepalive while the page lives, with keepalive on pagehide', () =>
  run(
    `twinfire('track', 'Live'); setTimeout(() => { window.setTimeout = () => 0; twinfire('track', 'Leaving'); location.href = '/next'; }, 100);`,
    2,
    async (site, page) => {
      // Two requests: they may reach the server in either order.
      assert.deepEqual(
        validMirrors(site)
          .map((m) => m.payload!.event_name)
          .sort(),
        ['Leaving', 'Live'],
      );
      for (const mirror of site.mirrors) assert.match(mirror.contentType ?? '', /^text\/plain/);
      assert.deepEqual(site.otherRequests, [], 'no CORS preflight');
      // What the page's fetch was asked for, recorded in sessionStorage (same origin, survives the navigation).
      await page.waitForURL(/\/next$/);
      assert.equal(await page.evaluate(() => sessionStorage.keepalive), 'false,true,');
    },
    `<script>navigator.sendBeacon = () => false; const f = fetch;
      window.fetch = (url, init) => (sessionStorage.keepalive = (sessionStorage.keepalive || '') + !!init.keepalive + ',', f(url, init));</script>`,
  ));
