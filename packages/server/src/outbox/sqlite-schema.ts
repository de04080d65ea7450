import { EVENT_OVERHEAD_BYTES } from './outbox.js';

/**
 * The SQLite outbox's schema. One table holds undelivered and dead events (`dead_reason IS NULL` means
 * undelivered); `seen` remembers recently accepted keys for the duplicate check, after delivery too.
 *
 * `due_at` is when a row may be leased; leasing sets it to the lease expiry, so "leasable" is one indexed
 * comparison and a dead process's rows come back by themselves when their leases run out.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  pixel_id TEXT NOT NULL,
  event_name TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_time INTEGER NOT NULL,
  event TEXT NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  fbp TEXT,
  identity TEXT NOT NULL DEFAULT '',
  enqueued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  due_at INTEGER NOT NULL,
  lease_token TEXT,
  dead_reason TEXT,
  dead_at INTEGER,
  dead_error TEXT,
  UNIQUE (pixel_id, event_name, event_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS outbox_key ON outbox (key);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (pixel_id, due_at) WHERE dead_reason IS NULL;
CREATE INDEX IF NOT EXISTS outbox_dead ON outbox (dead_at) WHERE dead_reason IS NOT NULL;
CREATE INDEX IF NOT EXISTS outbox_fbp ON outbox (fbp) WHERE fbp IS NOT NULL;
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_expiry ON seen (expires_at);
`;

/**
 * Files created before the `size` column (the event's counted bytes, for the byte bounds) get it here, filled
 * in for the rows they hold. Idempotent.
 */
export function migrate(db: { prepare(sql: string): { all(): unknown[] }; exec(sql: string): unknown }): void {
  const columns = db.prepare('PRAGMA table_info(outbox)').all() as { name: string }[];
  if (columns.some((c) => c.name === 'size')) return;
  // One transaction: a crash between the two would leave rows counted at 0 bytes, which a lease cut by size cannot bound.
  db.exec('BEGIN');
  try {
    db.exec(`ALTER TABLE outbox ADD COLUMN size INTEGER NOT NULL DEFAULT 0; UPDATE outbox SET size = length(event) + ${EVENT_OVERHEAD_BYTES};`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * WAL: readers never block the writer, and a commit is one append. `synchronous = FULL`: the WAL is fsynced
 * at every commit, so a 202 survives a power cut, not only a process crash (NORMAL could lose the last
 * commits on power loss, and a 202 must mean durable).
 */
// cache_size: 2 MB of page cache instead of better-sqlite3's 16 MB default; the outbox reads little more than
// the head of each lane, and the smaller cache keeps a process with 100 000 queued events under 150 MB RSS.
export const PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'busy_timeout = 5000', 'cache_size = -2000'];
