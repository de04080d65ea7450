/**
 * Consent: mirrors follow fbq('consent', …) the way the Pixel holds its events, and with
 * data-consent="required" nothing is written or sent before a grant.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseCode } from '../../test/base-code.ts';
import { openPage, sharedBrowser, sleep, waitFor } from '../../test/browser.ts';
import { assertPaired, EARLY_CALLS, EARLY_EVENTS, LATE_CALLS, LATE_EVENTS, validMirrors } from '../../test/scenario.ts';
import { onSite, SOURCES } from '../../test/site.ts';

const html = (head: string) => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body></body></html>`;
const HOST = 'www.shop.example.test';

const browser = sharedBrowser();

for (const source of SOURCES) {
  describe(`fbevents.js ${source}`, () => {
    test("fbq('consent','revoke') holds every mirror, as the Pixel holds its events; grant releases them with the same ids", async () => {
      await onSite(source, async (site) => {
        site.page(
          '/',
          html(
            `<script>${baseCode(site.fbeventsUrl)}</script><script src="/twinfire.min.js"></script>` +
              `<script>fbq('consent', 'revoke');${EARLY_CALLS}${LATE_CALLS}</script>`,
          ),
        );
        const opened = await openPage(browser(), site);
        await opened.page.goto(`${site.at(HOST)}/?fbclid=held-click`);
        await sleep(600);
        assert.equal(site.mirrors.length, 0, 'nothing mirrored while consent is revoked');
        assert.equal((await site.hits()).length, 0, 'the Pixel sent nothing either');
        assert.deepEqual(await opened.context.cookies(), [], 'no cookie written while consent is revoked');
        await opened.page.evaluate(() => (window as unknown as { fbq: (...a: unknown[]) => void }).fbq('consent', 'grant'));
        await assertPaired(site, opened, [...EARLY_EVENTS, ...LATE_EVENTS], { consent: 'granted' });
        const names = (await opened.context.cookies()).map((c) => c.name).sort();
        assert.deepEqual(names, ['_fbc', '_fbp'], 'cookies written once consent was granted');
        await opened.context.close();
      });
    });
  });
}

describe('data-consent="required"', () => {
  for (const grant of ["twinfire('consent', 'grant')", "fbq('consent', 'grant')"]) {
    test(`no cookie, no mirror until ${grant}`, async () => {
      await onSite('blocked', async (site) => {
        site.page(
          '/',
          html(
            `<script>${baseCode(site.fbeventsUrl)}</script><script src="/twinfire.min.js" data-consent="required"></script>` +
              `<script>fbq('init', '111'); fbq('track', 'PageView'); fbq('track', 'Lead', {}, { eventID: 'lead-1' });</script>`,
          ),
        );
        const opened = await openPage(browser(), site);
        await opened.page.goto(`${site.at(HOST)}/?fbclid=click-1`);
        await sleep(600);
        assert.equal(site.mirrors.length, 0, 'nothing mirrored before consent');
        assert.deepEqual(await opened.context.cookies(), [], 'no cookie written before consent');
        await opened.page.evaluate(grant);
        await waitFor(() => site.mirrors.length >= 2, 5000, 'mirrors after grant');
        await sleep(200);
        const mirrors = validMirrors(site);
        // Compare what arrived, not in which order.
        assert.deepEqual(mirrors.map((m) => m.payload!.event_name).sort(), ['Lead', 'PageView']);
        assert.equal(mirrors.find((m) => m.payload!.event_name === 'Lead')!.payload!.event_id, 'lead-1');
        const cookies = Object.fromEntries((await opened.context.cookies()).map((c) => [c.name, c.value]));
        for (const { payload } of mirrors) {
          assert.equal(payload!.consent, 'granted');
          assert.equal(payload!.fbp, cookies._fbp);
          assert.equal(payload!.fbc, cookies._fbc);
        }
        assert.match(cookies._fbc ?? '', /^fb\.1\.\d{13}\.click-1$/);
        assert.deepEqual(opened.problems, []);
        await opened.context.close();
      });
    });
  }

  test('the Pixel wrote _fbp while we waited: the mirror carries that same value (one _fbp per visitor)', async () => {
    await onSite('fixture', async (site) => {
      site.page(
        '/',
        html(
          `<script>${baseCode(site.fbeventsUrl)}</script><script src="/twinfire.min.js" data-consent="required"></script>` +
            `<script>fbq('init', '111'); fbq('track', 'PageView');</script>`,
        ),
      );
      const opened = await openPage(browser(), site);
      await opened.page.goto(`${site.at(HOST)}/`);
      await waitFor(async () => (await site.hits()).length >= 1, 5000, 'the Pixel hit');
      await sleep(300);
      assert.equal(site.mirrors.length, 0);
      await opened.page.evaluate(() => (window as unknown as { twinfire: (...a: unknown[]) => void }).twinfire('consent', 'grant'));
      await waitFor(() => site.mirrors.length >= 1, 5000, 'the mirror');
      const [mirror] = validMirrors(site);
      const [hit] = await site.hits();
      const fbps = (await opened.context.cookies()).filter((c) => c.name === '_fbp');
      assert.equal(fbps.length, 1, 'one _fbp cookie');
      assert.equal(mirror!.payload!.fbp, fbps[0]!.value);
      assert.equal(hit!.fbp, fbps[0]!.value);
      assert.equal(mirror!.payload!.event_id, hit!.eid);
      assert.deepEqual(opened.problems, []);
      await opened.context.close();
    });
  });

  test('a page without fbq: twinfire() is held the same way', async () => {
    await onSite('blocked', async (site) => {
      site.page('/', html(`<script src="/twinfire.min.js" data-consent="required"></script><script>twinfire('track', 'Contact');</script>`));
      const opened = await openPage(browser(), site);
      await opened.page.goto(`${site.at(HOST)}/`);
      await sleep(500);
      assert.equal(site.mirrors.length, 0);
      assert.deepEqual(await opened.context.cookies(), []);
      await opened.page.evaluate(() => (window as unknown as { twinfire: (...a: unknown[]) => void }).twinfire('consent', 'grant'));
      await waitFor(() => site.mirrors.length >= 1, 5000, 'the mirror');
      assert.equal(validMirrors(site)[0]!.payload!.event_name, 'Contact');
      assert.deepEqual(opened.problems, []);
      await opened.context.close();
    });
  });
});
