import { LIMITS } from '@twinfire/core';

const KIB = 1024;
const MIB = 1024 * KIB;

/** A numeric option: its default and the range it is checked against (inclusive). */
export interface NumericLimit {
  default: number;
  min: number;
  max?: number;
}

/**
 * The one table of numeric defaults and limits (its keys are option names: known-options.ts checks it). The option checks, the outboxes' own defaults and the README
 * (a test compares its Options table with this one) read it; nothing else states a default.
 */
export const NUMERIC_OPTIONS = {
  maxBodyBytes: { default: 64 * KIB, min: 256, max: 10 * MIB },
  maxEventBytes: { default: 32 * KIB, min: KIB, max: MIB },
  /** min: one whole event plus the request's envelope, see resolveOptions. */
  maxRequestBytes: { default: MIB, min: KIB, max: 100 * MIB },
  bodyTimeoutMs: { default: 10_000, min: 10, max: 300_000 },
  batchSize: { default: LIMITS.maxEventsPerRequest, min: 1, max: LIMITS.maxEventsPerRequest },
  flushIntervalMs: { default: 500, min: 0, max: 60_000 },
  concurrency: { default: 2, min: 1, max: 64 },
  timeoutMs: { default: 1500, min: 1, max: 120_000 },
  retryBaseMs: { default: 1000, min: 1 },
  retryMaxMs: { default: 60_000, min: 1 },
  maxAttempts: { default: Infinity, min: 1 },
  throttlePauseMs: { default: 60_000, min: 1 },
  authPauseMs: { default: 600_000, min: 1 },
  maxQueue: { default: 100_000, min: 1 },
  maxDeadLetters: { default: 10_000, min: 0 },
  maxDeadBytes: { default: 16 * MIB, min: 0 },
  dedupSize: { default: 100_000, min: 1 },
  /** Meta deduplicates a browser and a server event within 48 hours. */
  dedupWindowMs: { default: 48 * 3600 * 1000, min: 0 },
  /** At most 6 days: Meta refuses events older than 7. */
  expiryMarginSeconds: { default: 3600, min: 0, max: LIMITS.maxEventAgeSeconds - 24 * 3600 },
  closeTimeoutMs: { default: 10_000, min: 0 },
} as const satisfies Record<string, NumericLimit>;

/** `maxQueueBytes` depends on the outbox: the heap is dearer than the disk. */
export const QUEUE_BYTES = { memory: 128 * MIB, sqlite: 512 * MIB, postgres: 512 * MIB, min: KIB } as const;

/** The `rateLimit` settings' defaults (`ipPoints`: this many times `points`). */
export const RATE_LIMIT = {
  points: { default: 120, min: 1 },
  duration: { default: 60, min: 1, max: 24 * 3600 },
  ipPointsFactor: 10,
  maxClients: { default: 50_000, min: 1 },
} as const;

/** The other defaults, by option. */
export const DEFAULTS = {
  graphUrl: 'https://graph.facebook.com',
  graphVersion: 'v26.0',
  path: '/twinfire',
  scriptPath: '/twinfire.js',
  inspectPath: '/twinfire/inspect',
  fbeventsUrl: 'https://connect.facebook.net/en_US/fbevents.js',
  requireOrigin: true,
  bots: 'drop',
  cookies: true,
  baseCode: false,
  /** A lease must outlive the slowest batch: a 1000-event split is ~20 requests of up to `timeoutMs`. */
  leaseMs: (timeoutMs: number) => Math.max(120_000, 25 * timeoutMs),
} as const;
