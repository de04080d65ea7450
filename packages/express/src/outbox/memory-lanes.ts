import type { LeaseRef, OutboxEntry, OutboxStats } from './outbox.js';

export interface Slot extends OutboxEntry {
  key: string;
  attempts: number;
  enqueuedAt: number;
  /** Leasable from; while leased, the lease expiry. */
  dueAt: number;
  lease: string | undefined;
  /** JSON size of the event, counted against the outbox's byte capacity. */
  bytes: number;
}

/** The memory outbox's undelivered events: one insertion-ordered map per pixel. */
export class MemoryLanes {
  readonly byPixel = new Map<string, Map<string, Slot>>();
  size = 0;
  bytes = 0;

  put(slot: Slot): void {
    let lane = this.byPixel.get(slot.pixelId);
    if (!lane) this.byPixel.set(slot.pixelId, (lane = new Map()));
    lane.set(slot.key, slot);
    this.size++;
    this.bytes += slot.bytes;
  }

  find(key: string): Slot | undefined {
    return this.byPixel.get(key.slice(0, key.indexOf('\u0000')))?.get(key);
  }

  /** The slot, if it is still held under this lease (a stale lease gets `undefined`). */
  held(ref: LeaseRef): Slot | undefined {
    const slot = this.find(ref.key);
    return slot && slot.lease === ref.lease ? slot : undefined;
  }

  remove(key: string): void {
    const slot = this.find(key);
    if (!slot) return;
    this.byPixel.get(slot.pixelId)!.delete(key);
    this.size--;
    this.bytes -= slot.bytes;
  }

  /** Per-pixel counts, in flight (live leases at `now`) and the oldest acceptance time. */
  stats(now: number): Pick<OutboxStats, 'queued' | 'inFlight' | 'oldestEnqueuedAt' | 'perPixel'> {
    const perPixel: OutboxStats['perPixel'] = {};
    let inFlight = 0;
    let oldest: number | undefined;
    for (const [id, lane] of this.byPixel) {
      let leased = 0;
      for (const slot of lane.values()) {
        if (slot.lease !== undefined && slot.dueAt > now) leased++;
        if (oldest === undefined || slot.enqueuedAt < oldest) oldest = slot.enqueuedAt;
      }
      inFlight += leased;
      perPixel[id] = { queued: lane.size, inFlight: leased };
    }
    return { queued: this.size, inFlight, oldestEnqueuedAt: oldest, perPixel };
  }
}
