import type { Logger } from '../logging/logger.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Counters } from './counters.js';

/** Everything the delivery engine needs, resolved once by the factory. No Express in here. */
export interface EngineConfig {
  /** Pixel id -> access token. */
  tokens: ReadonlyMap<string, string>;
  graphUrl: string;
  graphVersion: string;
  testEventCode: string | undefined;
  /** Events per request, 1..1000. */
  batchSize: number;
  /** JSON bytes of events per request at most (one event always goes, whatever its size). */
  maxRequestBytes: number;
  /** Wait at most this long before sending a partial batch. */
  flushIntervalMs: number;
  /** Requests in flight per pixel. */
  concurrency: number;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Failed attempts before an event is set aside as `retries_exhausted`; `Infinity`: until it expires. */
  maxAttempts: number;
  /** First pause after a throttling answer; doubles per consecutive throttle, up to 16x. */
  throttlePauseMs: number;
  /** Pause after a token/permission error before a probe request. */
  authPauseMs: number;
  /** Events are set aside as `expired` this long before Meta's 7-day limit. */
  expiryMarginSeconds: number;
  /** `close()` gives up waiting (flush, requests in flight) after this long, ms. */
  closeTimeoutMs: number;
  now: () => number;
  outbox: Outbox;
  logger: Logger;
  counters: Counters;
}
