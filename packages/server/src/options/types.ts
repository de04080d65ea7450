import type { ServerEvent, UserData } from '@twinfire/core';
import type { EndpointRequest } from '../endpoint/request.js';
import type { Logger } from '../logging/logger.js';
import type { Outbox } from '../outbox/outbox.js';
import type { PgPool } from '../outbox/pg-types.js';
import type { PixelOptions } from './pixel-options.js';

export type { PixelConfig, PixelListOptions, SinglePixelOptions } from './pixel-options.js';

/**
 * Origins allowed to post mirrors, besides the request's own host. A function is called with the origin, the
 * framework's own request and the neutral view of it.
 */
export type AllowedOrigins<Req = unknown> = readonly (string | RegExp)[] | ((origin: string, req: Req, request: EndpointRequest<Req>) => boolean);

/**
 * A rate limiter of rate-limiter-flexible's shape (`RateLimiterMemory`, `RateLimiterRedis`, `RateLimiterPostgres`,
 * ...): `consume(key)` resolves, or rejects with `{ msBeforeNext }` when the key is over its limit.
 */
export interface RateLimiterLike {
  consume(key: string, points?: number): Promise<unknown>;
}

/** The `rateLimit` option. */
export interface RateLimitOption {
  /** Mirrors a browser (IP + `_fbp` cookie, or the IP alone without a cookie) may post per `duration`. Default 120. */
  points?: number;
  /** The window, seconds. Default 60. */
  duration?: number;
  /** Mirrors one IP address may post per `duration`, whatever its cookies say. Default 10 x `points`. */
  ipPoints?: number;
  /**
   * Browsers the in-memory limiters track at once (two entries each, about 1.2 KB of heap). Past it, a browser
   * not seen in the window is refused (429 `too_many_clients`) until the window turns: a flood from many
   * addresses cannot grow the limiter's memory without end. Default 50000 (about 60 MB at most).
   */
  maxClients?: number;
  /**
   * Your own limiters instead of the in-memory ones (for example `RateLimiterRedis`, shared by several
   * instances): `client` is consumed per browser, `ip` per address. `points`, `duration`, `ipPoints` are then ignored.
   */
  limiters?: { client: RateLimiterLike; ip?: RateLimiterLike };
}

/** What `consent(req, signals)` is told besides the request. */
export interface ConsentSignals {
  /** The page's own consent state from the mirror payload (`undefined`: the page never said). */
  pageConsent: 'granted' | 'denied' | undefined;
  /** The browser sent `Sec-GPC: 1` (Global Privacy Control). */
  gpc: boolean;
}

/** Limited Data Use: `true` for Meta's geolocation defaults (country 0, state 0), or explicit codes. */
export type LduSetting = boolean | { country?: number; state?: number } | null | undefined;

type MaybePromise<T> = T | Promise<T>;

/** The `intents` option: events whose mirrors must carry a signed intent (`tf.intent()`) as their event_id. */
export interface IntentsOption {
  /** Event names that require an intent, e.g. `['Purchase', 'Subscribe']`. `[]` is the same as no option. */
  events: readonly string[];
  /**
   * A mirror of such an event without a valid intent (missing, altered, expired, for another event): `'refuse'`
   * answers 403 `invalid_intent`; `'strip'` sends it without `value` and `currency`, except Purchase (Meta
   * refuses a Purchase without them), which is refused anyway. Default `'refuse'`.
   */
  unsigned?: 'refuse' | 'strip';
}

/** The `outbox` option: the SQLite file or the PostgreSQL database (with a lease time and dead-letter cap), or an instance. */
export type OutboxOption = Outbox | (DurableOutboxOption & { sqlite: string }) | (DurableOutboxOption & { postgres: PgPool | string; schema?: string });

/** What `{ sqlite }` and `{ postgres }` share. */
export interface DurableOutboxOption {
  /** `{ sqlite }`: path of the SQLite database file, created if missing. One process per file. */
  sqlite?: string;
  /**
   * `{ postgres }`: a `pg.Pool` (yours; twinfire holds one of its connections and never ends it) or a connection
   * string (twinfire opens a pool of 10 and ends it on `close()`). Needs `pg` (node-postgres) installed.
   */
  postgres?: PgPool | string;
  /** With `postgres`: the schema that holds twinfire's tables, created and migrated at start. Default `twinfire`. */
  schema?: string;
  /** A leased batch comes back to the queue after this long if its process died, ms. Default max(120000, 25 × timeoutMs). */
  leaseMs?: number;
  /** Dead letters kept; past it the oldest are deleted. Default `maxDeadLetters` (10000). */
  keepDead?: number;
}

