import type { EndpointPaths, TwinfireInstance } from '@twinfire/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fastifyRequest } from './fastify-request.js';
import { sendAnswer } from './send-answer.js';

/**
 * Registers twinfire's routes in `routes`, an encapsulated context of their own: every method on `path`
 * (twinfire answers POST and OPTIONS, and 405 with `Allow` to the rest), GET and HEAD on `scriptPath` and
 * `inspectPath` when set. The context's only content-type parser accepts any body and leaves it unread:
 * twinfire reads it itself, within `maxBodyBytes` and `bodyTimeoutMs`, and only after the cheaper checks.
 */
export function registerRoutes(routes: FastifyInstance, tf: TwinfireInstance<FastifyRequest>, paths: EndpointPaths): void {
  routes.removeAllContentTypeParsers();
  routes.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const mountPath = routes.prefix;
  const answer = (path: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const response = await tf.handle(fastifyRequest(request, path, mountPath));
    return response ? sendAnswer(request, reply, response) : reply.callNotFound();
  };
  routes.all(paths.path, answer(paths.path));
  for (const path of [paths.scriptPath, paths.inspectPath]) {
    if (path !== false) routes.route({ method: ['GET', 'HEAD'], url: path, handler: answer(path) });
  }
}
