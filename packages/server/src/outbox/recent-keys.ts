import { FifoQueue } from '../fifo.js';

/**
 * A bounded memory of recently seen keys with a time-to-live: a `Map` for lookups and a FIFO queue of
 * insertions, so the oldest entry is found and evicted in O(1). Used to send each (pixel, event_name, event_id) at most once within
 * Meta's 48-hour deduplication window.
 */
export class RecentKeys {
  private readonly seen = new Map<string, number>();
  /**
   * Keys in insertion order, each with the expiry it was added with (two queues in step, no pair object per
   * key: on 100 000 held events that pair was 8 MB); an entry whose key was re-added or dropped is stale.
   */
  private keys = new FifoQueue<string>();
  private expiries = new FifoQueue<number>();

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
    this.keys.push(key);
    this.expiries.push(expiresAt);
    this.evict(now);
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(now: number): void {
    for (let key = this.keys.peek(); key !== undefined; key = this.keys.peek()) {
      const expiresAt = this.expiries.peek()!;
      const live = this.seen.get(key) === expiresAt;
      if (live && this.seen.size <= this.maxEntries && expiresAt > now) break;
      this.keys.shift();
      this.expiries.shift();
      if (live) this.seen.delete(key);
    }
    // Stale entries behind the front (keys re-added, or dropped by has()) are bounded: sweep them past 2x.
    if (this.keys.length > 2 * this.seen.size + 1024) this.sweep();
  }

  private sweep(): void {
    const keys = new FifoQueue<string>();
    const expiries = new FifoQueue<number>();
    for (let key = this.keys.shift(); key !== undefined; key = this.keys.shift()) {
      const expiresAt = this.expiries.shift()!;
      if (this.seen.get(key) !== expiresAt) continue;
      keys.push(key);
      expiries.push(expiresAt);
    }
    this.keys = keys;
    this.expiries = expiries;
  }
}
