import { isDomainName } from '../enrich/cookie-domain.js';
import { TwinfireError } from '../errors.js';
import { resolveSecret } from '../events/event-ids.js';
import { consoleLogger, errorShape, type Logger, safeLogger } from '../logging/logger.js';
import { memoryOutboxHeapWarning } from '../outbox/heap-check.js';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import { countOrInfinity, describe, invalid, optionalFunction, path, wholeNumber } from './checks.js';
import { DEFAULTS, NUMERIC_OPTIONS, QUEUE_BYTES } from './defaults.js';
import { closestName } from './did-you-mean.js';
import { KNOWN_OPTIONS } from './known-options.js';
import { resolveBaseCode } from './resolve-base-code.js';
import { resolveGraphUrl } from './resolve-graph-url.js';
import { resolveIntents } from './resolve-intents.js';
import { resolveOutbox } from './resolve-outbox.js';
import { resolvePixels } from './resolve-pixels.js';
import { resolveRateLimit } from './resolve-rate-limit.js';
import type { ResolvedConfig } from './resolved-config.js';
import type { TwinfireOptions } from './types.js';

/** Not part of the public API: lets tests serve a script file of their own. */
const INTERNAL_OPTIONS = ['_scriptFile'];

/** A numeric option, checked against its row of {@link NUMERIC_OPTIONS}. */
function numeric(options: object, name: keyof typeof NUMERIC_OPTIONS, min?: number): number {
  const limit: { default: number; min: number; max?: number } = NUMERIC_OPTIONS[name];
  const value = (options as Record<string, unknown>)[name];
  if (limit.default === Infinity) return countOrInfinity(name, value, limit.default, limit.min);
  return wholeNumber(name, value, limit.default, min ?? limit.min, limit.max);
}

