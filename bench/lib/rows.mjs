// Turns each benchmark's raw result into table rows, with the targets of issue 8.
import { row, vs } from './report.mjs';

const MB = 1e6;

export function weightRows(w) {
  return [
    row('1 script tag, min+gzip', w.twinfire.gzipBytes, vs(w.floor.gzipBytes, 'js-cookie + uuid alone'), { unit: 'B', target: '≤ 2,560 B', met: w.twinfire.gzipBytes <= 2560 }),
    row('1 script tag vs Meta Parameter Builder', w.twinfire.gzipBytes, vs(w.metaParamBuilder.gzipBytes, `clientjs ${w.metaParamBuilder.version}`), { unit: 'B' }),
  ];
}

export function perCallRows(p) {
  return [
    // A batch of 100 bare calls can take less than performance.now()'s 5 µs step: then the median reads 0.
    row('2 fbq(track) per call, median', p.twinfireUs, vs(p.bareUs, p.bareUs > 0 ? 'bare base-code stub' : 'bare stub, under the 0.05 µs resolution'), { unit: 'µs', digits: 2, ratio: p.bareUs > 0 ? undefined : null }),
    row('2 per-call overhead, median', p.overheadUs, null, { unit: 'µs', digits: 2, target: '≤ 20 µs', met: p.overheadUs <= 20 }),
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
  if (ok(a) && ok(d)) rows.push(row('3a vs 3d per-event SDK route: req/s', a.rps, vs(d.rps, '3d SDK'), { unit: 'req/s', target: '≥ 5× 3d', met: a.rps / d.rps >= 5 }));
  if (ok(d) && ok(c)) rows.push(latency('3d', d, c));
  else if (!ok(d)) rows.push(missing('d', d));
  const slow = runs.dSlow;
  if (ok(a) && ok(slow)) rows.push(row(`3a vs 3d with ${slow.kind.split(', ')[1]} (context)`, a.rps, vs(slow.rps, '3d SDK, slow upstream'), { unit: 'req/s' }));
  if (ok(b) && ok(c)) {
    rows.push(row('3b twinfire, SQLite outbox: req/s', b.rps, vs(c.rps, '3c bare'), { unit: 'req/s', target: '≥ 0.50× 3c', met: b.rps / c.rps >= 0.5 }));
    rows.push(latency('3b', b, c));
  } else if (!ok(b)) rows.push(missing('b', b));
  for (const [letter, r] of Object.entries(runs).filter(([l]) => l.length === 1)) {
    if (ok(r) && (r.non2xx || r.errors || r.timeouts)) rows.push(row(`3${letter} failed requests (non-2xx/errors/timeouts)`, `${r.non2xx}/${r.errors}/${r.timeouts}`, null));
  }
  return rows;
}

function latency(label, r, ref) {
  return row(`${label} latency p50 / p99 (ratio of p99)`, `${r.p50Ms.toFixed(1)} / ${r.p99Ms.toFixed(1)} ms`, ref ? vs(`${ref.p50Ms.toFixed(1)} / ${ref.p99Ms.toFixed(1)} ms`, 'bare') : null, { ratio: ref ? r.p99Ms / ref.p99Ms : null });
}

export function upstreamRows(runs, delay) {
  const rows = [];
  const { a, d } = runs;
  const per10k = (r, key) => (r.upstream.events ? (r.upstream[key] / r.upstream.events) * 10_000 : NaN);
  if (a && !a.missing) {
    const sdk = d && !d.missing ? d : null;
    rows.push(row('4 Graph API requests per 10,000 events (3a)', per10k(a, 'requests'), sdk ? vs(per10k(sdk, 'requests'), '3d SDK') : null, { target: '≤ 11', met: per10k(a, 'requests') <= 11 }));
    rows.push(row('4 Graph API body MB per 10,000 events (3a)', per10k(a, 'bytes') / MB, sdk ? vs(per10k(sdk, 'bytes') / MB, '3d SDK') : null, { unit: 'MB', digits: 2 }));
    rows.push(row('4 events accepted but not delivered (3a)', a.accepted - a.upstream.events, null, { target: '0', met: a.accepted === a.upstream.events }));
  }
  if (delay) {
    rows.push(row(`4 delivery delay at 20/s, p50 / p99 (${delay.delivered}/${delay.sent} delivered)`, `${delay.p50Ms} / ${delay.p99Ms} ms`, null, { target: 'p99 ≤ 1,500 ms', met: delay.p99Ms <= 1500 && delay.delivered === delay.sent }));
  }
  return rows;
}

export function memoryRows(m) {
  const rows = [];
  const { memory, sqlite } = m;
  if (memory && !memory.missing) rows.push(row(`5 peak RSS, ${memory.queued.toLocaleString('en-US')} queued, memory outbox`, memory.maxRss / MB, vs(memory.baselineRss / MB, 'same process, empty'), { unit: 'MB' }));
  if (sqlite && !sqlite.missing) {
    const ref = memory && !memory.missing ? vs(memory.maxRss / MB, 'memory outbox') : null;
    rows.push(row(`5 peak RSS, ${sqlite.queued.toLocaleString('en-US')} queued, SQLite outbox`, sqlite.maxRss / MB, ref, { unit: 'MB', target: '≤ 150 MB', met: sqlite.maxRss <= 150 * MB && sqlite.queued === 100_000 }));
  } else rows.push(row('5 SQLite outbox: not run', sqlite?.missing ?? 'failed', null));
  return rows;
}
