import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { afterEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MemoryOutbox, TwinfireError, twinfire } from '@twinfire/express';
import { type Harness, mirror, PIXEL_A, startHarness, TOKEN_A, TOKEN_B, waitFor } from '../harness.js';
import { tempDbFactory } from './temp-db.js';

const dbFile = tempDbFactory('lifecycle');
const lead = (event_id: string) => ({ event_name: 'Lead', event_id, action_source: 'system_generated' as const, user_data: { em: 'a@example.com' } });
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test('close() with SQLite: stops leasing, waits for requests in flight up to closeTimeoutMs, keeps the rest on disk', { timeout: 20_000 }, async () => {
  const file = dbFile();
  h = await startHarness({ options: { outbox: { sqlite: file, leaseMs: 300 }, closeTimeoutMs: 200, batchSize: 2, concurrency: 1, timeoutMs: 5000 } });
  await h.fault({ times: 1, delayMs: 2000 });
  for (const id of ['c-1', 'c-2', 'c-3', 'c-4']) await h.tf.send(lead(id) as any, { pixelIds: [PIXEL_A] });
  await waitFor(async () => (await h!.tf.stats()).inFlight > 0, 2000, 'a batch in flight');
  const started = Date.now();
  await h.tf.close();
  assert.ok(Date.now() - started < 1000, `close() kept its deadline (${Date.now() - started} ms)`);
  assert.equal((await h.post(mirror())).status, 503);
  await assert.rejects(h.tf.send(lead('late') as any), { code: 'ERR_TWINFIRE_CLOSED' });
  assert.ok(
    h.logs.some((l) => /kept in the outbox/.test(l.msg ?? '')),
    JSON.stringify(h.logs),
  );
  const emulatorUrl = h.emulator.url;
  // The next process on the file: the cut-short lease expires and everything arrives.
  const next = twinfire({
    pixels: [{ id: PIXEL_A, accessToken: TOKEN_A }],
    graphUrl: emulatorUrl,
    outbox: { sqlite: file, leaseMs: 300 },
    flushIntervalMs: 5,
    logger: { info() {}, warn() {}, error() {} },
  });
  try {
    await waitFor(
      async () => {
        const ids = new Set(((await (await fetch(`${emulatorUrl}/_emulator/events`)).json()) as any).events.map((e: any) => e.event_id));
        return ['c-1', 'c-2', 'c-3', 'c-4'].every((id) => ids.has(id));
      },
      8000,
      'delivery by the next process',
    );
    assert.equal((await next.stats()).outbox, 'durable');
  } finally {
    await next.close();
  }
});

test('inspectPath (opt-in) serves { stats, deadLetters } as JSON, without tokens', async () => {
  h = await startHarness({ options: { inspectPath: '/twinfire/inspect' } });
  await h.fault({ eventId: 'bad', error: { code: 100, error_subcode: 2804050 } });
  await h.tf.send(lead('bad') as any, { pixelIds: [PIXEL_A] });
  await h.tf.flush();
  const res = await fetch(`${h.site.url}/twinfire/inspect`);
  assert.equal(res.status, 200);
  const text = await res.text();
  const body = JSON.parse(text);
  assert.equal(body.stats.deadByReason.invalid, 1);
  assert.equal(body.deadLetters[0].event_id, 'bad');
  assert.ok(!text.includes(TOKEN_A) && !text.includes(TOKEN_B));
  const off = await startHarness();
  try {
    assert.equal((await fetch(`${off.site.url}/twinfire/inspect`)).status, 404, 'off by default');
  } finally {
    await off.close();
  }
});

test('outbox setup errors say how to fix them', async () => {
  const base = { pixelId: PIXEL_A, accessToken: TOKEN_A };
  const cases: [unknown, string, string][] = [
    [{ sqlite: '/nonexistent-dir/x/twinfire.db' }, 'ERR_TWINFIRE_INVALID_OPTION', 'outbox.sqlite'],
    [{ sqlite: '' }, 'ERR_TWINFIRE_INVALID_OPTION', 'outbox.sqlite'],
    [{ sqlite: dbFile(), leasMs: 10 }, 'ERR_TWINFIRE_UNKNOWN_OPTION', 'outbox.leasMs'],
    [{ sqlite: dbFile(), leaseMs: 1 }, 'ERR_TWINFIRE_INVALID_OPTION', 'outbox.leaseMs'],
    [{ enqueue() {} }, 'ERR_TWINFIRE_INVALID_OPTION', 'outbox'],
    ['./twinfire.db', 'ERR_TWINFIRE_INVALID_OPTION', 'outbox'],
  ];
  for (const [outbox, code, field] of cases) {
    assert.throws(
      () => twinfire({ ...base, outbox } as any),
      (error: unknown) => {
        assert.ok(error instanceof TwinfireError, String(error));
        assert.deepEqual([error.code, error.field], [code, field]);
        return true;
      },
    );
  }
  assert.throws(() => twinfire({ ...base, inspectPath: '/twinfire' }), { field: 'inspectPath' });
  const custom = twinfire({ ...base, outbox: new MemoryOutbox({ capacity: 5 }) });
  assert.equal((await custom.stats()).outbox, 'memory');
  return custom.close();
});

test('without better-sqlite3, outbox: { sqlite } fails at startup with ERR_TWINFIRE_SQLITE_UNAVAILABLE and says what to install', () => {
  // A child process in which resolving better-sqlite3 fails, as on a site that never installed it.
  const script = `
    const Module = require('node:module');
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request === 'better-sqlite3') throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
      return resolve.call(this, request, ...rest);
    };
    import('@twinfire/express').then(({ twinfire }) => {
      twinfire({ pixelId: '1', accessToken: 't' }).close();
      try { twinfire({ pixelId: '1', accessToken: 't', outbox: { sqlite: 'never-created.db' } }); }
      catch (error) { console.log(JSON.stringify({ code: error.code, field: error.field, message: error.message })); }
    });`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: fileURLToPath(new URL('.', import.meta.url)), encoding: 'utf8', timeout: 15_000 });
  const error = JSON.parse(run.stdout.trim() || '{}');
  assert.deepEqual([error.code, error.field], ['ERR_TWINFIRE_SQLITE_UNAVAILABLE', 'outbox.sqlite'], run.stderr);
  assert.match(error.message, /install better-sqlite3@12 to use the SQLite outbox/);
});
