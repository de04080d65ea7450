/**
 * The heart of the package: in every install order, and with fbevents.js loaded (our simulation, the
 * emulator's stand-in) or blocked, every Pixel event has exactly one mirror with the identical eventID and
 * event name, and fbevents.js works exactly as without us.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseCode } from '../../test/base-code.ts';
import { openPage, sharedBrowser, waitFor } from '../../test/browser.ts';
import { assertPaired, callAfterLoad, EARLY_CALLS, EARLY_EVENTS, LATE_CALLS, LATE_EVENTS, POST_LOAD_EVENTS } from '../../test/scenario.ts';
import { onSite, SOURCES } from '../../test/site.ts';

const TAG = '<script src="/twinfire.min.js"></script>';
const LATE_WARNING = '[twinfire] loaded after fbevents.js';
const html = (head: string) => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><p>shop</p></body></html>`;

const browser = sharedBrowser();

for (const source of SOURCES) {
  describe(`fbevents.js ${source}`, () => {
    test('installed before the base code: the snippet still runs and loads fbevents.js', async () => {
      await onSite(source, async (site) => {
        site.page('/', html(`${TAG}<script>${baseCode(site.fbeventsUrl)}</script><script>${EARLY_CALLS}${LATE_CALLS}</script>`));
        const opened = await openPage(browser(), site);
        await opened.page.goto(`${site.url}/`);
        await callAfterLoad(site, opened.page);
        await assertPaired(site, opened, [...EARLY_EVENTS, ...LATE_EVENTS, ...POST_LOAD_EVENTS]);
        await opened.context.close();
      });
    });

    test('installed after the base code, before fbevents.js loaded: queued calls stamped and mirrored once', async () => {
      await onSite(source, async (site) => {
        site.page('/', html(`<script>${baseCode(site.fbeventsUrl)}${EARLY_CALLS}</script>${TAG}<script>${LATE_CALLS}</script>`));
        const opened = await openPage(browser(), site);
        await opened.page.goto(`${site.url}/`);
        await callAfterLoad(site, opened.page);
        await assertPaired(site, opened, [...EARLY_EVENTS, ...LATE_EVENTS, ...POST_LOAD_EVENTS]);
        await opened.context.close();
      });
    });

    if (source !== 'blocked') {
      test('control: a plain forwarding wrapper (the shape we avoid) loses every call made after fbevents.js loaded', async () => {
        // Proves the stand-in is strict enough to catch a wrongly shaped wrapper.
        await onSite(source, async (site) => {
          const naive = `(function () { var old = window.fbq; var w = function () { return old.apply(this, arguments); };
          w.queue = old.queue; w.loaded = true; w.version = '2.0'; w.push = w; window.fbq = window._fbq = w; })();`;
          site.page('/', html(`<script>${baseCode(site.fbeventsUrl)}fbq('init', '111');</script><script>${naive}</script>`));
          const opened = await openPage(browser(), site, undefined, { fbeventsAfterTwinfire: false });
          await opened.page.goto(`${site.url}/`);
          await opened.page.waitForFunction(() => typeof (window as unknown as { fbq: { callMethod?: unknown } }).fbq.callMethod === 'function');
          await opened.page.evaluate(() => (window as unknown as { fbq: (...a: unknown[]) => void }).fbq('track', 'Lost'));
          await new Promise((resolve) => setTimeout(resolve, 500));
          assert.deepEqual(await site.hits(), [], 'the call never left the page');
          await opened.context.close();
        });
      });

      test('installed after fbevents.js loaded: later events stamped and mirrored, earlier ones left alone', async () => {
        await onSite(source, async (site) => {
          site.page('/', html(`<script>${baseCode(site.fbeventsUrl)}${EARLY_CALLS}</script>`));
          const opened = await openPage(browser(), site, undefined, { fbeventsAfterTwinfire: false });
          await opened.page.goto(`${site.url}/`);
          await opened.page.waitForFunction(() => typeof (window as unknown as { fbq: { callMethod?: unknown } }).fbq.callMethod === 'function');
          // The early events went out without our eventIDs; wait for them so they are not confused with later ones.
          await waitFor(async () => (await site.hits()).length >= 6, 5000, 'early hits');
          await opened.page.addScriptTag({ url: '/twinfire.min.js' });
          // The late tag says so, once (warn-if-late.test.ts); nothing else may be logged.
          await waitFor(() => opened.problems.some((p) => p.includes(LATE_WARNING)), 2000, 'the late-tag warning');
          assert.equal(opened.problems.filter((p) => p.includes(LATE_WARNING)).length, 1);
          opened.problems.splice(
            opened.problems.findIndex((p) => p.includes(LATE_WARNING)),
            1,
          );
          await opened.page.evaluate(LATE_CALLS);
          await callAfterLoad(site, opened.page);
          await assertPaired(site, opened, [...LATE_EVENTS, ...POST_LOAD_EVENTS], { pixelsKnown: false });
          const early = (await site.hits()).filter((h) => h.name === 'PageView' || h.name === 'Quiz');
          assert.equal(early.length, 4);
          assert.ok(
            early.every((h) => !h.eid),
            'events sent before install are not stamped after the fact',
          );
          await opened.context.close();
        });
      });
    }
  });
}
