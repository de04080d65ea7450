// `npm run bench [-- weight per-call endpoint delay memory hostile]`: runs the benchmarks of issues 8 and 11 side
// by side on this machine, prints one table and writes bench/results.json. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { benchDeliveryDelay } from './delivery-delay.mjs';
import { benchEndpoints } from './endpoint.mjs';
import { benchHostile } from './hostile.mjs';
import { startChild } from './lib/child.mjs';
import { printTable, writeResults } from './lib/report.mjs';
import { endpointRows, hostileRows, memoryRows, perCallRows, upstreamRows, weightRows } from './lib/rows.mjs';
import { benchMemory } from './memory.mjs';
import { benchPerCall } from './per-call.mjs';
import { benchScriptWeight } from './script-weight.mjs';

const root = new URL('..', import.meta.url).pathname;
const ALL = ['weight', 'per-call', 'endpoint', 'delay', 'memory', 'hostile'];
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = only.length ? ALL.filter((n) => only.includes(n)) : ALL;
const unknown = only.filter((n) => !ALL.includes(n));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}: choose among ${ALL.join(', ')}`);
  process.exit(2);
}
const log = (...a) => console.error(...a);

function ensureBuilt() {
  const needed = ['core/dist/index.js', 'emulator/dist/index.js', 'express/dist/index.js', 'browser/dist/twinfire.min.js'];
  if (!process.argv.includes('--build') && needed.every((f) => existsSync(`${root}packages/${f}`))) return;
  log('building the packages (npm run build)...');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

const started = performance.now();
ensureBuilt();
// Other processes on the machine skew every figure: the load average says whether there were any.
const loadBefore = os.loadavg()[0];
const raw = {};
const rows = [];
const failures = [];

async function step(name, fn, selectedAs = name) {
  if (!selected.includes(selectedAs)) return;
  log(`[bench] ${name}...`);
  const t0 = performance.now();
  try {
    await fn();
  } catch (error) {
    failures.push(name);
    raw[name] = { error: String(error?.stack ?? error) };
    log(`[bench] ${name} failed: ${error?.stack ?? error}`);
  }
  log(`[bench] ${name} took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

await step('weight', async () => rows.push(...weightRows((raw.weight = await benchScriptWeight()))));
await step('per-call', async () => rows.push(...perCallRows((raw.perCall = await benchPerCall()))));
if (selected.includes('endpoint') || selected.includes('delay')) {
  const emulator = await startChild('servers/emulator.mjs');
  try {
    await step('endpoint', async () => rows.push(...endpointRows((raw.endpoint = await benchEndpoints(emulator, log)))));
    await step('delay', async () => (raw.delay = await benchDeliveryDelay(emulator)));
    // The same with the PostgreSQL outbox, as a step of its own: without a PostgreSQL, the memory figure stands.
    await step('delayPostgres', async () => (raw.delayPostgres = await benchDeliveryDelay(emulator, 'twinfire-postgres')), 'delay');
  } finally {
    await emulator.stop();
  }
  const delays = { memory: raw.delay?.error ? null : raw.delay, postgres: raw.delayPostgres?.error ? null : raw.delayPostgres };
  if (raw.endpoint && !raw.endpoint.error) rows.push(...upstreamRows(raw.endpoint, delays));
  else if (delays.memory || delays.postgres) rows.push(...upstreamRows({}, delays));
}
await step('memory', async () => rows.push(...memoryRows((raw.memory = await benchMemory(log)))));
await step('hostile', async () => rows.push(...hostileRows((raw.hostile = await benchHostile(log)))));

const seconds = (performance.now() - started) / 1000;
const load = `load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`;
console.log(`\ntwinfire benchmarks — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${seconds.toFixed(0)} s, ${load}\n`);
printTable(rows, { markdown: process.argv.includes('--markdown') });
printProfiles(raw.endpoint);
for (const name of failures) console.log(`\n${name}: FAILED (see bench/results.json)`);
writeResults(`${root}bench/results.json`, {
  generatedAt: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  },
  seconds,
  loadAverage1m: { before: loadBefore, after: os.loadavg()[0] },
  figures: rows,
  raw,
});
process.exitCode = failures.length ? 1 : 0;

/** With `endpoint --profile`: where each app's time goes, µs per request, by area and by function. */
function printProfiles(endpoint) {
  if (!endpoint || endpoint.error) return;
  for (const [letter, run] of Object.entries(endpoint)) {
    if (!run?.profile) continue;
    const p = run.profile;
    console.log(`\nprofile (${letter}) ${run.kind}: ${p.totalUsPerRequest.toFixed(0)} µs of samples per request (${p.requests} requests; idle included)`);
    for (const area of p.areas) console.log(`  ${area.usPerRequest.toFixed(1).padStart(7)} µs  ${(100 * area.share).toFixed(1).padStart(5)} %  ${area.name}`);
    console.log('  top functions (self):');
    for (const fn of p.functions) console.log(`  ${fn.usPerRequest.toFixed(1).padStart(7)} µs  ${fn.name}`);
  }
}
