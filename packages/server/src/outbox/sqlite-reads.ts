import { emptyReasonCounts, limitOf } from './dead-filter.js';
import type { DeadLetter, DeadLetterFilter, DeadReason } from './dead-letter.js';
import type { OutboxStats } from './outbox.js';
import type { Statements } from './sqlite-statements.js';
import { type DeadRow, deadLetterOf } from './stored-rows.js';

// The SQLite outbox's read-only queries: stats and the dead-letter listing.

/** Counts, states and per-pixel figures; the byte sizes and capacities are the outbox's own tally. */
export function readStats(sql: Statements, now: number): Omit<OutboxStats, 'bytes' | 'deadBytes' | 'deadEvicted' | 'capacity' | 'capacityBytes'> {
  const stats: ReturnType<typeof readStats> = { queued: 0, inFlight: 0, dead: 0, deadByReason: emptyReasonCounts(), oldestEnqueuedAt: undefined, perPixel: {} };
  for (const row of sql.perPixel.all(now) as { pixel_id: string; queued: number; in_flight: number; oldest: number }[]) {
    stats.perPixel[row.pixel_id] = { queued: row.queued, inFlight: row.in_flight };
    stats.queued += row.queued;
    stats.inFlight += row.in_flight;
    if (stats.oldestEnqueuedAt === undefined || row.oldest < stats.oldestEnqueuedAt) stats.oldestEnqueuedAt = row.oldest;
  }
  for (const row of sql.deadByReason.all() as { dead_reason: DeadReason; n: number }[]) {
    stats.deadByReason[row.dead_reason] = row.n;
    stats.dead += row.n;
  }
  return stats;
}

export function readDeadLetters(sql: Statements, filter: DeadLetterFilter): DeadLetter[] {
  return (sql.listDead.all({ ...deadParams(filter), limit: limitOf(filter) }) as DeadRow[]).map(deadLetterOf);
}

/** The named parameters of the dead-letter `WHERE` (NULL: any). */
export function deadParams(filter: DeadLetterFilter) {
  return { pixel: filter.pixelId ?? null, reason: filter.reason ?? null, name: filter.event_name ?? null, id: filter.event_id ?? null };
}
