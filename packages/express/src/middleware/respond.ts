import type { ServerResponse } from 'node:http';
import { countRejection, type Counters } from '../delivery/counters.js';

export interface EndpointError {
  code: string;
  field: string;
  message: string;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/**
 * Refuses a request: `{ error: { code, field, message }, errors? }` with its status, counted in
 * `stats().rejected` by code.
 */
export function refuse(
  res: ServerResponse,
  counters: Counters,
  status: number,
  error: EndpointError,
  extra: { errors?: EndpointError[]; headers?: Record<string, string> } = {},
): void {
  countRejection(counters, error.code);
  const body: Record<string, unknown> = { error };
  if (extra.errors) body.errors = extra.errors;
  sendJson(res, status, body, extra.headers);
}
