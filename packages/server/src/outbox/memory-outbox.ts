import { DEFAULTS, NUMERIC_OPTIONS, QUEUE_BYTES } from '../options/defaults.js';
import { type HeldEvent, holdEvent, namesOf } from './held-event.js';
import { leaseTokens } from './lease-token.js';
import { MemoryDeadLetters } from './memory-dead-letters.js';
import { MemoryLanes } from './memory-lanes.js';
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
import { entryKeys } from './outbox.js';
import { RecentKeys } from './recent-keys.js';
import { StoredRecord } from './stored-rows.js';
import { VisitorIndex } from './visitor-index.js';
import { matchesVisitor } from './visitor-key.js';

export type MemoryOutboxOptions = CommonOutboxOptions;

/**
 * The in-process outbox: fast, bounded, and lost when the process exits. Fine for tests, serverless
 * functions that flush before returning, and sites that accept losing queued events on a crash.
 * Same semantics as the SQLite outbox (leases expire, stale acks are ignored), checked by one contract test.
 *
 * Events are held as JSON (see HeldEvent), bounded by count and by counted bytes, queued and dead alike.
 * Every call a request or a delivery makes is O(log n) or better in the number of held events, so a long
 * outage does not slow the shop down: `stats()`, `deadLetters()` and `retryDead()` are O(n) admin calls.
 *
 * Passed as `outbox: new MemoryOutbox(options)`, it takes twinfire's limits (`maxQueue`...) through
 * `init()` for every option not given here; options given here win.
 */
export class MemoryOutbox implements Outbox {
  readonly durable = false;
  private readonly lanes = new MemoryLanes();
  private recent!: RecentKeys;
  private dead_!: MemoryDeadLetters;
  /** Queued and dead events by visitor, for `purge`. */
  private readonly visitors = new VisitorIndex();
  private capacity!: number;
  private capacityBytes!: number;
  private leaseMs!: number;
  private readonly newToken = leaseTokens();

  constructor(private readonly options: MemoryOutboxOptions = {}) {
    this.size(options);
  }

  /** Twinfire's limits, for the options not given to the constructor (called before first use). */
  init(sizing: OutboxSizing): void {
    const given = Object.fromEntries(Object.entries(this.options).filter(([, v]) => v !== undefined));
    this.size({ ...sizing, ...given });
  }

  private size(options: MemoryOutboxOptions): void {
    this.capacity = options.capacity ?? NUMERIC_OPTIONS.maxQueue.default;
    this.capacityBytes = options.capacityBytes ?? QUEUE_BYTES.memory;
    this.leaseMs = options.leaseMs ?? DEFAULTS.leaseMs(NUMERIC_OPTIONS.timeoutMs.default);
    // Empty until first use: rebuilt with the new limits; never once they hold something.
    if (!this.dead_ || this.dead_.size === 0)
      this.dead_ = new MemoryDeadLetters(
        options.keepDead ?? NUMERIC_OPTIONS.maxDeadLetters.default,
        options.keepDeadBytes ?? NUMERIC_OPTIONS.maxDeadBytes.default,
      );
    if (!this.recent || this.recent.size === 0)
      this.recent = new RecentKeys(options.dedupSize ?? NUMERIC_OPTIONS.dedupSize.default, options.dedupWindowMs ?? NUMERIC_OPTIONS.dedupWindowMs.default);
  }

  async enqueue(entries: readonly OutboxEntry[], now: number): Promise<EnqueueResult> {
    const batch = new Set<string>();
    const held: { held: HeldEvent; replaces: string | undefined }[] = [];
    const outcomes = entries.map((entry) => {
      const { key, twin, server } = entryKeys(entry);
      // A mirror is a duplicate of a server event with its Meta key too; a server event never of a mirror.
      const known = this.knows(key, now) || batch.has(key) || (!server && (this.knows(twin, now) || batch.has(twin)));
      batch.add(key);
      if (!known) held.push({ held: holdEvent(key, entry.pixelId, entry.event, now, entry.json), replaces: server ? twin : undefined });
      return known ? 'duplicate' : 'queued';
    });
    const bytes = held.reduce((sum, h) => sum + h.held.counted, 0);
    if (held.length > 0 && (this.lanes.size + held.length > this.capacity || this.lanes.bytes + bytes > this.capacityBytes))
      return { status: 'full', outcomes };
    for (const { held: h, replaces } of held) {
      // The server's truth replaces the browser's copy, waiting or dead (one in flight is past stopping).
      const replaced = replaces === undefined ? undefined : (this.lanes.remove(replaces) ?? this.dead_.remove(replaces));
      if (replaced) this.forget(replaced);
      this.recent.add(h.key, now);
      this.visitors.add(h.key, h.terms);
      this.lanes.put(h, now, 0);
    }
    return { status: 'ok', outcomes };
  }

