import { registrableDomain } from './cookie-domain.js';

/**
 * The `Domain` attribute for `_fbp`/`_fbc` under the `cookieDomain` option: `false` host-only; a string as
 * given (when the host is that domain or under it; otherwise host-only, as a browser would refuse it);
 * a function of the hostname; by default the registrable domain.
 */
export function cookieDomainFor(option: string | false | ((hostname: string) => string | undefined) | undefined, hostname: string): string | undefined {
  if (option === false || !hostname) return undefined;
  let domain: string | undefined;
  if (typeof option === 'function') {
    try {
      domain = option(hostname);
    } catch {
      domain = undefined;
    }
  } else domain = typeof option === 'string' ? option : registrableDomain(hostname);
  if (!domain) return undefined;
  domain = domain.replace(/^\./, '').toLowerCase();
  return hostname === domain || hostname.endsWith(`.${domain}`) ? domain : undefined;
}
