import { EmulatorError } from './errors.js';

/** Options of `startEmulator`; all optional. */
export interface EmulatorOptions {
  /** TCP port; `0` picks a free one (tests). Default `4010`. */
  port?: number;
  /** Interface to listen on. Default `'127.0.0.1'`. */
  host?: string;
  /** Clock in ms since the epoch, used by validation (7 days, future skew), dedup (48 h, 5 min) and faults. Default `Date.now`. */
  now?: () => number;
  /** Events kept in memory; past it the oldest are dropped and counted. Default `10000`. */
  maxEvents?: number;
  /** Access tokens the Graph API endpoint accepts. Default: any non-empty token. */
  acceptedTokens?: readonly string[];
  /** How far in the future an `event_time` may be, in seconds (clock skew). Default `60`. */
  futureSkewSeconds?: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  now: () => number;
  maxEvents: number;
  acceptedTokens: ReadonlySet<string> | undefined;
  futureSkewSeconds: number;
}

const KNOWN = ['port', 'host', 'now', 'maxEvents', 'acceptedTokens', 'futureSkewSeconds'];

function fail(field: string, message: string): never {
  throw new EmulatorError('ERR_TWINFIRE_EMULATOR_OPTION', field, `startEmulator: ${message}`);
}

/** Checks the options once and fills in defaults; typos in option names are errors, not silently ignored. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'options must be an object, e.g. startEmulator({ port: 0 }).');
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) fail(key, `unknown option "${key}". Known options: ${KNOWN.join(', ')}.`);
  }
  const { port = 4010, host = '127.0.0.1', now = Date.now, maxEvents = 10_000, acceptedTokens, futureSkewSeconds = 60 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('port', `port must be an integer from 0 to 65535 (0 picks a free port), got ${String(port)}.`);
  if (typeof host !== 'string' || host === '') fail('host', 'host must be a non-empty string such as "127.0.0.1" or "0.0.0.0".');
  if (typeof now !== 'function') fail('now', 'now must be a function returning the time in ms, like Date.now.');
  if (!Number.isInteger(maxEvents) || maxEvents < 1) fail('maxEvents', `maxEvents must be a positive integer, got ${String(maxEvents)}.`);
  if (acceptedTokens !== undefined && (!Array.isArray(acceptedTokens) || acceptedTokens.some((t) => typeof t !== 'string' || t === ''))) {
    fail('acceptedTokens', 'acceptedTokens must be an array of non-empty strings (omit it to accept any token).');
  }
  if (typeof futureSkewSeconds !== 'number' || !(futureSkewSeconds >= 0)) fail('futureSkewSeconds', 'futureSkewSeconds must be a number >= 0.');
  return {
    port,
    host,
    now,
    maxEvents,
    acceptedTokens: acceptedTokens ? new Set(acceptedTokens) : undefined,
    futureSkewSeconds,
  };
}
