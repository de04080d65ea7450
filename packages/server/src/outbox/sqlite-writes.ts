import { countedBytes, type EnqueueResult, entryKeys, type OutboxEntry, type VisitorKey } from './outbox.js';
import type { Statements } from './sqlite-statements.js';
import { fbpOf, identityTokens, visitorTokens } from './visitor-key.js';

// Statement sequences the SQLite outbox runs inside its transactions.

/** What an enqueue transaction did: per entry the outcome, the bytes inserted, and the browser copies replaced. */
export interface Inserted {
  outcomes: EnqueueResult['outcomes'];
  bytes: number;
  replaced: Removed;
}

/**
 * Inserts each entry unless its key was seen within the window (or is still stored). A mirror is also a
 * duplicate of a server event with its Meta key; a server event deletes the browser copy it replaces
 * (see OutboxEntry.source).
 */
export function insertEntries(sql: Statements, entries: readonly OutboxEntry[], now: number, windowMs: number): Inserted {
  const done: Inserted = { outcomes: [], bytes: 0, replaced: { queued: 0, queuedBytes: 0, dead: 0, deadBytes: 0 } };
  for (const entry of entries) {
    const { key, twin, server } = entryKeys(entry);
    const { pixelId, event } = entry;
    // A mirror whose server twin is still held is refused by the insert itself: the table is unique on
    // (pixel, event_name, event_id). One delivered within the window is found in `seen`.
    if ((!server && sql.seenLive.get(twin, now)) || sql.see.run({ key, expires: now + windowMs, now }).changes === 0) {
      done.outcomes.push('duplicate');
      continue;
    }
    if (server) tally(done.replaced, sql.deleteKey.all(twin) as Row[]);
    const text = entry.json ?? JSON.stringify(event);
    const size = countedBytes(text);
    const row = {
      key,
      pixel: pixelId,
      name: event.event_name,
      id: event.event_id ?? '',
      time: event.event_time,
      event: text,
      size,
      fbp: fbpOf(event) ?? null,
      identity: identityTokens(event),
      now,
    };
    if (sql.insert.run(row).changes === 0) {
      done.outcomes.push('duplicate');
      continue;
    }
    done.bytes += size;
    done.outcomes.push('queued');
  }
  return done;
}

export interface Removed {
  queued: number;
  queuedBytes: number;
  dead: number;
  deadBytes: number;
}

type Row = { dead_reason: string | null; size: number };

/** Deletes a visitor's rows; how many (and how many bytes) were undelivered and dead. */
export function deleteVisitor(sql: Statements, visitor: VisitorKey): Removed {
  const rows: Row[] = [];
  if (visitor.fbp !== undefined) rows.push(...(sql.purgeFbp.all(visitor.fbp) as Row[]));
  for (const token of visitorTokens(visitor)) rows.push(...(sql.purgeIdentity.all(token) as Row[]));
  return tally({ queued: 0, queuedBytes: 0, dead: 0, deadBytes: 0 }, rows);
}

/** Adds deleted rows to a count of what was undelivered and what was dead. */
function tally(removed: Removed, rows: readonly Row[]): Removed {
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
