import type { ServerEvent } from '@twinfire/core';
import { emptyReasonCounts, limitOf, matchesFilter } from './dead-filter.js';
import type { DeadLetter, DeadLetterFilter, DeadReason } from './dead-letter.js';
import type { VisitorKey } from './outbox.js';
import { matchesVisitor } from './visitor-key.js';

/** The memory outbox's dead letters, with their events (for `retryDead`): insertion-ordered, capped. */
export class MemoryDeadLetters {
  private readonly letters = new Map<string, { letter: DeadLetter; event: ServerEvent }>();

  constructor(private readonly keep: number) {}

  get size(): number {
    return this.letters.size;
  }

  has(key: string): boolean {
    return this.letters.has(key);
  }

  add(letter: DeadLetter, event: ServerEvent): void {
    this.letters.delete(letter.key);
    this.letters.set(letter.key, { letter, event });
    // Past the cap, the oldest go first.
    for (const key of this.letters.keys()) {
      if (this.letters.size <= this.keep) break;
      this.letters.delete(key);
    }
  }

  /** Removes and returns the dead letters matching the filter, with their events. */
  take(filter: DeadLetterFilter): { letter: DeadLetter; event: ServerEvent }[] {
    const out = [...this.letters.values()].filter(({ letter }) => matchesFilter(letter, filter));
    for (const { letter } of out) this.letters.delete(letter.key);
    return out;
  }

  purge(visitor: VisitorKey): number {
    let purged = 0;
    for (const [key, { event }] of [...this.letters]) {
      if (!matchesVisitor(event, visitor)) continue;
      this.letters.delete(key);
      purged++;
    }
    return purged;
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
