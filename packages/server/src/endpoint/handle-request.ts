import { errorShape } from '../logging/logger.js';
import type { Runtime } from '../runtime.js';
import { baseCodeAppendix } from '../script/base-code.js';
import { buildStats } from '../stats.js';
import { answerPreflight } from './cors.js';
import { handleMirror } from './mirror-endpoint.js';
import type { EndpointRequest, EndpointResponse } from './request.js';
import { newReply, type Reply, sendJson, settle } from './respond.js';
import { createScriptServer } from './serve-script.js';

/** Answers one request, or `undefined` when it is not twinfire's (the adapter passes it on). */
export type RequestHandler = (request: EndpointRequest) => Promise<EndpointResponse | undefined>;

/**
 * The endpoint, framework-neutral: `POST <path>` (mirror), `OPTIONS <path>` (preflight), `GET|HEAD <scriptPath>`
 * (browser script), opt-in `GET <inspectPath>` (stats, dead letters); `undefined` for anything else. Paths
 * are under the mount point. It never rejects: an internal failure is logged and answered 500.
 */
export function createRequestHandler(rt: Runtime): RequestHandler {
  const { path, scriptPath, inspectPath, logger } = rt.config;
  const { baseCode, tokens } = rt.config;
  const appendix = baseCode ? baseCodeAppendix(tokens.keys(), baseCode.fbeventsUrl) : '';
  const serveScript = createScriptServer({ path, appendix }, rt.config.scriptFile);
  return async function handleRequest(request) {
    const { method } = request;
    const pathname = request.path;
    const reply = newReply();
    try {
      if (pathname === path) await answerEndpoint(rt, request, reply);
      else if (scriptPath !== false && pathname === scriptPath && (method === 'GET' || method === 'HEAD')) await serveScript(request, reply);
      else if (inspectPath !== false && pathname === inspectPath && (method === 'GET' || method === 'HEAD')) {
        const [stats, deadLetters] = await Promise.all([buildStats(rt), rt.config.outbox.deadLetters({ limit: 100 })]);
        sendJson(reply, 200, { stats, deadLetters });
      } else return undefined;
    } catch (error) {
      logger.error({ error: errorShape(error), path: pathname }, 'internal error while handling a request');
      const failed = newReply();
      sendJson(failed, 500, { error: { code: 'internal_error', field: '', message: 'internal error' } });
      return settle(failed);
    }
    return settle(reply);
  };
}

async function answerEndpoint(rt: Runtime, request: EndpointRequest, reply: Reply): Promise<void> {
  const { method } = request;
  if (method === 'POST') return handleMirror(rt, request, reply);
  if (method === 'OPTIONS') return answerPreflight(request, reply, rt.config.allowedOrigins);
  sendJson(reply, 405, { error: { code: 'method_not_allowed', field: '', message: `use POST ${rt.config.path}` } }, { allow: 'POST, OPTIONS' });
  rt.counters.rejected.method_not_allowed = (rt.counters.rejected.method_not_allowed ?? 0) + 1;
}
