import { isIP } from 'node:net';
import type { TwinfireInstance } from '../twinfire.js';
import { type EndpointRequest, type EndpointResponse, headersOf } from './request.js';
import { notFound } from './respond.js';

export interface WebHandlerOptions {
  /**
   * The part of the URL path before twinfire's paths: `'/api'` when the route file is
   * `app/api/twinfire/route.ts`, so the endpoint is `/api/twinfire`. Default `''`.
   */
  basePath?: string;
  /**
   * Believe `X-Forwarded-For`, `X-Forwarded-Proto` and `X-Forwarded-Host` (the first value of each): only
   * behind a proxy that sets them and strips the client's own (Vercel, Netlify, a load balancer). Default `false`.
   */
  trustProxy?: boolean;
  /** The visitor's IP for a request, when the platform knows it some other way. Wins over `trustProxy`. */
  clientIp?: (request: Request) => string | undefined;
}

/**
 * What a caller may pass second: `{ ip }` (Hono's `getConnInfo(c).remote.address`). Anything else there
 * (Next.js passes `{ params }`) is ignored; the index signature lets such a context type-check.
 */
export interface HandlerInfo {
  ip?: unknown;
  [key: string]: unknown;
}

export type WebHandler = (request: Request, info?: HandlerInfo) => Promise<Response>;

/**
 * A web-standard handler, `(request) => Promise<Response>`: a Next.js App Router route handler, a Hono
 * route (`handler(c.req.raw, { ip })`), a Bun or Deno server. It answers twinfire's paths (the endpoint,
 * its preflight, the script) and 404 anything else. The visitor's IP comes from the second argument's
 * `ip` (Hono's `getConnInfo`), `clientIp`, or with `trustProxy` the `X-Forwarded-For` header; without one
 * the event goes without `client_ip_address`.
 */
export function webHandler(tf: TwinfireInstance<Request>, options: WebHandlerOptions = {}): WebHandler {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  return async (request, info) => {
    const url = new URL(request.url);
    const inside = basePath === '' || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
    const answer = inside ? await tf.handle(webRequest(request, url, basePath, options, info)) : undefined;
    return toResponse(answer ?? notFound());
  };
}

function webRequest(request: Request, url: URL, basePath: string, options: WebHandlerOptions, info: HandlerInfo | undefined): EndpointRequest<Request> {
  const headers = headersOf(request.headers);
  const forwarded = (name: string) => (options.trustProxy ? (headers[name] as string | undefined)?.split(',')[0]?.trim() || undefined : undefined);
  const given = typeof info?.ip === 'string' ? info.ip : options.clientIp?.(request);
  const ip = given ?? forwarded('x-forwarded-for');
  const proto = forwarded('x-forwarded-proto');
  return {
    method: request.method,
    path: url.pathname.slice(basePath.length) || '/',
    mountPath: basePath,
    headers,
    ip: ip !== undefined && isIP(ip) !== 0 ? ip : undefined,
    host: forwarded('x-forwarded-host') ?? url.host,
    https: proto !== undefined ? proto === 'https' : url.protocol === 'https:',
    // Read by twinfire only once the cheaper checks have passed, within maxBodyBytes and bodyTimeoutMs.
    body: request.body,
    raw: request,
  };
}

export function toResponse(answer: EndpointResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.set(name, value);
  }
  const empty = answer.status === 204 || answer.status === 304 || answer.body === undefined;
  return new Response(empty ? null : (answer.body as ConstructorParameters<typeof Response>[0]), { status: answer.status, headers });
}
