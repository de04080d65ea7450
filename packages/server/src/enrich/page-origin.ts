import { type EndpointRequest, headerValue } from '../endpoint/request.js';

/**
 * The page origin a request claims: its `Origin` header, else its `Referer`'s origin. `undefined` when it
 * sent neither; `null` when that is not an http(s) origin (`Origin: null` from a sandboxed frame, garbage).
 */
export function claimedOrigin(request: EndpointRequest): URL | null | undefined {
  // Read by the origin check and again for the cookie Domain: parsed once per request.
  if (claims.has(request)) return claims.get(request);
  const claim = parseClaim(request);
  claims.set(request, claim);
  return claim;
}

const claims = new WeakMap<EndpointRequest, URL | null | undefined>();

function parseClaim(request: EndpointRequest): URL | null | undefined {
  const text = headerValue(request.headers, 'origin') ?? headerValue(request.headers, 'referer');
  if (text === undefined) return undefined;
  if (text === 'null') return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
