import type BetterSqlite3 from 'better-sqlite3';
import { QUEUE_BYTES } from '../options/defaults.js';
import { emptyReasonCounts } from './dead-filter.js';
import { leaseTokens } from './lease-token.js';
import { loadSqlite } from './load-sqlite.js';
import type {
  CommonOutboxOptions,
  DeadLetter,
  DeadLetterFilter,
  DeadMark,
  EnqueueResult,
  LeaseRef,
  Outbox,
  OutboxEntry,
  OutboxRecord,
  OutboxSizing,
  OutboxStats,
  VisitorKey,
} from './outbox.js';
import { EVENT_OVERHEAD_BYTES } from './outbox.js';
import { outboxLimits } from './outbox-limits.js';
import { GroupCommit } from './sqlite-group-commit.js';
import { deadParams, readDeadLetters, readStats } from './sqlite-reads.js';
import { migrate, PRAGMAS, SCHEMA } from './sqlite-schema.js';
import { prepareStatements, type Statements } from './sqlite-statements.js';
import { SqliteTally } from './sqlite-tally.js';
import { deleteVisitor, insertEntries, pruneSeen } from './sqlite-writes.js';
import { type LeasedRow, recordOf } from './stored-rows.js';
import { visitorTokens } from './visitor-key.js';

export interface SqliteOutboxOptions extends CommonOutboxOptions {
  /** The database file; created if missing. One process per file. */
  path: string;
}

/** Thrown inside the enqueue transaction to roll it back when the outbox is full. */
const FULL = Symbol('full');

/**
 * The durable outbox: one SQLite file (WAL, `synchronous = FULL`), prepared statements. Delivered rows are
 * deleted; undelivered rows bounded by `capacity` and `capacityBytes` (default 512 MiB of disk); dead rows
 * kept up to `keepDead` and `keepDeadBytes` (oldest deleted first); duplicate memory bounded by
 * `dedupSize`/`dedupWindowMs`. Enqueues of one tick share a transaction (group commit, one fsync) and resolve
 * after it: a 202 means "on disk". Other calls are synchronous transactions of their own.
 *
 * Passed as `outbox: new SqliteOutbox({ path })`, it takes twinfire's limits (`maxQueue`...) through
 * `init()` for every option not given here; options given here win.
 */
export class SqliteOutbox implements Outbox {
  readonly durable = true;
  private readonly db: BetterSqlite3.Database;
  private readonly sql: Statements;
  private limits: Required<CommonOutboxOptions>;
  private readonly given: CommonOutboxOptions;
  private readonly newToken = leaseTokens();
  private readonly tally: SqliteTally;
  private enqueuesSincePrune = 0;
  private open = true;
  private readonly group: GroupCommit;

  constructor(options: SqliteOutboxOptions) {
    const Database = loadSqlite();
    this.db = new Database(options.path);
    for (const pragma of PRAGMAS) this.db.pragma(pragma);
    this.db.exec(SCHEMA);
    migrate(this.db);
    this.sql = prepareStatements(this.db);
    this.given = options;
    this.limits = outboxLimits(options, QUEUE_BYTES.sqlite);
    this.tally = new SqliteTally(this.sql.countQueued.get() as { n: number; bytes: number }, this.sql.countDead.get() as { n: number; bytes: number });
    this.group = new GroupCommit(this.db, { begin: () => this.tally.save(), rollback: () => this.tally.restore() });
  }

  /** Twinfire's limits, for the options not given to the constructor (called before first use). */
  init(sizing: OutboxSizing): void {
    const given = Object.fromEntries(Object.entries(this.given).filter(([, v]) => v !== undefined));
    this.limits = outboxLimits({ ...sizing, ...given }, QUEUE_BYTES.sqlite);
  }

  async enqueue(entries: readonly OutboxEntry[], now: number): Promise<EnqueueResult> {
    this.assertOpen();
    if (++this.enqueuesSincePrune >= 1000) {
      this.enqueuesSincePrune = 0;
      pruneSeen(this.sql, now, this.limits.dedupSize);
    }
    let outcomes: EnqueueResult['outcomes'] = [];
    try {
      await this.group.submit(() => {
        const inserted = insertEntries(this.sql, entries, now, this.limits.dedupWindowMs);
        outcomes = inserted.outcomes;
        const added = outcomes.filter((o) => o === 'queued').length;
        if (added > 0 && (this.tally.size + added > this.limits.capacity || this.tally.bytes + inserted.bytes > this.limits.capacityBytes)) throw FULL;
        this.tally.size += added;
        this.tally.bytes += inserted.bytes;
        this.tally.removed(inserted.replaced);
      });
    } catch (error) {
      if (error === FULL) return { status: 'full', outcomes };
      throw error;
    }
    return { status: 'ok', outcomes };
  }

  hasRoom(events: number, bytes: number): boolean {
    return this.tally.size + events <= this.limits.capacity && this.tally.bytes + bytes <= this.limits.capacityBytes;
  }

