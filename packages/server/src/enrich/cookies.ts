import type { EndpointRequest } from '../endpoint/request.js';

const parsed = new WeakMap<EndpointRequest, Record<string, string>>();

/** The request's cookies, parsed once per request however many steps (rate limit, purge, twin) read them. */
export function requestCookies(request: EndpointRequest): Record<string, string> {
  let cookies = parsed.get(request);
  if (!cookies) parsed.set(request, (cookies = parseCookies(request.headers.cookie)));
  return cookies;
}

/**
 * Reads a `Cookie` request header into a prototype-free record (first occurrence wins, as browsers send the
 * most specific cookie first). Values are URL-decoded when they contain `%`.
 */
export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return out;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // keep the raw text
      }
    }
    out[name] = value;
  }
  return out;
}

export interface CookieAttributes {
  maxAgeSeconds: number;
  /** Omitted: a host-only cookie. */
  domain?: string;
  secure: boolean;
}

/** RFC 6265 cookie-octets: visible ASCII except `"`, `,`, `;` and `\`. */
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

/** A `Set-Cookie` header value, or `undefined` when the value cannot be written verbatim. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string | undefined {
  if (!COOKIE_VALUE.test(value)) return undefined;
  let line = `${name}=${value}; Max-Age=${attributes.maxAgeSeconds}; Path=/; SameSite=Lax`;
  if (attributes.domain) line += `; Domain=${attributes.domain}`;
  if (attributes.secure) line += '; Secure';
  return line;
}
