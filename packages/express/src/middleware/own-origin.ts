import { hostnameOf } from '../enrich/cookie-domain.js';
import { isHttps, type ExpressLikeRequest } from '../enrich/request-info.js';

/**
 * The host (with its port) the visitor's browser addressed: the `Host` header; or, when Express took the
 * host name from `X-Forwarded-Host` (`trust proxy` on: `req.hostname` then differs from the `Host` header),
 * that header's first value, port included — what Express 5's `req.host` returns, read without Express 4's
 * deprecated `req.host` getter. `undefined` without any host.
 */
export function requestHost(req: ExpressLikeRequest): string | undefined {
  const host = single(req.headers.host);
  const expressName = typeof req.hostname === 'string' && req.hostname !== '' ? hostnameOf(req.hostname) : undefined;
  if (expressName === undefined || (host !== undefined && hostnameOf(host) === expressName)) return host;
  const forwarded = single(req.headers['x-forwarded-host'])?.split(',')[0]?.trim();
  return forwarded && hostnameOf(forwarded) === expressName ? forwarded : req.hostname;
}

/**
 * Is `page` (an `Origin`, or a `Referer`'s origin) the request's own origin? Compared whole — scheme, host
 * and port — with the request's scheme from `req.secure` (Express: honours `trust proxy` and
 * `X-Forwarded-Proto`; without Express, the socket's TLS) and its host from {@link requestHost}.
 *
 * One exception, the usual install trap: behind a TLS-terminating proxy without `trust proxy`, the request
 * looks `http` while the page is `https://` on the very same host and port. That upgrade is accepted;
 * the reverse (an `http` page posting to a request seen as `https`) never is.
 */
export function isOwnOrigin(page: URL, req: ExpressLikeRequest): boolean {
  const host = requestHost(req);
  if (host === undefined || /[\s/\\?#@]/.test(host)) return false;
  const scheme = isHttps(req) ? 'https:' : 'http:';
  if (page.protocol !== scheme && !(page.protocol === 'https:' && scheme === 'http:')) return false;
  try {
    // Under the page's scheme, so a default port is spelled the way the page's origin spells it.
    return new URL(`${page.protocol}//${host}`).host === page.host;
  } catch {
    return false;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
