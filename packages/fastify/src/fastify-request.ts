import type { BodyInput, EndpointRequest } from '@twinfire/server';
import type { FastifyRequest } from 'fastify';

/**
 * The neutral view of a Fastify request to one of twinfire's routes: `path` is the twinfire path the route
 * serves and `mountPath` the prefix it is registered under (the served script posts to prefix + path).
 * Fastify decides the rest: `request.ip`, `request.host` (port included) and `request.protocol`, so the
 * app's `trustProxy` decides whether `X-Forwarded-*` count. The body is the unread request stream (the
 * one preParsing hooks may have replaced, as the plugin's content-type parser passed it on), read by
 * twinfire only when the cheaper checks pass.
 */
export function fastifyRequest(request: FastifyRequest, path: string, mountPath: string): EndpointRequest<FastifyRequest> {
  return {
    method: request.method,
    path,
    mountPath,
    headers: request.headers,
    ip: request.ip,
    host: request.host,
    https: request.protocol === 'https',
    body: isStream(request.body) ? request.body : request.raw,
    raw: request,
  };
}

function isStream(body: unknown): body is BodyInput {
  return typeof body === 'object' && body !== null && typeof (body as { on?: unknown }).on === 'function';
}
