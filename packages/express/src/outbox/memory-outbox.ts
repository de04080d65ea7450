import { leaseTokens } from './lease-token.js';
import { MemoryDeadLetters } from './memory-dead-letters.js';
import { MemoryLanes } from './memory-lanes.js';
import type { CommonOutboxOptions, DeadLetter, DeadLetterFilter, DeadMark, EnqueueResult, LeaseRef, Outbox, OutboxEntry, OutboxRecord, OutboxStats, VisitorKey } from './outbox.js';
import { outboxKey } from './outbox.js';
import { RecentKeys } from './recent-keys.js';
import { matchesVisitor } from './visitor-key.js';

export type MemoryOutboxOptions = CommonOutboxOptions;

/**
 * The in-process outbox: fast, bounded, and lost when the process exits. Fine for tests, serverless
 * functions that flush before returning, and sites that accept losing queued events on a crash.
 * Same semantics as the SQLite outbox (leases expire, stale acks are ignored), checked by one contract test.
 */
export class MemoryOutbox implements Outbox {
  readonly durable = false;
  private readonly lanes = new MemoryLanes();
  private readonly recent: RecentKeys;
  private readonly dead_: MemoryDeadLetters;
  private readonly capacity: number;
  private readonly capacityBytes: number;
  private readonly leaseMs: number;
  private readonly newToken = leaseTokens();

  constructor(options: MemoryOutboxOptions = {}) {
    this.capacity = options.capacity ?? 100_000;
    this.capacityBytes = options.capacityBytes ?? 64 * 1024 * 1024;
    this.dead_ = new MemoryDeadLetters(options.keepDead ?? 10_000);
    this.leaseMs = options.leaseMs ?? 120_000;
    this.recent = new RecentKeys(options.dedupSize ?? 100_000, options.dedupWindowMs ?? 48 * 3600 * 1000);
  }

  async enqueue(entries: readonly OutboxEntry[], now: number): Promise<EnqueueResult> {
    const keys = entries.map((entry) => outboxKey(entry.pixelId, entry.event));
    const outcomes = keys.map((key, i) => (this.recent.has(key, now) || this.lanes.find(key) || this.dead_.has(key) || keys.indexOf(key) < i ? 'duplicate' : 'queued'));
    const fresh = outcomes.filter((o) => o === 'queued').length;
    const sizes = entries.map((entry, i) => (outcomes[i] === 'queued' ? JSON.stringify(entry.event).length : 0));
    const freshBytes = sizes.reduce((a, b) => a + b, 0);
    if (fresh > 0 && (this.lanes.size + fresh > this.capacity || this.lanes.bytes + freshBytes > this.capacityBytes)) return { status: 'full', outcomes };
    entries.forEach((entry, i) => {
      if (outcomes[i] !== 'queued') return;
      const key = keys[i]!;
      this.recent.add(key, now);
      this.lanes.put({ key, pixelId: entry.pixelId, event: entry.event, attempts: 0, enqueuedAt: now, dueAt: 0, lease: undefined, bytes: sizes[i]! });
    });
    return { status: 'ok', outcomes };
  }

  async lease(pixelId: string, max: number, now: number): Promise<OutboxRecord[]> {
    const out: OutboxRecord[] = [];
    const lease = this.newToken();
    for (const slot of this.lanes.byPixel.get(pixelId)?.values() ?? []) {
      if (out.length >= max) break;
      if (slot.dueAt > now) continue;
      slot.lease = lease;
      slot.dueAt = now + this.leaseMs;
      out.push({ key: slot.key, lease, pixelId: slot.pixelId, event: slot.event, attempts: slot.attempts, enqueuedAt: slot.enqueuedAt });
    }
    return out;
  }

  async ack(refs: readonly LeaseRef[]): Promise<void> {
    for (const ref of refs) if (this.lanes.held(ref)) this.lanes.remove(ref.key);
  }

  async retry(refs: readonly LeaseRef[], at: number, countAttempt: boolean): Promise<void> {
    for (const ref of refs) {
      const slot = this.lanes.held(ref);
      if (!slot) continue;
      this.lanes.remove(slot.key);
      // Re-inserted at the end so a failing event does not block the head of its lane.
      this.lanes.put({ ...slot, lease: undefined, dueAt: at, attempts: slot.attempts + (countAttempt ? 1 : 0) });
    }
  }

  async dead(marks: readonly DeadMark[]): Promise<void> {
    for (const mark of marks) {
      const slot = this.lanes.held(mark);
      if (!slot) continue;
      this.lanes.remove(slot.key);
      const { event } = slot;
      const letter: DeadLetter = { key: slot.key, pixelId: slot.pixelId, event_name: event.event_name, event_id: event.event_id ?? '', event_time: event.event_time, reason: mark.reason, attempts: slot.attempts, at: mark.at };
      if (mark.error) letter.error = mark.error;
      this.dead_.add(letter, event);
    }
  }

  async nextDueAt(pixelId: string): Promise<number | undefined> {
    let next: number | undefined;
    for (const slot of this.lanes.byPixel.get(pixelId)?.values() ?? []) if (next === undefined || slot.dueAt < next) next = slot.dueAt;
    return next;
  }

  async pixelIds(): Promise<string[]> {
    return [...this.lanes.byPixel].filter(([, lane]) => lane.size > 0).map(([id]) => id);
  }

  async purge(visitor: VisitorKey): Promise<number> {
    let purged = 0;
    for (const lane of this.lanes.byPixel.values()) {
      for (const slot of [...lane.values()]) if (matchesVisitor(slot.event, visitor) && ++purged) this.lanes.remove(slot.key);
    }
    return purged + this.dead_.purge(visitor);
  }

  async retryDead(filter: DeadLetterFilter, now: number): Promise<number> {
    const revived = this.dead_.take(filter);
    for (const { letter, event } of revived) this.lanes.put({ key: letter.key, pixelId: letter.pixelId, event, attempts: 0, enqueuedAt: now, dueAt: now, lease: undefined, bytes: JSON.stringify(event).length });
    return revived.length;
  }

  stats(now: number): OutboxStats {
    return { ...this.lanes.stats(now), dead: this.dead_.size, deadByReason: this.dead_.byReason(), capacity: this.capacity };
  }

  deadLetters(filter: DeadLetterFilter = {}): DeadLetter[] {
    return this.dead_.list(filter);
  }

  async close(): Promise<void> {}
}
