/**
 * `@twinfire/server/node`: the endpoint on Node's own `http` objects, for adapters on `node:http` (Express,
 * Fastify, Koa...) and for a bare `http.createServer(nodeHandler(tf))`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { EndpointRequest, EndpointResponse } from './endpoint/request.js';
import { notFound } from './endpoint/respond.js';
import type { TwinfireInstance } from './twinfire.js';

export type { EndpointRequest, EndpointResponse } from './endpoint/request.js';
export { hostnameOf } from './enrich/cookie-domain.js';

/**
 * The neutral view of a Node request: path from `req.url` (under the mount point), headers as they are, the
 * socket's address and TLS, the `Host` header, and the request stream as the body (read only when needed).
 * `overrides` carry what the framework knows better (`ip` and `https` behind a trusted proxy, `mountPath`,
 * a body its parser already read).
 */
export function nodeRequest<Req extends IncomingMessage>(req: Req, overrides: Partial<EndpointRequest<Req>> = {}): EndpointRequest<Req> {
  return {
    method: req.method ?? 'GET',
    path: pathOf(req.url),
    mountPath: '',
    headers: req.headers,
    ip: req.socket?.remoteAddress,
    host: undefined,
    https: (req.socket as TLSSocket | undefined)?.encrypted === true,
    body: req,
    raw: req,
    ...overrides,
  };
}

/**
 * Writes an answer of the endpoint. After a `close` answer (a body refused unread) the connection is closed
 * once the answer is out, so the unread body is never read, buffered or parsed.
 */
export function writeNodeResponse(req: IncomingMessage, res: ServerResponse, response: EndpointResponse): void {
  if (res.headersSent || res.destroyed) return;
  if (response.close) res.once('finish', () => req.socket?.destroy());
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * A `node:http` request handler: `http.createServer(nodeHandler(tf))`, or a Connect-style middleware
 * (`next` for what is not twinfire's; without `next`, 404). Never throws.
 */
export function nodeHandler(
  tf: TwinfireInstance<IncomingMessage>,
  toRequest: (req: IncomingMessage) => EndpointRequest<IncomingMessage> = nodeRequest,
): NodeHandler {
  return (req, res, next) => {
    tf.handle(toRequest(req))
      .then((response) => {
        if (response) writeNodeResponse(req, res, response);
        else if (next) next();
        else writeNodeResponse(req, res, notFound());
      })
      // `handle` never rejects; a socket that cannot be written to any more is all that is left.
      .catch(() => res.destroy());
  };
}

/** `/a/b?x` -> `/a/b` */
export function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}
