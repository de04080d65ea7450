/**
 * The served script posts under the mount it was served from, in Chromium, Express 5 and 4:
 * `app.use('/t', tf)` -> `/t/twinfire.js` posts to `/t/twinfire`, and the same through a router mounted at
 * `/shop`. `data-endpoint` on the tag still wins.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Twinfire } from '@twinfire/express';
import { launchChromium } from '@twinfire/testkit';
import type { Browser } from 'playwright-core';
import { FLAVORS } from '../harness.js';
import { type ServedSiteSetup, startServedSite } from './served-site.js';
import { html, visit, waitFor } from './visit.js';

// No fbq on these pages: window.twinfire only mirrors, which is all the endpoint needs to see.
const page = (tag: string) => html(tag, `<script>twinfire('track', 'Lead', { value: 1, currency: 'EUR' });</script>`);

const MOUNTS: Array<{ name: string; prefix: string; mount: NonNullable<ServedSiteSetup['mount']> }> = [
  { name: "app.use('/t', tf)", prefix: '/t', mount: (app, tf) => app.use('/t', tf) },
  {
    name: "router.use(tf); app.use('/shop', router)",
    prefix: '/shop',
    mount: (app, tf: Twinfire, express) => {
      const router = express.Router();
      router.use(tf);
      app.use('/shop', router);
    },
  },
];

let browser: Browser;
before(async () => void (browser = await launchChromium()));
after(() => browser?.close());

for (const flavor of FLAVORS) {
  for (const { name, prefix, mount } of MOUNTS) {
    test(`${flavor}, ${name}: ${prefix}/twinfire.js posts to ${prefix}/twinfire`, async () => {
      const served = await startServedSite({ flavor, mount, pages: { '/': page(`<script src="${prefix}/twinfire.js"></script>`) } });
      try {
        const v = await visit(browser, `${served.site.url}/`);
        await waitFor(async () => {
          await served.tf.flush();
          return (await served.events()).filter((e) => e.source === 'server' && e.event_name === 'Lead').length === 2;
        }, 'the Lead twins (one per pixel)');
        assert.deepEqual(v.problems, []);
        const script = await (await fetch(`${served.site.url}${prefix}/twinfire.js`)).text();
        assert.ok(script.startsWith(`try{window.twinfireConfig={endpoint:"${prefix}/twinfire",`), script.slice(0, 80));
        await v.close();
      } finally {
        await served.close();
      }
    });
  }

  test(`${flavor}: data-endpoint on the tag overrides the mount`, async () => {
    const served = await startServedSite({
      flavor,
      mount: (app, tf) => app.use('/t', tf),
      pages: { '/': page('<script src="/t/twinfire.js" data-endpoint="/custom"></script>') },
    });
    try {
      const v = await visit(browser, `${served.site.url}/`);
      await waitFor(() => served.ownPosts.length === 1, 'the mirror at /custom');
      assert.equal(JSON.parse(served.ownPosts[0]!).event_name, 'Lead');
      await served.tf.flush();
      assert.deepEqual(
        (await served.events()).filter((e) => e.source === 'server'),
        [],
        'nothing reached /t/twinfire',
      );
      await v.close();
    } finally {
      await served.close();
    }
  });
}
