import type { EndpointResponse } from '@twinfire/server';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sends twinfire's answer through Fastify (its onSend hooks and request log included). After a `close`
 * answer (a body refused unread: too large, too slow, not wanted; it says `Connection: close`) the socket is
 * destroyed once the answer is out, so the rest of the body is never read. Over HTTP/2 there is no
 * `Connection` header (Node would warn and drop it), and `request.raw.socket` stands for the request's
 * stream: that stream is reset, not the connection.
 */
export function sendAnswer(request: FastifyRequest, reply: FastifyReply, answer: EndpointResponse): FastifyReply {
  reply.code(answer.status).headers(answer.headers);
  if (request.raw.httpVersionMajor >= 2) reply.removeHeader('connection');
  if (answer.close) reply.raw.once('finish', () => request.raw.socket?.destroy());
  return reply.send(answer.body);
}
