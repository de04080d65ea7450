import type { IncomingMessage } from 'node:http';

/**
 * The page origin a request claims: its `Origin` header, else its `Referer`'s origin. `undefined` when it
 * sent neither; `null` when that is not an http(s) origin (`Origin: null` from a sandboxed frame, garbage).
 */
export function claimedOrigin(req: IncomingMessage): URL | null | undefined {
  // Read by the origin check and again for the cookie Domain: parsed once per request.
  if (claims.has(req)) return claims.get(req);
  const claim = parseClaim(req);
  claims.set(req, claim);
  return claim;
}

const claims = new WeakMap<IncomingMessage, URL | null | undefined>();

function parseClaim(req: IncomingMessage): URL | null | undefined {
  const text = header(req.headers.origin) ?? header(req.headers.referer);
  if (text === undefined) return undefined;
  if (text === 'null') return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