/**
 * Options of `createTwinfire(options)` (and of each adapter); `Req` is the framework's request type, handed to the hooks: the pixels, as `pixels: [{ id, accessToken }]` or as `pixelId` + `accessToken`
 * (one shape or the other, see {@link PixelOptions}), and the {@link TwinfireCommonOptions}, all optional,
 * each documented with its default in the README.
 */
export type TwinfireOptions<Req = unknown> = TwinfireCommonOptions<Req> & PixelOptions;

/** Every option besides the pixels. */
export interface TwinfireCommonOptions<Req = unknown> {
  /**
   * The key of `tf.eventIdFor()` and of intents (at least 32 characters; keep it in an environment variable).
   * Default: derived from the configured access tokens, so processes with the same configuration agree and
   * nobody without a token can mint an id. Set it to keep ids stable across a token rotation.
   */
  secret?: string;
  /** Default `https://graph.facebook.com`. Point it at the emulator in development and tests. */
  graphUrl?: string;
  /** Default `v26.0`. */
  graphVersion?: string;
  /** Meta's Test Events code: events show up in Events Manager > Test events. Default none. */
  testEventCode?: string;
  /** Mirror endpoint path (relative to where the middleware is mounted). Default `/twinfire`. */
  path?: string;
  /** Path serving the browser script, or `false` to not serve it. Default `/twinfire.js`. */
  scriptPath?: string | false;
  /**
   * One-tag mode: the served script installs the wrapper and THEN Meta's Pixel base code for the configured
   * pixels (`fbq('init', id)` for each, `fbq('track', 'PageView')`), so the page needs one tag,
   * `<script src="/twinfire.js"></script>`, and no order can go wrong. Only pixel ids are served, never
   * tokens. `data-consent="required"` on the tag revokes Pixel consent before init. Default `false`: the
   * page keeps Meta's base code, with the tag right before it.
   */
  baseCode?: boolean;
  /**
   * Where one-tag mode loads fbevents.js from: an https URL (http only on localhost, for the emulator).
   * Only with `baseCode: true`. Default `https://connect.facebook.net/en_US/fbevents.js`.
   */
  fbeventsUrl?: string;
  /** Extra origins allowed to post mirrors. Default none: only the request's own origin (scheme, host and port). */
  allowedOrigins?: AllowedOrigins<Req>;
  /**
   * Refuse mirrors that carry neither `Origin` nor `Referer` (403 `missing_origin`): browsers always send
   * one on a POST, so such a request is a script. Default `true`. `false` accepts them, e.g. for a
   * server-side relay; an `Origin` that is sent is still checked.
   */
  requireOrigin?: boolean;
  /** Largest mirror body accepted, in bytes. Default 65536. Larger: 413 `payload_too_large`. */
  maxBodyBytes?: number;
  /**
   * Largest server event accepted (a mirror's twin or a `send()` event), JSON bytes after enrichment and
   * hashing. Default 32768 (real events are 1-3 KB, a 100-line cart about 10 KB). Larger: 413 `event_too_large`.
   */
  maxEventBytes?: number;
  /** The whole mirror body must arrive within this long, ms; else 408 `body_timeout` and the socket is closed. Default 10000. */
  bodyTimeoutMs?: number;
  /**
   * Mirrors per client and time window; past it 429 `rate_limited` with `Retry-After`. Default
   * `{ points: 120, duration: 60 }`: 120 mirrors a minute per browser (IP + its \`_fbp\` cookie), and ten times
   * that per IP address whatever the cookies. `false` turns it off.
   */
  rateLimit?: RateLimitOption | false;
  /**
   * Mirrors whose `User-Agent` is a known crawler, bot or headless browser (isbot): `'drop'` answers them
   * `202 { queued: 0, reason: 'bot' }` and sends nothing (Meta's Pixel sends no hit for them either), `'keep'`
   * mirrors them like anyone else. `tf.send()` is never filtered. Default `'drop'`.
   */
  bots?: 'drop' | 'keep';
  /**
   * Signed values for the events named here: their mirrors must carry an intent of `tf.intent()` as event_id,
   * and Meta then gets the intent's value and currency, not the page's. `tf.send()` is never checked.
   * Default: none (no event requires an intent).
   */
  intents?: IntentsOption;
  // Hooks get the framework's own request (`req`: Express's, Fastify's `request`, a web `Request`) and
  // the neutral view of it (`request`: method, path, headers, ip, host, https).
  /** The logged-in customer's data for this request (plain or hashed): em, ph, external_id, ... */
  userData?: (req: Req, request: EndpointRequest<Req>) => MaybePromise<UserData | null | undefined>;
  /** Last look at each server event before it is queued: return it (edited) or `null` to drop it. `req` is `undefined` for `send()`. */
  beforeSend?: (
    event: ServerEvent,
    req: Req | undefined,
    pixelId: string,
    request: EndpointRequest<Req> | undefined,
  ) => MaybePromise<ServerEvent | null | undefined>;
  /** `false` (or a promise of it) means: do not send this visitor's events. Default: always true. */
  consent?: (req: Req, signals: ConsentSignals, request: EndpointRequest<Req>) => MaybePromise<boolean>;
  /** Limited Data Use for this request. Default: the page's own `dataProcessingOptions`, if any. */
  ldu?: (req: Req, request: EndpointRequest<Req>) => MaybePromise<LduSetting>;
  /** pino-compatible logger. Default: warnings and errors to the console, nothing else. */
  logger?: Logger;
  /** Re-issue `_fbp`/`_fbc` as server cookies and mint a missing `_fbp`. Default `true`. */
  cookies?: boolean;
  /**
   * Cookie domain: a string, `false` for host-only cookies, or a function of the hostname. Default: the
   * registrable domain. The `Host` header can be forged, so a string applies to the hosts under it only, and
   * the default and a function only to a host the page's accepted `Origin` or a string of `allowedOrigins`
   * vouches for; otherwise the cookies are host-only.
   */
  cookieDomain?: string | false | ((hostname: string) => string | undefined);
  /** Events per Conversions API request, 1-1000. Default 1000. */
  batchSize?: number;
  /** Longest wait before a partial batch is sent, ms. Default 500. */
  flushIntervalMs?: number;
  /** Requests in flight per pixel. Default 2. */
  concurrency?: number;
  /** Conversions API request timeout, ms. Default 1500 (Meta's recommendation). */
  timeoutMs?: number;
  /** First retry delay after a transient failure, ms (doubles per attempt, jittered). Default 1000. */
  retryBaseMs?: number;
  /** Longest retry delay, ms. Default 60000: after an outage ends, what waits is sent within a minute. */
  retryMaxMs?: number;
  /** Failed attempts before an event is set aside. Default `Infinity`: retry until it would expire. */
  maxAttempts?: number;
  /** First pause of a throttled pixel, ms (doubles per consecutive throttle, up to 16x). Default 60000. */
  throttlePauseMs?: number;
  /** Pause of a pixel after a token or permission error, before a probe request, ms. Default 600000. */
  authPauseMs?: number;
  /** Undelivered events held at most; then the endpoint answers 503 and `send()` rejects. Default 100000. */
  maxQueue?: number;
  /**
   * Undelivered events' size held at most, bytes (JSON length plus 1 KB an event, what an event costs besides its JSON); past it, as with
   * `maxQueue`, 503 and `send()` rejects. Default 134217728 (128 MiB) for the memory outbox, 536870912 (512 MiB
   * of disk) for SQLite and PostgreSQL.
   */
  maxQueueBytes?: number;
  /** Events per Conversions API request are also cut at this many bytes of JSON. Default 1048576 (1 MiB). */
  maxRequestBytes?: number;
  /** Dead letters kept (expired, invalid, retries exhausted); past it the oldest are deleted. Default 10000. */
  maxDeadLetters?: number;
  /** Dead letters' size kept, bytes (counted like `maxQueueBytes`); past it the oldest are deleted. Default 16777216 (16 MiB). */
  maxDeadBytes?: number;
  /** Recent (pixel, event_name, event_id) keys remembered to send each event once. Default 100000. */
  dedupSize?: number;
  /** How long such a key is remembered, ms. Default 172800000 (48 h, Meta's dedup window). */
  dedupWindowMs?: number;
  /** Set events aside this many seconds before Meta's 7-day limit. Default 3600. */
  expiryMarginSeconds?: number;
  /**
   * Where accepted events wait. Default: memory (lost on a crash), sized by `maxQueue`, `dedupSize`,
   * `dedupWindowMs`. `{ sqlite: './twinfire.db' }`: the durable SQLite outbox (needs better-sqlite3@12), one
   * process. `{ postgres: pool }`: the PostgreSQL outbox (needs pg), shared by many instances, and
   * `send(event, { db })` in your transaction. Or any {@link Outbox} instance.
   */
  outbox?: OutboxOption;
  /** How long `close()` waits for a flush (memory outbox) and requests in flight, ms. Default 10000. */
  closeTimeoutMs?: number;
  /** Serve `GET <inspectPath>` with `{ stats, deadLetters }` as JSON (for a demo or an internal page). Default `false`. */
  inspectPath?: string | false;
  /** The clock, ms since the epoch (tests). Must advance. Default `Date.now`. */
  now?: () => number;
}
