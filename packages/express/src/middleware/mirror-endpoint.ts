import type { ServerResponse } from 'node:http';
import { parseMirrorPayload, type MirrorPayload } from '@twinfire/core';
import { resolveClickIds } from '../enrich/click-ids.js';
import { cookieDomainFor } from '../enrich/cookie-domain-option.js';
import { parseCookies } from '../enrich/cookies.js';
import { clientIp, hasGpc, isHttps, requestHostname, userAgent, type ExpressLikeRequest } from '../enrich/request-info.js';
import { buildTwin } from '../events/build-twin.js';
import { consentGiven, dataProcessingFor, hookUserData } from '../events/hooks.js';
import { prepareEntries } from '../events/prepare-events.js';
import type { Runtime } from '../runtime.js';
import { originAllowed } from './check-origin.js';
import { allowOrigin } from './cors.js';
import { acceptedMediaType } from './media-type.js';
import { readBody } from './read-body.js';
import { refuse, sendJson } from './respond.js';

/**
 * `POST <path>`: one mirror in, 202 out as soon as its server twins are queued. Every bad input gets a
 * specific 4xx; delivery never happens in the request path.
 */
export async function handleMirror(rt: Runtime, req: ExpressLikeRequest, res: ServerResponse): Promise<void> {
  const { config, counters, engine } = rt;
  counters.received++;
  if (engine.closed) return refuse(res, counters, 503, { code: 'closing', field: '', message: 'the server is shutting down' }, { headers: { 'retry-after': '5' } });
  if (!originAllowed(req, config.allowedOrigins)) {
    return refuse(res, counters, 403, { code: 'forbidden_origin', field: 'origin', message: 'this origin may not post events here (see allowedOrigins)' });
  }
  allowOrigin(req, res);
  if (!acceptedMediaType(req)) {
    return refuse(res, counters, 415, { code: 'unsupported_media_type', field: 'content-type', message: 'send text/plain or application/json (UTF-8)' });
  }
  const body = await readBody(req, config.maxBodyBytes);
  if (!body.ok) {
    const headers: Record<string, string> = body.status === 413 ? { connection: 'close' } : {};
    return refuse(res, counters, body.status, { code: body.code, field: 'body', message: body.message }, { headers });
  }
  const parsed = parseMirrorPayload(body.value, { now: config.now() });
  if (!parsed.ok) return refuse(res, counters, 400, parsed.errors[0]!, { errors: parsed.errors });
  const payload = parsed.payload;

  const requested = payload.pixel_ids ?? [...config.tokens.keys()];
  const pixelIds = requested.filter((id) => config.tokens.has(id));
  if (pixelIds.length === 0) {
    return refuse(res, counters, 400, { code: 'unknown_pixel', field: 'pixel_ids', message: 'none of these pixel ids is configured on this server' });
  }
  counters.dropped.unknownPixel += requested.length - pixelIds.length;

  const signals = { pageConsent: payload.consent, gpc: hasGpc(req) };
  if (payload.consent === 'denied' || !(await consentGiven(config, req, signals))) {
    counters.dropped.consent += pixelIds.length;
    await purgeRevoked(rt, req, payload);
    return sendJson(res, 202, { ok: true, event_id: payload.event_id, queued: 0, reason: 'consent' });
  }
  return queueTwins(rt, req, res, payload, pixelIds);
}

/**
 * Consent revocation: a denied mirror deletes this browser's events still waiting (queued, retrying or dead),
 * found by its `_fbp` (payload and cookie). Logged-in customers: `tf.forget({ external_id, email })`.
 */
async function purgeRevoked(rt: Runtime, req: ExpressLikeRequest, payload: MirrorPayload): Promise<void> {
  const ids = new Set([payload.fbp, parseCookies(req.headers.cookie)._fbp].filter((v): v is string => typeof v === 'string' && v !== ''));
  for (const fbp of ids) rt.counters.purged += await rt.config.outbox.purge({ fbp });
}

async function queueTwins(rt: Runtime, req: ExpressLikeRequest, res: ServerResponse, payload: MirrorPayload, pixelIds: string[]): Promise<void> {
  const { config, counters, engine } = rt;
  const hostname = requestHostname(req);
  const clickIds = resolveClickIds({
    payloadFbp: payload.fbp,
    payloadFbc: payload.fbc,
    cookies: parseCookies(req.headers.cookie),
    urls: [payload.event_source_url, payload.referrer],
    now: config.now(),
    domain: cookieDomainFor(config.cookieDomain, hostname),
    hostname,
    secure: isHttps(req),
    reissue: config.cookies,
  });
  const event = buildTwin({
    payload,
    ip: clientIp(req),
    userAgent: userAgent(req),
    fbp: clickIds.fbp,
    fbc: clickIds.fbc,
    hookUserData: await hookUserData(config, req),
    dataProcessing: await dataProcessingFor(config, req, payload),
    now: config.now(),
  });
  const entries = await prepareEntries(config, counters, event, pixelIds, req);
  if (entries.length === 0) return sendJson(res, 202, { ok: true, event_id: payload.event_id, queued: 0, reason: 'beforeSend' });

  const result = await engine.enqueue(entries);
  if (result.status === 'full') {
    if (config.now() - rt.queueFullLoggedAt > 60_000) {
      rt.queueFullLoggedAt = config.now();
      config.logger.warn({ max_queue: config.maxQueue, refused: counters.rejected.queue_full ?? 0 }, 'queue full: mirrors are refused with 503 (see stats().rejected.queue_full)');
    }
    return refuse(res, counters, 503, { code: 'queue_full', field: '', message: 'the event queue is full; retry later' }, { headers: { 'retry-after': '30' } });
  }
  const queued = result.outcomes.filter((o) => o === 'queued').length;
  counters.dropped.duplicate += result.outcomes.length - queued;
  if (clickIds.setCookies.length > 0 && !res.headersSent) res.setHeader('set-cookie', clickIds.setCookies);
  const answer: Record<string, unknown> = { ok: true, event_id: payload.event_id, queued };
  if (queued === 0) answer.duplicate = true;
  sendJson(res, 202, answer);
}
