import type { AllowedOrigins } from '../options/types.js';
import { checkOrigin, ORIGIN_REFUSALS } from './check-origin.js';
import { type EndpointRequest, headerValue } from './request.js';
import { type Reply, sendJson } from './respond.js';

/**
 * CORS for origins in `allowedOrigins` (a shop on www. posting to an API host, say): the answer names the
 * origin, so `fetch` may read it. `sendBeacon` with text/plain needs none of this; a cross-origin
 * `application/json` fetch needs the preflight below.
 */
export function allowOrigin(request: EndpointRequest, reply: Reply): void {
  const origin = headerValue(request.headers, 'origin');
  if (origin === undefined || origin === 'null') return;
  reply.headers['access-control-allow-origin'] = origin;
  reply.headers.vary = 'Origin';
}

/**
 * `OPTIONS <path>`: 204 for an allowed origin, 403 `forbidden_origin` otherwise, and 403 `missing_origin`
 * without an `Origin` (a preflight always has one, whatever `requireOrigin` says). Nothing is counted or sent.
 */
export function answerPreflight(request: EndpointRequest, reply: Reply, allowed: AllowedOrigins): void {
  const verdict = checkOrigin(request, allowed, true);
  if (verdict !== 'allowed') {
    sendJson(reply, 403, { error: ORIGIN_REFUSALS[verdict] });
    return;
  }
  allowOrigin(request, reply);
  reply.status = 204;
  Object.assign(reply.headers, {
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '86400',
  });
}
