import type { ServerResponse } from 'node:http';
import type { ExpressLikeRequest } from '../enrich/request-info.js';
import type { AllowedOrigins } from '../options/types.js';
import { checkOrigin, ORIGIN_REFUSALS } from './check-origin.js';
import { sendJson } from './respond.js';

/**
 * CORS for origins in `allowedOrigins` (a shop on www. posting to an API host, say): the answer names the
 * origin, so `fetch` may read it. `sendBeacon` with text/plain needs none of this; a cross-origin
 * `application/json` fetch needs the preflight below.
 */
export function allowOrigin(req: ExpressLikeRequest, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
}

/**
 * `OPTIONS <path>`: 204 for an allowed origin, 403 `forbidden_origin` otherwise, and 403 `missing_origin`
 * without an `Origin` (a preflight always has one, whatever `requireOrigin` says). Nothing is counted or sent.
 */
export function answerPreflight(req: ExpressLikeRequest, res: ServerResponse, allowed: AllowedOrigins): void {
  const verdict = checkOrigin(req, allowed, true);
  if (verdict !== 'allowed') {
    sendJson(res, 403, { error: ORIGIN_REFUSALS[verdict] });
    return;
  }
  allowOrigin(req, res);
  res.writeHead(204, {
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '86400',
  });
  res.end();
}
