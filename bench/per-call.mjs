// Figure 2: microseconds per fbq('track', ...) call in headless Chromium, with the twinfire tag vs Meta's bare
// base-code stub. Both pages are open in one browser and take turns, batch by batch. Pages are
// cross-origin isolated, which gives performance.now() its finest resolution (5 µs instead of 100 µs).
import { readFileSync } from 'node:fs';
import { launchChromium, listen } from '@twinfire/testkit';
import { benchPage } from './fixtures/page.mjs';
import { median } from './lib/stats.mjs';

export const BATCHES = 100;
export const CALLS_PER_BATCH = 100;
const FILES = {
  '/twinfire.min.js': new URL('../packages/browser/dist/twinfire.min.js', import.meta.url),
  '/fbevents.js': new URL('./fixtures/noop-fbevents.js', import.meta.url),
};

function site() {
  return listen((req, res) => {
    const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    const file = FILES[req.url];
    if (file) return res.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(readFileSync(file));
    const page = { '/twinfire': benchPage(true), '/bare': benchPage(false) }[req.url];
    if (page) return res.writeHead(200, { 'content-type': 'text/html', ...isolation }).end(page);
    res.writeHead(404).end();
  });
}

async function open(browser, url) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => typeof window.fbq?.callMethod === 'function');
  return page;
}

function countBeacons() {
  const stub = navigator.sendBeacon;
  let count = 0;
  navigator.sendBeacon = () => (count++, true);
  window.benchCalls(10);
  navigator.sendBeacon = stub;
  return count;
}

export async function benchPerCall() {
  const server = await site();
  const browser = await launchChromium();
  try {
    const pages = { twinfire: await open(browser, `${server.url}/twinfire`), bare: await open(browser, `${server.url}/bare`) };
    const isolated = await pages.twinfire.evaluate(() => window.crossOriginIsolated);
    const installed = await pages.twinfire.evaluate(() => typeof window.twinfire === 'function');
    if (!installed) throw new Error('twinfire did not install in the benchmark page');
    // The work measured must include the mirror: one beacon per call with twinfire, none without.
    const beacons = await Promise.all([pages.twinfire, pages.bare].map((page) => page.evaluate(countBeacons)));
    if (beacons[0] !== 10 || beacons[1] !== 0) throw new Error(`expected 10 and 0 beacons for 10 calls, got ${beacons}`);
    const perCall = { twinfire: [], bare: [] };
    for (let batch = 0; batch < BATCHES; batch++) {
      const order = batch % 2 ? ['twinfire', 'bare'] : ['bare', 'twinfire'];
      for (const name of order) {
        const ms = await pages[name].evaluate((n) => window.benchCalls(n), CALLS_PER_BATCH);
        perCall[name].push((ms * 1000) / CALLS_PER_BATCH);
      }
    }
    const twinfireUs = median(perCall.twinfire);
    const bareUs = median(perCall.bare);
    return {
      twinfireUs,
      bareUs,
      overheadUs: twinfireUs - bareUs,
      batches: BATCHES,
      callsPerBatch: CALLS_PER_BATCH,
      crossOriginIsolated: isolated,
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
