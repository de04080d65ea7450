import { randomBytes } from 'node:crypto';
import { QUEUE_BYTES } from '../options/defaults.js';
import { emptyReasonCounts, limitOf } from './dead-filter.js';
import type { DeadLetter, DeadLetterFilter, DeadMark, DeadReason } from './dead-letter.js';
import { leaseTokens } from './lease-token.js';
import { openPgPool } from './load-pg.js';
import {
  type CommonOutboxOptions,
  countedBytes,
  type EnqueueOptions,
  type EnqueueResult,
  entryKeys,
  type LeaseRef,
  type Outbox,
  type OutboxEntry,
  type OutboxRecord,
  type OutboxSizing,
  type OutboxStats,
  type OutboxWatcher,
  type VisitorKey,
} from './outbox.js';
import { outboxLimits } from './outbox-limits.js';
import { PgGroupCommit } from './pg-group-commit.js';
import { PgListener, TAKEOVER_MS } from './pg-listener.js';
import { migrate, quoteIdent } from './pg-schema.js';
import { type PgStatements, pgStatements } from './pg-statements.js';
import type { PgClient, PgPool } from './pg-types.js';
import { deadLetterOf, recordOf } from './stored-rows.js';
import { fbpOf, visitorKeysOf, visitorLookupKeys } from './visitor-key.js';

export type { PgClient, PgPool, PgPoolClient, PgQueryResult } from './pg-types.js';

export interface PostgresOutboxOptions extends CommonOutboxOptions {
  /** A `pg.Pool` (yours: twinfire never ends it), or a connection string (twinfire opens a pool of 10 and ends it on close). */
  postgres: PgPool | string;
  /** The schema that holds twinfire's tables, created if missing. Default `twinfire`. */
  schema?: string;
  /** Where connection warnings go. Default `console.warn`. */
  warn?: (message: string, error: unknown) => void;
}

/** A group commit's bound, in entries: the enqueues past it wait for the next group (one statement stays small). */
const GROUP_ENTRIES = 500;

/** One caller's enqueue, waiting for its group. */
interface GroupedEnqueue {
  entries: readonly OutboxEntry[];
  now: number;
  notify: boolean;
}

/** How often each instance re-reads the queue's totals written by the others, ms. */
const TOTALS_REFRESH_MS = 1000;
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The outbox shared by many instances: PostgreSQL tables (schema `twinfire`, created and migrated at
 * `init()`), leases by `FOR UPDATE SKIP LOCKED` with expiry, one sender per pixel (see {@link PgListener}),
 * LISTEN/NOTIFY so new events are picked up without polling. `enqueue` resolves after its commit, so a 202
 * means committed: the enqueues that arrive while one group's statement is in flight share the next statement
 * and transaction (group commit, {@link PgGroupCommit}), each caller still all or nothing on its own. With
 * `{ db: client }` it writes inside the caller's transaction ({@link Outbox.transactional}), never grouped.
 *
 * Bounds: `capacity` and `capacityBytes` are checked against the totals this instance last read (every
 * second) plus its own writes since, so N instances may together pass them by what they accept in a second.
 * Dead letters are trimmed exactly (`keepDead`, `keepDeadBytes`, oldest first).
 */
export class PostgresOutbox implements Outbox {
  readonly durable = true;
  readonly transactional = true;
  private readonly pool: PgPool;
  private readonly ownPool: boolean;
  private readonly schema: string;
  private readonly sql: PgStatements;
  private readonly given: CommonOutboxOptions;
  private limits: Required<CommonOutboxOptions>;
  private readonly newToken = leaseTokens();
  private readonly listener: PgListener;
  private readonly totals = { queued: 0, bytes: 0 };
  private deadEvicted = 0;
  private enqueuesSincePrune = 0;
  private refresher: NodeJS.Timeout | undefined;
  private readonly notSenderDue = new Map<string, { at: number; due: number | undefined }>();
  private state: 'new' | 'open' | 'closed' = 'new';
  private readonly warn: (message: string, error: unknown) => void;
  private readonly group = new PgGroupCommit<GroupedEnqueue, EnqueueResult>((calls) => this.enqueueGroup(calls), GROUP_ENTRIES);

