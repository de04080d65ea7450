import { outboxKey, type EnqueueResult, type OutboxEntry, type VisitorKey } from './outbox.js';
import type { Statements } from './sqlite-statements.js';
import { fbpOf, identityTokens, visitorTokens } from './visitor-key.js';

// Statement sequences the SQLite outbox runs inside its transactions.

/** Inserts each entry unless its key was seen within the window (or is still stored): per entry, the outcome. */
export function insertEntries(sql: Statements, entries: readonly OutboxEntry[], now: number, windowMs: number): EnqueueResult['outcomes'] {
  return entries.map(({ pixelId, event }) => {
    const key = outboxKey(pixelId, event);
    if (sql.see.run({ key, expires: now + windowMs, now }).changes === 0) return 'duplicate';
    const row = { key, pixel: pixelId, name: event.event_name, id: event.event_id ?? '', time: event.event_time, event: JSON.stringify(event), fbp: fbpOf(event) ?? null, identity: identityTokens(event), now };
    return sql.insert.run(row).changes > 0 ? 'queued' : 'duplicate';
  });
}

/** Deletes a visitor's rows; how many were undelivered and how many dead. */
export function deleteVisitor(sql: Statements, visitor: VisitorKey): { queued: number; dead: number } {
  const rows: { dead_reason: string | null }[] = [];
  if (visitor.fbp !== undefined) rows.push(...(sql.purgeFbp.all(visitor.fbp) as typeof rows));
  for (const token of visitorTokens(visitor)) rows.push(...(sql.purgeIdentity.all(token) as typeof rows));
  const dead = rows.filter((r) => r.dead_reason !== null).length;
  return { queued: rows.length - dead, dead };
}

/** Forgets keys past their window, then the oldest beyond `dedupSize` (run every 1000 enqueues). */
export function pruneSeen(sql: Statements, now: number, dedupSize: number): void {
  sql.pruneSeen.run(now);
  const over = (sql.countSeen.get() as { n: number }).n - dedupSize;
  if (over > 0) sql.trimSeen.run(over);
}
