import { userAgent } from '../enrich/request-info.js';
import type { RateVerdict } from '../guard/rate-limit.js';
import { EVENT_OVERHEAD_BYTES } from '../outbox/outbox.js';
import type { Runtime } from '../runtime.js';
import { checkOrigin, ORIGIN_REFUSALS } from './check-origin.js';
import { allowOrigin } from './cors.js';
import { acceptedMediaType } from './media-type.js';
import { readBody } from './read-body.js';
import { type EndpointRequest, headerValue } from './request.js';
import { type EndpointError, type Reply, refuse } from './respond.js';

/**
 * The checks of `POST <path>` up to the body, cheapest first: shutting down, rate limit, origin, user agent,
 * media type, room in the queue, then the body itself (size and deadline). Returns the body, or `undefined` once it has
 * answered. A refusal here leaves the body unread, so it also closes the connection: a flood of large bodies
 * is not read, buffered or parsed, only cut off.
 */
export async function admitMirror(rt: Runtime, request: EndpointRequest, reply: Reply): Promise<string | object | undefined> {
  const { config, counters, engine } = rt;
  const early = (status: number, error: EndpointError, headers: Record<string, string> = {}): undefined => {
    reply.close = true;
    refuse(reply, counters, status, error, { headers: { ...headers, connection: 'close' } });
    return undefined;
  };
  if (engine.closed) return early(503, { code: 'closing', field: '', message: 'the server is shutting down' }, { 'retry-after': '5' });
  if (config.rateLimit) {
    const verdict = await config.rateLimit.check(request, config.logger);
    if (!verdict.ok) return early(429, rateLimited(verdict), { 'retry-after': String(verdict.retryAfterSeconds) });
  }
  const origin = checkOrigin(request, config.allowedOrigins, config.requireOrigin);
  if (origin !== 'allowed') return early(403, ORIGIN_REFUSALS[origin]);
  allowOrigin(request, reply);
  // Meta refuses a website event without client_user_agent, and with it the whole batch it travels in.
  if (userAgent(request) === undefined) {
    return early(400, {
      code: 'missing_user_agent',
      field: 'user-agent',
      message: "no User-Agent header: Meta needs the browser's user agent for website events",
    });
  }
  if (!acceptedMediaType(request)) {
    return early(415, { code: 'unsupported_media_type', field: 'content-type', message: 'send text/plain or application/json (UTF-8)' });
  }
  // Meta down and the queue full: refuse before reading and parsing a body that could not be queued anyway.
  if (config.outbox.hasRoom && !config.outbox.hasRoom(1, bodyEstimate(request, config.maxEventBytes))) {
    reply.close = true;
    return void queueFull(rt, reply, { connection: 'close' });
  }
  const body = await readBody(request, config.maxBodyBytes, config.bodyTimeoutMs);
  if (body.ok) return body.value;
  // The rest of a too large or too slow body is not read either.
  if (body.status === 413 || body.status === 408) return early(body.status, { code: body.code, field: 'body', message: body.message });
  refuse(reply, counters, body.status, { code: body.code, field: 'body', message: body.message });
  return undefined;
}

/** The 429 answer's error for a refused rate-limit verdict. */
export function rateLimited(verdict: Extract<RateVerdict, { ok: false }>): EndpointError {
  const message = verdict.code === 'rate_limited' ? 'too many events from this client; retry later' : 'too many clients at once; retry later';
  return { code: verdict.code, field: '', message };
}

/** 503 `queue_full`, logged at most once a minute. */
export function queueFull(rt: Runtime, reply: Reply, headers: Record<string, string>): void {
  const { config, counters } = rt;
  if (config.now() - rt.queueFullLoggedAt > 60_000) {
    rt.queueFullLoggedAt = config.now();
    config.logger.warn(
      { max_queue: config.maxQueue, refused: counters.rejected.queue_full ?? 0 },
      'queue full: mirrors are refused with 503 (see stats().rejected.queue_full)',
    );
  }
  refuse(
    reply,
    counters,
    503,
    { code: 'queue_full', field: '', message: 'the event queue is full; retry later' },
    { headers: { 'retry-after': '30', ...headers } },
  );
}

/** What one twin of this request will roughly take in the queue: its body's declared size, within the event limit. */
function bodyEstimate(request: EndpointRequest, maxEventBytes: number): number {
  const declared = Number(headerValue(request.headers, 'content-length'));
  return Math.min(Number.isFinite(declared) && declared > 0 ? declared : 0, maxEventBytes) + EVENT_OVERHEAD_BYTES;
}