  constructor(options: PostgresOutboxOptions) {
    const { postgres, schema = 'twinfire', warn, ...limits } = options;
    if (!SCHEMA_NAME.test(schema)) throw new TypeError(`twinfire: the PostgreSQL schema must match ${SCHEMA_NAME} (got ${JSON.stringify(schema)})`);
    this.ownPool = typeof postgres === 'string';
    this.pool = typeof postgres === 'string' ? openPgPool(postgres) : postgres;
    if (this.ownPool) this.pool.on('error', (error) => this.warn('an idle PostgreSQL connection failed', error));
    this.schema = schema;
    this.sql = pgStatements(quoteIdent(schema));
    this.given = limits;
    this.limits = outboxLimits(limits, QUEUE_BYTES.postgres);
    this.warn = warn ?? ((message, error) => console.warn(`twinfire: ${message}: ${(error as Error)?.message ?? error}`));
    this.listener = new PgListener(this.pool, schema, `twinfire_${schema}`, randomBytes(6).toString('hex'), this.warn);
  }

  /** Creates or migrates the schema, opens the listening connection, reads the totals. Required before use. */
  async init(sizing?: OutboxSizing): Promise<void> {
    if (this.state !== 'new') return;
    const given = Object.fromEntries(Object.entries(this.given).filter(([, v]) => v !== undefined));
    this.limits = outboxLimits({ ...sizing, ...given }, QUEUE_BYTES.postgres);
    await migrate(this.pool, this.schema);
    await this.listener.start();
    await this.refreshTotals();
    this.refresher = setInterval(() => this.refreshTotals().catch(() => {}), TOTALS_REFRESH_MS);
    this.refresher.unref();
    this.state = 'open';
  }

  watch(onEvents: OutboxWatcher): void {
    this.listener.onEvents = onEvents;
    this.listener.onReconnect = () => {
      this.pixelIds().then(
        (ids) => {
          for (const id of ids) onEvents(id, 0);
        },
        () => {},
      );
    };
  }

  hasRoom(events: number, bytes: number): boolean {
    return this.totals.queued + events <= this.limits.capacity && this.totals.bytes + bytes <= this.limits.capacityBytes;
  }

  async enqueue(entries: readonly OutboxEntry[], now: number, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    this.assertOpen();
    if (++this.enqueuesSincePrune >= 1000) {
      this.enqueuesSincePrune = 0;
      await this.pruneSeen(now);
    }
    const db = options.db as PgClient | undefined;
    // Tell the other instances unless this one sends every pixel concerned; always from a caller's
    // transaction (this instance learns of it at commit, as the others do).
    const notify = db !== undefined || (await Promise.all(entries.map((e) => this.listener.isSender(e.pixelId)))).includes(false);
    if (db === undefined) return this.group.submit({ entries, now, notify }, entries.length);
    // In the caller's transaction: the same function as a group, with this one caller; origin '-', so that
    // this instance learns of the events at commit, as the others do.
    return (await this.enqueueGroupOnce([{ entries, now, notify: true }], db, '-'))[0]!;
  }

  /**
   * One group of enqueues ({@link PgGroupCommit}): one statement, each caller all or nothing on its own. When
   * the statement fails on data (a value PostgreSQL refuses, SQLSTATE class 22 or 54), the callers run again one
   * by one, so one caller's bad event fails that caller only; any other failure fails the whole group.
   */
  private async enqueueGroup(calls: GroupedEnqueue[]): Promise<PromiseSettledResult<EnqueueResult>[]> {
    try {
      return (await this.enqueueGroupOnce(calls)).map((value) => ({ status: 'fulfilled', value }));
    } catch (error) {
      if (calls.length < 2 || !isDataError(error)) throw error;
      const settled: PromiseSettledResult<EnqueueResult>[] = [];
      for (const call of calls) {
        try {
          settled.push({ status: 'fulfilled', value: (await this.enqueueGroupOnce([call]))[0]! });
        } catch (reason) {
          settled.push({ status: 'rejected', reason });
        }
      }
      return settled;
    }
  }

  private async enqueueGroupOnce(calls: GroupedEnqueue[], db: PgClient | PgPool = this.pool, origin = this.listener.origin): Promise<EnqueueResult[]> {
    const notify = calls.some((c) => c.notify);
    const { rows } = await db.query(this.sql.enqueueGroup, [
      calls.map((c) => c.entries.length),
      calls.map((c) => c.notify),
      calls.map((c) => c.now),
      ...columnsOf(calls.flatMap((c) => c.entries)),
      this.limits.dedupWindowMs,
      this.limits.capacity - this.totals.queued,
      this.limits.capacityBytes - this.totals.bytes,
      notify ? this.listener.channel : null,
      origin,
    ]);
    const r = rows[0];
    const outcomes = (r.outcomes as boolean[]).map(outcomeOf);
    let at = 0;
    return calls.map((call, i): EnqueueResult => {
      const own = outcomes.slice(at, (at += call.entries.length));
      if (r.full_callers[i]) return { status: 'full', outcomes: own };
      this.totals.queued += r.added[i] - r.replaced_queued[i];
      this.totals.bytes += Number(r.added_bytes[i]) - Number(r.replaced_queued_bytes[i]);
      return { status: 'ok', outcomes: own };
    });
  }

