import type { ServerEvent } from '@twinfire/core';
import type { DeadLetter, DeadLetterFilter, DeadMark, DeadReason } from './dead-letter.js';
import type { LeaseRef } from './lease-ref.js';

export { DEAD_REASONS, type DeadError, type DeadLetter, type DeadLetterFilter, type DeadMark, type DeadReason } from './dead-letter.js';
export type { LeaseRef } from './lease-ref.js';

/**
 * Where accepted events wait for delivery. The delivery engine only talks to this interface: the memory and
 * the SQLite implementations are interchangeable, and both pass the same contract test
 * (`outboxContract` from `@twinfire/server/testing`), which a third-party outbox (PostgreSQL, Redis...) runs
 * too. Every method may be asynchronous: `stats()` and `deadLetters()` may return their snapshot or a Promise
 * of it (every caller awaits them); only `hasRoom()` must answer synchronously.
 *
 * Sizing: twinfire calls the optional {@link Outbox.init} once, before any other call, with its resolved
 * limits ({@link OutboxSizing}), so an outbox passed as `outbox: myOutbox` is bounded like the built-in ones.
 *
 * Identity: an event is `(pixelId, event_name, event_id)` — Meta's deduplication key — see {@link outboxKey}.
 *
 * Leases: `lease()` hands out events with a lease token that expires after the outbox's lease time. A leased
 * event is not leased again until its lease expires (then it is: the process holding it may have died).
 * `ack`, `retry` and `dead` act only on an event whose current lease token is the one given, so a late
 * answer to an expired lease never deletes or reschedules an event leased again since.
 */
export interface Outbox {
  /** `true` when an accepted event survives a crash of the process (SQLite, PostgreSQL); `false` for memory. */
  readonly durable: boolean;
  /**
   * Optional. Called once by twinfire, before any other method, with the instance's resolved limits
   * (`maxQueue`, `maxQueueBytes`, `maxDeadLetters`...). Limits the outbox was constructed with explicitly
   * win over these (the built-in outboxes apply only the ones not given to their constructor). May be
   * asynchronous (create tables, connect): twinfire holds every other call until it resolves; a rejection
   * is logged and fails those calls. Not called on an outbox twinfire builds itself from options.
   */
  init?(sizing: OutboxSizing): void | Promise<void>;
  /**
   * Adds events atomically, in one transaction: either every non-duplicate entry is stored, or (capacity
   * reached) none is. An entry whose key was seen recently (queued, in flight, delivered or dead) is a `duplicate`.
   */
  enqueue(entries: readonly OutboxEntry[], now: number, options?: EnqueueOptions): Promise<EnqueueResult>;
  /**
   * Optional: `true` when `enqueue` accepts `{ db }`, a database client inside the caller's transaction, and
   * writes through it, so the events commit or roll back with the caller's own writes (`tf.send(event, { db })`).
   */
  readonly transactional?: boolean;
  /**
   * Optional: for an outbox shared by several processes. twinfire calls it once, at start, with a callback the
   * outbox calls when events were added elsewhere (another instance, a transaction committed later), so the
   * delivery engine picks them up without polling. `added` may be 0: "look again".
   */
  watch?(onEvents: OutboxWatcher): void;
  /**
   * Up to `max` events of one pixel that are due at `now` and not under a live lease, oldest due first, whose
   * serialized sizes ({@link OutboxRecord.bytes}) add up to at most `maxBytes` (default: no byte limit). The
   * first due event is always returned, whatever its size, so an oversized event cannot block its lane.
   */
  lease(pixelId: string, max: number, now: number, maxBytes?: number): Promise<OutboxRecord[]>;
  /** Delivered: forget these events (their keys stay in the duplicate memory). Stale leases are ignored. */
  ack(refs: readonly LeaseRef[]): Promise<void>;
  /** Send again from `at` (ms). `countAttempt: false` for throttling and pauses, which burn no attempt. */
  retry(refs: readonly LeaseRef[], at: number, countAttempt: boolean): Promise<void>;
  /**
   * Optional, and cheap (no I/O): `false` when `events` more events of about `bytes` in all cannot fit now,
   * so the endpoint refuses a mirror before reading its body. `enqueue` still decides.
   */
  hasRoom?(events: number, bytes: number): boolean;
  /** Set aside for good, with the reason (kept for inspection up to the outbox's dead-letter cap). */
  dead(marks: readonly DeadMark[]): Promise<void>;
  /** Earliest time an event of this pixel becomes leasable (a live lease counts at its expiry), or `undefined`. */
  nextDueAt(pixelId: string): Promise<number | undefined>;
  /** Pixels that have undelivered events. */
  pixelIds(): Promise<string[]>;
  /** Deletes every undelivered or dead event of this visitor (any of the given keys matches). Returns the count. */
  purge(visitor: VisitorKey): Promise<number>;
  /** Puts matching dead letters back in the queue, due at `now`, with their attempts reset. Returns the count. */
  retryDead(filter: DeadLetterFilter, now: number): Promise<number>;
  /** A snapshot of the queue and the dead letters at `now` (ms), with the outbox's own `capacity` and `capacityBytes`. */
  stats(now: number): OutboxStats | Promise<OutboxStats>;
  /** Dead letters, newest first, matching the filter (default limit 1000). */
  deadLetters(filter?: DeadLetterFilter): DeadLetter[] | Promise<DeadLetter[]>;
  close(): Promise<void>;
}

