/**
 * `checkSite` against real little shops on loopback (Express + @twinfire/express + the emulator) and real
 * headless Chromium: the tag checks, the script, the endpoint, and each Pixel hit's twin.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { checkSite } from '../../src/site/check-site.ts';
import type { Finding, SiteReport } from '../../src/site/types.ts';
import { html, metaBaseCode, PIXEL, startShop } from './site-fixture.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WATCH_MS = 1500;

function find(report: SiteReport, check: string): Finding[] {
  return report.findings.filter((f) => f.check === check);
}

function status(report: SiteReport, check: string): string {
  const list = find(report, check);
  assert.ok(list.length > 0, `a ${check} finding in ${JSON.stringify(report.findings, null, 2)}`);
  return list.some((f) => f.status === 'fail') ? 'fail' : list.some((f) => f.status === 'warn') ? 'warn' : list[0]!.status;
}

function assertAllPass(report: SiteReport): void {
  const bad = report.findings.filter((f) => f.status === 'fail' || f.status === 'warn');
  assert.deepEqual(bad, [], 'no fail, no warn');
}

function assertTwins(report: SiteReport, names: string[]): void {
  assert.equal(report.browser.ran, true, `the browser ran (${report.browser.skipped})`);
  assert.deepEqual([...new Set(report.browser.hits.map((h) => h.event_name))].sort(), [...names].sort());
  for (const hit of report.browser.hits) {
    assert.equal(hit.pixel_id, PIXEL);
    assert.ok(hit.event_id, `${hit.event_name} has an eid`);
    const twin = report.browser.mirrors.filter((m) => m.event_name === hit.event_name && m.event_id === hit.event_id);
    assert.equal(twin.length, 1, `${hit.event_name} has one mirror`);
    assert.equal(twin[0]!.status, 202);
    assert.equal(twin[0]!.queued, 1);
  }
}

test('(a) one tag: every check passes, each hit has an eid and a 202 mirror with the same id', async () => {
  const shop = await startShop({
    pages: () => ({ '/': html('<script src="/twinfire.js"></script>', `<script>fbq('track', 'ViewContent');</script>`) }),
  });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, chromiumPath: CHROMIUM, watchMs: WATCH_MS });
    assertAllPass(report);
    assert.equal(report.mode, 'one-tag');
    assert.equal(report.endpoint, `${shop.site.url}/twinfire`);
    for (const check of [
      'page.fetch',
      'tag.present',
      'tag.sync',
      'tag.order',
      'script.served',
      'endpoint.answers',
      'browser.hits',
      'browser.eid',
      'browser.twins',
    ]) {
      assert.equal(status(report, check), 'pass', check);
    }
    assertTwins(report, ['PageView', 'ViewContent']);
  } finally {
    await shop.close();
  }
});

test('events of one task arrive as one batch body with shared fields hoisted: each still has its 202 twin', async () => {
  const shop = await startShop({
    pages: () => ({
      '/': html(
        '<script src="/twinfire.js"></script>',
        `<script>fbq('track', 'ViewContent', { content_ids: ['1'] }); fbq('track', 'ViewContent', { content_ids: ['2'] }); fbq('track', 'AddToCart');</script>`,
      ),
    }),
  });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, chromiumPath: CHROMIUM, watchMs: WATCH_MS });
    assertAllPass(report);
    assertTwins(report, ['PageView', 'ViewContent', 'AddToCart']);
    assert.equal(report.browser.mirrors.filter((m) => m.event_name === 'ViewContent').length, 2);
  } finally {
    await shop.close();
  }
});

test('(b) the tag right before Meta base code, baseCode: false: every check passes, mode before-base-code', async () => {
  const shop = await startShop({
    options: () => ({ baseCode: false }),
    pages: (emulator) => ({ '/shop/item': html('<SCRIPT type="text/javascript" SRC=\'/twinfire.js?v=3\'></SCRIPT>', metaBaseCode(emulator)) }),
  });
  try {
    const report = await checkSite({ site: `${shop.site.url}/shop/item`, chromiumPath: CHROMIUM, watchMs: WATCH_MS });
    assertAllPass(report);
    assert.equal(report.mode, 'before-base-code');
    assertTwins(report, ['PageView']);
  } finally {
    await shop.close();
  }
});

test('(c) the tag after Meta base code, script delayed: tag.order fails, and browser.eid names the PageView sent without eid', async () => {
  const shop = await startShop({
    options: () => ({ baseCode: false }),
    before: (app) =>
      app.use((req, _res, next) => {
        if (req.path === '/twinfire.js') setTimeout(next, 800);
        else next();
      }),
    pages: (emulator) => ({ '/': html(metaBaseCode(emulator), '<script src="/twinfire.js"></script>') }),
  });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, chromiumPath: CHROMIUM, watchMs: WATCH_MS });
    assert.equal(status(report, 'tag.order'), 'fail');
    assert.equal(report.mode, undefined);
    const eid = find(report, 'browser.eid').filter((f) => f.status === 'fail');
    assert.ok(eid.length >= 1, JSON.stringify(report.findings, null, 2));
    assert.match(eid[0]!.message, /PageView/);
    assert.ok(report.browser.hits.some((h) => h.event_name === 'PageView' && h.event_id === undefined));
  } finally {
    await shop.close();
  }
});

test('(d) an async tag: tag.sync fails and says why', async () => {
  const shop = await startShop({ pages: () => ({ '/': html('<script async src="/twinfire.js"></script>') }) });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, browser: 'off' });
    assert.equal(status(report, 'tag.sync'), 'fail');
    assert.match(find(report, 'tag.sync')[0]!.message, /async.*PageView without an eventID/);
    assert.equal(status(report, 'script.served'), 'pass');
    assert.equal(status(report, 'endpoint.answers'), 'pass');
  } finally {
    await shop.close();
  }
});

test('(e) no tag: tag.present fails; a tag inside a comment does not count', async () => {
  const shop = await startShop({
    options: () => ({ baseCode: false }),
    pages: (emulator) => ({ '/': html('<!-- <script src="/twinfire.js"></script> -->', metaBaseCode(emulator)) }),
  });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, chromiumPath: CHROMIUM, watchMs: WATCH_MS });
    assert.equal(status(report, 'tag.present'), 'fail');
    assert.equal(report.endpoint, undefined);
    // The Pixel still runs, without twinfire: its hits have no eid.
    assert.equal(status(report, 'browser.eid'), 'fail');
  } finally {
    await shop.close();
  }
});

test('(f) the endpoint the script posts to is not mounted: endpoint.answers fails naming the URL, and the mirrors are not answered 202', async () => {
  const shop = await startShop({
    mount: (app, tf) => app.use('/t', tf),
    pages: () => ({ '/': html('<script src="/t/twinfire.js" data-endpoint="/twinfire"></script>') }),
  });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, chromiumPath: CHROMIUM, watchMs: WATCH_MS });
    assert.equal(report.endpoint, `${shop.site.url}/twinfire`);
    assert.equal(status(report, 'script.served'), 'pass');
    assert.equal(status(report, 'endpoint.answers'), 'fail');
    const finding = find(report, 'endpoint.answers')[0]!;
    assert.ok(finding.message.includes(`${shop.site.url}/twinfire`) && /404/.test(finding.message), finding.message);
    assert.match(finding.fix ?? '', /app\.use\(tf\)/);
    assert.equal(status(report, 'browser.twins'), 'fail');
    assert.ok(report.browser.mirrors.length > 0 && report.browser.mirrors.every((m) => m.status === 404));
  } finally {
    await shop.close();
  }
});

test('(f2) a static copy of the script whose endpoint is /nowhere: endpoint.answers fails', async () => {
  const require = createRequire(import.meta.url);
  const script = readFileSync(require.resolve('@twinfire/browser/twinfire.min.js'), 'utf8');
  const shop = await startShop({
    options: () => ({ baseCode: false }),
    before: (app) => app.get('/static/twinfire.js', (_req, res) => void res.type('js').send(`window.twinfireConfig={endpoint:"/nowhere"};\n${script}`)),
    pages: (emulator) => ({ '/': html('<script src="/static/twinfire.js"></script>', metaBaseCode(emulator)) }),
  });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, browser: 'off' });
    assert.equal(report.endpoint, `${shop.site.url}/nowhere`);
    assert.equal(status(report, 'endpoint.answers'), 'fail');
    assert.equal(status(report, 'tag.order'), 'pass');
  } finally {
    await shop.close();
  }
});

test("(g) browser: 'off': the browser does not run and says why", async () => {
  const shop = await startShop({ pages: () => ({ '/': html('<script src="/twinfire.js"></script>') }) });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, browser: 'off' });
    assert.equal(report.browser.ran, false);
    assert.match(report.browser.skipped ?? '', /off/);
    assert.deepEqual(report.browser.hits, []);
    assertAllPass(report);
    assert.equal(report.mode, 'one-tag');
  } finally {
    await shop.close();
  }
});

test('page.fetch: a 404 page and a closed port are findings, not exceptions', async () => {
  const shop = await startShop({ pages: () => ({}) });
  const url = shop.site.url;
  try {
    const missing = await checkSite({ site: `${url}/nope`, browser: 'off' });
    assert.equal(status(missing, 'page.fetch'), 'fail');
    assert.match(find(missing, 'page.fetch')[0]!.message, /404/);
  } finally {
    await shop.close();
  }
  const closed = await checkSite({ site: `${url}/`, timeoutMs: 2000 });
  assert.equal(status(closed, 'page.fetch'), 'fail');
  assert.equal(closed.browser.ran, false);
  await assert.rejects(checkSite({ site: 'ftp://x' }), TypeError);
});

test('the consent hook refuses: browser.twins warns that the visitor had not consented', async () => {
  const shop = await startShop({
    options: () => ({ consent: () => false }),
    pages: () => ({ '/': html('<script src="/twinfire.js"></script>') }),
  });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, chromiumPath: CHROMIUM, watchMs: WATCH_MS });
    assert.equal(status(report, 'browser.eid'), 'pass');
    assert.equal(status(report, 'browser.twins'), 'warn');
    assert.match(find(report, 'browser.twins')[0]!.message, /PageView .* queued nothing: the visitor had not consented/);
    assert.ok(report.browser.mirrors.every((m) => m.status === 202 && m.queued === 0 && m.reason === 'consent'));
  } finally {
    await shop.close();
  }
});

test('a --chromium PATH that does not exist: the browser check is skipped, saying how to enable it', async () => {
  const shop = await startShop({ pages: () => ({ '/': html('<script src="/twinfire.js"></script>') }) });
  try {
    const report = await checkSite({ site: `${shop.site.url}/`, chromiumPath: '/nonexistent/chromium' });
    assert.equal(report.browser.ran, false);
    assert.match(
      report.browser.skipped ?? '',
      /\/nonexistent\/chromium does not exist.*npm install playwright-core.*apt-get install chromium.*--chromium PATH/,
    );
    assert.equal(status(report, 'browser.ran'), 'info');
  } finally {
    await shop.close();
  }
});
