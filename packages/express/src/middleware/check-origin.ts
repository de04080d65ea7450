import type { AllowedOrigins } from '../options/types.js';
import { requestHostname, type ExpressLikeRequest } from '../enrich/request-info.js';

/**
 * May this request post a mirror? Any site can make a visitor's browser post text/plain here, so:
 * - with an `Origin` header: allowed when its host is the request's own host (the `Host` header, or
 *   Express's trust-proxy-aware `req.hostname`), or when `allowedOrigins` allows it; `Origin: null` never is;
 * - without `Origin` but with a `Referer`: the same test on the referrer's origin;
 * - with neither: allowed. Browsers always send `Origin` on cross-site POSTs, so such a request does not come
 *   from another site's page (it is a server-side client, which could forge any header anyway).
 */
export function originAllowed(req: ExpressLikeRequest, allowed: AllowedOrigins): boolean {
  const origin = header(req.headers.origin);
  if (origin !== undefined) return check(origin, req, allowed);
  const referer = header(req.headers.referer);
  if (referer !== undefined) {
    const parsed = parse(referer);
    return parsed !== undefined && check(parsed.origin, req, allowed);
  }
  return true;
}

function check(origin: string, req: ExpressLikeRequest, allowed: AllowedOrigins): boolean {
  if (origin === 'null') return false;
  const url = parse(origin);
  if (!url) return false;
  const host = header(req.headers.host)?.toLowerCase();
  if (url.host === host || url.hostname === requestHostname(req)) return true;
  if (typeof allowed === 'function') {
    try {
      return allowed(url.origin, req) === true;
    } catch {
      return false;
    }
  }
  return allowed.some((rule) => (typeof rule === 'string' ? rule.replace(/\/+$/, '').toLowerCase() === url.origin : rule.test(url.origin)));
}

function parse(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