/** Options of {@link Outbox.enqueue}. */
export interface EnqueueOptions {
  /** A database client inside the caller's transaction (only for an outbox that is {@link Outbox.transactional}). */
  db?: unknown;
}

/** See {@link Outbox.watch}. */
export type OutboxWatcher = (pixelId: string, added: number) => void;

export interface OutboxEntry {
  pixelId: string;
  event: ServerEvent;
  /**
   * `server` for `tf.send()`: the server's own truth. It is never a duplicate of a browser mirror with the same
   * key — it replaces that mirror if it still waits (or is in flight: it is sent after it), and is queued even
   * when the mirror was delivered. A mirror coming after a server event with its key is the duplicate.
   * Default `browser`.
   */
  source?: 'browser' | 'server';
  /**
   * `JSON.stringify(event)`, when the caller already has it (the outbox stores this text). On a leased record it
   * is what delivery puts in the Graph request (else it stringifies `event`): it must be `event`'s JSON.
   */
  json?: string;
}

export interface OutboxRecord extends OutboxEntry, LeaseRef {
  /** Failed delivery attempts so far (throttling and pauses do not count). */
  attempts: number;
  /** When the event was accepted, ms. */
  enqueuedAt: number;
  /**
   * What the event adds to a Graph request body, as the outbox measured it to cut the lease at `maxBytes`: the
   * length of its JSON (the durable outboxes count twice that when it has text beyond Latin-1). Delivery's
   * drain check relies on `lease` cutting by this same measure.
   */
  bytes: number;
  /**
   * Optional: `event.event_time`, when the outbox has it without parsing the event. With it and `json`, delivery
   * never reads `event` on the way to Meta (the built-in outboxes parse `event` only when it is read).
   */
  eventTime?: number;
}

export interface EnqueueResult {
  /** `full`: nothing was stored, the outbox is at capacity. */
  status: 'ok' | 'full';
  /** Per entry, in order: stored, or a duplicate of a recent event. All `duplicate` is possible. */
  outcomes: ('queued' | 'duplicate')[];
}

/**
 * A visitor, as stored in events: `fbp` as sent (never hashed), `external_id` and `em` as SHA-256 hashes
 * (twinfire hashes them before they reach the outbox). An event matches when any given key matches.
 */
export interface VisitorKey {
  fbp?: string;
  external_id?: string;
  em?: string;
}

export interface OutboxStats {
  /** Undelivered events, in flight included. */
  queued: number;
  /** Under a live lease right now. */
  inFlight: number;
  /** Size of the undelivered events, as counted against `capacityBytes` (JSON length plus a fixed overhead per event). */
  bytes: number;
  /** Dead letters held (up to the cap). */
  dead: number;
  /** Size of the dead letters held, as counted against `keepDeadBytes`. */
  deadBytes: number;
  /** Dead letters deleted because `keepDead` or `keepDeadBytes` was reached (oldest first), since the outbox opened. */
  deadEvicted: number;
  deadByReason: Record<DeadReason, number>;
  /** When the oldest undelivered event was accepted, ms; `undefined` when none is waiting. */
  oldestEnqueuedAt: number | undefined;
  capacity: number;
  capacityBytes: number;
  perPixel: Record<string, { queued: number; inFlight: number }>;
}

