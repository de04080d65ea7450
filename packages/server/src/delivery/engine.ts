import { errorShape } from '../logging/logger.js';
import type { DeadLetterFilter, EnqueueOptions, EnqueueResult, OutboxEntry } from '../outbox/outbox.js';
import { type EngineConfig, type WiredEngineConfig, wireEngineConfig } from './engine-config.js';
import { PixelLane } from './pixel-lane.js';
import { type PixelState, pixelStates } from './pixel-states.js';
import { deliverBatch } from './send-batch.js';
import { shutdown } from './shutdown.js';

export type { PixelState } from './pixel-states.js';

/** Room kept in a request for what is not an event: the access token, the test event code, brackets and commas. */
const REQUEST_ENVELOPE_BYTES = 1024;

/**
 * The delivery engine: per-pixel lanes over an {@link Outbox}, batches of up to `batchSize` sent on size or
 * after `flushIntervalMs`, at most `concurrency` requests per pixel, retries and pauses as Meta's error
 * codes say. It knows nothing about HTTP servers or Express; adapters call `enqueue`.
 */
export class DeliveryEngine {
  private readonly lanes = new Map<string, PixelLane>();
  private readonly jobs = new Set<Promise<void>>();
  private stopped = false;
  private closing: Promise<void> | undefined;
  /** While `flush()` runs, the batching gate is open: everything due goes now. */
  private flushing = 0;

  private readonly config: WiredEngineConfig;

  constructor(config: EngineConfig) {
    this.config = wireEngineConfig(config);
  }

  /**
   * Stores the events (atomically, idempotently) and wakes their pixels' lanes. With `{ db }` (the caller's
   * transaction) they are counted as accepted now, but the lanes wake when the outbox reports the commit.
   */
  async enqueue(entries: readonly OutboxEntry[], options?: EnqueueOptions): Promise<EnqueueResult> {
    const result = await this.config.outbox.enqueue(entries, this.config.now(), ...(options?.db === undefined ? [] : [options]));
    if (result.status !== 'ok') return result;
    const added = new Map<string, number>();
    entries.forEach((entry, i) => {
      if (result.outcomes[i] === 'queued') added.set(entry.pixelId, (added.get(entry.pixelId) ?? 0) + 1);
    });
    for (const [pixelId, count] of added) {
      this.config.counters.accepted += count;
      if (options?.db === undefined) this.nudge(pixelId, count);
    }
    return result;
  }

  /** Sends everything that can be sent now (not paused, not waiting for a backoff) and waits for it. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      for (let round = 0; round < 10_000; round++) {
        await Promise.all((await this.configuredPixelIds()).map((id) => this.pump(id)));
        while (this.jobs.size > 0) await Promise.allSettled([...this.jobs]);
        if (!(await this.anythingDueNow())) return;
      }
    } finally {
      this.flushing--;
    }
  }

  /** Wakes the configured pixels that have events waiting (rows left by an earlier process, for instance). */
  async start(): Promise<void> {
    this.config.outbox.watch?.((pixelId, added) => {
      if (this.config.tokens.has(pixelId)) this.nudge(pixelId, added);
    });
    const orphans = (await this.config.outbox.pixelIds()).filter((id) => !this.config.tokens.has(id));
    if (orphans.length > 0) this.config.logger.warn({ pixel_ids: orphans }, 'the outbox holds events of pixels that are not configured; they stay there');
    await this.wakeAll();
  }

  /**
   * Graceful stop within `closeTimeoutMs`: refuses new work, flushes a memory outbox (not a durable one), takes
   * no new lease, awaits requests in flight until the deadline, closes the outbox. See {@link shutdown}.
   */
  close(): Promise<void> {
    this.closing ??= shutdown(this.config, {
      flush: () => this.flush(),
      stop: () => {
        this.stopped = true;
        for (const lane of this.lanes.values()) lane.clearTimer();
      },
      jobs: this.jobs,
    });
    return this.closing;
  }

  /** Re-queues matching dead letters and wakes their pixels. */
  async retryDead(filter: DeadLetterFilter): Promise<number> {
    const count = await this.config.outbox.retryDead(filter, this.config.now());
    if (count > 0) await this.wakeAll();
    return count;
  }

  get closed(): boolean {
    return this.stopped || this.closing !== undefined;
  }

  pixelStates(): Record<string, PixelState> {
    return pixelStates(this.config, this.lanes);
  }

  private async wakeAll(): Promise<void> {
    for (const id of await this.configuredPixelIds()) if (!this.stopped) void this.pump(id);
  }

