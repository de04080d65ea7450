import type { EventsResponse, GraphError } from '@twinfire/core';
import { type Timers, type Transport, unrefTimer } from './engine-config.js';

/** What one Conversions API request came back with. */
export type GraphOutcome =
  | { kind: 'ok'; status: number; eventsReceived: number; fbtraceId?: string }
  | { kind: 'graph_error'; status: number; error: GraphError }
  /** No usable answer: timeout, connection refused/reset, a body that is not Meta's JSON. */
  | { kind: 'network'; status?: number; reason: 'timeout' | 'connection' | 'bad_response'; message: string };

export interface GraphRequest {
  /** `https://graph.facebook.com` (no trailing slash). */
  graphUrl: string;
  graphVersion: string;
  pixelId: string;
  accessToken: string;
  testEventCode?: string;
  /** Each event's JSON, as stored: spliced into the body as it is, never parsed and stringified again. */
  events: readonly string[];
  /** No answer (status and whole body) within this long, on `timers`: the request is aborted. */
  timeoutMs: number;
  transport: Transport;
  timers: Timers;
}

/**
 * `POST <graphUrl>/<version>/<pixel>/events` with the access token in the JSON body — never in the URL,
 * where proxies and logs would keep it. Never throws: every failure becomes a {@link GraphOutcome}, and no
 * outcome carries the token (it exists only in the request body).
 */
export async function postEvents(request: GraphRequest): Promise<GraphOutcome> {
  const url = `${request.graphUrl}/${request.graphVersion}/${encodeURIComponent(request.pixelId)}/events`;
  const testCode = request.testEventCode ? `,"test_event_code":${JSON.stringify(request.testEventCode)}` : '';
  // JSON.stringify would leave out an undefined token; so does this (delivery sends only configured pixels).
  const token = request.accessToken === undefined ? '' : `,"access_token":${JSON.stringify(request.accessToken)}`;
  const body = `{"data":[${request.events.join(',')}]${token}${testCode}}`;
  const controller = new AbortController();
  let timer: unknown;
  // Raced as well as aborted: a transport that ignores the signal still times out.
  const timedOut = new Promise<never>((_, reject) => {
    timer = unrefTimer(
      request.timers,
      () => {
        const error = new Error(`no answer within ${request.timeoutMs} ms`);
        error.name = 'TimeoutError';
        controller.abort(error);
        reject(error);
      },
      request.timeoutMs,
    );
  });
  let status: number;
  let text: string;
  try {
    const exchange = (async () => {
      const response = await request.transport(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: controller.signal,
      });
      return { status: response.status, text: await response.text() };
    })();
    ({ status, text } = await Promise.race([exchange, timedOut]));
  } catch (error) {
    const name = (error as Error)?.name;
    const timeout = name === 'TimeoutError' || name === 'AbortError';
    return {
      kind: 'network',
      reason: timeout ? 'timeout' : 'connection',
      message: timeout ? `no answer within ${request.timeoutMs} ms` : describeCause(error),
    };
  } finally {
    request.timers.clearTimeout(timer);
  }
  return readAnswer(status, text);
}

function readAnswer(status: number, text: string): GraphOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'network', status, reason: 'bad_response', message: `HTTP ${status} with a body that is not JSON` };
  }
  const object = (json ?? {}) as Partial<EventsResponse> & { error?: GraphError };
  if (object.error && typeof object.error === 'object' && typeof object.error.code === 'number') {
    return { kind: 'graph_error', status, error: object.error };
  }
  if (status >= 200 && status < 300 && typeof object.events_received === 'number') {
    const outcome: GraphOutcome = { kind: 'ok', status, eventsReceived: object.events_received };
    if (typeof object.fbtrace_id === 'string') outcome.fbtraceId = object.fbtrace_id;
    return outcome;
  }
  return { kind: 'network', status, reason: 'bad_response', message: `HTTP ${status} without events_received or error` };
}

/** `fetch failed` hides the real reason (ECONNREFUSED...) in `cause`. */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? 'connection failed';
}
