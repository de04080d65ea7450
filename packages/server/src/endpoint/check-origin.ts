import { claimedOrigin } from '../enrich/page-origin.js';
import type { AllowedOrigins } from '../options/types.js';
import { isOwnOrigin } from './own-origin.js';
import type { EndpointRequest } from './request.js';
import type { EndpointError } from './respond.js';

export type OriginVerdict = 'allowed' | 'missing_origin' | 'forbidden_origin';

/** The 403 answer of each refusing verdict. */
export const ORIGIN_REFUSALS: Record<Exclude<OriginVerdict, 'allowed'>, EndpointError> = {
  missing_origin: { code: 'missing_origin', field: 'origin', message: 'no Origin or Referer header: browsers send one on every POST (see requireOrigin)' },
  forbidden_origin: { code: 'forbidden_origin', field: 'origin', message: 'this origin may not post events here (see allowedOrigins)' },
};

/**
 * May this request post a mirror? Any site can make a visitor's browser post text/plain here, and any
 * script (`curl`) can post a forged Purchase, so:
 * - the page's origin is the `Origin` header, or without it the `Referer`'s origin;
 * - with neither: `missing_origin` — browsers always send `Origin` on a POST — unless `requireOrigin` is
 *   `false` (a server-side relay, say);
 * - `Origin: null` or anything but an http(s) origin: `forbidden_origin`;
 * - otherwise allowed when it is the request's own origin (see {@link isOwnOrigin}: scheme, host and port)
 *   or when `allowedOrigins` allows it (strings compare whole, RegExps test the origin, a function decides).
 */
export function checkOrigin(request: EndpointRequest, allowed: AllowedOrigins, requireOrigin: boolean): OriginVerdict {
  const page = claimedOrigin(request);
  if (page === undefined) return requireOrigin ? 'missing_origin' : 'allowed';
  if (page === null) return 'forbidden_origin';
  return isOwnOrigin(page, request) || allowedByOption(page, request, allowed) ? 'allowed' : 'forbidden_origin';
}

function allowedByOption(page: URL, request: EndpointRequest, allowed: AllowedOrigins): boolean {
  if (typeof allowed === 'function') {
    try {
      return allowed(page.origin, request.raw, request) === true;
    } catch {
      return false;
    }
  }
  return allowed.some((rule) => (typeof rule === 'string' ? rule.replace(/\/+$/, '').toLowerCase() === page.origin : rule.test(page.origin)));
}