  /** The pixels with undelivered events that this instance has a token for: the others' events stay where they are. */
  private async configuredPixelIds(): Promise<string[]> {
    return (await this.config.outbox.pixelIds()).filter((id) => this.config.tokens.has(id));
  }

  private lane(pixelId: string): PixelLane {
    let lane = this.lanes.get(pixelId);
    if (!lane) this.lanes.set(pixelId, (lane = new PixelLane(pixelId, this.config.maxRequestBytes - REQUEST_ENVELOPE_BYTES, this.config.timers)));
    return lane;
  }

  private nudge(pixelId: string, added: number): void {
    if (this.stopped) return;
    const lane = this.lane(pixelId);
    const now = this.config.now();
    lane.noteEnqueued(added, now);
    if (lane.waiting >= this.config.batchSize) void this.pump(pixelId);
    else lane.schedule(this.gateOpensAt(lane, now), now, () => void this.pump(pixelId));
  }

  private gateOpensAt(lane: PixelLane, now: number): number {
    return lane.gateOpensAt(now, this.config.batchSize, this.config.flushIntervalMs, this.flushing > 0);
  }

  /** Starts as many batches as the lane may have in flight; one pump per lane at a time. */
  private pump(pixelId: string): Promise<void> {
    const lane = this.lane(pixelId);
    if (lane.pumping) {
      lane.repump = true;
      return lane.pumping;
    }
    lane.pumping = this.runPump(lane)
      .catch((error: unknown) => this.config.logger.error({ pixel_id: pixelId, error: errorShape(error) }, 'outbox failure while leasing'))
      .finally(() => {
        lane.pumping = undefined;
        if (lane.repump) {
          lane.repump = false;
          void this.pump(pixelId);
        }
      });
    return lane.pumping;
  }

  private async runPump(lane: PixelLane): Promise<void> {
    const { outbox, batchSize } = this.config;
    while (!this.stopped && lane.inFlight < this.inFlightLimit(lane) && !lane.isPaused(this.config.now())) {
      const now = this.config.now();
      if (this.gateOpensAt(lane, now) > now) break;
      const records = await outbox.lease(lane.pixelId, batchSize, now, lane.requestBytes);
      lane.noteLeased(records.length, drained(records, batchSize, lane.requestBytes), records.length >= batchSize, now);
      if (records.length === 0) break;
      lane.inFlight++;
      const job: Promise<void> = deliverBatch(this.config, lane, records)
        .catch((error: unknown) => this.config.logger.error({ pixel_id: lane.pixelId, error: errorShape(error) }, 'delivery failure'))
        .finally(() => {
          lane.inFlight--;
          this.jobs.delete(job);
          if (!this.stopped) void this.pump(lane.pixelId);
        });
      this.jobs.add(job);
    }
    if (this.stopped || lane.inFlight >= this.inFlightLimit(lane)) return;
    // Nothing more to start now: wake up when the next event is due (after a backoff or a pause).
    const next = await outbox.nextDueAt(lane.pixelId);
    if (next === undefined) return;
    const now = this.config.now();
    const at = Math.max(next, lane.isPaused(now) ? lane.pause!.until : 0, this.gateOpensAt(lane, now));
    // Always set a wake-up, even when `at` has passed while we awaited: skipping it would strand the lane.
    lane.schedule(Math.max(at, now + 1), now, () => void this.pump(lane.pixelId));
  }

  /**
   * `concurrency`, but 1 once a pause (throttle, token, backoff) has ended and until a request goes through:
   * the first request after a pause is a single probe, not `concurrency` requests into the same refusal.
   */
  private inFlightLimit(lane: PixelLane): number {
    return lane.pause ? 1 : this.config.concurrency;
  }

  private async anythingDueNow(): Promise<boolean> {
    const now = this.config.now();
    for (const pixelId of await this.configuredPixelIds()) {
      if (this.lane(pixelId).isPaused(now)) continue;
      const due = await this.config.outbox.nextDueAt(pixelId);
      if (due !== undefined && due <= now) return true;
    }
    return false;
  }
}

/** A lease drained the lane when it returned fewer events than asked and was not cut for room: one more event as large as its largest would still fit. */
function drained(records: readonly { bytes: number }[], max: number, maxBytes: number): boolean {
  if (records.length >= max) return false;
  let total = 0;
  let largest = 0;
  for (const r of records) {
    total += r.bytes;
    largest = Math.max(largest, r.bytes);
  }
  return total + largest <= maxBytes;
}
