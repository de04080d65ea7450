import type { ServerResponse } from 'node:http';
import { parseMirrorPayload, type MirrorPayload } from '@twinfire/core';
import { resolveClickIds } from '../enrich/click-ids.js';
import { requestCookieDomain } from '../enrich/cookie-domain-option.js';
import { requestCookies } from '../enrich/cookies.js';
import { clientIp, hasGpc, isHttps, requestHostname, userAgent, type ExpressLikeRequest } from '../enrich/request-info.js';
import { buildTwin } from '../events/build-twin.js';
import { consentGiven, dataProcessingFor, hookUserData } from '../events/hooks.js';
import { prepareEntries } from '../events/prepare-events.js';
import { isBotUserAgent } from '../guard/bots.js';
import { applyIntents } from '../intents/apply-intents.js';
import type { Runtime } from '../runtime.js';
import { admitMirror, queueFull } from './admit-mirror.js';
import { refuse, sendJson } from './respond.js';

/**
 * `POST <path>`: one mirror in, 202 out as soon as its server twins are queued. Every bad input gets a
 * specific 4xx; delivery never happens in the request path.
 */
export async function handleMirror(rt: Runtime, req: ExpressLikeRequest, res: ServerResponse): Promise<void> {
  const { config, counters } = rt;
  counters.received++;
  const body = await admitMirror(rt, req, res);
  if (body === undefined) return;
  const parsed = parseMirrorPayload(body, { now: config.now() });
  if (!parsed.ok) return refuse(res, counters, 400, parsed.errors[0]!, { errors: parsed.errors });
  const payload = parsed.payload;

  const requested = payload.pixel_ids ?? [...config.tokens.keys()];
  const pixelIds = requested.filter((id) => config.tokens.has(id));
  if (pixelIds.length === 0) {
    return refuse(res, counters, 400, { code: 'unknown_pixel', field: 'pixel_ids', message: 'none of these pixel ids is configured on this server' });
  }
  counters.dropped.unknownPixel += requested.length - pixelIds.length;

  // After validation (garbage still gets its 4xx), before consent and the hooks (a bot costs a regex, no more).
  if (config.bots === 'drop' && isBotUserAgent(userAgent(req))) {
    counters.dropped.bot += pixelIds.length;
    return sendJson(res, 202, { ok: true, event_id: payload.event_id, queued: 0, reason: 'bot' });
  }
  const signals = { pageConsent: payload.consent, gpc: hasGpc(req) };
  if (payload.consent === 'denied' || !(await consentGiven(config, req, signals))) {
    counters.dropped.consent += pixelIds.length;
    await purgeRevoked(rt, req);
    return sendJson(res, 202, { ok: true, event_id: payload.event_id, queued: 0, reason: 'consent' });
  }
  // Signed values (the `intents` option): after consent, so a denied mirror still purges; before the queue.
  const checked = applyIntents(rt, res, payload);
  if (checked === undefined) return;
  return queueTwins(rt, req, res, checked, pixelIds);
}

/**
 * Consent revocation: a denied mirror deletes this browser's events still waiting (queued, retrying or dead),
 * found by the `_fbp` COOKIE that came with the request — never by the payload's `fbp`, which anyone can
 * write: a forged mirror naming a victim's fbp must not delete the victim's events. (A browser posting its
 * own mirror sends its own cookie.) Logged-in customers: `tf.forget({ external_id, email })`.
 */
async function purgeRevoked(rt: Runtime, req: ExpressLikeRequest): Promise<void> {
  const fbp = requestCookies(req)._fbp;
  if (typeof fbp === 'string' && fbp !== '') rt.counters.purged += await rt.config.outbox.purge({ fbp });
}

async function queueTwins(rt: Runtime, req: ExpressLikeRequest, res: ServerResponse, payload: MirrorPayload, pixelIds: string[]): Promise<void> {
  const { config, counters, engine } = rt;
  const hostname = requestHostname(req);
  const clickIds = resolveClickIds({
    payloadFbp: payload.fbp,
    payloadFbc: payload.fbc,
    cookies: requestCookies(req),
    urls: [payload.event_source_url, payload.referrer],
    now: config.now(),
    domain: requestCookieDomain(req, hostname, config),
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
  const prepared = await prepareEntries(config, counters, event, pixelIds, req);
  if (!prepared.ok) return refuse(res, counters, 413, prepared.error);
  const entries = prepared.entries;
  if (entries.length === 0) return sendJson(res, 202, { ok: true, event_id: payload.event_id, queued: 0, reason: 'beforeSend' });

  const result = await engine.enqueue(entries);
  if (result.status === 'full') return queueFull(rt, res, {});
  const queued = result.outcomes.filter((o) => o === 'queued').length;
  counters.dropped.duplicate += result.outcomes.length - queued;
  if (clickIds.setCookies.length > 0 && !res.headersSent) res.setHeader('set-cookie', clickIds.setCookies);
  const answer: Record<string, unknown> = { ok: true, event_id: payload.event_id, queued };
  if (queued === 0) answer.duplicate = true;
  sendJson(res, 202, answer);
}
