import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorShape } from '../logging/logger.js';
import type { Runtime } from '../runtime.js';
import { buildStats } from '../stats.js';
import { answerPreflight } from './cors.js';
import { handleMirror } from './mirror-endpoint.js';
import { sendJson } from './respond.js';
import { createScriptServer } from './serve-script.js';
import { baseCodeAppendix } from '../script/base-code.js';

export type NextFunction = (error?: unknown) => void;
export type Middleware = (req: IncomingMessage, res: ServerResponse, next?: NextFunction) => void;

/**
 * The request handler: `POST <path>` (mirror), `GET|HEAD <scriptPath>` (browser script), anything else to
 * `next()` (or 404 when used as a bare `node:http` handler). Opt-in: `GET <inspectPath>` (stats, dead letters). Paths are relative to where it is mounted.
 * It never throws and never leaves a rejected promise behind.
 */
export function createMiddleware(rt: Runtime): Middleware {
  const { path, scriptPath, inspectPath, logger } = rt.config;
  const { baseCode, tokens } = rt.config;
  const appendix = baseCode ? baseCodeAppendix(tokens.keys(), baseCode.fbeventsUrl) : '';
  const serveScript = createScriptServer({ path, appendix }, rt.config.scriptFile);
  return function twinfireMiddleware(req, res, next) {
    const pathname = pathOf(req.url);
    const method = req.method ?? 'GET';
    let work: Promise<void> | undefined;
    if (pathname === path) {
      if (method === 'POST') work = handleMirror(rt, req, res);
      else if (method === 'OPTIONS') answerPreflight(req, res, rt.config.allowedOrigins);
      else {
        sendJson(res, 405, { error: { code: 'method_not_allowed', field: '', message: `use POST ${path}` } }, { allow: 'POST, OPTIONS' });
        rt.counters.rejected.method_not_allowed = (rt.counters.rejected.method_not_allowed ?? 0) + 1;
      }
    } else if (scriptPath !== false && pathname === scriptPath && (method === 'GET' || method === 'HEAD')) {
      work = serveScript(req, res);
    } else if (inspectPath !== false && pathname === inspectPath && (method === 'GET' || method === 'HEAD')) {
      sendJson(res, 200, { stats: buildStats(rt), deadLetters: rt.config.outbox.deadLetters({ limit: 100 }) });
    } else if (next) {
      next();
    } else {
      sendJson(res, 404, { error: { code: 'not_found', field: '', message: 'not found' } });
    }
    work?.catch((error: unknown) => {
      logger.error({ error: errorShape(error), path: pathname }, 'internal error while handling a request');
      sendJson(res, 500, { error: { code: 'internal_error', field: '', message: 'internal error' } });
    });
  };
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}
