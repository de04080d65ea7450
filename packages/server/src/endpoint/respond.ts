import { type Counters, countRejection } from '../delivery/counters.js';
import type { EndpointResponse } from './request.js';

export interface EndpointError {
  code: string;
  field: string;
  message: string;
}

/**
 * The answer being built for one request: headers gathered on the way (CORS, cookies), then the first
 * status and body set win. Becomes the {@link EndpointResponse} the adapter writes.
 */
export interface Reply {
  headers: Record<string, string | string[]>;
  status?: number;
  body?: string | Uint8Array;
  /** The JSON value `body` was made from (a batch answers with its events' values). */
  data?: unknown;
  close: boolean;
}

export function newReply(): Reply {
  return { headers: {}, close: false };
}

export function settle(reply: Reply): EndpointResponse {
  return { status: reply.status ?? 500, headers: reply.headers, body: reply.body, close: reply.close };
}

/** The answer of an adapter that has nowhere to pass a request twinfire does not answer (web, bare node:http). */
export function notFound(): EndpointResponse {
  const reply = newReply();
  sendJson(reply, 404, { error: { code: 'not_found', field: '', message: 'not found' } });
  return settle(reply);
}

export function sendJson(reply: Reply, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (reply.status !== undefined) return;
  const text = JSON.stringify(body);
  reply.status = status;
  Object.assign(reply.headers, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  reply.body = text;
  reply.data = body;
}

/**
 * Refuses a request: `{ error: { code, field, message }, errors? }` with its status, counted in
 * `stats().rejected` by code.
 */
export function refuse(
  reply: Reply,
  counters: Counters,
  status: number,
  error: EndpointError,
  extra: { errors?: EndpointError[]; headers?: Record<string, string> } = {},
): void {
  countRejection(counters, error.code);
  const body: Record<string, unknown> = { error };
  if (extra.errors) body.errors = extra.errors;
  sendJson(reply, status, body, extra.headers);
}
