// Figure 5: peak RSS of a process holding COUNT undelivered events while the Graph API is down, with the
// memory outbox and with the SQLite outbox. Each kind in a fresh child process.
import { startChild } from './lib/child.mjs';

export const COUNT = 100_000;

export async function benchMemory(log) {
  const out = {};
  for (const kind of ['memory', 'sqlite']) {
    let child;
    try {
      child = await startChild('servers/hold-queue.mjs', [kind, String(COUNT)]);
    } catch (error) {
      out[kind] = { missing: error.message };
      log(`  ${kind} outbox: not run: ${error.message}`);
      continue;
    }
    try {
      out[kind] = await child.call('fill', undefined, 180_000);
      const r = out[kind];
      log(
        `  ${kind} outbox: ${r.queued} queued (refused: ${JSON.stringify(r.refused)}) in ${(r.fillMs / 1000).toFixed(1)} s, peak RSS ${(r.maxRss / 1e6).toFixed(0)} MB (baseline ${(r.baselineRss / 1e6).toFixed(0)} MB)`,
      );
    } finally {
      await child.stop();
    }
  }
  return out;
}
