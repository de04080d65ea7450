import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveOptions } from '../options/resolve-options.js';
import { heapLimit, memoryOutboxHeapWarning } from './heap-check.js';

const MiB = 1024 * 1024;

function warningsFor(options: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const logger = { info() {}, warn: (_obj: unknown, msg: string) => void warnings.push(msg), error() {} };
  resolveOptions({ pixelId: '1', accessToken: 'EAAx', logger, ...options });
  return warnings;
}

test('memory outbox caps against the heap limit: past half of it, a warning naming the three ways out', () => {
  assert.equal(memoryOutboxHeapWarning(128 * MiB, 16 * MiB, 4096 * MiB), undefined, 'the defaults in a default heap');
  assert.equal(memoryOutboxHeapWarning(64 * MiB, 16 * MiB, 192 * MiB), undefined, '64 MiB queue, 192 MiB heap: 80 of 192');
  const warning = memoryOutboxHeapWarning(128 * MiB, 16 * MiB, 160 * MiB);
  assert.match(warning ?? '', /up to 144 MiB .* limited to 160 MiB/);
  assert.match(warning ?? '', /maxQueueBytes.*--max-old-space-size.*SQLite outbox/);
});

test('twinfire says it once at setup when the memory outbox could outgrow this process heap, and not otherwise', () => {
  const limit = heapLimit();
  assert.ok(limit > 256 * MiB, `a default heap limit: ${limit}`);
  assert.deepEqual(warningsFor({}), [], 'defaults: 144 MiB of caps in this heap');
  const warnings = warningsFor({ maxQueueBytes: Math.ceil(limit / 2) });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /the memory outbox may hold up to \d+ MiB/);
});
