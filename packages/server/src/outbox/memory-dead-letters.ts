import { FifoQueue } from '../fifo.js';
import { emptyReasonCounts, limitOf, matchesFilter } from './dead-filter.js';
import type { DeadLetter, DeadLetterFilter, DeadReason } from './dead-letter.js';
import type { HeldEvent } from './held-event.js';

export interface DeadEntry {
  letter: DeadLetter;
  /** The event itself, for `retryDead`. */
  held: HeldEvent;
}

/**
 * The memory outbox's dead letters, with their events: insertion-ordered, capped by count (`keep`) and by
 * counted bytes (`keepBytes`), the oldest deleted first. Listing and filtering are O(n) admin calls.
 */
export class MemoryDeadLetters {
  private readonly letters = new Map<string, DeadEntry>();
  /**
   * Keys oldest first, for eviction (see FifoQueue), each with the sequence number of its entry: one whose
   * entry was removed or replaced is stale and skipped. Keys, not entries, so a removed event is not kept alive.
   */
  private readonly order = new FifoQueue<[key: string, seq: number]>();
  private readonly seqs = new Map<string, number>();
  private nextSeq = 0;
  /** Sum of the events' counted bytes. */
  bytes = 0;
  /** Deleted past a cap, since creation. */
  evicted = 0;

  constructor(
    private readonly keep: number,
    private readonly keepBytes: number,
  ) {}

  get size(): number {
    return this.letters.size;
  }

  get(key: string): HeldEvent | undefined {
    return this.letters.get(key)?.held;
  }

  /** Adds a dead letter; returns the events deleted past a cap (the oldest first, maybe this one). */
  add(letter: DeadLetter, held: HeldEvent): HeldEvent[] {
    this.remove(letter.key);
    this.letters.set(letter.key, { letter, held });
    const seq = this.nextSeq++;
    this.seqs.set(letter.key, seq);
    this.order.push([letter.key, seq]);
    this.bytes += held.counted;
    const evicted: HeldEvent[] = [];
    while (this.letters.size > this.keep || this.bytes > this.keepBytes) {
      const [key, at] = this.order.shift()!;
      if (this.seqs.get(key) === at) evicted.push(this.remove(key)!);
    }
    if (this.order.length > 2 * this.letters.size + 1024) this.order.retain(([key, at]) => this.seqs.get(key) === at);
    this.evicted += evicted.length;
    return evicted;
  }

  remove(key: string): HeldEvent | undefined {
    const dead = this.letters.get(key);
    if (!dead) return undefined;
    this.letters.delete(key);
    this.seqs.delete(key);
    this.bytes -= dead.held.counted;
    return dead.held;
  }

  /** Removes and returns the dead letters matching the filter, with their events. */
  take(filter: DeadLetterFilter): DeadEntry[] {
    const out = [...this.letters.values()].filter(({ letter }) => matchesFilter(letter, filter));
    for (const { letter } of out) this.remove(letter.key);
    return out;
  }

  byReason(): Record<DeadReason, number> {
    const counts = emptyReasonCounts();
    for (const { letter } of this.letters.values()) counts[letter.reason]++;
    return counts;
  }

  /** Newest first. */
  list(filter: DeadLetterFilter): DeadLetter[] {
    const limit = limitOf(filter);
    const out: DeadLetter[] = [];
    for (const { letter } of [...this.letters.values()].reverse()) {
      if (out.length >= limit) break;
      if (matchesFilter(letter, filter)) out.push({ ...letter });
    }
    return out;
  }
}
