// Paired A/B of two builds of the script tag, single fbq calls: which of two changes costs less on the call
// path, measured in one browser at one time so that the machine's drift falls on both alike.
//
//   node --import tsx bench/per-call-ab.mjs a/twinfire.min.js b/twinfire.min.js [batches]
//
// Each build gets figure 2's page (Meta's base code with a no-op fbevents.js, the real sendBeacon to a loopback
// endpoint that answers 202); the two pages take turns, batch by batch, order alternating, each batch 20
// single calls in tasks of their own (window.benchSingles). Prints the median µs per call of each. To see what
// one piece of the call costs, build once, copy the file, edit the copy (or the source) and compare.
import { readFileSync } from 'node:fs';
import { launchChromium, listen } from '@twinfire/testkit';
import { benchPage } from './fixtures/page.mjs';
import { median } from './lib/stats.mjs';

const [fileA, fileB, batchArg] = process.argv.slice(2);
if (!fileA || !fileB) {
  console.error('usage: node --import tsx bench/per-call-ab.mjs <a.js> <b.js> [batches]');
  process.exit(2);
}
const BATCHES = Number(batchArg ?? 60);
const CALLS = 20;
const builds = { a: readFileSync(fileA), b: readFileSync(fileB) };
const noopFbevents = readFileSync(new URL('./fixtures/noop-fbevents.js', import.meta.url));
const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

const server = await listen((req, res) => {
  if (req.method === 'POST') {
    req.resume();
    req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}'));
    return;
  }
  const [, build, file] = /^\/(a|b)\/(.+)$/.exec(req.url ?? '') ?? [];
  if (!build) return res.writeHead(404).end();
  if (file === 'twinfire.min.js') return res.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(builds[build]);
  if (file === 'fbevents.js') return res.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(noopFbevents);
  const page = benchPage(true).replace('/twinfire.min.js', `/${build}/twinfire.min.js`).replace("'/fbevents.js'", `'/${build}/fbevents.js'`);
  res.writeHead(200, { 'content-type': 'text/html', ...isolation }).end(page);
});
const browser = await launchChromium();
try {
  const pages = {};
  for (const build of ['a', 'b']) {
    pages[build] = await browser.newPage();
    await pages[build].goto(`${server.url}/${build}/page`);
    await pages[build].waitForFunction(() => typeof window.fbq?.callMethod === 'function' && typeof window.twinfire === 'function');
  }
  const perCall = { a: [], b: [] };
  for (let batch = 0; batch < BATCHES; batch++) {
    for (const build of batch % 2 ? ['a', 'b'] : ['b', 'a']) {
      const { callMs } = await pages[build].evaluate((n) => window.benchSingles(n), CALLS);
      perCall[build].push((callMs * 1000) / CALLS);
    }
  }
  const a = median(perCall.a);
  const b = median(perCall.b);
  console.log(`a ${a.toFixed(2)} µs, b ${b.toFixed(2)} µs per call (median of ${BATCHES} batches of ${CALLS}); b - a = ${(b - a).toFixed(2)} µs`);
} finally {
  await browser.close();
  await server.close();
}
