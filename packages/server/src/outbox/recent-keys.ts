/**
 * A bounded memory of recently seen keys with a time-to-live: insertion-ordered `Map`, so the oldest entry
 * is the first one and eviction is O(1). Used to send each (pixel, event_name, event_id) at most once within
 * Meta's 48-hour deduplication window.
 */
export class RecentKeys {
  private readonly seen = new Map<string, number>();

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
    this.seen.delete(key);
    this.seen.set(key, now + this.ttlMs);
    this.evict(now);
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(now: number): void {
    for (const [key, expiresAt] of this.seen) {
      if (this.seen.size <= this.maxEntries && expiresAt > now) break;
      this.seen.delete(key);
    }
  }
}
