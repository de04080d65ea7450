import type { EndpointRequest } from '../endpoint/request.js';
import type { ResolvedConfig } from '../options/resolved-config.js';
import { isDomainName, registrableDomain } from './cookie-domain.js';
import { claimedOrigin } from './page-origin.js';
import { hostVouched } from './vouched-host.js';

/** {@link cookieDomainFor} for an admitted mirror request: its page origin was accepted, so it may vouch. */
export function requestCookieDomain(
  request: EndpointRequest,
  hostname: string,
  config: Pick<ResolvedConfig, 'cookieDomain' | 'allowedOrigins'>,
): string | undefined {
  return cookieDomainFor(config.cookieDomain, hostname, hostVouched(hostname, config.allowedOrigins, claimedOrigin(request)));
}

/**
 * The `Domain` attribute for `_fbp`/`_fbc` under the `cookieDomain` option, or `undefined` for host-only
 * cookies. `hostname` comes from the request's `Host` header, which any client can forge, so it names a
 * Domain only when something vouches for it:
 * - `cookieDomain` a string: the option itself, for that domain and the hosts under it (others: host-only,
 *   as a browser would refuse the cookie);
 * - by default (the registrable domain) and for a function of the hostname: `vouched` (see `hostVouched`);
 * - `false`: never.
 * The host name and the Domain must both be valid domain names ({@link isDomainName}); otherwise host-only.
 */
export function cookieDomainFor(
  option: string | false | ((hostname: string) => string | undefined) | undefined,
  hostname: string,
  vouched: boolean,
): string | undefined {
  if (option === false || !isDomainName(hostname)) return undefined;
  let domain: unknown;
  if (typeof option === 'string') domain = option;
  else if (!vouched) return undefined;
  else if (typeof option === 'function') {
    try {
      domain = option(hostname);
    } catch {
      domain = undefined;
    }
  } else domain = registrableDomain(hostname);
  if (typeof domain !== 'string') return undefined;
  const name = domain.replace(/^\./, '').toLowerCase();
  return isDomainName(name) && (hostname === name || hostname.endsWith(`.${name}`)) ? name : undefined;
}