  async lease(pixelId: string, max: number, now: number, maxBytes = Infinity): Promise<OutboxRecord[]> {
    if (!this.open) return [];
    const lease = this.newToken();
    const rows = this.db.transaction(() => {
      const due = this.sql.due.all({ pixel: pixelId, now, max }) as { id: number; size: number }[];
      const cut: number[] = [];
      let bytes = 0;
      for (const { id, size } of due) {
        // `size` (the JSON's length, doubled beyond Latin-1, plus the overhead) bounds the JSON's length: the
        // cut reads no event text. Reading all `max` rows' events first made a lease of heavy events read 1 000
        // of them (31 MB of strings) to send 33.
        const estimate = Math.max(0, size - EVENT_OVERHEAD_BYTES);
        if (cut.length > 0 && bytes + estimate > maxBytes) break;
        bytes += estimate;
        cut.push(id);
      }
      return cut.map((id) => {
        this.sql.setLease.run(lease, now + this.limits.leaseMs, id);
        return this.sql.leased.get(id) as LeasedRow;
      });
    })();
    return rows.map((r) => recordOf(r, lease));
  }

  async ack(refs: readonly LeaseRef[]): Promise<void> {
    if (!this.open) return;
    this.db.transaction(() => {
      for (const ref of refs) this.tally.leftQueue(this.sql.ack.get(ref.key, ref.lease));
    })();
  }

  async retry(refs: readonly LeaseRef[], at: number, countAttempt: boolean): Promise<void> {
    if (!this.open) return;
    this.db.transaction(() => {
      for (const ref of refs) this.sql.retry.run({ key: ref.key, lease: ref.lease, at, inc: countAttempt ? 1 : 0 });
    })();
  }

  async dead(marks: readonly DeadMark[]): Promise<void> {
    if (!this.open) return;
    this.db.transaction(() => {
      for (const mark of marks) {
        const row = this.sql.dead.get({
          key: mark.key,
          lease: mark.lease,
          reason: mark.reason,
          at: mark.at,
          error: mark.error ? JSON.stringify(mark.error) : null,
        }) as { size: number } | undefined;
        if (this.tally.leftQueue(row)) this.tally.dead(1, row.size);
      }
      this.trimDead();
    })();
  }

  async nextDueAt(pixelId: string): Promise<number | undefined> {
    return this.open ? ((this.sql.nextDue.get(pixelId) as { at: number | null }).at ?? undefined) : undefined;
  }

  async pixelIds(): Promise<string[]> {
    return this.open ? (this.sql.pixels.all() as { pixel_id: string }[]).map((r) => r.pixel_id) : [];
  }

  async purge(visitor: VisitorKey): Promise<number> {
    this.assertOpen();
    // Consent revocation calls this on every denied request: a cheap read first, a write only when needed.
    const tokens = visitorTokens(visitor);
    if (tokens.length === 0 && (visitor.fbp === undefined || !this.sql.hasFbp.get(visitor.fbp))) return 0;
    const removed = this.db.transaction(() => deleteVisitor(this.sql, visitor))();
    this.tally.removed(removed);
    return removed.queued + removed.dead;
  }

  async retryDead(filter: DeadLetterFilter, now: number): Promise<number> {
    this.assertOpen();
    // Re-queued dead letters are not held to the capacity: they were accepted once, and the caller asked.
    const rows = this.sql.retryDead.all({ ...deadParams(filter), now }) as { size: number }[];
    this.tally.revived(
      rows.length,
      rows.reduce((sum, row) => sum + row.size, 0),
    );
    return rows.length;
  }

  stats(now: number): OutboxStats {
    const { capacity, capacityBytes } = this.limits;
    const sizes = { bytes: this.tally.bytes, deadBytes: this.tally.deadBytes, deadEvicted: this.tally.deadEvicted, capacity, capacityBytes };
    if (!this.open) return { ...sizes, queued: 0, inFlight: 0, dead: 0, deadByReason: emptyReasonCounts(), oldestEnqueuedAt: undefined, perPixel: {} };
    return { ...readStats(this.sql, now), ...sizes };
  }

  deadLetters(filter: DeadLetterFilter = {}): DeadLetter[] {
    return this.open ? readDeadLetters(this.sql, filter) : [];
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.group.commit();
    this.open = false;
    this.db.close();
  }

  /** Past `keepDead` or `keepDeadBytes`, the oldest dead letters go (counted in `deadEvicted`). */
  private trimDead(): void {
    while (this.tally.deadCount > this.limits.keepDead || (this.tally.deadBytes > this.limits.keepDeadBytes && this.tally.deadCount > 0)) {
      const row = this.sql.trimOneDead.get() as { size: number } | undefined;
      if (!row) break;
      this.tally.dead(-1, row.size);
    }
  }

  private assertOpen(): void {
    if (!this.open) throw new Error('twinfire: the SQLite outbox is closed');
  }
}
