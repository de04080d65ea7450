import type { AllowedOrigins } from '../options/types.js';
import { registrableDomain } from './cookie-domain.js';

/**
 * Does something besides the `Host` header vouch for this host name, so that it may name a cookie
 * `Domain` (see `cookieDomainFor`)?
 * - the host of the request's accepted page origin (`Origin`, or the `Referer`'s): the browser verified it;
 * - a string of `allowedOrigins`: its host, or any host under its registrable domain (`https://www.example.com`
 *   vouches for `api.example.com`).
 * RegExps and functions in `allowedOrigins` name no host, so they vouch for none.
 */
export function hostVouched(hostname: string, allowed: AllowedOrigins, page: URL | null | undefined): boolean {
  if (page && page.hostname === hostname) return true;
  if (typeof allowed === 'function') return false;
  return allowed.some((rule) => typeof rule === 'string' && underOrigin(hostname, rule));
}

function underOrigin(hostname: string, origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname;
  } catch {
    return false;
  }
  if (host === hostname) return true;
  const domain = registrableDomain(host);
  return domain !== undefined && (hostname === domain || hostname.endsWith(`.${domain}`));
}
