import type { Counters } from './delivery/counters.js';
import type { PixelState } from './delivery/engine.js';
import type { DeadReason } from './outbox/outbox.js';
import type { Runtime } from './runtime.js';

/** `tf.stats()`: plain numbers and states, safe to expose on a health endpoint. */
export interface TwinfireStats extends Omit<Counters, 'rejected' | 'dropped' | 'failures'> {
  rejected: Record<string, number>;
  dropped: Counters['dropped'];
  failures: Counters['failures'];
  /** Undelivered events (in flight included). */
  queued: number;
  inFlight: number;
  /** Size of the undelivered events, bytes (JSON length plus 1 KB an event), against `maxQueueBytes`. */
  queuedBytes: number;
  /** Dead letters held (expired, invalid, retries exhausted), up to the outbox's cap. */
  dead: number;
  /** Size of the dead letters held, bytes, against `maxDeadBytes`. */
  deadBytes: number;
  /** Dead letters deleted, oldest first, because `maxDeadLetters` or `maxDeadBytes` was reached. */
  deadEvicted: number;
  deadByReason: Record<DeadReason, number>;
  /** Seconds since the oldest undelivered event was accepted; `null` when nothing waits. */
  oldestUndeliveredSeconds: number | null;
  /** `memory` or `durable` (SQLite or another durable outbox). */
  outbox: 'memory' | 'durable';
  /** The outbox's capacity, events (its `stats().capacity`: `maxQueue`, unless the outbox was built with its own). */
  maxQueue: number;
  /** The outbox's byte capacity (its `stats().capacityBytes`). */
  maxQueueBytes: number;
  pixels: Record<string, PixelState & { queued: number }>;
}

/** `tf.stats()`: the counters, the engine's pixel states and the outbox's snapshot (which may be asynchronous). */
export async function buildStats(rt: Runtime): Promise<TwinfireStats> {
  const { counters, engine, config } = rt;
  const now = config.now();
  const outbox = await config.outbox.stats(now);
  const pixels: TwinfireStats['pixels'] = {};
  for (const [id, state] of Object.entries(engine.pixelStates())) {
    pixels[id] = { ...state, queued: outbox.perPixel[id]?.queued ?? 0 };
  }
  return {
    received: counters.received,
    accepted: counters.accepted,
    sent: counters.sent,
    retried: counters.retried,
    requests: counters.requests,
    rejected: { ...counters.rejected },
    dropped: { ...counters.dropped },
    failures: { ...counters.failures },
    queued: outbox.queued,
    inFlight: outbox.inFlight,
    purged: counters.purged,
    stripped: counters.stripped,
    queuedBytes: outbox.bytes,
    dead: outbox.dead,
    deadBytes: outbox.deadBytes,
    deadEvicted: outbox.deadEvicted,
    deadByReason: outbox.deadByReason,
    oldestUndeliveredSeconds: outbox.oldestEnqueuedAt === undefined ? null : Math.max(0, Math.floor((now - outbox.oldestEnqueuedAt) / 1000)),
    outbox: config.outbox.durable ? 'durable' : 'memory',
    maxQueue: outbox.capacity,
    maxQueueBytes: outbox.capacityBytes,
    pixels,
  };
}
