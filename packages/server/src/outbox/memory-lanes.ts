import { DueHeap } from './due-heap.js';
import type { HeldEvent } from './held-event.js';
import type { LeaseRef, OutboxStats } from './outbox.js';

/** A held event while it is in a lane (its queue state lives on it: see HeldEvent). */
export type Slot = HeldEvent;

interface Lane {
  slots: Map<string, Slot>;
  /** Every slot of the lane has exactly one live entry here, at its `dueAt`. */
  due: DueHeap<Slot>;
}

/**
 * The memory outbox's undelivered events, one lane per pixel: a map by key and a heap by due time, so that
 * finding, leasing, rescheduling and removing an event are O(log n) however many are waiting. A lane is
 * dropped when it empties.
 */
export class MemoryLanes {
  private readonly lanes = new Map<string, Lane>();
  private seq = 0;
  size = 0;
  /** Sum of the slots' counted bytes. */
  bytes = 0;

  /** Queues an event, not leased, with no attempt yet. */
  put(held: HeldEvent, enqueuedAt: number, dueAt: number): void {
    let lane = this.lanes.get(held.pixelId);
    if (!lane) this.lanes.set(held.pixelId, (lane = { slots: new Map(), due: new DueHeap() }));
    // The held event itself is the slot: set in place, no copy (see HeldEvent on why never a spread).
    const slot: Slot = held;
    slot.attempts = 0;
    slot.enqueuedAt = enqueuedAt;
    slot.lease = undefined;
    lane.slots.set(slot.key, slot);
    this.size++;
    this.bytes += slot.counted;
    this.schedule(lane, slot, dueAt);
  }

  find(key: string): Slot | undefined {
    return this.lanes.get(key.slice(0, key.indexOf('\u0000')))?.slots.get(key);
  }

  /** The slot, if it is still held under this lease (a stale lease gets `undefined`). */
  held(ref: LeaseRef): Slot | undefined {
    const slot = this.find(ref.key);
    return slot && slot.lease === ref.lease ? slot : undefined;
  }

  remove(key: string): Slot | undefined {
    const slot = this.find(key);
    if (!slot) return undefined;
    const lane = this.lanes.get(slot.pixelId)!;
    lane.slots.delete(key);
    slot.seq = -1;
    lane.due.invalidate();
    if (lane.slots.size === 0) this.lanes.delete(slot.pixelId);
    this.size--;
    this.bytes -= slot.counted;
    return slot;
  }

  /** Makes the slot due at `at`, behind the slots already due then. */
  reschedule(slot: Slot, at: number): void {
    const lane = this.lanes.get(slot.pixelId)!;
    this.schedule(lane, slot, at);
    lane.due.invalidate();
  }

  /**
   * Leases the slots due at `now`, oldest due first, until `until`: at most `max`, and no more than `maxBytes`
   * of JSON, except that the first one is taken whatever its size.
   */
  lease(pixelId: string, max: number, now: number, maxBytes: number, lease: string, until: number): Slot[] {
    const lane = this.lanes.get(pixelId);
    if (!lane) return [];
    const out: Slot[] = [];
    let bytes = 0;
    for (let slot = lane.due.peek(); slot && slot.dueAt <= now && out.length < max; slot = lane.due.peek()) {
      if (out.length > 0 && bytes + slot.json.length > maxBytes) break;
      bytes += slot.json.length;
      lane.due.pop();
      out.push(slot);
    }
    // Rescheduled after the loop: with a lease time of 0 they would be due again, and leased twice.
    for (const slot of out) {
      slot.lease = lease;
      this.schedule(lane, slot, until);
    }
    return out;
  }

  nextDueAt(pixelId: string): number | undefined {
    return this.lanes.get(pixelId)?.due.peek()?.dueAt;
  }

  pixelIds(): string[] {
    return [...this.lanes.keys()];
  }

  /** Per-pixel counts, in flight (live leases at `now`) and the oldest acceptance time. O(n): an admin call. */
  stats(now: number): Pick<OutboxStats, 'queued' | 'inFlight' | 'oldestEnqueuedAt' | 'perPixel'> {
    const perPixel: OutboxStats['perPixel'] = {};
    let inFlight = 0;
    let oldest: number | undefined;
    for (const [id, { slots }] of this.lanes) {
      let leased = 0;
      for (const slot of slots.values()) {
        if (slot.lease !== undefined && slot.dueAt > now) leased++;
        if (oldest === undefined || slot.enqueuedAt < oldest) oldest = slot.enqueuedAt;
      }
      inFlight += leased;
      perPixel[id] = { queued: slots.size, inFlight: leased };
    }
    return { queued: this.size, inFlight, oldestEnqueuedAt: oldest, perPixel };
  }

  private schedule(lane: Lane, slot: Slot, at: number): void {
    slot.dueAt = at;
    slot.seq = ++this.seq;
    lane.due.push(at, slot.seq, slot);
  }
}
