import { expandMirrorBatch, isMirrorBatch, type MirrorPayload, parseMirrorPayload } from '@twinfire/core';
import { resolveClickIds } from '../enrich/click-ids.js';
import { requestCookieDomain } from '../enrich/cookie-domain-option.js';
import { requestCookies } from '../enrich/cookies.js';
import { clientIp, hasGpc, isHttps, requestHostname, userAgent } from '../enrich/request-info.js';
import { buildTwin } from '../events/build-twin.js';
import { consentGiven, dataProcessingFor, hookUserData } from '../events/hooks.js';
import { prepareEntries } from '../events/prepare-events.js';
import { isBotUserAgent } from '../guard/bots.js';
import { applyIntents } from '../intents/apply-intents.js';
import { errorShape } from '../logging/logger.js';
import type { Runtime } from '../runtime.js';
import { admitMirror, queueFull, rateLimited } from './admit-mirror.js';
import type { EndpointRequest } from './request.js';
import { newReply, type Reply, refuse, sendJson } from './respond.js';

/**
 * `POST <path>`: one mirror, or a batch of them (`{ v: 1, events: [...] }`, the events of one page task), in;
 * 202 out as soon as their server twins are queued. Every bad input gets a specific 4xx; delivery never
 * happens in the request path.
 */
