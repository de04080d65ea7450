import { limiterRateLimit, memoryRateLimit, type RateLimit } from '../guard/rate-limit.js';
import { describe, invalid, wholeNumber } from './checks.js';
import { RATE_LIMIT } from './defaults.js';
import type { RateLimitOption } from './types.js';

const KEYS = ['points', 'duration', 'ipPoints', 'maxClients', 'limiters'];

/** `rateLimit`: absent (120 a minute per browser), `false` (off), settings, or limiters of your own. */
export function resolveRateLimit(value: RateLimitOption | false | undefined): RateLimit | undefined {
  if (value === false) return undefined;
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    invalid('rateLimit', `\`rateLimit\` must be false or { points, duration, ipPoints } or { limiters }, got ${describe(value)}.`);
  }
  const options = value ?? {};
  const unknown = Object.keys(options).find((key) => !KEYS.includes(key));
  if (unknown) invalid(`rateLimit.${unknown}`, `unknown option \`rateLimit.${unknown}\`. Known: ${KEYS.join(', ')}.`);
  if (options.limiters !== undefined) {
    const { client, ip } = options.limiters ?? {};
    if (!isLimiter(client) || (ip !== undefined && !isLimiter(ip))) {
      invalid('rateLimit.limiters', '`rateLimit.limiters` must be { client, ip? }, each with a consume(key) method (rate-limiter-flexible limiters).');
    }
    return limiterRateLimit(client, ip);
  }
  const points = wholeNumber('rateLimit.points', options.points, RATE_LIMIT.points.default, RATE_LIMIT.points.min);
  const duration = wholeNumber('rateLimit.duration', options.duration, RATE_LIMIT.duration.default, RATE_LIMIT.duration.min, RATE_LIMIT.duration.max);
  const ipPoints = wholeNumber('rateLimit.ipPoints', options.ipPoints, points * RATE_LIMIT.ipPointsFactor, points);
  const maxClients = wholeNumber('rateLimit.maxClients', options.maxClients, RATE_LIMIT.maxClients.default, RATE_LIMIT.maxClients.min);
  return memoryRateLimit({ points, duration, ipPoints, maxClients });
}

function isLimiter(value: unknown): value is { consume(key: string): Promise<unknown> } {
  return typeof value === 'object' && value !== null && typeof (value as { consume?: unknown }).consume === 'function';
}
