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
  /**
   * Internal seams, for tests (not options of `createTwinfire`): how a request is made (default: the global
   * `fetch`), the timers that wake lanes and time requests out (default: the global `setTimeout`), and the
   * jitter of backoffs and pauses (default `Math.random`). With `now`, a test drives the engine on a manual clock.
   */
  transport?: Transport;
  timers?: Timers;
  random?: () => number;
}

/** The part of `fetch` the engine uses. It must honour `signal` (the request timeout aborts it). */
export type Transport = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<TransportResponse>;

export interface TransportResponse {
  status: number;
  text(): Promise<string>;
}

/** A timer handle: opaque; `unref` is called when present (Node's), so no timer keeps a process alive. */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** An {@link EngineConfig} with its seams filled in. */
export type WiredEngineConfig = EngineConfig & Required<Pick<EngineConfig, 'transport' | 'timers' | 'random'>>;

/** The globals, looked up at call time (so a test that mocks the globals still reaches them). */
const globalTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};
const globalFetch: Transport = (url, init) => fetch(url, init);

export function wireEngineConfig(config: EngineConfig): WiredEngineConfig {
  return { ...config, transport: config.transport ?? globalFetch, timers: config.timers ?? globalTimers, random: config.random ?? Math.random };
}

/** Starts a timer that never keeps the process alive. */
export function unrefTimer(timers: Timers, callback: () => void, ms: number): TimerHandle {
  const handle = timers.setTimeout(callback, ms);
  (handle as { unref?: () => unknown } | undefined)?.unref?.();
  return handle;
}