export async function handleMirror(rt: Runtime, request: EndpointRequest, reply: Reply): Promise<void> {
  rt.counters.received++;
  const body = await admitMirror(rt, request, reply);
  if (body === undefined) return;
  const value = typeof body === 'string' ? parseJson(body) : body;
  if (isMirrorBatch(value)) return handleBatch(rt, request, reply, value);
  // A body that is not JSON, or is a JSON string, goes to the mirror's parser as it came (a string there is
  // JSON text), which names the problem (invalid_json, invalid_payload).
  return handleOne(rt, request, reply, value === NOT_JSON || typeof value === 'string' ? body : value);
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/**
 * A batch: each event is validated and queued exactly as a single mirror would be, in order, and answered on
 * its own in `results` (`{ status, ...its single-mirror answer }`). The batch is 202 when any event was, else
 * the first event's status. Every event counts against the rate limit.
 */
async function handleBatch(rt: Runtime, request: EndpointRequest, reply: Reply, value: Record<string, unknown>): Promise<void> {
  const { config, counters } = rt;
  const expanded = expandMirrorBatch(value);
  if (!expanded.ok) return refuse(reply, counters, 400, expanded.errors[0]!, { errors: expanded.errors });
  const events = expanded.events;
  counters.received += events.length - 1;
  const results: Record<string, unknown>[] = [];
  const answers: Reply[] = [];
  for (const [index, event] of events.entries()) {
    const one = newReply();
    // The first event was counted at the door; each other one is counted as it comes, so a client with room
    // for some of the batch gets those through, and the rest their own 429.
    const verdict = index > 0 && config.rateLimit ? await config.rateLimit.check(request, config.logger) : undefined;
    try {
      if (verdict && !verdict.ok) refuse(one, counters, 429, rateLimited(verdict), { headers: { 'retry-after': String(verdict.retryAfterSeconds) } });
      else await handleOne(rt, request, one, event);
    } catch (error) {
      // One event's failure (a hook, the outbox) is that event's answer; the others keep theirs.
      config.logger.error({ error: errorShape(error), event_index: index }, 'internal error while handling an event of a batch');
      sendJson(one, 500, { error: { code: 'internal_error', field: '', message: 'internal error' } });
    }
    answers.push(one);
    results.push({ status: one.status, ...(one.data as object) });
  }
  const accepted = answers.find((one) => one.status === 202);
  const lead = accepted ?? answers[0]!;
  // The cookies of the last event that set any (they are the same visitor's); a refusal's Retry-After.
  for (const one of answers) if (one.headers['set-cookie']) reply.headers['set-cookie'] = one.headers['set-cookie'];
  const retryAfter = accepted ? undefined : lead.headers['retry-after'];
  sendJson(reply, lead.status!, { ok: accepted !== undefined, results }, typeof retryAfter === 'string' ? { 'retry-after': retryAfter } : {});
}

/** One mirror: validated, filtered (bots, consent, intents), its twins queued; answers on `reply`. */
async function handleOne(rt: Runtime, request: EndpointRequest, reply: Reply, body: unknown): Promise<void> {
  const { config, counters } = rt;
  const parsed = parseMirrorPayload(body, { now: config.now() });
  if (!parsed.ok) return refuse(reply, counters, 400, parsed.errors[0]!, { errors: parsed.errors });
  const payload = parsed.payload;

  const requested = payload.pixel_ids ?? [...config.tokens.keys()];
  const pixelIds = requested.filter((id) => config.tokens.has(id));
  if (pixelIds.length === 0) {
    return refuse(reply, counters, 400, { code: 'unknown_pixel', field: 'pixel_ids', message: 'none of these pixel ids is configured on this server' });
  }
  counters.dropped.unknownPixel += requested.length - pixelIds.length;

  // After validation (garbage still gets its 4xx), before consent and the hooks (a bot costs a regex, no more).
  if (config.bots === 'drop' && isBotUserAgent(userAgent(request))) {
    counters.dropped.bot += pixelIds.length;
    return sendJson(reply, 202, { ok: true, event_id: payload.event_id, queued: 0, reason: 'bot' });
  }
  const signals = { pageConsent: payload.consent, gpc: hasGpc(request) };
  if (payload.consent === 'denied' || !(await consentGiven(config, request, signals))) {
    counters.dropped.consent += pixelIds.length;
    await purgeRevoked(rt, request);
    return sendJson(reply, 202, { ok: true, event_id: payload.event_id, queued: 0, reason: 'consent' });
  }
  // Signed values (the `intents` option): after consent, so a denied mirror still purges; before the queue.
  const checked = applyIntents(rt, reply, payload);
  if (checked === undefined) return;
  return queueTwins(rt, request, reply, checked, pixelIds);
}

/**
 * Consent revocation: a denied mirror deletes this browser's events still waiting (queued, retrying or dead),
 * found by the `_fbp` COOKIE that came with the request — never by the payload's `fbp`, which anyone can
 * write: a forged mirror naming a victim's fbp must not delete the victim's events. (A browser posting its
 * own mirror sends its own cookie.) Logged-in customers: `tf.forget({ external_id, email })`.
 */
async function purgeRevoked(rt: Runtime, request: EndpointRequest): Promise<void> {
  const fbp = requestCookies(request)._fbp;
  if (typeof fbp === 'string' && fbp !== '') rt.counters.purged += await rt.config.outbox.purge({ fbp });
}

/** The fbp/fbc the events of a request were given so far (a batch's events share a minted _fbp and a new _fbc). */
const issued = new WeakMap<EndpointRequest, Record<string, string>>();

async function queueTwins(rt: Runtime, request: EndpointRequest, reply: Reply, payload: MirrorPayload, pixelIds: string[]): Promise<void> {
  const { config, counters, engine } = rt;
  const hostname = requestHostname(request);
  const clickIds = resolveClickIds({
    payloadFbp: payload.fbp,
    payloadFbc: payload.fbc,
    // What an earlier event of the same batch minted counts as the visitor's own: one new _fbp per visitor.
    cookies: issued.has(request) ? { ...requestCookies(request), ...issued.get(request) } : requestCookies(request),
    urls: [payload.event_source_url, payload.referrer],
    now: config.now(),
    domain: requestCookieDomain(request, hostname, config),
    hostname,
    secure: isHttps(request),
    reissue: config.cookies,
  });
  // Only what was set as a cookie just now differs from what the request brought.
  if (clickIds.setCookies.length > 0) issued.set(request, { ...(clickIds.fbp ? { _fbp: clickIds.fbp } : {}), ...(clickIds.fbc ? { _fbc: clickIds.fbc } : {}) });
  const event = buildTwin({
    payload,
    ip: clientIp(request),
    userAgent: userAgent(request),
    fbp: clickIds.fbp,
    fbc: clickIds.fbc,
    hookUserData: await hookUserData(config, request),
    dataProcessing: await dataProcessingFor(config, request, payload),
    now: config.now(),
  });
  const prepared = await prepareEntries(config, counters, event, pixelIds, request);
  if (!prepared.ok) return refuse(reply, counters, 413, prepared.error);
  const entries = prepared.entries;
  if (entries.length === 0) return sendJson(reply, 202, { ok: true, event_id: payload.event_id, queued: 0, reason: 'beforeSend' });

  const result = await engine.enqueue(entries);
  if (result.status === 'full') return queueFull(rt, reply, {});
  const queued = result.outcomes.filter((o) => o === 'queued').length;
  counters.dropped.duplicate += result.outcomes.length - queued;
  if (clickIds.setCookies.length > 0) reply.headers['set-cookie'] = clickIds.setCookies;
  const answer: Record<string, unknown> = { ok: true, event_id: payload.event_id, queued };
  if (queued === 0) answer.duplicate = true;
  sendJson(reply, 202, answer);
}
