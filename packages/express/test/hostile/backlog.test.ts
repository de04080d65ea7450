import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, harnessFor, mirror } from '../harness.js';
import { rawRequest } from '../http-client.js';

// Attack 3 of issue 11: with Meta down and ~100 000 events waiting, each mirror scanned the whole memory
// queue (13.7 ms at 99 k) and a consent-denied mirror scanned it again to purge. The memory outbox's
// per-request operations are now O(log n): a large backlog must not slow a request down. This compares
// median latencies at 0 and at 40 000 waiting events, side by side in one process; an O(n) scan would make
// the second several times slower, so the bound (3x) is far from both the fixed and the broken behaviour.

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeRequests(h: Harness, count: number, consent?: 'denied'): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const res = await h.post(mirror(consent ? { consent } : {}), { cookie: `_fbp=fb.1.1732000000000.${i}` });
    times.push(performance.now() - t0);
    assert.equal(res.status, 202);
  }
  return median(times);
}

async function timeScript(h: Harness, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    assert.equal((await rawRequest(`${h.site.url}/twinfire.js`)).status, 200);
    times.push(performance.now() - t0);
  }
  return median(times);
}

describe('hostile: a backlog does not slow requests down', () => {
  test('mirrors, consent revocations and the script are served as fast at 40 000 waiting events as at none', async (t) => {
    const h = await harnessFor(t, { options: { retryBaseMs: 60_000, retryMaxMs: 60_000 } });
    await h.fault({ status: 500, times: 1_000_000 });
    // Warm up, and get the pixel into its backoff pause (Meta is down).
    await timeRequests(h, 30);
    await h.tf.flush();
    const idle = { mirror: await timeRequests(h, 60), denied: await timeRequests(h, 60, 'denied'), script: await timeScript(h, 60) };

    for (let i = 0; i < 20_000; i++) {
      await h.tf.send({ event_name: 'Lead', action_source: 'system_generated', user_data: { external_id: `c-${i}`, fbp: `fb.1.1732000000000.${i}` } });
    }
    assert.ok((await h.tf.stats()).queued >= 40_000, `${(await h.tf.stats()).queued} waiting`);
    const busy = { mirror: await timeRequests(h, 60), denied: await timeRequests(h, 60, 'denied'), script: await timeScript(h, 60) };
    for (const kind of ['mirror', 'denied', 'script'] as const) {
      assert.ok(
        busy[kind] < Math.max(idle[kind] * 3, idle[kind] + 2),
        `${kind}: median ${busy[kind].toFixed(2)} ms at 40 000 waiting vs ${idle[kind].toFixed(2)} ms idle`,
      );
    }
  });
});
