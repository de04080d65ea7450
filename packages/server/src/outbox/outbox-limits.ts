import { DEFAULTS, NUMERIC_OPTIONS } from '../options/defaults.js';
import type { CommonOutboxOptions } from './outbox.js';

/** The durable outboxes' limits: the given ones, else the defaults table's (`capacityBytes`: the outbox's own). */
export function outboxLimits(options: CommonOutboxOptions, defaultBytes: number): Required<CommonOutboxOptions> {
  const {
    capacity = NUMERIC_OPTIONS.maxQueue.default,
    capacityBytes = defaultBytes,
    keepDead = NUMERIC_OPTIONS.maxDeadLetters.default,
    keepDeadBytes = NUMERIC_OPTIONS.maxDeadBytes.default,
    leaseMs = DEFAULTS.leaseMs(NUMERIC_OPTIONS.timeoutMs.default),
    dedupSize = NUMERIC_OPTIONS.dedupSize.default,
    dedupWindowMs = NUMERIC_OPTIONS.dedupWindowMs.default,
  } = options;
  return { capacity, capacityBytes, keepDead, keepDeadBytes, leaseMs, dedupSize, dedupWindowMs };
}
