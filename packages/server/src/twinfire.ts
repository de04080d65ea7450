import { createCounters } from './delivery/counters.js';
import { DeliveryEngine } from './delivery/engine.js';
import { createRequestHandler } from './endpoint/handle-request.js';
import type { EndpointRequest, EndpointResponse } from './endpoint/request.js';
import { eventIdFor, newEventId } from './events/event-ids.js';
import { type SendEvent, type SendOptions, type SendResult, sendEvent } from './events/send-event.js';
import type { IntentInput } from './intents/intent-input.js';
import { type Intent, signIntent } from './intents/sign-intent.js';
import { errorShape } from './logging/logger.js';
import { resolveOptions } from './options/resolve-options.js';
import type { TwinfireOptions } from './options/types.js';
import { checkFilter, type ForgetVisitor, forget } from './outbox/forget.js';
import type { DeadLetter, DeadLetterFilter } from './outbox/outbox.js';
import type { Runtime } from './runtime.js';
import { buildStats, type TwinfireStats } from './stats.js';

/** The paths an instance answers, as resolved from its options. */
export interface EndpointPaths {
  /** The mirror endpoint: `POST`, its `OPTIONS` preflight, `405` for other methods. */
  path: string;
  /** The browser script (`GET`, `HEAD`), or `false` when it is not served. */
  scriptPath: string | false;
  /** The opt-in stats page (`GET`, `HEAD`), or `false`. */
  inspectPath: string | false;
}

/** Where an instance keeps its runtime: copied along when an adapter extends the instance (`Object.assign`). */
const RUNTIME = Symbol.for('twinfire.runtime');

/** The instance: the endpoint for adapters (`handle`), and what the app calls. */
export interface TwinfireInstance<Req = unknown> {
  /**
   * Answers one request to the endpoint or the script (see {@link EndpointRequest}); `undefined` when the
   * request is not twinfire's. Never rejects. Adapters call it; so can you, from any framework.
   */
  handle(request: EndpointRequest<Req>): Promise<EndpointResponse | undefined>;
  /** The paths `handle` answers (under the mount point), for adapters that register routes. */
  readonly paths: EndpointPaths;
  /** Queues a server-originated event (Meta's field names). Resolves once it is queued. */
  send(event: SendEvent, options?: SendOptions): Promise<SendResult>;
  /** Delivers everything deliverable now (not paused, not waiting for a retry) and waits for it. */
  flush(): Promise<void>;
  /**
   * Graceful stop within `closeTimeoutMs`: later mirrors get 503 and later `send()` calls reject; the memory
   * outbox is flushed; no new batch is leased; requests in flight are awaited; the outbox is closed.
   */
  close(): Promise<void>;
  /**
   * Counters and queue state; never contains a token or customer data. Resolves with a snapshot: asynchronous
   * because the outbox may be a networked store (`await tf.stats()`).
   */
  stats(): Promise<TwinfireStats>;
  /**
   * Events set aside (expired, invalid, retries exhausted), newest first, with Meta's error. No customer data.
   * Resolves with the list (`await tf.deadLetters()`); rejects with `ERR_TWINFIRE_INVALID_ARGUMENT` for a bad filter.
   */
  deadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  /** Puts matching dead letters back in the queue (after fixing the token, the data...). Resolves with the count. */
  retryDead(filter?: DeadLetterFilter): Promise<number>;
  /** "Delete my data": removes every undelivered and dead event of this visitor. Resolves with the count. */
  forget(visitor: ForgetVisitor): Promise<number>;
  /** A fresh UUID to share between `send()` and the page's `fbq(..., { eventID })`. */
  newEventId(): string;
  /**
   * A deterministic event id for a business key (order id), the same on the webhook and the thank-you page,
   * keyed with `secret` (an HMAC): nobody without the secret can compute it from the order id.
   */
  eventIdFor(eventName: string, key: string | number): string;
  /**
   * A signed, expiring event id carrying the server's value and currency, for an event listed in the
   * `intents` option: render `event_id` into the page's `fbq(..., { eventID })` and store it with the order.
   * Throws `ERR_TWINFIRE_INVALID_ARGUMENT` (with the `field`) for a bad argument.
   */
  intent(input: IntentInput): Intent;
}

/**
 * Creates a twinfire instance, framework-neutral: `createTwinfire({ pixels: [{ id, accessToken }] })`, then
 * an adapter (`webHandler(tf)`, `@twinfire/express`, `@twinfire/fastify`) or `tf.handle(request)`. Options
 * are checked here, once; a mistake throws a {@link TwinfireError} that says how to fix it. `Req` is the
 * framework's request type, handed to your hooks.
 */
export function createTwinfire<Req = unknown>(options: TwinfireOptions<Req>): TwinfireInstance<Req> {
  const config = resolveOptions(options);
  const counters = createCounters();
  const engine = new DeliveryEngine({ ...config, tokens: config.tokens, counters });
  const rt: Runtime = { config, engine, counters, queueFullLoggedAt: -Infinity };
  const handle = createRequestHandler(rt);
  engine.start().catch((error: unknown) => config.logger.error({ error: errorShape(error) }, 'outbox failure at start'));
  return {
    [RUNTIME]: rt,
    handle: handle as TwinfireInstance<Req>['handle'],
    paths: { path: config.path, scriptPath: config.scriptPath, inspectPath: config.inspectPath },
    send: (event: SendEvent, sendOptions?: SendOptions) => sendEvent(rt, event, sendOptions),
    flush: () => engine.flush(),
    close: () => engine.close(),
    stats: () => buildStats(rt),
    deadLetters: async (filter?: DeadLetterFilter) => config.outbox.deadLetters(checkFilter(filter)),
    retryDead: async (filter?: DeadLetterFilter) => engine.retryDead(checkFilter(filter)),
    forget: (visitor: ForgetVisitor) => forget(rt, visitor),
    newEventId,
    eventIdFor: (eventName: string, key: string | number) => eventIdFor(config.secret, eventName, key),
    intent: (input: IntentInput) => signIntent(config.secret, input, config.now()),
  } as TwinfireInstance<Req>;
}

/**
 * The request-neutral endpoint: answers `request` with `tf`'s endpoint and script, or `undefined` when the
 * request is not twinfire's. The same as `tf.handle(request)`.
 */
export function handleRequest<Req>(tf: TwinfireInstance<Req>, request: EndpointRequest<Req>): Promise<EndpointResponse | undefined> {
  return tf.handle(request);
}

/** The runtime behind an instance (or behind an adapter's object extending one). Internal. */
export function runtimeOf(tf: object): Runtime | undefined {
  return (tf as { [RUNTIME]?: Runtime })[RUNTIME];
}
