import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { hostnameOf } from './cookie-domain.js';

/** The Express additions twinfire uses when present (all optional: a bare `node:http` request works too). */
export interface ExpressLikeRequest extends IncomingMessage {
  ip?: string;
  secure?: boolean;
  hostname?: string;
  body?: unknown;
}

/**
 * The visitor's IP: Express's `req.ip`, so the app's `trust proxy` setting decides whether
 * `X-Forwarded-For` counts; the socket address when mounted without Express. Never from the body.
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes plain IPv4.
 */
export function clientIp(req: ExpressLikeRequest): string | undefined {
  let ip = typeof req.ip === 'string' && req.ip !== '' ? req.ip : req.socket?.remoteAddress;
  if (!ip) return undefined;
  if (ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  return isIP(ip) !== 0 ? ip : undefined;
}

export function userAgent(req: IncomingMessage): string | undefined {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' && ua.trim() !== '' ? ua.slice(0, 1000) : undefined;
}

/** The host name the visitor used: Express's `req.hostname` (trust-proxy aware) or the `Host` header. */
export function requestHostname(req: ExpressLikeRequest): string {
  if (typeof req.hostname === 'string' && req.hostname !== '') return hostnameOf(req.hostname);
  return hostnameOf(req.headers.host);
}

export function isHttps(req: ExpressLikeRequest): boolean {
  if (typeof req.secure === 'boolean') return req.secure;
  return (req.socket as TLSSocket | undefined)?.encrypted === true;
}

/** Global Privacy Control: the browser's `Sec-GPC: 1` header. */
export function hasGpc(req: IncomingMessage): boolean {
  return req.headers['sec-gpc'] === '1';
}
