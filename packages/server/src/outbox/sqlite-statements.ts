import type BetterSqlite3 from 'better-sqlite3';
import { EVENT_OVERHEAD_BYTES } from './outbox.js';

const DEAD_WHERE = `dead_reason IS NOT NULL AND (@pixel IS NULL OR pixel_id = @pixel) AND (@reason IS NULL OR dead_reason = @reason)
  AND (@name IS NULL OR event_name = @name) AND (@id IS NULL OR event_id = @id)`;

/** The part of better-sqlite3's Statement used here (keeps its types out of the emitted declarations). */
export interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** Every statement of the SQLite outbox, prepared once when it opens. */
export function prepareStatements(db: BetterSqlite3.Database) {
  const p = (sql: string): Statement => db.prepare(sql) as unknown as Statement;
  return {
    // The duplicate check: inserts a key, or revives one whose window has passed; 0 changes = duplicate.
    see: p(
      `INSERT INTO seen (key, expires_at) VALUES (@key, @expires) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE seen.expires_at <= @now`,
    ),
    insert: p(`INSERT OR IGNORE INTO outbox (key, pixel_id, event_name, event_id, event_time, event, size, fbp, identity, enqueued_at, due_at)
      VALUES (@key, @pixel, @name, @id, @time, @event, @size, @fbp, @identity, @now, 0)`),
    seenLive: p(`SELECT 1 FROM seen WHERE key = ? AND expires_at > ?`),
    deleteKey: p(`DELETE FROM outbox WHERE key = ? RETURNING dead_reason, size`),
    pruneSeen: p(`DELETE FROM seen WHERE expires_at <= ?`),
    countSeen: p(`SELECT COUNT(*) AS n FROM seen`),
    trimSeen: p(`DELETE FROM seen WHERE key IN (SELECT key FROM seen ORDER BY expires_at LIMIT ?)`),
    // The due rows' sizes only: a lease is cut by bytes before any event text is read.
    due: p(`SELECT id, size FROM outbox WHERE pixel_id = @pixel AND dead_reason IS NULL AND due_at <= @now ORDER BY due_at, id LIMIT @max`),
    // `bytes` is the measure the cut used (delivery's drain check relies on it): the JSON's length, twice that beyond Latin-1.
    leased: p(`SELECT key, pixel_id, event, event_time, max(size - ${EVENT_OVERHEAD_BYTES}, 0) AS bytes, attempts, enqueued_at FROM outbox WHERE id = ?`),
    setLease: p(`UPDATE outbox SET lease_token = ?, due_at = ? WHERE id = ?`),
    ack: p(`DELETE FROM outbox WHERE key = ? AND lease_token = ? AND dead_reason IS NULL RETURNING size`),
    retry: p(
      `UPDATE outbox SET lease_token = NULL, due_at = @at, attempts = attempts + @inc WHERE key = @key AND lease_token = @lease AND dead_reason IS NULL`,
    ),
    dead: p(`UPDATE outbox SET lease_token = NULL, dead_reason = @reason, dead_at = @at, dead_error = @error
      WHERE key = @key AND lease_token = @lease AND dead_reason IS NULL RETURNING size`),
    trimOneDead: p(`DELETE FROM outbox WHERE id = (SELECT id FROM outbox WHERE dead_reason IS NOT NULL ORDER BY dead_at, id LIMIT 1) RETURNING size`),
    nextDue: p(`SELECT MIN(due_at) AS at FROM outbox WHERE pixel_id = ? AND dead_reason IS NULL`),
    pixels: p(`SELECT DISTINCT pixel_id FROM outbox WHERE dead_reason IS NULL`),
    purgeFbp: p(`DELETE FROM outbox WHERE fbp = ? RETURNING dead_reason, size`),
    purgeIdentity: p(`DELETE FROM outbox WHERE instr(identity, ?) > 0 RETURNING dead_reason, size`),
    hasFbp: p(`SELECT 1 FROM outbox WHERE fbp = ? LIMIT 1`),
    retryDead: p(`UPDATE outbox SET dead_reason = NULL, dead_at = NULL, dead_error = NULL, lease_token = NULL, attempts = 0, due_at = @now, enqueued_at = @now
      WHERE ${DEAD_WHERE} RETURNING size`),
    listDead: p(`SELECT key, pixel_id, event_name, event_id, event_time, dead_reason, dead_error, attempts, dead_at FROM outbox
      WHERE ${DEAD_WHERE} ORDER BY dead_at DESC, id DESC LIMIT @limit`),
    countQueued: p(`SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM outbox WHERE dead_reason IS NULL`),
    countDead: p(`SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM outbox WHERE dead_reason IS NOT NULL`),
    perPixel: p(`SELECT pixel_id, COUNT(*) AS queued, SUM(lease_token IS NOT NULL AND due_at > ?) AS in_flight, MIN(enqueued_at) AS oldest
      FROM outbox WHERE dead_reason IS NULL GROUP BY pixel_id`),
    deadByReason: p(`SELECT dead_reason, COUNT(*) AS n FROM outbox WHERE dead_reason IS NOT NULL GROUP BY dead_reason`),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
