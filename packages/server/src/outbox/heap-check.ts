import { getHeapStatistics } from 'node:v8';

/** The process's V8 heap limit in bytes (`--max-old-space-size`, or V8's default for this machine). */
export function heapLimit(): number {
  return getHeapStatistics().heap_size_limit;
}

const MB = 1024 * 1024;

/**
 * The memory outbox at its caps (waiting events and dead letters, whose heap stays under what they are counted
 * at) against the process's heap limit. Past half of it, a long Meta outage could end in an out-of-memory crash
 * of the shop's process: the half leaves room for the app itself and for V8's garbage between collections.
 * Returns the warning to log once at setup, or `undefined`.
 */
export function memoryOutboxHeapWarning(queueBytes: number, deadBytes: number, limit: number = heapLimit()): string | undefined {
  if (queueBytes + deadBytes <= limit / 2) return undefined;
  return (
    `the memory outbox may hold up to ${Math.round((queueBytes + deadBytes) / MB)} MiB (maxQueueBytes + maxDeadBytes) in a heap ` +
    `limited to ${Math.round(limit / MB)} MiB: a long Meta outage could run this process out of memory. ` +
    'Lower maxQueueBytes, raise node --max-old-space-size, or use the SQLite outbox.'
  );
}
