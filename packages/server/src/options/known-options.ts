import { NUMERIC_OPTIONS } from './defaults.js';
import type { PixelListOptions, SinglePixelOptions } from './pixel-options.js';
import type { TwinfireCommonOptions } from './types.js';

/**
 * Every option's name. A record over the option types' keys: an option added to the types and not here (or
 * listed here and not in the types) fails type-checking, so the list of known options cannot drift.
 */
const OPTION_NAMES: Record<keyof TwinfireCommonOptions | keyof PixelListOptions | keyof SinglePixelOptions, true> = {
  pixels: true,
  pixelId: true,
  accessToken: true,
  secret: true,
  graphUrl: true,
  graphVersion: true,
  testEventCode: true,
  path: true,
  scriptPath: true,
  baseCode: true,
  fbeventsUrl: true,
  allowedOrigins: true,
  requireOrigin: true,
  maxBodyBytes: true,
  maxEventBytes: true,
  bodyTimeoutMs: true,
  rateLimit: true,
  bots: true,
  intents: true,
  userData: true,
  beforeSend: true,
  consent: true,
  ldu: true,
  logger: true,
  cookies: true,
  cookieDomain: true,
  batchSize: true,
  flushIntervalMs: true,
  concurrency: true,
  timeoutMs: true,
  retryBaseMs: true,
  retryMaxMs: true,
  maxAttempts: true,
  throttlePauseMs: true,
  authPauseMs: true,
  maxQueue: true,
  maxQueueBytes: true,
  maxRequestBytes: true,
  maxDeadLetters: true,
  maxDeadBytes: true,
  dedupSize: true,
  dedupWindowMs: true,
  expiryMarginSeconds: true,
  outbox: true,
  closeTimeoutMs: true,
  inspectPath: true,
  now: true,
};

export const KNOWN_OPTIONS = Object.keys(OPTION_NAMES) as (keyof typeof OPTION_NAMES)[];

/** Every row of the defaults table is an option (type-checked). */
export const NUMERIC_OPTION_NAMES: readonly (keyof TwinfireCommonOptions)[] = Object.keys(NUMERIC_OPTIONS) as (keyof typeof NUMERIC_OPTIONS)[];
