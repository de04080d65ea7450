import { randomBytes } from 'node:crypto';
import type { MetaErrorBody } from '../store/event-record.js';

/** Opaque trace id like Meta's (`fbtrace_id`), one per response. */
export function traceId(): string {
  return `A${randomBytes(16).toString('base64url').slice(0, 22)}`;
}

/** Meta's usual wording for the error codes a sender has to classify (meta-facts §4). */
const DEFAULT_MESSAGES: Record<number, string> = {
  1: 'An unknown error occurred',
  2: 'An unexpected error has occurred. Please retry your request later.',
  4: '(#4) Application request limit reached',
  10: '(#10) Application does not have permission for this action',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  100: 'Invalid parameter',
  190: 'Invalid OAuth access token - Cannot parse access token',
  200: '(#200) Permissions error',
  341: '(#341) Application limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
};

const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);

export function defaultMessage(code: number): string {
  if (code >= 80000 && code <= 80014) return `(#${code}) There have been too many calls from this ad-account. Wait a bit and try again.`;
  return DEFAULT_MESSAGES[code] ?? `(#${code}) Error`;
}

/** A complete `error` object: what is given, Meta's defaults for the rest, a fresh fbtrace_id. */
export function metaError(code: number, fields: Partial<Omit<MetaErrorBody, 'code'>> = {}): MetaErrorBody {
  const error = { message: fields.message ?? defaultMessage(code), type: fields.type ?? 'OAuthException', code } as MetaErrorBody;
  if (fields.error_subcode !== undefined) error.error_subcode = fields.error_subcode;
  error.is_transient = fields.is_transient ?? TRANSIENT_CODES.has(code);
  if (fields.error_user_title !== undefined) error.error_user_title = fields.error_user_title;
  if (fields.error_user_msg !== undefined) error.error_user_msg = fields.error_user_msg;
  error.fbtrace_id = fields.fbtrace_id ?? traceId();
  return error;
}

/** The HTTP status Meta tends to use for a code, when a fault script gives none. */
export function defaultStatus(code: number): number {
  if (code === 1 || code === 2) return 500;
  if (code === 190) return 401;
  if (code === 10 || (code >= 200 && code <= 299)) return 403;
  return 400;
}
