import { isIP } from 'node:net';
import { type EndpointRequest, headerValue } from '../endpoint/request.js';
import { hostnameOf } from './cookie-domain.js';

/**
 * The visitor's IP, as the adapter resolved it (Express's `req.ip`, Fastify's `request.ip`: the app's
 * trust-proxy setting decides whether `X-Forwarded-For` counts). Never from the body.
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes plain IPv4; anything not an IP address is dropped.
 */
export function clientIp(request: EndpointRequest): string | undefined {
  let ip = request.ip;
  if (typeof ip !== 'string' || ip === '') return undefined;
  if (ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  return isIP(ip) !== 0 ? ip : undefined;
}

export function userAgent(request: EndpointRequest): string | undefined {
  const ua = headerValue(request.headers, 'user-agent');
  return ua !== undefined && ua.trim() !== '' ? ua.slice(0, 1000) : undefined;
}

/** The host and port the visitor addressed: the adapter's (trust-proxy aware), else the `Host` header. */
export function requestHost(request: EndpointRequest): string | undefined {
  return typeof request.host === 'string' && request.host !== '' ? request.host : headerValue(request.headers, 'host');
}

/** The host name the visitor used, without its port. */
export function requestHostname(request: EndpointRequest): string {
  return hostnameOf(requestHost(request));
}

export function isHttps(request: EndpointRequest): boolean {
  return request.https === true;
}

/** Global Privacy Control: the browser's `Sec-GPC: 1` header. */
export function hasGpc(request: EndpointRequest): boolean {
  return headerValue(request.headers, 'sec-gpc') === '1';
}
