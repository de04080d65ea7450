// Figure 6 (issue 11, "survive hostile traffic"): while Meta is down (the emulator answers every Graph API
// request with a 500), a backlog of BACKLOG events waits and attackers flood the mirror endpoint with fat
// mirrors for SECONDS s. Measured per outbox kind, each in a fresh app process: the app's peak RSS, what a
// normal visitor waits for a mirror and for the script (idle, with the backlog, under attack), the attackers'
// answers by status, the outbox afterwards, and how long after Meta comes back everything accepted is
// delivered. The emulator, the app and the attackers run in child processes; the visitor in the runner.
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild } from './lib/child.mjs';
import { mirrorBody, mirrorHeaders } from './lib/payload.mjs';
import { percentile } from './lib/stats.mjs';

const env = (name, fallback) => (process.env[name] === undefined || process.env[name] === '' ? fallback : Number(process.env[name]));
/** Length of the flood, s. */
export const SECONDS = env('HOSTILE_SECONDS', 60);
/** Events queued with tf.send() before the visitor's second phase and the flood. */
export const BACKLOG = env('HOSTILE_BACKLOG', 90_000);
/** Attacking connections, each posting one mirror after the other. */
export const CONNECTIONS = env('HOSTILE_CONNECTIONS', 6);
/** Length of each quiet visitor phase (empty queue, then backlog), s. */
export const IDLE_SECONDS = env('HOSTILE_IDLE_SECONDS', 10);
/** The visitor's pace: this many mirrors a second, each followed by a GET of the script. */
export const VISITOR_RATE = 5;
/** Target of the recovery, and how long the runner waits for it at most. */
export const RECOVERY_TARGET_S = 60;
export const RECOVERY_WAIT_S = 120;
const REQUEST_TIMEOUT_MS = 10_000;
/** The outboxes measured, then the bare comparison: HOSTILE_OUTBOXES=memory,sqlite,bare by default. */
const KINDS = (process.env.HOSTILE_OUTBOXES || 'memory,sqlite,bare').split(',');

export async function benchHostile(log) {
  for (const [name, value] of Object.entries({ SECONDS, BACKLOG, CONNECTIONS, IDLE_SECONDS })) {
    if (!Number.isInteger(value) || value < (name === 'BACKLOG' ? 0 : 1)) throw new Error(`HOSTILE_${name} must be a whole number, got ${value}`);
  }
  // The child processes end themselves after 10 minutes (lib/serve-ipc.mjs): one outbox's run must fit.
  if (SECONDS + 2 * IDLE_SECONDS > 300) throw new Error('HOSTILE_SECONDS + 2 × HOSTILE_IDLE_SECONDS must be at most 300');
  const out = {
    seconds: SECONDS,
    backlog: BACKLOG,
    connections: CONNECTIONS,
    idleSeconds: IDLE_SECONDS,
    visitorRate: VISITOR_RATE,
    recoveryWaitSeconds: RECOVERY_WAIT_S,
  };
  for (const kind of KINDS) {
    try {
      out[kind] = await runOutbox(kind, log);
    } catch (error) {
      out[kind] = { missing: error.message };
      log(`  ${name}: not run: ${error.message}`);
    }
  }
  return out;
}

