import type { Removed } from './sqlite-writes.js';

/**
 * The SQLite outbox's sizes, kept in memory so the capacity checks and `stats()` cost no query: undelivered
 * events (count and counted bytes) and dead letters (the same). Read from the file once when it opens, then
 * moved by every write; a group commit that rolls back restores its snapshot.
 */
export class SqliteTally {
  size: number;
  bytes: number;
  deadCount: number;
  deadBytes: number;
  /** Dead letters deleted past the caps since the file was opened. */
  deadEvicted = 0;
  private saved: [number, number, number, number] | undefined;

  constructor(queued: { n: number; bytes: number }, dead: { n: number; bytes: number }) {
    this.size = queued.n;
    this.bytes = queued.bytes;
    this.deadCount = dead.n;
    this.deadBytes = dead.bytes;
  }

  save(): void {
    this.saved = [this.size, this.bytes, this.deadCount, this.deadBytes];
  }

  restore(): void {
    if (this.saved) [this.size, this.bytes, this.deadCount, this.deadBytes] = this.saved;
  }

  /** A row left the queue (acked or set aside), as its statement returned it; `undefined`: a stale lease. */
  leftQueue(row: unknown): row is { size: number } {
    if (!row) return false;
    this.size--;
    this.bytes -= (row as { size: number }).size;
    return true;
  }

  /** Rows deleted (purged or replaced), queued and dead. */
  removed(rows: Removed): void {
    this.size -= rows.queued;
    this.bytes -= rows.queuedBytes;
    this.deadCount -= rows.dead;
    this.deadBytes -= rows.deadBytes;
  }

  /** Dead letters re-queued by `retryDead`. */
  revived(count: number, bytes: number): void {
    this.deadCount -= count;
    this.deadBytes -= bytes;
    this.size += count;
    this.bytes += bytes;
  }

  /** One dead letter set aside (`+1`), or evicted past a cap (`-1`, counted in `deadEvicted`). */
  dead(change: 1 | -1, size: number): void {
    this.deadCount += change;
    this.deadBytes += change * size;
    if (change < 0) this.deadEvicted++;
  }
}
