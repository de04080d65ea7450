import { hostnameOf } from '@twinfire/server/node';
import type { ExpressLikeRequest } from './twinfire.js';

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

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
