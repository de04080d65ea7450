import { isHttps, requestHost } from '../enrich/request-info.js';
import type { EndpointRequest } from './request.js';

/**
 * Is `page` (an `Origin`, or a `Referer`'s origin) the request's own origin? Compared whole — scheme, host
 * and port — with the request's scheme and host as the adapter resolved them (trust-proxy aware), the
 * `Host` header by default.
 *
 * One exception, the usual install trap: behind a TLS-terminating proxy without `trust proxy`, the request
 * looks `http` while the page is `https://` on the very same host and port. That upgrade is accepted;
 * the reverse (an `http` page posting to a request seen as `https`) never is.
 */
export function isOwnOrigin(page: URL, request: EndpointRequest): boolean {
  const host = requestHost(request);
  if (host === undefined || /[\s/\\?#@]/.test(host)) return false;
  const scheme = isHttps(request) ? 'https:' : 'http:';
  if (page.protocol !== scheme && !(page.protocol === 'https:' && scheme === 'http:')) return false;
  try {
    // Under the page's scheme, so a default port is spelled the way the page's origin spells it.
    return new URL(`${page.protocol}//${host}`).host === page.host;
  } catch {
    return false;
  }
}
