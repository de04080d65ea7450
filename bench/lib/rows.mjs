// Turns each benchmark's raw result into table rows, with the targets of issues 8 and 11.
import { row, vs } from './report.mjs';

const MB = 1e6;

export function weightRows(w) {
  return [
    row('1 script tag, min+gzip', w.twinfire.gzipBytes, vs(w.floor.gzipBytes, 'js-cookie alone'), {
      unit: 'B',
      target: '≤ 2,560 B',
      met: w.twinfire.gzipBytes <= 2560,
    }),
    row('1 script tag vs Meta Parameter Builder', w.twinfire.gzipBytes, vs(w.metaParamBuilder.gzipBytes, `clientjs ${w.metaParamBuilder.version}`), {
      unit: 'B',
    }),
  ];
}

export function perCallRows(p) {
  const t = p.twinfire;
  const b = p.bare;
  const test = p.burstTest;
  return [
    // A batch of bare calls can take less than performance.now()'s 5 µs step: then the median reads 0.
    row(
      '2 fbq(track) per call, single calls, call path, median',
      t.single.callUs,
      vs(b.single.callUs, b.single.callUs > 0 ? 'bare base-code stub' : 'bare stub, under the resolution'),
      {
        unit: 'µs',
        digits: 2,
        ratio: b.single.callUs > 0 ? undefined : null,
      },
    ),
    row('2 per-call overhead (single calls, call path), median', p.overheadUs, null, { unit: 'µs', digits: 2, target: '≤ 20 µs', met: p.overheadUs <= 20 }),
    // The flush task after a lone call sends its one beacon: off the call path, but main-thread time all the same.
    row('2 single call + its flush task (one real beacon), median', t.single.totalUs, vs(b.single.totalUs, 'bare stub'), {
      unit: 'µs',
      digits: 2,
      ratio: null,
    }),
    row('2 per call in a burst of 100, amortized incl. flush, median', t.burst.totalUs, vs(b.burst.totalUs, 'bare stub'), {
      unit: 'µs',
      digits: 2,
      ratio: null,
      target: '≤ 20 µs',
      met: t.burst.totalUs - b.burst.totalUs <= 20,
    }),
    row(`2 burst test: ${test.calls} calls in one task, mirrored (${test.bodies} bodies)`, `${test.mirrored}/${test.calls}`, null, {
      target: `${test.calls}/${test.calls}`,
      met: test.mirrored === test.calls,
    }),
  ];
}

function missing(letter, run) {
  return row(`3${letter} ${run?.kind ?? ''}: not run`, run?.missing ?? 'failed', null);
}

export function endpointRows(runs) {
  const { a, b, c, d } = runs;
  const ok = (r) => r && !r.missing;
  const rows = [];
  if (ok(c)) rows.push(row('3c bare route (the ceiling): req/s', c.rps, null, { unit: 'req/s' }), latency('3c', c, null));
  if (ok(a) && ok(c)) {
    rows.push(row('3a twinfire, memory outbox: req/s', a.rps, vs(c.rps, '3c bare'), { unit: 'req/s', target: '≥ 0.80× 3c', met: a.rps / c.rps >= 0.8 }));
    rows.push(latency('3a', a, c));
    rows.push(row('3a app CPU per request', a.cpuUsPerRequest, vs(c.cpuUsPerRequest, '3c bare'), { unit: 'µs' }));
  } else if (!ok(a)) rows.push(missing('a', a));
  if (ok(a) && ok(d))
    rows.push(row('3a vs 3d per-event SDK route: req/s', a.rps, vs(d.rps, '3d SDK'), { unit: 'req/s', target: '≥ 5× 3d', met: a.rps / d.rps >= 5 }));
  if (ok(d) && ok(c)) rows.push(latency('3d', d, c));
  else if (!ok(d)) rows.push(missing('d', d));
  const slow = runs.dSlow;
  if (ok(a) && ok(slow)) rows.push(row(`3a vs 3d with ${slow.kind.split(', ')[1]} (context)`, a.rps, vs(slow.rps, '3d SDK, slow upstream'), { unit: 'req/s' }));
  if (ok(b) && ok(c)) {
    rows.push(row('3b twinfire, SQLite outbox: req/s', b.rps, vs(c.rps, '3c bare'), { unit: 'req/s', target: '≥ 0.60× 3c', met: b.rps / c.rps >= 0.6 }));
    rows.push(latency('3b', b, c));
  } else if (!ok(b)) rows.push(missing('b', b));
  const { e } = runs;
  if (ok(e) && ok(c)) {
    rows.push(row('3e twinfire, PostgreSQL outbox: req/s', e.rps, vs(c.rps, '3c bare'), { unit: 'req/s', target: '≥ 0.40× 3c', met: e.rps / c.rps >= 0.4 }));
    rows.push(latency('3e', e, c));
  } else if (!ok(e)) rows.push(missing('e', e));
  for (const [letter, r] of Object.entries(runs).filter(([l]) => l.length === 1)) {
    if (ok(r) && (r.non2xx || r.errors || r.timeouts))
      rows.push(row(`3${letter} failed requests (non-2xx/errors/timeouts)`, `${r.non2xx}/${r.errors}/${r.timeouts}`, null));
  }
  return rows;
}

