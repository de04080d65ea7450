// `twinfire verify` (the built bin) against deliberately broken sites, with the emulator as Meta and a real
// Chromium visitor: it must exit 1 and name the cause.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type EmulatorEvent, launchChromium, waitForEmulatorEvents } from '@twinfire/testkit';
import type { Browser } from 'playwright-core';
import { runCli } from './run-cli.js';
import { html, metaBaseCode, PIXEL, type Shop, startShop } from './site/site-fixture.js';

let browser: Browser;
const shops: Shop[] = [];

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  for (const shop of shops) await shop.close();
  await browser?.close();
});

async function shop(setup: Parameters<typeof startShop>[0]): Promise<Shop> {
  const started = await startShop(setup);
  shops.push(started);
  return started;
}

const verify = (shop: Shop, ...extra: string[]) => runCli(['verify', '--pixel', PIXEL, '--graph-url', shop.emulator.url, ...extra], { META_ACCESS_TOKEN: 't' });

test('a hand-made setup whose server makes its own event ids: exit 1, ids that never match', async () => {
  // The classic mistake: the page gives the Pixel one id, the server sends the same event with another.
  const broken = await shop({
    options: () => ({ baseCode: false }),
    pages: () => ({}),
    mount: (app, tf) => {
      app.use(tf);
      app.get('/', async (req, res) => {
        await tf.send({
          event_name: 'PageView',
          event_id: randomUUID(),
          event_time: Math.floor(Date.now() / 1000),
          action_source: 'website',
          event_source_url: `http://${req.get('host')}/`,
          user_data: { client_ip_address: req.ip, client_user_agent: req.get('user-agent') },
        });
        const page = metaBaseCode(broken.emulator.url).replace(
          "fbq('track', 'PageView');",
          "fbq('track', 'PageView', {}, { eventID: 'page-' + Math.random() });",
        );
        res.type('html').send(html(page));
      });
    },
  });
  const context = await browser.newContext();
  await (await context.newPage()).goto(`${broken.site.url}/`);
  await waitForEmulatorEvents(
    broken.emulator.url,
    () => broken.tf.flush(),
    (all: EmulatorEvent[]) => all.some((e) => e.source === 'browser') && all.some((e) => e.source === 'server'),
    'a browser PageView and a server one',
  );
  await context.close();
  const run = await verify(broken);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /\n {2}PageView\s+broken/);
  assert.match(run.stdout, /PageView: browser and server events both carry event_ids, but none match: Meta counts each pair twice/);
  assert.match(run.stdout, /Result: NOT deduplicated: events PageView \(exit code 1\)/);
  // With --site, the page check names what is missing too: twinfire's tag, which would have kept one id.
  const withSite = await verify(broken, '--site', `${broken.site.url}/`);
  assert.equal(withSite.code, 1);
  assert.match(withSite.stdout, /FAIL {2}tag\.present: /);
});

test('the tag after Meta base code, with the race forced: exit 1, naming the tag order and the hit without eventID', async () => {
  const late = await shop({
    options: () => ({ baseCode: false }),
    // The race, forced: the twinfire script arrives after fbevents.js has run and sent the first PageView.
    before: (app) => app.get('/twinfire.js', (_req, _res, next) => void setTimeout(next, 800)),
    pages: (emulatorUrl) => ({ '/': html(metaBaseCode(emulatorUrl), '<script src="/twinfire.js"></script>') }),
  });
  const run = await verify(late, '--site', `${late.site.url}/`);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /FAIL {2}tag\.order: /);
  assert.match(run.stdout, /FAIL {2}browser\.eid: .*PageView/);
  assert.match(run.stdout, /Result: NOT deduplicated: .*site checks .*tag\.order/);
});
