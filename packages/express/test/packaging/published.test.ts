// The four packages as a new user gets them: packed with `npm pack` (whose `prepack` builds them), installed
// from the tarballs into an app outside the workspace, running the root README's "Use it" server AS WRITTEN
// against the installed emulator. A browser's Pixel hit and its mirror must pair up as deduplicated, and the
// README's webhook must reach the emulator through `send()`.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { mirror, waitFor } from '../harness.js';
import { rawRequest } from '../http-client.js';
import { installApp, type PackResult, PUBLISHED, pack, readmeBlock, WORKSPACE } from './install-packed.js';
import { type Ready, spawnReady } from './spawn-ready.js';

const PIXEL = '1234567890';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Type-checks against the installed declarations the way a strict project does, `exactOptionalPropertyTypes` included. */
const CONSUMER_TS = `import { twinfire, type TwinfireOptions } from '@twinfire/express';
const options: TwinfireOptions = {
  pixels: [{ id: '1234567890', accessToken: process.env.META_ACCESS_TOKEN }],
  graphUrl: process.env.TWINFIRE_GRAPH_URL ?? 'https://graph.facebook.com',
};
twinfire({ pixelId: '1234567890', accessToken: process.env.META_ACCESS_TOKEN, scriptPath: false });
// @ts-expect-error one shape or the other
twinfire({ ...options, pixelId: '1' });
export default options;
`;

test('the packed packages install outside the workspace and the README server pairs a Pixel hit with its mirror', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'twinfire-published-'));
  const running: Ready[] = [];
  t.after(async () => {
    await Promise.all(running.map((child) => child.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  const packed: PackResult[] = PUBLISHED.map((name) => pack(name, dir));
  for (const result of packed) {
    const files = result.files.map((f) => f.path);
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']) {
      assert.ok(files.includes(file), `${result.name} packs ${file}: ${files.join(', ')}`);
    }
  }
  for (const name of PUBLISHED) {
    const readme = readFileSync(path.join(WORKSPACE, 'packages', name, 'README.md'), 'utf8');
    assert.doesNotMatch(readme, /\]\((?!https?:|#|mailto:)[^)]*\)/, `${name}'s README links only to absolute URLs or its own anchors`);
  }

  const app = installApp(
    dir,
    packed.map((p) => p.filename),
    ['@types/node@20'],
  );
  writeFileSync(path.join(app, 'server.js'), readmeBlock(readFileSync(path.join(WORKSPACE, 'README.md'), 'utf8'), 'server.js'));
  writeFileSync(path.join(app, 'consumer.ts'), CONSUMER_TS);
  const compilerOptions = { module: 'NodeNext', target: 'ES2022', strict: true, exactOptionalPropertyTypes: true, noEmit: true, types: ['node'] };
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
  execFileSync(process.execPath, [tsc, '-p', app], { cwd: app, stdio: 'pipe' });

  const bin = JSON.parse(readFileSync(path.join(app, 'node_modules/@twinfire/emulator/package.json'), 'utf8')).bin['twinfire-emulator'];
  const emulator = await spawnReady([path.join(app, 'node_modules/@twinfire/emulator', bin), '--port', '0'], { cwd: app, ready: /listening on (http:\S+)/ });
  running.push(emulator);
  const server = await spawnReady(['server.js'], {
    cwd: app,
    env: { TWINFIRE_GRAPH_URL: emulator.match, META_ACCESS_TOKEN: 'EAAtest-published-token', META_PIXEL_ID: PIXEL, PORT: '0' },
    ready: /shop on (http:\S+)/,
  });
  running.push(server);
  const shop = server.match.replace('localhost', '127.0.0.1');

  const script = await rawRequest(`${shop}/twinfire.js`);
  assert.equal(script.status, 200, 'the installed @twinfire/browser script is served');
  const event = mirror({ event_source_url: `${shop}/product/42` });
  const posted = await rawRequest(`${shop}/twinfire`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: shop, 'user-agent': CHROME },
    body: JSON.stringify(event),
  });
  assert.equal(posted.status, 202, posted.text);
  const hit = new URLSearchParams({ id: PIXEL, ev: String(event.event_name), eid: String(event.event_id), dl: `${shop}/product/42`, ts: String(Date.now()) });
  assert.equal((await rawRequest(`${emulator.match}/tr?${hit}`, { headers: { 'user-agent': CHROME } })).status, 200);
  const order = { id: 42, email: 'jane@example.com', total: 59.9, currency: 'EUR' };
  const webhook = await rawRequest(`${shop}/webhooks/order-paid`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(order),
  });
  assert.equal(webhook.status, 204, webhook.text);

  const events = async () => ((await (await fetch(`${emulator.match}/_emulator/events`)).json()) as { events: any[] }).events;
  // waitFor throws after its timeout, so `seen` is set past it.
  const seen = (await waitFor(
    async () => {
      const all = await events();
      const pair = all.filter((e) => e.event_id === event.event_id);
      // The README keys the webhook's id with tf.eventIdFor (an HMAC): find the Purchase by its order value.
      const purchase = all.find((e) => e.event_name === 'Purchase' && /^tf-[0-9a-f]{32}$/.test(e.event_id));
      return pair.length === 2 && purchase ? { pair, purchase } : undefined;
    },
    10_000,
    'the pair and the purchase in the emulator',
    async () => ({ events: await events(), log: server.output() }),
  ))!;
  const bySource = Object.fromEntries(seen.pair.map((e) => [e.source, e.status]));
  assert.deepEqual(bySource, { browser: 'kept', server: 'deduplicated' });
  assert.deepEqual([seen.purchase.source, seen.purchase.status, seen.purchase.pixel_id], ['server', 'kept', PIXEL]);
});
