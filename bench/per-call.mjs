// Figure 2: main-thread microseconds per fbq('track', ...) call in headless Chromium, with the twinfire tag vs
// Meta's bare base-code stub, with twinfire's REAL transport: navigator.sendBeacon to a loopback endpoint
// that reads each body, checks every mirror with @twinfire/core's parser (a batch body expanded as the
// server does) and answers 202. Both pages are open in one browser and take turns, batch by batch. Pages
// are cross-origin isolated, which gives performance.now() its finest resolution (5 µs instead of 100 µs).
//
// Two shapes: single calls, each in a task of its own (the call path, and the flush task that sends its
// beacon after it), and bursts of 100 calls in one task (amortized over the 100, flush task included).
// Then the burst test: 100 calls in one task, every one must reach the endpoint as a valid mirror.
import { readFileSync } from 'node:fs';
import { expandMirrorBatch, isMirrorBatch, parseMirrorPayload } from '@twinfire/core';
import { launchChromium, listen } from '@twinfire/testkit';
import { benchPage } from './fixtures/page.mjs';
import { median } from './lib/stats.mjs';

export const BATCHES = 50;
export const SINGLES_PER_BATCH = 20;
export const BURST = 100;
const FILES = {
  '/twinfire.min.js': new URL('../packages/browser/dist/twinfire.min.js', import.meta.url),
  '/fbevents.js': new URL('./fixtures/noop-fbevents.js', import.meta.url),
};

/** The site: the two pages, the scripts, and the mirror endpoint (`received`: valid mirrors by event name). */
async function site() {
  const received = { bodies: 0, invalid: 0, byName: new Map() };
  const server = await listen((req, res) => {
    const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    if (req.method === 'POST' && req.url === '/twinfire') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.bodies++;
        let items = [body];
        try {
          const value = JSON.parse(body);
          if (isMirrorBatch(value)) {
            const expanded = expandMirrorBatch(value);
            items = expanded.ok ? expanded.events : [];
            if (!expanded.ok) received.invalid++;
          }
        } catch {
          // not JSON: the parser counts it invalid
        }
        for (const item of items) {
          const parsed = parseMirrorPayload(item);
          if (!parsed.ok) received.invalid++;
          else received.byName.set(parsed.payload.event_name, (received.byName.get(parsed.payload.event_name) ?? 0) + 1);
        }
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      return;
    }
    const file = FILES[req.url];
    if (file) return res.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(readFileSync(file));
    const page = { '/twinfire': benchPage(true), '/bare': benchPage(false) }[req.url];
    if (page) return res.writeHead(200, { 'content-type': 'text/html', ...isolation }).end(page);
    res.writeHead(404).end();
  });
  return { server, received };
}

async function open(browser, url) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => typeof window.fbq?.callMethod === 'function');
  return page;
}

async function waitFor(check, timeout = 5000) {
  const end = Date.now() + timeout;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
}

export async function benchPerCall() {
  const { server, received } = await site();
  const browser = await launchChromium();
  try {
    const pages = { twinfire: await open(browser, `${server.url}/twinfire`), bare: await open(browser, `${server.url}/bare`) };
    const isolated = await pages.twinfire.evaluate(() => window.crossOriginIsolated);
    const installed = await pages.twinfire.evaluate(() => typeof window.twinfire === 'function');
    if (!installed) throw new Error('twinfire did not install in the benchmark page');
    // The work measured must include the real mirror: 10 calls reach the endpoint with twinfire, none without.
    for (const page of [pages.twinfire, pages.bare]) await page.evaluate(() => window.benchBurst(10, 'Check'));
    await waitFor(() => received.byName.get('Check') >= 10);
    if (received.byName.get('Check') !== 10) throw new Error(`expected 10 mirrors for 10 calls, got ${received.byName.get('Check')}`);

    const us = (ms, n) => (ms * 1000) / n;
    const single = { twinfire: { call: [], flush: [] }, bare: { call: [], flush: [] } };
    const burst = { twinfire: { call: [], flush: [] }, bare: { call: [], flush: [] } };
    for (let batch = 0; batch < BATCHES; batch++) {
      const order = batch % 2 ? ['twinfire', 'bare'] : ['bare', 'twinfire'];
      for (const name of order) {
        const s = await pages[name].evaluate((n) => window.benchSingles(n), SINGLES_PER_BATCH);
        single[name].call.push(us(s.callMs, SINGLES_PER_BATCH));
        single[name].flush.push(us(s.flushMs, SINGLES_PER_BATCH));
        const b = await pages[name].evaluate((n) => window.benchBurst(n), BURST);
        burst[name].call.push(us(b.callMs, BURST));
        burst[name].flush.push(us(b.flushMs, BURST));
      }
    }
    const summary = (r) => {
      const total = r.call.map((c, i) => c + r.flush[i]);
      return { callUs: median(r.call), flushUs: median(r.flush), totalUs: median(total) };
    };

    // The burst test: 100 calls in one task, on a fresh page; every mirror must arrive, valid.
    const bodiesBefore = received.bodies;
    const fresh = await open(browser, `${server.url}/twinfire`);
    const freshBodies = received.bodies - bodiesBefore;
    await fresh.evaluate((n) => window.benchBurst(n, 'BurstTest'), BURST);
    await waitFor(() => received.byName.get('BurstTest') >= BURST);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const burstTest = { calls: BURST, mirrored: received.byName.get('BurstTest') ?? 0, bodies: received.bodies - bodiesBefore - freshBodies };

    const twinfire = { single: summary(single.twinfire), burst: summary(burst.twinfire) };
    const bare = { single: summary(single.bare), burst: summary(burst.bare) };
    return {
      // The figures of earlier runs, kept by name: µs on the call path of one call.
      twinfireUs: twinfire.single.callUs,
      bareUs: bare.single.callUs,
      overheadUs: twinfire.single.callUs - bare.single.callUs,
      twinfire,
      bare,
      burstTest,
      invalidMirrors: received.invalid,
      batches: BATCHES,
      singlesPerBatch: SINGLES_PER_BATCH,
      burstCalls: BURST,
      transport: 'real navigator.sendBeacon to a loopback endpoint',
      crossOriginIsolated: isolated,
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