function latency(label, r, ref) {
  return row(
    `${label} latency p50 / p99 (ratio of p99)`,
    `${r.p50Ms.toFixed(1)} / ${r.p99Ms.toFixed(1)} ms`,
    ref ? vs(`${ref.p50Ms.toFixed(1)} / ${ref.p99Ms.toFixed(1)} ms`, 'bare') : null,
    { ratio: ref ? r.p99Ms / ref.p99Ms : null },
  );
}

/** Figure 4: `delays` holds the delivery delay per outbox (`memory`, `postgres`), each null when not run. */
export function upstreamRows(runs, delays) {
  const rows = [];
  const { a, d, e } = runs;
  const per10k = (r, key) => (r.upstream.events ? (r.upstream[key] / r.upstream.events) * 10_000 : NaN);
  if (a && !a.missing) {
    const sdk = d && !d.missing ? d : null;
    rows.push(
      row('4 Graph API requests per 10,000 events (3a)', per10k(a, 'requests'), sdk ? vs(per10k(sdk, 'requests'), '3d SDK') : null, {
        target: '≤ 11',
        met: per10k(a, 'requests') <= 11,
      }),
    );
    rows.push(
      row('4 Graph API body MB per 10,000 events (3a)', per10k(a, 'bytes') / MB, sdk ? vs(per10k(sdk, 'bytes') / MB, '3d SDK') : null, {
        unit: 'MB',
        digits: 2,
      }),
    );
    rows.push(row('4 events accepted but not delivered (3a)', a.accepted - a.upstream.events, null, { target: '0', met: a.accepted === a.upstream.events }));
  }
  if (e && !e.missing)
    rows.push(row('4 events accepted but not delivered (3e)', e.accepted - e.upstream.events, null, { target: '0', met: e.accepted === e.upstream.events }));
  for (const [key, label] of [
    ['memory', ''],
    ['postgres', ', PostgreSQL outbox'],
  ]) {
    const delay = delays[key];
    if (!delay) continue;
    rows.push(
      row(`4 delivery delay at 20/s${label}, p50 / p99 (${delay.delivered}/${delay.sent} delivered)`, `${delay.p50Ms} / ${delay.p99Ms} ms`, null, {
        target: 'p99 ≤ 1,500 ms',
        met: delay.p99Ms <= 1500 && delay.delivered === delay.sent,
      }),
    );
  }
  return rows;
}

export function memoryRows(m) {
  const rows = [];
  const { memory, sqlite } = m;
  if (memory && !memory.missing)
    rows.push(
      row(
        `5 peak RSS, ${memory.queued.toLocaleString('en-US')} queued, memory outbox`,
        memory.maxRss / MB,
        vs(memory.baselineRss / MB, 'same process, empty'),
        { unit: 'MB' },
      ),
    );
  if (sqlite && !sqlite.missing) {
    const ref = memory && !memory.missing ? vs(memory.maxRss / MB, 'memory outbox') : null;
    rows.push(
      row(`5 peak RSS, ${sqlite.queued.toLocaleString('en-US')} queued, SQLite outbox`, sqlite.maxRss / MB, ref, {
        unit: 'MB',
        target: '≤ 150 MB',
        met: sqlite.maxRss <= 150 * MB && sqlite.queued === 100_000,
      }),
    );
  } else rows.push(row('5 SQLite outbox: not run', sqlite?.missing ?? 'failed', null));
  return rows;
}

const n = (v) => v.toLocaleString('en-US');
const ms = (s) => `${s.p50Ms.toFixed(1)} / ${s.p99Ms.toFixed(1)} ms`;
const answers = (counts) =>
  Object.entries(counts)
    .map(([status, count]) => `${status} ×${n(count)}`)
    .join(', ') || 'none';