async function emulatorApi(emulator, path, method = 'GET', body) {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** One outbox kind, with its own emulator, attackers and app processes (each child ends itself after 10 min). */
async function runOutbox(kind, log) {
  const children = [];
  const start = async (file, args) => {
    const child = await startChild(file, args);
    children.push(child);
    return child;
  };
  try {
    const emulator = await start('servers/emulator.mjs');
    // Meta is down: every Graph API request gets a 500 (code 2, transient) until the fault is cleared.
    await emulatorApi(emulator, '/_emulator/faults', 'POST', { forMs: 3_600_000, status: 500 });
    const flood = await start('servers/flood.mjs');
    // `bare`: the comparison, the same flood on a bare Express route holding the same events (hostile-bare.mjs).
    const app = await start(kind === 'bare' ? 'servers/hostile-bare.mjs' : 'servers/hostile-app.mjs', [kind, emulator.url]);
    const name = kind === 'bare' ? 'bare route' : `${kind} outbox`;
    const r = { kind, readyRss: app.rss, phases: {} };
    // A second of visits first, so that no figure holds the first connection or a cold code path.
    r.warmup = await visit(app.url, 1, `warmup-${kind}`);
    await app.call('phase');

    r.idle = await visit(app.url, IDLE_SECONDS, `idle-${kind}`);
    r.phases.idle = await app.call('phase');
    log(`  ${name}, idle: ${describeVisit(r.idle)}`);

    const beforeFill = await app.call('stats');
    r.fill = await app.call('fill', BACKLOG, 600_000);
    r.fill.backlogQueued = r.fill.accepted - beforeFill.accepted;
    r.fill.liveHeap = await app.call('liveHeap');
    r.phases.fill = await app.call('phase');
    log(
      `  ${name}: backlog of ${BACKLOG} sent in ${(r.fill.fillMs / 1000).toFixed(1)} s: ${r.fill.backlogQueued} queued, ${r.fill.queued} in all (${(r.fill.queuedBytes / 1e6).toFixed(1)} MB counted), refused ${JSON.stringify(r.fill.refused)}; live heap after a full GC ${(r.fill.liveHeap / 1e6).toFixed(0)} MB`,
    );

    r.backlog = await visit(app.url, IDLE_SECONDS, `backlog-${kind}`);
    r.phases.backlog = await app.call('phase');
    log(`  ${name}, backlog, no attack: ${describeVisit(r.backlog)}`);

    log(`  ${name}: ${SECONDS} s flood, ${CONNECTIONS} connections...`);
    const [attack, visitor] = await Promise.all([
      flood.call('flood', { url: app.url, seconds: SECONDS, connections: CONNECTIONS }, (SECONDS + 60) * 1000),
      visit(app.url, SECONDS, `attack-${kind}`),
    ]);
    r.attack = attack;
    r.underAttack = visitor;
    r.phases.attack = await app.call('phase');
    r.afterAttack = await app.call('stats');
    const busy = r.phases.attack;
    log(
      `  ${name}, under attack: ${describeVisit(visitor)}; app CPU ${((100 * busy.cpuSeconds) / busy.seconds).toFixed(0)} %, event loop delay p99 ${busy.loopDelayP99Ms.toFixed(0)} ms, attackers' CPU ${((100 * attack.cpuSeconds) / attack.seconds).toFixed(0)} %`,
    );
    log(
      `  ${name}: attackers' answers ${JSON.stringify({ fat: attack.fat, expired: attack.expired, bomb: attack.bomb })}, ${(attack.bytes / 1e6).toFixed(0)} MB posted; queued ${r.afterAttack.queued}, dead ${r.afterAttack.dead}, deadEvicted ${r.afterAttack.deadEvicted}`,
    );

    // The bare route has nothing to deliver: its figures end with the flood.
    if (kind === 'bare') {
      r.maxRss = Math.max(...Object.values(r.phases).map((p) => p.sampledPeakRss));
      return r;
    }

    // Meta is back: from the moment the fault is cleared, until nothing is left to send.
    await emulatorApi(emulator, '/_emulator/faults', 'DELETE');
    const upstreamBefore = (await emulatorApi(emulator, '/_emulator/requests')).total;
    const recoveredFrom = performance.now();
    let stats = await app.call('stats');
    while ((stats.queued > 0 || stats.inFlight > 0) && performance.now() - recoveredFrom < RECOVERY_WAIT_S * 1000) {
      await sleep(250);
      stats = await app.call('stats');
    }
    const drained = stats.queued === 0 && stats.inFlight === 0;
    const recoverySeconds = (performance.now() - recoveredFrom) / 1000;
    const upstreamAfter = (await emulatorApi(emulator, '/_emulator/requests')).total;
    r.phases.recovery = await app.call('phase');
    r.afterRecovery = stats;
    const upstream = Object.fromEntries(Object.keys(upstreamAfter).map((k) => [k, upstreamAfter[k] - upstreamBefore[k]]));
    // Everything the app took (202, or a resolved send()) is delivered, except what it set aside as expired
    // (the almost 7-day-old mirrors) or invalid: those are dead letters (or evicted ones), by design.
    const setAside = stats.dead + stats.deadEvicted;
    const expected = stats.accepted - setAside;
    // Events in the Graph API requests made after the fault was cleared (`events` counts every request's: it
    // is what Meta took when none was rejected), cross-checked with stats().sent (events Meta confirmed).
    const delivered = upstream.rejected === 0 ? upstream.events : stats.sent;
    r.recovery = { drained, seconds: recoverySeconds, accepted: stats.accepted, setAside, expected, delivered, sent: stats.sent, upstream };
    // What the runner saw acknowledged, to cross-check stats().accepted.
    r.acknowledged = {
      backlog: r.fill.backlogQueued,
      visitor202: countStatus([r.warmup, r.idle, r.backlog, r.underAttack], '202'),
      attacker202: (attack.fat['202'] ?? 0) + (attack.expired['202'] ?? 0),
    };
    r.acknowledged.total = r.acknowledged.backlog + r.acknowledged.visitor202 + r.acknowledged.attacker202;
    r.recovery.acknowledgedMatches = r.acknowledged.total === stats.accepted;
    r.maxRss = Math.max(r.phases.recovery.maxRss, ...Object.values(r.phases).map((p) => p.sampledPeakRss));
    log(
      `  ${name}: after recovery ${drained ? 'drained' : 'NOT drained'} in ${recoverySeconds.toFixed(1)} s: ${delivered}/${expected} delivered (accepted ${stats.accepted}, set aside ${setAside}); peak RSS ${(r.maxRss / 1e6).toFixed(0)} MB (${Object.entries(
        r.phases,
      )
        .map(([p, v]) => `${p} ${(v.sampledPeakRss / 1e6).toFixed(0)}`)
        .join(', ')})`,
    );
    return r;
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}

function countStatus(visits, status) {
  return visits.reduce((n, v) => n + (v.mirror.statuses[status] ?? 0), 0);
}

/** A normal visitor: VISITOR_RATE times a second, one mirror POST, then GET /twinfire.js, one after the other. */
async function visit(url, seconds, label) {
  const mirror = { latencies: [], statuses: {} };
  const script = { latencies: [], statuses: {} };
  const timed = async (into, input, init) => {
    const t0 = performance.now();
    let status;
    try {
      const res = await fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await res.arrayBuffer();
      status = String(res.status);
    } catch (error) {
      status = error?.name === 'TimeoutError' ? 'timeout' : 'error';
    }
    into.latencies.push(performance.now() - t0);
    into.statuses[status] = (into.statuses[status] ?? 0) + 1;
  };
  const start = performance.now();
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    await sleep(Math.max(0, start + (i * 1000) / VISITOR_RATE - performance.now()));
    await timed(mirror, `${url}/twinfire`, { method: 'POST', headers: mirrorHeaders(url), body: mirrorBody(`visitor-${label}-${i}`) });
    await timed(script, `${url}/twinfire.js`);
  }
  const summary = (s) => ({
    n: s.latencies.length,
    p50Ms: percentile(s.latencies, 50),
    p99Ms: percentile(s.latencies, 99),
    maxMs: Math.max(...s.latencies),
    statuses: s.statuses,
  });
  return { seconds: (performance.now() - start) / 1000, mirror: summary(mirror), script: summary(script) };
}

function describeVisit(v) {
  const one = (s) => `p50 ${s.p50Ms.toFixed(1)} / p99 ${s.p99Ms.toFixed(1)} ms ${JSON.stringify(s.statuses)}`;
  return `mirror ${one(v.mirror)}, script ${one(v.script)} (${v.mirror.n} each)`;
}
