import { isIP } from 'node:net';

/**
 * Second-level labels under which registries sell names (`example.co.uk`, `shop.com.au`): with a two-letter
 * country TLD, the registrable domain is three labels. A short rule, not the Public Suffix List: set the
 * `cookieDomain` option when it does not fit your domain.
 */
const SECOND_LEVELS = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'ltd', 'plc', 'ne', 'or', 'go', 'gob', 'nic', 'gen', 'biz', 'info']);

/**
 * The domain `_fbp`/`_fbc` are written on (the site's registrable domain, as the Pixel picks it), or
 * `undefined` for a host-only cookie: IP addresses, `localhost` and other single-label hosts.
 */
export function registrableDomain(hostname: string): string | undefined {
  const host = hostname.replace(/\.$/, '').toLowerCase();
  if (!host || isIP(host.replace(/^\[|\]$/g, '')) !== 0) return undefined;
  const labels = host.split('.');
  if (labels.length < 2) return undefined;
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const take = labels.length >= 3 && tld.length === 2 && SECOND_LEVELS.has(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** Labels of letters, digits and inner hyphens, 1-63 characters each, 253 in all. */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Is `name` a syntactically valid (lower-case, LDH) domain name, and not an IP address (its last label holds
 * a letter)? Only such a name may go into a cookie's `Domain` attribute: a `Host` header such as
 * `shop.example;domain=evil.example` would otherwise add attributes of its own.
 */
export function isDomainName(name: string): boolean {
  return DOMAIN_NAME.test(name) && /[a-z]/.test(name.slice(name.lastIndexOf('.') + 1));
}

/** The hostname of a `Host` header value (`shop.example.com:8080` -> `shop.example.com`, `[::1]:80` -> `::1`). */
export function hostnameOf(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'));
  if (isIP(host) === 6) return host;
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
