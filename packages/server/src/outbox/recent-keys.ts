import { FifoQueue } from '../fifo.js';

/**
 * A bounded memory of recently seen keys with a time-to-live: a `Map` for lookups and a FIFO queue of
 * insertions, so the oldest entry is found and evicted in O(1). Used to send each (pixel, event_name, event_id) at most once within
 * Meta's 48-hour deduplication window.
 */
export class RecentKeys {
  private readonly seen = new Map<string, number>();
  /** Keys with the expiry they were added with, oldest first; an entry whose key was re-added or dropped is stale. */
  private readonly order = new FifoQueue<[key: string, expiresAt: number]>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  has(key: string, now: number): boolean {
    const expiresAt = this.seen.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt > now) return true;
    this.seen.delete(key);
    return false;
  }

  add(key: string, now: number): void {
    const expiresAt = now + this.ttlMs;
    this.seen.set(key, expiresAt);
    this.order.push([key, expiresAt]);
    this.evict(now);
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(now: number): void {
    for (let front = this.order.peek(); front !== undefined; front = this.order.peek()) {
      const [key, expiresAt] = front;
      const live = this.seen.get(key) === expiresAt;
      if (live && this.seen.size <= this.maxEntries && expiresAt > now) break;
      this.order.shift();
      if (live) this.seen.delete(key);
    }
    // Stale entries behind the front (keys re-added, or dropped by has()) are bounded: sweep them past 2x.
    if (this.order.length > 2 * this.seen.size + 1024) this.order.retain(([key, at]) => this.seen.get(key) === at);
  }
}