/** Figure 6, per outbox: peak RSS, the visitor under attack against idle, the answers, the outbox, the recovery. */
export function hostileRows(h) {
  const rows = [];
  for (const [kind, label, rssTarget] of [
    ['memory', 'memory outbox', 300],
    ['sqlite', 'SQLite outbox', 200],
  ]) {
    const r = h[kind];
    // Not asked for (HOSTILE_OUTBOXES): no row.
    if (r === undefined) continue;
    if (r.missing) {
      rows.push(row(`6 hostile traffic, ${label}: not run`, r?.missing ?? 'failed', null));
      continue;
    }
    const flood = `${n(r.fill.queued)} queued + ${h.seconds} s flood`;
    // The target is the flood's (Meta down, backlog held, attack): the phases before recovery, sampled every
    // 20 ms. The drain after Meta is back has a row of its own; the process's maxRSS is in results.json.
    const downRss = Math.max(...Object.entries(r.phases).flatMap(([phase, p]) => (phase === 'recovery' ? [] : [p.sampledPeakRss])));
    rows.push(
      row(`6 peak RSS while Meta is down, ${flood}, ${label}`, downRss / MB, vs(r.readyRss / MB, 'same process, empty'), {
        unit: 'MB',
        target: `≤ ${rssTarget} MB`,
        met: downRss <= rssTarget * MB,
      }),
    );
    rows.push(row(`6 live heap after the backlog (full GC), ${label}`, r.fill.liveHeap / MB, vs(r.fill.queuedBytes / MB, 'counted'), { unit: 'MB' }));
    rows.push(
      row(
        `6 peak RSS while the backlog drains after Meta is back, ${label}`,
        r.phases.recovery.sampledPeakRss / MB,
        vs(r.readyRss / MB, 'same process, empty'),
        {
          unit: 'MB',
        },
      ),
    );
    const mirrorRatio = r.underAttack.mirror.p99Ms / r.idle.mirror.p99Ms;
    const scriptRatio = r.underAttack.script.p99Ms / r.idle.script.p99Ms;
    rows.push(
      row(
        `6 visitor mirror p50 / p99 under attack (${answers(r.underAttack.mirror.statuses)}), ${label}`,
        ms(r.underAttack.mirror),
        vs(ms(r.idle.mirror), 'idle, empty queue'),
        { ratio: mirrorRatio, target: '≤ 3× idle p99', met: mirrorRatio <= 3 },
      ),
    );
    rows.push(
      row(`6 visitor script p50 / p99 under attack, ${label}`, ms(r.underAttack.script), vs(ms(r.idle.script), 'idle, empty queue'), {
        ratio: scriptRatio,
        target: '≤ 3× idle p99',
        met: scriptRatio <= 3,
      }),
    );
    rows.push(
      row(
        `6 visitor mirror / script p99, backlog, no attack (${answers(r.backlog.mirror.statuses)}), ${label}`,
        `${r.backlog.mirror.p99Ms.toFixed(1)} / ${r.backlog.script.p99Ms.toFixed(1)} ms`,
        vs(`${r.idle.mirror.p99Ms.toFixed(1)} / ${r.idle.script.p99Ms.toFixed(1)} ms`, 'idle, empty queue'),
        { ratio: r.backlog.mirror.p99Ms / r.idle.mirror.p99Ms },
      ),
    );
    // Fat mirrors (fresh or almost expired) may be queued (202) or refused when the queue is full (503), never
    // 413 nor an error; node bombs are refused at the door (400 too_many_nodes, or 503 when the queue is full).
    const fat = {};
    for (const counts of [r.attack.fat, r.attack.expired]) for (const [status, count] of Object.entries(counts)) fat[status] = (fat[status] ?? 0) + count;
    const fatOk = Object.keys(fat).every((s) => s === '202' || s === '503');
    // A full queue refuses before reading the body, so a bomb may get 503 as well: never 202.
    const bombOk = Object.keys(r.attack.bomb).every((s) => s === '400' || s === '503');
    rows.push(
      row(`6 attackers' answers, ${label}: fat mirrors / node bombs`, `${answers(fat)} / ${answers(r.attack.bomb)}`, null, {
        target: '202 or 503 / 400 or 503',
        met: fatOk && bombOk,
      }),
    );
    const a = r.afterAttack;
    rows.push(row(`6 outbox after the flood, ${label}: queued / dead / deadEvicted`, `${n(a.queued)} / ${n(a.dead)} / ${n(a.deadEvicted)}`, null));
    const rec = r.recovery;
    const all = rec.drained && rec.delivered === rec.expected && rec.acknowledgedMatches;
    rows.push(
      row(
        `6 all accepted delivered after Meta is back, ${label} (${n(rec.delivered)}/${n(rec.expected)}, ${n(rec.setAside)} set aside)`,
        rec.drained ? rec.seconds : `not within ${h.recoveryWaitSeconds} s`,
        null,
        { unit: 's', digits: 1, target: '≤ 60 s', met: all && rec.seconds <= 60 },
      ),
    );
  }
  // The comparison: a bare Express route holding the same events as JSON text, under the same flood.
  const bare = h.bare;
  if (bare && !bare.missing) {
    const label = 'bare Express route holding the same events (comparison)';
    const peak = Math.max(...Object.values(bare.phases).map((p) => p.sampledPeakRss));
    rows.push(
      row(
        `6 peak RSS while Meta is down, ${n(bare.fill.queued)} held + ${h.seconds} s flood, ${label}`,
        peak / MB,
        vs(bare.readyRss / MB, 'same process, empty'),
        { unit: 'MB' },
      ),
    );
    rows.push(row(`6 live heap after the backlog (full GC), ${label}`, bare.fill.liveHeap / MB, vs(bare.fill.queuedBytes / MB, 'JSON held'), { unit: 'MB' }));
    rows.push(
      row(
        `6 visitor mirror / script p99 under attack, ${label}`,
        `${bare.underAttack.mirror.p99Ms.toFixed(1)} / ${bare.underAttack.script.p99Ms.toFixed(1)} ms`,
        vs(`${bare.idle.mirror.p99Ms.toFixed(1)} / ${bare.idle.script.p99Ms.toFixed(1)} ms`, 'idle, empty'),
        {
          ratio: bare.underAttack.mirror.p99Ms / bare.idle.mirror.p99Ms,
        },
      ),
    );
  }
  return rows;
}