  async lease(pixelId: string, max: number, now: number, maxBytes = Infinity): Promise<OutboxRecord[]> {
    if (this.state !== 'open' || !(await this.listener.isSender(pixelId))) return [];
    const lease = this.newToken();
    const limit = Number.isFinite(maxBytes) ? maxBytes : null;
    const { rows } = await this.pool.query(this.sql.lease, [pixelId, now, max, lease, now + this.limits.leaseMs, limit]);
    rows.sort((a, b) => Number(a.n) - Number(b.n));
    return rows.map((r) => recordOf(r, lease));
  }

  async ack(refs: readonly LeaseRef[]): Promise<void> {
    if (this.state !== 'open' || refs.length === 0) return;
    const { rows } = await this.pool.query(this.sql.ack, [refs.map((r) => r.key), refs.map((r) => r.lease)]);
    this.left(rows);
  }

  async retry(refs: readonly LeaseRef[], at: number, countAttempt: boolean): Promise<void> {
    if (this.state !== 'open' || refs.length === 0) return;
    await this.pool.query(this.sql.retry, [refs.map((r) => r.key), refs.map((r) => r.lease), at, countAttempt ? 1 : 0]);
  }

  async dead(marks: readonly DeadMark[]): Promise<void> {
    if (this.state !== 'open' || marks.length === 0) return;
    const { rows } = await this.pool.query(this.sql.dead, [
      marks.map((m) => m.key),
      marks.map((m) => m.lease),
      marks.map((m) => m.reason),
      marks.map((m) => m.at),
      marks.map((m) => (m.error ? JSON.stringify(m.error) : null)),
    ]);
    this.left(rows);
    const trimmed = await this.pool.query(this.sql.trimDead, [this.limits.keepDead, this.limits.keepDeadBytes]);
    this.deadEvicted += trimmed.rowCount ?? 0;
  }

  /**
   * The sender of the pixel: the earliest due time. Another instance: a takeover check in {@link TAKEOVER_MS}
   * while the pixel has events (the sender may die), answered from memory in between.
   */
  async nextDueAt(pixelId: string): Promise<number | undefined> {
    if (this.state !== 'open') return undefined;
    const sender = await this.listener.isSender(pixelId);
    const cached = this.notSenderDue.get(pixelId);
    if (!sender && cached && Date.now() - cached.at < TAKEOVER_MS) return cached.due;
    const { rows } = await this.pool.query(this.sql.nextDue, [pixelId]);
    const due = rows[0].at === null ? undefined : Number(rows[0].at);
    if (sender) return due;
    const at = Date.now();
    const check = due === undefined ? undefined : Math.max(due, at + TAKEOVER_MS);
    this.notSenderDue.set(pixelId, { at, due: check });
    return check;
  }

  async pixelIds(): Promise<string[]> {
    if (this.state !== 'open') return [];
    return (await this.pool.query(this.sql.pixels)).rows.map((r) => r.pixel_id);
  }

  async purge(visitor: VisitorKey): Promise<number> {
    this.assertOpen();
    const keys = visitorLookupKeys(visitor);
    if (visitor.fbp === undefined && keys.length === 0) return 0;
    const { rows } = await this.pool.query(this.sql.purge, [visitor.fbp ?? null, keys]);
    this.left(rows.filter((r) => r.dead_reason === null));
    return rows.length;
  }

  async retryDead(filter: DeadLetterFilter, now: number): Promise<number> {
    this.assertOpen();
    // Re-queued dead letters are not held to the capacity: they were accepted once, and the caller asked.
    const { rows } = await this.pool.query(this.sql.retryDead, [...deadParams(filter), now]);
    this.totals.queued += rows.length;
    this.totals.bytes += rows.reduce((sum, r) => sum + r.size, 0);
    return rows.length;
  }

