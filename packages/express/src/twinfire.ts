import { createCounters } from './delivery/counters.js';
import { DeliveryEngine } from './delivery/engine.js';
import { TwinfireError } from './errors.js';
import { eventIdFor, newEventId, resolveSecret } from './events/event-ids.js';
import { sendEvent, type SendEvent, type SendOptions, type SendResult } from './events/send-event.js';
import type { IntentInput } from './intents/intent-input.js';
import { signIntent, type Intent } from './intents/sign-intent.js';
import { createMiddleware, type Middleware } from './middleware/create-middleware.js';
import { resolveOptions } from './options/resolve-options.js';
import type { TwinfireOptions } from './options/types.js';
import { errorShape } from './logging/logger.js';
import { checkFilter, forget, type ForgetVisitor } from './outbox/forget.js';
import type { DeadLetter, DeadLetterFilter } from './outbox/outbox.js';
import type { Runtime } from './runtime.js';
import { buildStats, type TwinfireStats } from './stats.js';

/** The middleware, plus the methods of the instance. */
export interface Twinfire extends Middleware {
  /** Queues a server-originated event (Meta's field names). Resolves once it is queued. */
  send(event: SendEvent, options?: SendOptions): Promise<SendResult>;
  /** Delivers everything deliverable now (not paused, not waiting for a retry) and waits for it. */
  flush(): Promise<void>;
  /**
   * Graceful stop within `closeTimeoutMs`: later mirrors get 503 and later `send()` calls reject; the memory
   * outbox is flushed; no new batch is leased; requests in flight are awaited; the outbox is closed.
   */
  close(): Promise<void>;
  /** Counters and queue state; never contains a token or customer data. */
  stats(): TwinfireStats;
  /** Events set aside (expired, invalid, retries exhausted), newest first, with Meta's error. No customer data. */
  deadLetters(filter?: DeadLetterFilter): DeadLetter[];
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
 * Creates a twinfire instance: `app.use(twinfire({ pixels: [{ id, accessToken }] }))`. Options are checked
 * here, once; a mistake throws a {@link TwinfireError} that says how to fix it.
 */
export function twinfire(options: TwinfireOptions): Twinfire {
  // eslint-disable-next-line prefer-rest-params
  if (looksLikeMiddlewareCall(arguments)) return notCalled(arguments);
  const config = resolveOptions(options);
  const counters = createCounters();
  const engine = new DeliveryEngine({ ...config, tokens: config.tokens, counters });
  const rt: Runtime = { config, engine, counters, queueFullLoggedAt: -Infinity };
  const middleware = createMiddleware(rt);
  engine.start().catch((error: unknown) => config.logger.error({ error: errorShape(error) }, 'outbox failure at start'));
  return Object.assign(middleware, {
    send: (event: SendEvent, sendOptions?: SendOptions) => sendEvent(rt, event, sendOptions),
    flush: () => engine.flush(),
    close: () => engine.close(),
    stats: () => buildStats(rt),
    deadLetters: (filter?: DeadLetterFilter) => config.outbox.deadLetters(checkFilter(filter)),
    retryDead: async (filter?: DeadLetterFilter) => engine.retryDead(checkFilter(filter)),
    forget: (visitor: ForgetVisitor) => forget(rt, visitor),
    newEventId,
    eventIdFor: (eventName: string, key: string | number) => eventIdFor(config.secret, eventName, key),
    intent: (input: IntentInput) => signIntent(config.secret, input, config.now()),
  });
}

/** Express calls `twinfire(req, res, next)` when the app did `app.use(twinfire)` without options. */
function looksLikeMiddlewareCall(args: IArguments): boolean {
  const [req, res] = args as unknown as [unknown, unknown];
  return (
    args.length >= 2 &&
    typeof req === 'object' && req !== null && 'headers' in req && 'method' in req &&
    typeof res === 'object' && res !== null && typeof (res as { setHeader?: unknown }).setHeader === 'function'
  );
}

function notCalled(args: IArguments): never {
  const error = new TwinfireError(
    'ERR_TWINFIRE_NOT_CALLED',
    '',
    'twinfire was mounted without being called: use app.use(twinfire({ pixels: [{ id, accessToken }] })), not app.use(twinfire).',
  );
  console.error(error.message);
  const next = args[2] as unknown;
  if (typeof next === 'function') {
    next(error);
    return undefined as never;
  }
  throw error;
}
