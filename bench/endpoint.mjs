// Figures 3 and 4a: throughput and latency of the mirror endpoint, and what reaches the Graph API per event.
// Each app runs in its own child process, the emulator in another, autocannon in the runner. The variants
// take turns: ROUNDS windows of WINDOW_S seconds each, interleaved, so that a slow moment of the machine
// does not fall on one variant only.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChild } from './lib/child.mjs';
import { CONNECTIONS, fireMirrors } from './lib/load.mjs';
import { benchSchema } from './lib/postgres.mjs';
import { summarizeProfile } from './lib/profile.mjs';
import { percentile } from './lib/stats.mjs';

/** `--profile`: one more window per app, under a V8 CPU profile, summarized per request (not in the figures). */
const PROFILE = process.argv.includes('--profile');

export const ROUNDS = 3;
export const WINDOW_S = 5;
const WARMUP_S = 2;
const ALL_VARIANTS = { c: 'bare', a: 'twinfire', b: 'twinfire-sqlite', e: 'twinfire-postgres', d: 'sdk' };
/** `ENDPOINT_VARIANTS=c,a` runs only those apps (for a quick comparison while working on one of them). */
const chosen = process.env.ENDPOINT_VARIANTS?.split(',').map((letter) => letter.trim());
export const VARIANTS = Object.fromEntries(Object.entries(ALL_VARIANTS).filter(([letter]) => !chosen || chosen.includes(letter)));
export const UPSTREAM_DELAY_MS = 100;

export async function benchEndpoints(emulator, log) {
  const apps = {};
  const runs = {};
  let pg;
  try {
    for (const [letter, kind] of Object.entries(VARIANTS)) {
      try {
        // (e) gets a fresh schema of its own in testkit's PostgreSQL, dropped at the end.
        const args = [kind, emulator.url];
        if (kind === 'twinfire-postgres') {
          pg = await benchSchema('bench_endpoint');
          args.push(pg.url, pg.schema);
        }
        apps[letter] = await startChild('servers/app.mjs', args);
        await fireMirrors(apps[letter].url, WARMUP_S);
        await apps[letter].call('flush');
        runs[letter] = { kind, windows: [], ...(kind === 'twinfire-postgres' ? { postgres: pg.where } : {}) };
      } catch (error) {
        runs[letter] = { kind, missing: error.message };
        await apps[letter]?.stop();
        delete apps[letter];
        log(`  (${letter}) ${kind}: not run: ${error.message}`);
      }
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const letter of Object.keys(apps)) runs[letter].windows.push(await measureWindow(apps[letter], emulator));
    }
    // Context for (d), not a target: the same SDK route when each Graph API answer takes UPSTREAM_DELAY_MS
    // (injected in the emulator), since a real round trip to Meta is not a loopback one.
    if (apps.d) runs.dSlow = { kind: `sdk, +${UPSTREAM_DELAY_MS} ms upstream`, windows: [await measureWindow(apps.d, emulator, UPSTREAM_DELAY_MS)] };
    if (PROFILE) {
      const dir = mkdtempSync(path.join(tmpdir(), 'twinfire-profile-'));
      for (const letter of Object.keys(apps).filter((l) => l !== 'd')) {
        const file = path.join(dir, `${letter}.cpuprofile`);
        await apps[letter].call('profileStart');
        const load = await fireMirrors(apps[letter].url, WINDOW_S);
        await apps[letter].call('profileStop', file);
        await apps[letter].call('flush');
        runs[letter].profile = { file, ...summarizeProfile(file, load.ok + load.non2xx) };
      }
    }
  } finally {
    for (const app of Object.values(apps)) await app.stop();
    await pg?.drop().catch((error) => log(`  could not drop the schema ${pg.schema}: ${error.message}`));
  }
  for (const letter of Object.keys(runs).filter((l) => runs[l].windows)) {
    runs[letter] = summarize(runs[letter]);
    const r = runs[letter];
    log(
      `  (${letter}) ${r.kind}: ${r.rps.toFixed(0)} req/s (windows: ${r.windowRps.map((x) => x.toFixed(0)).join(', ')}), p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, non-2xx ${r.non2xx}, errors ${r.errors}, app CPU ${r.cpuUsPerRequest.toFixed(0)} µs/req`,
    );
  }
  return runs;
}

async function fault(emulator, spec) {
  const res = await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  if (!res.ok) throw new Error(`emulator refused the fault ${JSON.stringify(spec)}: ${await res.text()}`);
}

async function upstreamTotal(emulator) {
  return (await (await fetch(`${emulator.url}/_emulator/requests`)).json()).total;
}

async function measureWindow(app, emulator, delayMs = 0) {
  if (delayMs) await fault(emulator, { forMs: (WINDOW_S + 5) * 1000, delayMs });
  const upstreamBefore = await upstreamTotal(emulator);
  const before = await app.call('stats');
  const load = await fireMirrors(app.url, WINDOW_S);
  const cpu = await app.call('cpu');
  if (delayMs) await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  // Delivery of what is still queued (twinfire) counts in the upstream figure, not in the load window.
  const after = await app.call('flush');
  const upstreamAfter = await upstreamTotal(emulator);
  const upstream = Object.fromEntries(Object.keys(upstreamAfter).map((k) => [k, upstreamAfter[k] - upstreamBefore[k]]));
  return {
    ...load,
    cpuUs: cpu - before.cpu,
    accepted: after.twinfire ? after.twinfire.accepted - before.twinfire.accepted : load.ok,
    queuedAfterFlush: after.twinfire?.queued ?? 0,
    dead: after.twinfire?.dead ?? 0,
    upstream,
  };
}

function summarize({ kind, windows, postgres, profile }) {
  const sum = (f) => windows.reduce((total, w) => total + f(w), 0);
  const latencies = windows.flatMap((w) => w.latencies);
  const seconds = sum((w) => w.seconds);
  const requests = latencies.length;
  const upstream = {};
  for (const key of Object.keys(windows[0].upstream)) upstream[key] = sum((w) => w.upstream[key]);
  return {
    kind,
    ...(postgres ? { postgres } : {}),
    ...(profile ? { profile } : {}),
    connections: CONNECTIONS,
    seconds,
    rps: sum((w) => w.ok) / seconds,
    windowRps: windows.map((w) => w.ok / w.seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ok: sum((w) => w.ok),
    non2xx: sum((w) => w.non2xx),
    errors: sum((w) => w.errors),
    timeouts: sum((w) => w.timeouts),
    cpuUsPerRequest: requests ? sum((w) => w.cpuUs) / requests : NaN,
    accepted: sum((w) => w.accepted),
    queuedAfterFlush: windows.at(-1).queuedAfterFlush,
    dead: windows.at(-1).dead,
    upstream,
  };
}
