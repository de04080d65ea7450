import type { ServerEvent } from '@twinfire/core';
import type { DeadLetter, DeadLetterFilter, DeadMark, DeadReason } from './dead-letter.js';

export { DEAD_REASONS, type DeadError, type DeadLetter, type DeadLetterFilter, type DeadMark, type DeadReason } from './dead-letter.js';

/**
 * Where accepted events wait for delivery. The delivery engine only talks to this interface: the memory and
 * the SQLite implementations are interchangeable, and both pass the same contract test. Every method may be
 * asynchronous; `stats()` and `deadLetters()` are synchronous snapshots.
 *
 * Identity: an event is `(pixelId, event_name, event_id)` — Meta's deduplication key — see {@link outboxKey}.
 *
 * Leases: `lease()` hands out events with a lease token that expires after the outbox's lease time. A leased
 * event is not leased again until its lease expires (then it is: the process holding it may have died).
 * `ack`, `retry` and `dead` act only on an event whose current lease token is the one given, so a late
 * answer to an expired lease never deletes or reschedules an event leased again since.
 */
export interface Outbox {
  /** `true` when an accepted event survives a crash of the process (SQLite); `false` for memory. */
  readonly durable: boolean;
  /**
   * Adds events atomically, in one transaction: either every non-duplicate entry is stored, or (capacity
   * reached) none is. An entry whose key was seen recently (queued, in flight, delivered or dead) is a `duplicate`.
   */
  enqueue(entries: readonly OutboxEntry[], now: number): Promise<EnqueueResult>;
  /** Up to `max` events of one pixel that are due at `now` and not under a live lease, oldest due first. */
  lease(pixelId: string, max: number, now: number): Promise<OutboxRecord[]>;
  /** Delivered: forget these events (their keys stay in the duplicate memory). Stale leases are ignored. */
  ack(refs: readonly LeaseRef[]): Promise<void>;
  /** Send again from `at` (ms). `countAttempt: false` for throttling and pauses, which burn no attempt. */
  retry(refs: readonly LeaseRef[], at: number, countAttempt: boolean): Promise<void>;
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
  stats(now: number): OutboxStats;
  /** Dead letters, newest first, matching the filter (default limit 1000). */
  deadLetters(filter?: DeadLetterFilter): DeadLetter[];
  close(): Promise<void>;
}

export interface OutboxEntry {
  pixelId: string;
  event: ServerEvent;
}

/** Names one leased event: its key and the token of the lease it was handed out under. */
export interface LeaseRef {
  key: string;
  lease: string;
}

export interface OutboxRecord extends OutboxEntry, LeaseRef {
  /** Failed delivery attempts so far (throttling and pauses do not count). */
  attempts: number;
  /** When the event was accepted, ms. */
  enqueuedAt: number;
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
  /** Dead letters held (up to the cap). */
  dead: number;
  deadByReason: Record<DeadReason, number>;
  /** When the oldest undelivered event was accepted, ms; `undefined` when none is waiting. */
  oldestEnqueuedAt: number | undefined;
  capacity: number;
  perPixel: Record<string, { queued: number; inFlight: number }>;
}

/** The identity of an event in the outbox: Meta's dedup key, per pixel. */
export function outboxKey(pixelId: string, event: Pick<ServerEvent, 'event_name' | 'event_id'>): string {
  return `${pixelId}\u0000${event.event_name}\u0000${event.event_id ?? ''}`;
}

/** Lease lengths and dead-letter caps both implementations accept. */
export interface CommonOutboxOptions {
  /** Undelivered events held at most (in flight included). Default 100 000. */
  capacity?: number;
  /**
   * Memory outbox only: undelivered events' JSON size held at most, bytes (in flight included). Default
   * 64 MiB. Bounds memory by bytes as well as by count: 100 000 events of up to 64 KB would otherwise be
   * gigabytes while Meta is down. (The SQLite outbox keeps events on disk and ignores it.)
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
}
