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
  /** Dead letters held (expired, invalid, retries exhausted), up to the outbox's cap. */
  dead: number;
  deadByReason: Record<DeadReason, number>;
  /** Seconds since the oldest undelivered event was accepted; `null` when nothing waits. */
  oldestUndeliveredSeconds: number | null;
  /** `memory` or `durable` (SQLite or another durable outbox). */
  outbox: 'memory' | 'durable';
  maxQueue: number;
  pixels: Record<string, PixelState & { queued: number }>;
}

export function buildStats(rt: Runtime): TwinfireStats {
  const { counters, engine, config } = rt;
  const now = config.now();
  const outbox = config.outbox.stats(now);
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
    dead: outbox.dead,
    deadByReason: outbox.deadByReason,
    oldestUndeliveredSeconds: outbox.oldestEnqueuedAt === undefined ? null : Math.max(0, Math.floor((now - outbox.oldestEnqueuedAt) / 1000)),
    outbox: config.outbox.durable ? 'durable' : 'memory',
    maxQueue: config.maxQueue,
    pixels,
  };
}