/** The identity of an event in the outbox: Meta's dedup key, per pixel (a server event's is marked, see {@link entryKeys}). */
export function outboxKey(pixelId: string, event: Pick<ServerEvent, 'event_name' | 'event_id'>): string {
  return `${pixelId}\u0000${event.event_name}\u0000${event.event_id ?? ''}`;
}

/**
 * An entry's own outbox key, and its twin's: the browser and the server copy of one Meta key are held under
 * two keys (the server's with a `\0server` suffix), so the server's can replace the browser's and neither
 * hides the other. See {@link OutboxEntry.source}.
 */
export function entryKeys(entry: OutboxEntry): { key: string; twin: string; server: boolean } {
  const base = outboxKey(entry.pixelId, entry.event);
  const server = entry.source === 'server';
  return server ? { key: base + SERVER_SUFFIX, twin: base, server } : { key: base, twin: base + SERVER_SUFFIX, server };
}

const SERVER_SUFFIX = '\u0000server';

/** Lease lengths and dead-letter caps both implementations accept. */
export interface CommonOutboxOptions {
  /** Undelivered events held at most (in flight included). Default 100 000. */
  capacity?: number;
  /**
   * Undelivered events' size held at most, bytes (in flight included), counted as each event's JSON length
   * plus {@link EVENT_OVERHEAD_BYTES}. Default 128 MiB for memory (it is heap), 512 MiB for SQLite (disk). Bounds
   * what an outage or a flood can make the process hold, by bytes as well as by count.
   */
  capacityBytes?: number;
  /** Keys remembered for duplicate detection. Default 100 000. */
  dedupSize?: number;
  /** How long a key is remembered, ms. Default 48 h (Meta's dedup window). */
  dedupWindowMs?: number;
  /** How long a lease lasts before its events may be leased again, ms. Default 120 000. */
  leaseMs?: number;
  /** Dead letters kept; past it the oldest are deleted. Default 10 000. */
  keepDead?: number;
  /** Dead letters' size kept, bytes (counted like `capacityBytes`); past it the oldest are deleted. Default 16 MiB. */
  keepDeadBytes?: number;
}

/**
 * The limits twinfire hands to {@link Outbox.init}, from its options: the outbox's side of `maxQueue`,
 * `maxQueueBytes`, `maxDeadLetters`, `maxDeadBytes`, `dedupSize` and `dedupWindowMs`, and a lease time fit
 * for `timeoutMs`. The names are those of {@link CommonOutboxOptions}.
 */
export interface OutboxSizing {
  /** `maxQueue`: undelivered events held at most (in flight included). */
  capacity: number;
  /** `maxQueueBytes`, counted with {@link countedBytes}; absent when not set: the outbox's own default. */
  capacityBytes?: number;
  /** `maxDeadLetters`: dead letters kept; past it the oldest are deleted. */
  keepDead: number;
  /** `maxDeadBytes`: dead letters' size kept, bytes (counted like `capacityBytes`). */
  keepDeadBytes: number;
  /** `dedupSize`: keys remembered for duplicate detection. */
  dedupSize: number;
  /** `dedupWindowMs`: how long a key is remembered, ms. */
  dedupWindowMs: number;
  /** How long a lease lasts, ms: at least 120 000, and 25 times `timeoutMs`. */
  leaseMs: number;
}

/**
 * What one held event costs besides its JSON: its key, record, heap and index entries (measured: about 1 KB
 * in the memory outbox). A flood of tiny events is bounded by `capacityBytes` too, not only by count. The
 * SQLite outbox counts its rows the same way (a row and its index entries take less, so it errs on the safe side).
 */
export const EVENT_OVERHEAD_BYTES = 1024;

/** The size an event is counted at: its JSON length (a UTF-16 string costs 2 bytes a character) plus the overhead. */
export function countedBytes(json: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000-U+00FF is the Latin-1 range, control characters included
  return json.length * (/[^\u0000-\u00ff]/.test(json) ? 2 : 1) + EVENT_OVERHEAD_BYTES;
}