  async stats(now: number): Promise<OutboxStats> {
    const { capacity, capacityBytes } = this.limits;
    const stats: OutboxStats = {
      queued: 0,
      inFlight: 0,
      bytes: 0,
      dead: 0,
      deadBytes: 0,
      deadEvicted: this.deadEvicted,
      deadByReason: emptyReasonCounts(),
      oldestEnqueuedAt: undefined,
      capacity,
      capacityBytes,
      perPixel: {},
    };
    if (this.state !== 'open') return stats;
    const [totals, perPixel, dead] = await Promise.all([
      this.pool.query(this.sql.totals),
      this.pool.query(this.sql.perPixel, [now]),
      this.pool.query(this.sql.deadByReason),
    ]);
    stats.bytes = Number(totals.rows[0].bytes);
    stats.deadBytes = Number(totals.rows[0].dead_bytes);
    for (const row of perPixel.rows) {
      const entry = { queued: Number(row.queued), inFlight: Number(row.in_flight) };
      stats.perPixel[row.pixel_id] = entry;
      stats.queued += entry.queued;
      stats.inFlight += entry.inFlight;
      const oldest = Number(row.oldest);
      if (stats.oldestEnqueuedAt === undefined || oldest < stats.oldestEnqueuedAt) stats.oldestEnqueuedAt = oldest;
    }
    for (const row of dead.rows) {
      stats.deadByReason[row.dead_reason as DeadReason] = Number(row.n);
      stats.dead += Number(row.n);
    }
    return stats;
  }

  async deadLetters(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    if (this.state !== 'open') return [];
    const { rows } = await this.pool.query(this.sql.listDead, [...deadParams(filter), limitOf(filter)]);
    return rows.map(deadLetterOf);
  }

  /** Releases the listening connection (and with it this instance's pixel locks); ends the pool if twinfire opened it. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearInterval(this.refresher);
    await this.group.drain();
    this.listener.close();
    if (this.ownPool) await this.pool.end();
  }

  private left(rows: readonly { size: number }[]): void {
    this.totals.queued -= rows.length;
    this.totals.bytes -= rows.reduce((sum, r) => sum + r.size, 0);
  }

  private async refreshTotals(): Promise<void> {
    const { rows } = await this.pool.query(this.sql.totals);
    this.totals.queued = Number(rows[0].queued);
    this.totals.bytes = Number(rows[0].bytes);
  }

  /** Forgets keys past their window, then the oldest beyond `dedupSize` (every 1000 enqueues of this instance). */
  private async pruneSeen(now: number): Promise<void> {
    await this.pool.query(this.sql.pruneSeen, [now]);
    await this.pool.query(this.sql.trimSeen, [this.limits.dedupSize]);
  }

  private assertOpen(): void {
    if (this.state === 'new') throw new Error('twinfire: call init() on the PostgreSQL outbox before using it (twinfire does, when given the outbox)');
    if (this.state === 'closed') throw new Error('twinfire: the PostgreSQL outbox is closed');
  }
}

/** The enqueue function's per-entry arrays, in its argument order. */
function columnsOf(entries: readonly OutboxEntry[]): unknown[][] {
  const cols: unknown[][] = Array.from({ length: 11 }, () => []);
  for (const entry of entries) {
    const { key, twin, server } = entryKeys(entry);
    const { event } = entry;
    const text = entry.json ?? JSON.stringify(event);
    const values = [
      pgKey(key),
      pgKey(twin),
      server,
      entry.pixelId,
      event.event_name,
      event.event_id ?? '',
      event.event_time,
      text,
      countedBytes(text),
      fbpOf(event) ?? null,
      JSON.stringify(visitorKeysOf(event)),
    ];
    for (const [i, value] of values.entries()) cols[i]!.push(value);
  }
  return cols;
}

/**
 * PostgreSQL text cannot hold U+0000, the separator of outbox keys: it becomes U+001F. Event names and ids
 * never contain control characters (both are checked at the door), so the mapping stays one-to-one.
 */
function pgKey(key: string): string {
  return key.replaceAll('\u0000', '\u001f');
}

/** A statement refused for the values it was given (data exception, program limit such as an index row too big). */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('54'));
}

function outcomeOf(queued: boolean): 'queued' | 'duplicate' {
  return queued ? 'queued' : 'duplicate';
}

function deadParams(filter: DeadLetterFilter): (string | null)[] {
  return [filter.pixelId ?? null, filter.reason ?? null, filter.event_name ?? null, filter.event_id ?? null];
}
