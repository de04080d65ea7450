import { countedBytes, outboxKey, type EnqueueResult, type OutboxEntry, type VisitorKey } from './outbox.js';
import type { Statements } from './sqlite-statements.js';
import { fbpOf, identityTokens, visitorTokens } from './visitor-key.js';

// Statement sequences the SQLite outbox runs inside its transactions.

/**
 * Inserts each entry unless its key was seen within the window (or is still stored): per entry, the outcome,
 * and the counted bytes of what was inserted.
 */
export function insertEntries(sql: Statements, entries: readonly OutboxEntry[], now: number, windowMs: number): { outcomes: EnqueueResult['outcomes']; bytes: number } {
  let bytes = 0;
  const outcomes = entries.map(({ pixelId, event, json }): 'queued' | 'duplicate' => {
    const key = outboxKey(pixelId, event);
    if (sql.see.run({ key, expires: now + windowMs, now }).changes === 0) return 'duplicate';
    const text = json ?? JSON.stringify(event);
    const size = countedBytes(text);
    const row = { key, pixel: pixelId, name: event.event_name, id: event.event_id ?? '', time: event.event_time, event: text, size, fbp: fbpOf(event) ?? null, identity: identityTokens(event), now };
    if (sql.insert.run(row).changes === 0) return 'duplicate';
    bytes += size;
    return 'queued';
  });
  return { outcomes, bytes };
}

export interface Removed {
  queued: number;
  queuedBytes: number;
  dead: number;
  deadBytes: number;
}

/** Deletes a visitor's rows; how many (and how many bytes) were undelivered and dead. */
export function deleteVisitor(sql: Statements, visitor: VisitorKey): Removed {
  const rows: { dead_reason: string | null; size: number }[] = [];
  if (visitor.fbp !== undefined) rows.push(...(sql.purgeFbp.all(visitor.fbp) as typeof rows));
  for (const token of visitorTokens(visitor)) rows.push(...(sql.purgeIdentity.all(token) as typeof rows));
  const removed: Removed = { queued: 0, queuedBytes: 0, dead: 0, deadBytes: 0 };
  for (const row of rows) {
    if (row.dead_reason === null) {
      removed.queued++;
      removed.queuedBytes += row.size;
    } else {
      removed.dead++;
      removed.deadBytes += row.size;
    }
  }
  return removed;
}

/** Forgets keys past their window, then the oldest beyond `dedupSize` (run every 1000 enqueues). */
export function pruneSeen(sql: Statements, now: number, dedupSize: number): void {
  sql.pruneSeen.run(now);
  const over = (sql.countSeen.get() as { n: number }).n - dedupSize;
  if (over > 0) sql.trimSeen.run(over);
}
