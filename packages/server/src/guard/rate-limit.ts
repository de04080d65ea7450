import { isIP } from 'node:net';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { EndpointRequest } from '../endpoint/request.js';
import { requestCookies } from '../enrich/cookies.js';
import { clientIp } from '../enrich/request-info.js';
import type { Logger } from '../logging/logger.js';
import type { RateLimiterLike } from '../options/types.js';
import { ClientCap } from './client-cap.js';

export type RateVerdict = { ok: true } | { ok: false; code: 'rate_limited' | 'too_many_clients'; retryAfterSeconds: number };

/** Checks one mirror (one event of a batch) against the per-browser and per-IP limits. Resolved once from the `rateLimit` option. */
export interface RateLimit {
  check(request: EndpointRequest, logger: Logger): Promise<RateVerdict>;
}

export interface RateLimitSettings {
  points: number;
  duration: number;
  ipPoints: number;
  /** Browsers tracked at most (see ClientCap). */
  maxClients: number;
}

/**
 * The default limiters: rate-limiter-flexible's in-memory fixed windows (expired keys are dropped by it),
 * with at most `maxClients` browsers tracked at once.
 */
export function memoryRateLimit(settings: RateLimitSettings): RateLimit {
  const client = new RateLimiterMemory({ points: settings.points, duration: settings.duration });
  const cap = new ClientCap(settings.maxClients, settings.duration * 1000);
  return limiterRateLimit(client, new RateLimiterMemory({ points: settings.ipPoints, duration: settings.duration }), {
    admits: async (key) => !cap.full || (await client.get(key)) !== null,
    created: () => cap.created(),
    retryAfterSeconds: () => cap.retryAfterSeconds,
  });
}

/** How the in-memory limiters bound the browsers they track (absent for limiters of your own). */
interface Admission {
  /** May this browser's mirror be counted (it is tracked already, or there is room for it)? */
  admits(clientKey: string): Promise<boolean>;
  /** The browser's limiter entry was just created. */
  created(): void;
  retryAfterSeconds(): number;
}

/**
 * Two budgets per mirror: the browser's (its address plus its `_fbp` cookie, so visitors behind one NAT or
 * proxy each have their own) and the address's (ten times larger, so minting a new cookie per request gains
 * nothing). An IPv6 address counts by its /64 prefix: one host commonly holds a whole /64.
 * A limiter that fails (its store is down) lets the mirror through: losing conversions to an outage of the
 * rate-limit store would be worse than a short unlimited spell. It is logged, at most once a minute.
 */
export function limiterRateLimit(client: RateLimiterLike, ip: RateLimiterLike | undefined, admission?: Admission): RateLimit {
  let loggedAt = -Infinity;
  let warnedNoIp = false;
  return {
    async check(request, logger) {
      const address = addressKey(clientIp(request));
      if (address === UNKNOWN_ADDRESS && !warnedNoIp) {
        warnedNoIp = true;
        logger.warn({}, NO_IP_WARNING);
      }
      const fbp = requestCookies(request)._fbp ?? '';
      const clientKey = `${address}|${fbp.slice(0, 64)}`;
      try {
        if (admission && !(await admission.admits(clientKey))) return { ok: false, code: 'too_many_clients', retryAfterSeconds: admission.retryAfterSeconds() };
        if (ip) await ip.consume(address);
        const counted = await client.consume(clientKey);
        if ((counted as { consumedPoints?: unknown } | null)?.consumedPoints === 1) admission?.created();
        return { ok: true };
      } catch (rejection) {
        const wait = (rejection as { msBeforeNext?: unknown } | null)?.msBeforeNext;
        if (typeof wait === 'number') return { ok: false, code: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
        if (Date.now() - loggedAt > 60_000) {
          loggedAt = Date.now();
          logger.warn(
            { error: String((rejection as Error)?.message ?? rejection).slice(0, 200) },
            'rate limiter failed; mirrors are let through unlimited meanwhile',
          );
        }
        return { ok: true };
      }
    },
  };
}

const UNKNOWN_ADDRESS = 'unknown';

/** Logged once per instance: every mirror without an IP shares one address budget, which one client can spend. */
export const NO_IP_WARNING =
  'a mirror came without the client IP: such mirrors share one rate-limit budget (one client can spend it for all) and go without client_ip_address; give the adapter the IP (webHandler: trustProxy, clientIp or { ip })';

/** IPv4 as is; IPv6 as its /64 prefix; unknown as one shared key. */
export function addressKey(ip: string | undefined): string {
  if (!ip) return UNKNOWN_ADDRESS;
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
