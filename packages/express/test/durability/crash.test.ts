import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startEmulator } from '@twinfire/emulator';
import { mirror, PIXEL_A, PIXEL_B, TOKEN_A, TOKEN_B, UA, waitFor } from '../harness.js';
import { type Child, startChild } from './child-process.js';

const TOTAL = 2400;
const KILL_AFTER = 1200;
const CONCURRENCY = 20;

test('crash: SIGKILL mid-stream; a new process on the same file delivers every event that got a 202', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'twinfire-crash-'));
  const emulator = await startEmulator({ port: 0, acceptedTokens: [TOKEN_A, TOKEN_B] });
  const api = (p: string, init?: RequestInit) => fetch(emulator.url + p, init).then((r) => r.json() as Promise<any>);
  const children: Child[] = [];
  t.after(async () => {
    for (const child of children) await child.kill();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = { PIXEL_A, PIXEL_B, TOKEN_A, TOKEN_B, GRAPH_URL: emulator.url, DB_PATH: path.join(dir, 'twinfire.db'), LEASE_MS: '1500' };
  // A slow Graph API: the first process always has batches in flight and events queued when it dies.
  await api('/_emulator/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ forMs: 60_000, delayMs: 1000 }) });

  const first = await startChild({ ...env, BATCH_SIZE: '25' });
  children.push(first);
  const accepted: string[] = [];
  let next = 0;
  let refused = 0;
  const worker = async () => {
    while (next < TOTAL) {
      const payload = mirror({ event_id: `crash-${next++}`, pixel_ids: [PIXEL_A, PIXEL_B] });
      try {
        const res = await fetch(`${first.url}/twinfire`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain;charset=UTF-8', origin: first.url, 'user-agent': UA },
          body: JSON.stringify(payload),
        });
        const body = (await res.json()) as { queued?: number };
        if (res.status === 202 && body.queued === 2) accepted.push(payload.event_id as string);
        else refused++;
      } catch {
        refused++; // killed mid-request or refused afterwards: not acknowledged, so not promised
      }
      if (accepted.length >= KILL_AFTER && first.process.exitCode === null && first.process.signalCode === null) first.process.kill('SIGKILL');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await first.kill();
  const before = new Set(((await api('/_emulator/events')).events as any[]).map((e) => `${e.pixel_id}/${e.event_id}`));
  assert.ok(accepted.length >= KILL_AFTER, `${accepted.length} accepted`);
  assert.ok(before.size < accepted.length, `most accepted events had not reached the Graph API when the process died (${before.size})`);

  await api('/_emulator/faults', { method: 'DELETE' });
  const second = await startChild({ ...env, BATCH_SIZE: '1000' });
  children.push(second);
  const missing = async () => {
    const seen = new Set(((await api('/_emulator/events')).events as any[]).map((e) => `${e.pixel_id}/${e.event_id}`));
    return accepted.flatMap((id) => [PIXEL_A, PIXEL_B].map((p) => `${p}/${id}`)).filter((k) => !seen.has(k));
  };
  await waitFor(
    async () => (await missing()).length === 0,
    20_000,
    'every accepted event delivered',
    async () => ({ missing: (await missing()).length, stderr: second.stderr() }),
  );
  const events = (await api('/_emulator/events')).events as any[];
  const ids = new Set(events.map((e) => e.event_id));
  for (const id of ids) assert.match(id, /^crash-\d+$/, 'event ids unchanged');
  t.diagnostic(
    `fired ${TOTAL}, 202 for ${accepted.length}, refused ${refused}; before the kill ${before.size} of ${accepted.length * 2} had arrived; copies received ${events.length}`,
  );
});