/** Checks every option once, in the factory, and fills in the defaults. Throws a {@link TwinfireError}. */
export function resolveOptions(input: unknown): ResolvedConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    invalid('options', 'twinfire(options) needs an options object, e.g. twinfire({ pixels: [{ id, accessToken }] }).');
  }
  for (const key of Object.keys(input)) {
    if ((KNOWN_OPTIONS as readonly string[]).includes(key) || INTERNAL_OPTIONS.includes(key)) continue;
    const guess = closestName(key, KNOWN_OPTIONS);
    throw new TwinfireError(
      'ERR_TWINFIRE_UNKNOWN_OPTION',
      key,
      `unknown option \`${key}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}. Known options: ${KNOWN_OPTIONS.join(', ')}.`,
    );
  }
  const options = input as TwinfireOptions & { _scriptFile?: string };
  const tokens = resolvePixels(options);
  if (options.secret !== undefined && (typeof options.secret !== 'string' || options.secret.length < 32)) {
    invalid('secret', '`secret` must be a string of at least 32 characters (e.g. `openssl rand -hex 32`), kept out of the code.');
  }

  const graphUrl = resolveGraphUrl(options.graphUrl);
  const graphVersion = options.graphVersion ?? DEFAULTS.graphVersion;
  if (typeof graphVersion !== 'string' || !/^v\d+\.\d+$/.test(graphVersion))
    invalid('graphVersion', `\`graphVersion\` must look like "v26.0", got ${describe(graphVersion)}.`);
  if (options.testEventCode !== undefined && (typeof options.testEventCode !== 'string' || options.testEventCode === '')) {
    invalid('testEventCode', '`testEventCode` must be a non-empty string (Events Manager > Test events).');
  }
  const mirrorPath = path('path', options.path, DEFAULTS.path);
  const scriptPath = options.scriptPath === false ? false : path('scriptPath', options.scriptPath, DEFAULTS.scriptPath);
  if (scriptPath === mirrorPath) invalid('scriptPath', '`scriptPath` and `path` must differ.');
  const baseCode = resolveBaseCode(options.baseCode, options.fbeventsUrl, scriptPath);

  const allowed = options.allowedOrigins ?? [];
  if (typeof allowed !== 'function' && (!Array.isArray(allowed) || !allowed.every((o) => typeof o === 'string' || o instanceof RegExp))) {
    invalid('allowedOrigins', '`allowedOrigins` must be an array of origins ("https://shop.example.com") or RegExps, or a function (origin, req) => boolean.');
  }
  const requireOrigin = options.requireOrigin ?? DEFAULTS.requireOrigin;
  if (typeof requireOrigin !== 'boolean') invalid('requireOrigin', `\`requireOrigin\` must be true or false, got ${describe(requireOrigin)}.`);
  const cookieDomain = options.cookieDomain;
  if (cookieDomain !== undefined && cookieDomain !== false && typeof cookieDomain !== 'string' && typeof cookieDomain !== 'function') {
    invalid('cookieDomain', '`cookieDomain` must be a domain string, false, or a function (hostname) => domain.');
  }
  if (typeof cookieDomain === 'string' && !isDomainName(cookieDomain.replace(/^\./, '').toLowerCase())) {
    invalid('cookieDomain', `\`cookieDomain\` must be a domain name such as "example.com" (letters, digits, hyphens and dots), got ${describe(cookieDomain)}.`);
  }
  if (options.cookies !== undefined && typeof options.cookies !== 'boolean')
    invalid('cookies', `\`cookies\` must be true or false, got ${describe(options.cookies)}.`);
  const bots = options.bots ?? DEFAULTS.bots;
  if (bots !== 'drop' && bots !== 'keep') invalid('bots', `\`bots\` must be 'drop' or 'keep', got ${describe(bots)}.`);
  const intents = resolveIntents(options.intents);
  const logger = options.logger ?? consoleLogger;
  if (!['info', 'warn', 'error'].every((level) => typeof (logger as unknown as Record<string, unknown>)[level] === 'function')) {
    invalid('logger', '`logger` must have info, warn and error methods (pino-compatible).');
  }
  const now = optionalFunction<() => number>('now', options.now) ?? Date.now;

  const maxQueue = numeric(options, 'maxQueue');
  const maxQueueBytes = options.maxQueueBytes === undefined ? undefined : wholeNumber('maxQueueBytes', options.maxQueueBytes, 0, QUEUE_BYTES.min);
  const maxDeadLetters = numeric(options, 'maxDeadLetters');
  const maxDeadBytes = numeric(options, 'maxDeadBytes');
  const maxEventBytes = numeric(options, 'maxEventBytes');
  // A request carries at least one whole event, plus the envelope (token, test code).
  const maxRequestBytes = numeric(options, 'maxRequestBytes', maxEventBytes + 1024);
  const rateLimit = resolveRateLimit(options.rateLimit);
  const dedupSize = numeric(options, 'dedupSize');
  const dedupWindowMs = numeric(options, 'dedupWindowMs');
  const inspectPath =
    options.inspectPath === undefined || options.inspectPath === false ? false : path('inspectPath', options.inspectPath, DEFAULTS.inspectPath);
  if (inspectPath !== false && (inspectPath === mirrorPath || inspectPath === scriptPath))
    invalid('inspectPath', '`inspectPath` must differ from `path` and `scriptPath`.');
  const closeTimeoutMs = numeric(options, 'closeTimeoutMs');
  // Last: it may open a database file, which should not happen when another option is wrong.
  const timeoutMs = numeric(options, 'timeoutMs');
  const safe = safeLogger(logger as Logger, [...tokens.values(), ...(options.secret ? [options.secret] : [])]);
  const outbox = resolveOutbox(
    options.outbox,
    { maxQueue, maxQueueBytes, maxDeadLetters, maxDeadBytes, dedupSize, dedupWindowMs, timeoutMs },
    (message, error) => safe.warn({ error: errorShape(error) }, message),
  );
  if (outbox instanceof MemoryOutbox) {
    // Said once, at setup: a heap cap (--max-old-space-size) too small for the memory outbox's caps.
    const warning = memoryOutboxHeapWarning(outbox.stats(Date.now()).capacityBytes, maxDeadBytes);
    if (warning) safe.warn({}, warning);
  }

  return {
    tokens,
    graphUrl,
    graphVersion,
    testEventCode: options.testEventCode,
    path: mirrorPath,
    scriptPath,
    scriptFile: typeof options._scriptFile === 'string' ? options._scriptFile : undefined,
    baseCode,
    allowedOrigins: allowed,
    requireOrigin,
    maxBodyBytes: numeric(options, 'maxBodyBytes'),
    maxEventBytes,
    maxRequestBytes,
    bodyTimeoutMs: numeric(options, 'bodyTimeoutMs'),
    rateLimit,
    userData: optionalFunction('userData', options.userData),
    beforeSend: optionalFunction('beforeSend', options.beforeSend),
    consent: optionalFunction('consent', options.consent),
    ldu: optionalFunction('ldu', options.ldu),
    logger: safe,
    secret: resolveSecret(options.secret, tokens.values()),
    bots,
    intents,
    cookies: options.cookies ?? DEFAULTS.cookies,
    cookieDomain,
    batchSize: numeric(options, 'batchSize'),
    flushIntervalMs: numeric(options, 'flushIntervalMs'),
    concurrency: numeric(options, 'concurrency'),
    timeoutMs,
    retryBaseMs: numeric(options, 'retryBaseMs'),
    retryMaxMs: numeric(options, 'retryMaxMs'),
    maxAttempts: numeric(options, 'maxAttempts'),
    throttlePauseMs: numeric(options, 'throttlePauseMs'),
    authPauseMs: numeric(options, 'authPauseMs'),
    expiryMarginSeconds: numeric(options, 'expiryMarginSeconds'),
    maxQueue,
    outbox,
    closeTimeoutMs,
    inspectPath,
    now,
  };
}
