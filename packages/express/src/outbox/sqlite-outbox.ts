import type BetterSqlite3 from 'better-sqlite3';
import { emptyReasonCounts } from './dead-filter.js';
import { leaseTokens } from './lease-token.js';
import { loadSqlite } from './load-sqlite.js';
import type { CommonOutboxOptions, DeadLetter, DeadLetterFilter, DeadMark, EnqueueResult, LeaseRef, Outbox, OutboxEntry, OutboxRecord, OutboxStats, VisitorKey } from './outbox.js';
import { deadParams, readDeadLetters, readStats } from './sqlite-reads.js';
import { GroupCommit } from './sqlite-group-commit.js';
import { PRAGMAS, SCHEMA } from './sqlite-schema.js';
import { prepareStatements, type Statements } from './sqlite-statements.js';
import { visitorTokens } from './visitor-key.js';
import { deleteVisitor, insertEntries, pruneSeen } from './sqlite-writes.js';

export interface SqliteOutboxOptions extends CommonOutboxOptions {
  /** The database file; created if missing. One process per file. */
  path: string;
}

/** Thrown inside the enqueue transaction to roll it back when the outbox is full. */
const FULL = Symbol('full');
/**
 * The durable outbox: one SQLite file (WAL, `synchronous = FULL`), prepared statements. Delivered rows are
 * deleted; dead rows kept up to `keepDead` (oldest deleted first); duplicate memory bounded by
 * `dedupSize`/`dedupWindowMs`. Enqueues of one tick share a transaction (group commit, one fsync) and resolve
 * after it: a 202 means "on disk". Other calls are synchronous transactions of their own.
 */
export class SqliteOutbox implements Outbox {
  readonly durable = true;
  private readonly db: BetterSqlite3.Database;
  private readonly sql: Statements;
  private readonly limits: Required<Omit<CommonOutboxOptions, 'capacityBytes'>>;
  private readonly newToken = leaseTokens();
  private size: number;
  private deadCount: number;
  private enqueuesSincePrune = 0;
  private open = true;
  private readonly group: GroupCommit;
  private sizeBeforeGroup = 0;

  constructor(options: SqliteOutboxOptions) {
    const Database = loadSqlite();
    this.db = new Database(options.path);
    for (const pragma of PRAGMAS) this.db.pragma(pragma);
    this.db.exec(SCHEMA);
    this.sql = prepareStatements(this.db);
    const { capacity = 100_000, keepDead = 10_000, leaseMs = 120_000, dedupSize = 100_000, dedupWindowMs = 48 * 3600 * 1000 } = options;
    this.limits = { capacity, keepDead, leaseMs, dedupSize, dedupWindowMs };
    this.size = (this.sql.countQueued.get() as { n: number }).n;
    this.deadCount = (this.sql.countDead.get() as { n: number }).n;
    this.group = new GroupCommit(this.db, {
      begin: () => void (this.sizeBeforeGroup = this.size),
      rollback: () => void (this.size = this.sizeBeforeGroup),
    });
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
        outcomes = insertEntries(this.sql, entries, now, this.limits.dedupWindowMs);
        const added = outcomes.filter((o) => o === 'queued').length;
        if (added > 0 && this.size + added > this.limits.capacity) throw FULL;
        this.size += added;
      });
    } catch (error) {
      if (error === FULL) return { status: 'full', outcomes };
      throw error;
    }
    return { status: 'ok', outcomes };
  }

  async lease(pixelId: string, max: number, now: number): Promise<OutboxRecord[]> {
    if (!this.open) return [];
    const lease = this.newToken();
    const rows = this.db.transaction(() => {
      const due = this.sql.due.all({ pixel: pixelId, now, max }) as { id: number; key: string; pixel_id: string; event: string; attempts: number; enqueued_at: number }[];
      for (const row of due) this.sql.setLease.run(lease, now + this.limits.leaseMs, row.id);
      return due;
    })();
    return rows.map((r) => ({ key: r.key, lease, pixelId: r.pixel_id, event: JSON.parse(r.event), attempts: r.attempts, enqueuedAt: r.enqueued_at }));
  }

  async ack(refs: readonly LeaseRef[]): Promise<void> {
    if (!this.open) return;
    this.db.transaction(() => {
      for (const ref of refs) this.size -= this.sql.ack.run(ref.key, ref.lease).changes;
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
        const changed = this.sql.dead.run({ key: mark.key, lease: mark.lease, reason: mark.reason, at: mark.at, error: mark.error ? JSON.stringify(mark.error) : null }).changes;
        this.size -= changed;
        this.deadCount += changed;
      }
      if (this.deadCount > this.limits.keepDead) this.deadCount -= this.sql.trimDead.run(this.deadCount - this.limits.keepDead).changes;
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
    const { queued, dead } = this.db.transaction(() => deleteVisitor(this.sql, visitor))();
    this.size -= queued;
    this.deadCount -= dead;
    return queued + dead;
  }

  async retryDead(filter: DeadLetterFilter, now: number): Promise<number> {
    this.assertOpen();
    const changed = this.sql.retryDead.run({ ...deadParams(filter), now }).changes;
    this.deadCount -= changed;
    this.size += changed;
    return changed;
  }

  stats(now: number): OutboxStats {
    if (!this.open) return { queued: 0, inFlight: 0, dead: 0, deadByReason: emptyReasonCounts(), oldestEnqueuedAt: undefined, capacity: this.limits.capacity, perPixel: {} };
    return readStats(this.sql, now, this.limits.capacity);
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

  private assertOpen(): void {
    if (!this.open) throw new Error('twinfire: the SQLite outbox is closed');
  }
}