  /** The key is held (waiting, in flight or dead) or was delivered recently. */
  private knows(key: string, now: number): boolean {
    return this.recent.has(key, now) || this.lanes.find(key) !== undefined || this.dead_.get(key) !== undefined;
  }

  hasRoom(events: number, bytes: number): boolean {
    return this.lanes.size + events <= this.capacity && this.lanes.bytes + bytes <= this.capacityBytes;
  }

  async lease(pixelId: string, max: number, now: number, maxBytes = Infinity): Promise<OutboxRecord[]> {
    const lease = this.newToken();
    return this.lanes
      .lease(pixelId, max, now, maxBytes, lease, now + this.leaseMs)
      .map((slot) => new StoredRecord(slot.key, lease, slot.pixelId, slot.json, slot.event_time, slot.json.length, slot.attempts, slot.enqueuedAt));
  }

  async ack(refs: readonly LeaseRef[]): Promise<void> {
    for (const ref of refs) if (this.lanes.held(ref)) this.forget(this.lanes.remove(ref.key)!);
  }

  async retry(refs: readonly LeaseRef[], at: number, countAttempt: boolean): Promise<void> {
    for (const ref of refs) {
      const slot = this.lanes.held(ref);
      if (!slot) continue;
      slot.lease = undefined;
      if (countAttempt) slot.attempts++;
      // Behind the events already due at `at`, so a failing event does not block the head of its lane.
      this.lanes.reschedule(slot, at);
    }
  }

  async dead(marks: readonly DeadMark[]): Promise<void> {
    for (const mark of marks) {
      if (!this.lanes.held(mark)) continue;
      const slot = this.lanes.remove(mark.key)!;
      const { event_name, event_id } = namesOf(slot);
      const letter: DeadLetter = {
        key: slot.key,
        pixelId: slot.pixelId,
        event_name,
        event_id,
        event_time: slot.event_time,
        reason: mark.reason,
        attempts: slot.attempts,
        at: mark.at,
      };
      if (mark.error) letter.error = mark.error;
      for (const evicted of this.dead_.add(letter, slot)) this.forget(evicted);
    }
  }

  async nextDueAt(pixelId: string): Promise<number | undefined> {
    return this.lanes.nextDueAt(pixelId);
  }

  async pixelIds(): Promise<string[]> {
    return this.lanes.pixelIds();
  }

  async purge(visitor: VisitorKey): Promise<number> {
    let purged = 0;
    for (const key of this.visitors.candidates(visitor)) {
      const held = this.lanes.find(key) ?? this.dead_.get(key);
      if (!held || !matchesVisitor(JSON.parse(held.json), visitor)) continue;
      this.forget(this.lanes.remove(key) ?? this.dead_.remove(key)!);
      purged++;
    }
    return purged;
  }

  async retryDead(filter: DeadLetterFilter, now: number): Promise<number> {
    const revived = this.dead_.take(filter);
    for (const { held } of revived) this.lanes.put(held, now, now);
    return revived.length;
  }

  stats(now: number): OutboxStats {
    const dead = this.dead_;
    return {
      ...this.lanes.stats(now),
      bytes: this.lanes.bytes,
      dead: dead.size,
      deadBytes: dead.bytes,
      deadEvicted: dead.evicted,
      deadByReason: dead.byReason(),
      capacity: this.capacity,
      capacityBytes: this.capacityBytes,
    };
  }

  deadLetters(filter: DeadLetterFilter = {}): DeadLetter[] {
    return this.dead_.list(filter);
  }

  async close(): Promise<void> {}

  /** Drops a held event that left the outbox for good from the visitor index. */
  private forget(held: HeldEvent): void {
    this.visitors.remove(held.key, held.terms);
  }
}
