import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultPlan } from '../faults/fault-plan.js';
import type { ResolvedOptions } from '../options.js';
import { readBody } from '../server/read-body.js';
import { sendJson } from '../server/respond.js';
import type { Sleeper } from '../server/sleeper.js';
import type { MetaErrorBody } from '../store/event-record.js';
import type { EventStore } from '../store/event-store.js';
import { isPlainObject } from './formats.js';
import { matchKeys } from './match-keys.js';
import { metaError, traceId } from './meta-error.js';
import { type GraphRequest, parseGraphRequest, summarizeEvents } from './parse-graph-request.js';
import { validateEvent } from './validate-event.js';

export interface GraphContext {
  store: EventStore;
  faults: FaultPlan;
  options: ResolvedOptions;
  sleeper: Sleeper;
}

const MAX_EVENTS_PER_REQUEST = 1000;

type Refusal = { status: number; error: MetaErrorBody };

/** `POST /:version/:pixelId/events`: faults first, then Meta's checks in Meta's order, then recording. */
export async function handleEvents(req: IncomingMessage, res: ServerResponse, pixelId: string, url: URL, ctx: GraphContext): Promise<void> {
  const body = await readBody(req);
  const request = parseGraphRequest(body, req.headers['content-type'], url.searchParams);
  const summaries = summarizeEvents(request.data);
  const count = (outcome: 'accepted' | 'rejected' | 'faulted'): void => ctx.store.requests.record(pixelId, body.length, summaries.length, outcome);

  const fault = ctx.faults.take({ pixelId, eventIds: summaries.map((s) => s.event_id) }, ctx.options.now());
  if (fault) {
    if (fault.delayMs > 0) await ctx.sleeper.sleep(fault.delayMs);
    if (fault.drop || fault.response) {
      count('faulted');
      if (fault.drop) req.socket.destroy();
      else sendJson(res, fault.response!.status, fault.response!.body);
      return;
    }
  }

  const refusal = checkRequest(request, pixelId, ctx);
  if (refusal) {
    count('rejected');
    const rejection = {
      received_at: ctx.options.now(),
      pixel_id: pixelId,
      http_status: refusal.status,
      error: refusal.error,
      event_count: summaries.length,
      events: summaries,
    };
    ctx.store.reject(request.testEventCode ? { ...rejection, test_event_code: request.testEventCode } : rejection);
    sendJson(res, refusal.status, { error: refusal.error });
    return;
  }

  count('accepted');
  const fbtraceId = traceId();
  const receivedAt = ctx.options.now();
  for (const event of request.data as Record<string, unknown>[]) {
    ctx.store.add(toRecord(event, pixelId, receivedAt, fbtraceId, request.testEventCode));
  }
  sendJson(res, 200, { events_received: (request.data as unknown[]).length, messages: [], fbtrace_id: fbtraceId });
}

function checkRequest(request: GraphRequest, pixelId: string, ctx: GraphContext): Refusal | undefined {
  const { accessToken, data } = request;
  // A body that does not parse hides the token too: say what is wrong with the body.
  if (request.problem) return { status: 400, error: metaError(100, { message: `(#100) ${request.problem}` }) };
  if (!accessToken) {
    return { status: 400, error: metaError(190, { message: 'An access token is required to request this resource.' }) };
  }
  const accepted = ctx.options.acceptedTokens;
  if (accepted && !accepted.has(accessToken)) {
    return { status: 401, error: metaError(190, { message: 'Invalid OAuth access token - Cannot parse access token' }) };
  }
  if (!/^\d+$/.test(pixelId)) {
    return {
      status: 400,
      error: metaError(100, {
        message: `Unsupported post request. Object with ID '${pixelId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        error_subcode: 33,
      }),
    };
  }
  if (data === undefined) return { status: 400, error: metaError(100, { message: '(#100) The parameter data is required' }) };
  if (!Array.isArray(data) || data.length === 0 || data.length > MAX_EVENTS_PER_REQUEST) {
    const got = Array.isArray(data) ? `${data.length} events` : typeof data;
    return {
      status: 400,
      error: metaError(100, { message: `(#100) The parameter data must be an array of 1 to ${MAX_EVENTS_PER_REQUEST} events, got ${got}` }),
    };
  }
  const clock = { nowSeconds: ctx.options.now() / 1000, futureSkewSeconds: ctx.options.futureSkewSeconds };
  for (let index = 0; index < data.length; index++) {
    const problem = validateEvent(data[index], clock);
    if (!problem) continue;
    const error = metaError(100, {
      message: 'Invalid parameter',
      error_subcode: problem.subcode,
      error_user_title: problem.title,
      error_user_msg: `Event ${index}: ${problem.detail} [rule ${problem.rule}]`,
    });
    return { status: 400, error };
  }
  return undefined;
}

function toRecord(event: Record<string, unknown>, pixelId: string, receivedAt: number, fbtraceId: string, testEventCode?: string) {
  const id = event['event_id'];
  return {
    pixel_id: pixelId,
    event_name: event['event_name'] as string,
    ...(typeof id === 'string' || typeof id === 'number' ? { event_id: String(id) } : {}),
    source: 'server' as const,
    received_at: receivedAt,
    ...(testEventCode ? { test_event_code: testEventCode } : {}),
    match_keys: matchKeys(event['user_data']),
    action_source: event['action_source'] as string,
    event_time: event['event_time'] as number,
    ...(typeof event['event_source_url'] === 'string' ? { event_source_url: event['event_source_url'] } : {}),
    ...(isPlainObject(event['custom_data']) ? { custom_data: event['custom_data'] } : {}),
    user_data: event['user_data'] as Record<string, unknown>,
    ...pick(event, 'referrer_url', 'string'),
    ...pick(event, 'opt_out', 'boolean'),
    ...(Array.isArray(event['data_processing_options']) ? { data_processing_options: event['data_processing_options'] } : {}),
    ...pick(event, 'data_processing_options_country', 'number'),
    ...pick(event, 'data_processing_options_state', 'number'),
    fbtrace_id: fbtraceId,
  };
}

/** `{ [key]: value }` when the event has that key with that type, else `{}`. */
function pick(event: Record<string, unknown>, key: string, type: 'string' | 'number' | 'boolean'): Record<string, unknown> {
  return typeof event[key] === type ? { [key]: event[key] } : {};
}
