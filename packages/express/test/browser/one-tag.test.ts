/**
 * One-tag mode (`baseCode: true`) in headless Chromium against the emulator's fbevents.js stand-in: the page
 * has nothing but `<script src="/twinfire.js"></script>`, and on a first visit (nothing cached, nothing held
 * back) every Pixel hit, PageView included, has its server twin with the same event id. Also: what is
 * served stays within 3 072 B min+gzip and never contains a token.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '@twinfire/testkit';
import type { Browser } from 'playwright-core';
import { FLAVORS, PIXEL_A, PIXEL_B, TOKEN_A, TOKEN_B } from '../harness.js';
import { startServedSite } from './served-site.js';
import { html, visit, waitFor } from './visit.js';

const ONE_TAG_BUDGET = 3072;
const PAGE = html(
  '<script src="/twinfire.js"></script>',
  `<script>fbq('track', 'AddToCart', { value: 9.5, currency: 'EUR' }); fbq('trackCustom', 'Quiz');</script>`,
);

let browser: Browser;
before(async () => void (browser = await launchChromium()));
after(() => browser?.close());

for (const flavor of FLAVORS) {
  test(`${flavor}: one tag, first visit: every Pixel hit, PageView included, has a server twin with its event id`, async () => {
    const served = await startServedSite({
      flavor,
      options: (emulatorUrl) => ({ baseCode: true, fbeventsUrl: `${emulatorUrl}/fbevents.js` }),
      pages: { '/': PAGE },
    });
    try {
      const v = await visit(browser, `${served.site.url}/`);
      // 3 events x 2 pixels, from the one tag's init calls.
      const expected = 3 * 2;
      await waitFor(async () => (await served.events()).filter((e) => e.source === 'browser').length >= expected, 'Pixel hits');
      await waitFor(async () => {
        await served.tf.flush();
        return (await served.events()).filter((e) => e.source === 'server').length >= expected;
      }, 'server twins');
      const all = await served.events();
      const hits = all.filter((e) => e.source === 'browser');
      const twins = all.filter((e) => e.source === 'server');
      assert.deepEqual(
        hits.map((e) => `${e.pixel_id} ${e.event_name}`).sort(),
        [PIXEL_A, PIXEL_B].flatMap((p) => [`${p} AddToCart`, `${p} PageView`, `${p} Quiz`]).sort(),
      );
      for (const hit of hits) {
        assert.ok(hit.event_id, `${hit.event_name} went out with an event id`);
        const twin = twins.filter((t) => t.pixel_id === hit.pixel_id && t.event_name === hit.event_name && t.event_id === hit.event_id);
        assert.equal(twin.length, 1, `${hit.pixel_id} ${hit.event_name} has exactly one twin`);
      }
      assert.equal(twins.length, hits.length, 'no server event without its Pixel hit');
      assert.deepEqual(v.problems, [], 'no page error, no warning');
      await v.close();
    } finally {
      await served.close();
    }
  });
}

test('what one-tag mode serves: within 3 072 B min+gzip, pixel ids and fbevents.js URL in, tokens out', async () => {
  const served = await startServedSite({ flavor: 'express5', options: () => ({ baseCode: true }), pages: {} });
  try {
    const body = await (await fetch(`${served.site.url}/twinfire.js`)).text();
    const gzipped = gzipSync(body, { level: 9 }).length;
    console.log(`served one-tag script: ${Buffer.byteLength(body)} B minified, ${gzipped} B gzipped (budget ${ONE_TAG_BUDGET})`);
    assert.ok(gzipped <= ONE_TAG_BUDGET, `${gzipped} B gzipped is over the ${ONE_TAG_BUDGET} B budget`);
    assert.ok(body.includes(`f.fbq('init',"${PIXEL_A}",`) && body.includes(`f.fbq('init',"${PIXEL_B}",`));
    assert.ok(body.includes('"https://connect.facebook.net/en_US/fbevents.js"'), "Meta's fbevents.js by default");
    assert.ok(!body.includes(TOKEN_A) && !body.includes(TOKEN_B) && !body.includes('EAA'), 'no token is ever served');
    const plain = await startServedSite({ flavor: 'express5', pages: {} });
    try {
      const plainBody = await (await fetch(`${plain.site.url}/twinfire.js`)).text();
      assert.ok(!plainBody.includes('connect.facebook.net') && !plainBody.includes("fbq('init'"), 'the default mode serves no base code');
    } finally {
      await plain.close();
    }
  } finally {
    await served.close();
  }
});
