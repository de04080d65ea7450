import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { type Harness, mirror, PIXEL_A, startHarness, waitFor } from '../harness.js';
import { tempDbFactory } from './temp-db.js';

const dbFile = tempDbFactory('outage');
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test('outage: 500s, then throttling (code 4), then timeouts while mirrors keep coming; all arrive, throttling burns no attempt', {
  timeout: 30_000,
}, async () => {
  const TRANSIENT = 3 + 2;
  h = await startHarness({
    // maxAttempts just above the transient failures any event can meet: had the 10 throttled answers
    // counted as attempts, events would have been set aside as retries_exhausted.
    options: { outbox: { sqlite: dbFile() }, maxAttempts: TRANSIENT + 1, timeoutMs: 150, retryBaseMs: 5, retryMaxMs: 20, throttlePauseMs: 5, concurrency: 1 },
  });
  await h.fault([
    { times: 3, status: 500, error: { code: 2 } },
    { times: 10, error: { code: 4 } },
    { times: 2, delayMs: 400 },
  ]);
  const sent: string[] = [];
  const faultsLeft = async () => ((await (await fetch(`${h!.emulator.url}/_emulator/faults`)).json()) as { faults: unknown[] }).faults.length;
  // Mirrors keep coming, every 10 ms, until the outage is over and a few more after.
  for (let after = 0; after < 20; ) {
    const payload = mirror({ pixel_ids: [PIXEL_A] });
    const res = await h.post(payload);
    assert.equal(res.status, 202);
    sent.push(payload.event_id as string);
    if ((await faultsLeft()) === 0) after++;
    await new Promise((r) => setTimeout(r, 10));
  }
  const debug = async () => ({ stats: await h!.tf.stats(), requests: await h!.requests() });
  await waitFor(
    async () => {
      const kept = new Set((await h!.events()).map((e) => e.event_id));
      return sent.every((id) => kept.has(id));
    },
    15_000,
    'every mirror delivered after the outage',
    debug,
  );
  const stats = await h.tf.stats();
  assert.equal(stats.failures.throttle, 10);
  assert.equal(stats.failures.transient, TRANSIENT);
  assert.equal(stats.dead, 0, JSON.stringify(stats.deadByReason));
  assert.equal(stats.queued, 0);
  assert.ok(sent.length > 20, `${sent.length} mirrors during and after the outage`);
});
