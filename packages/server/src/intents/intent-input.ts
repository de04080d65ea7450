import { parseMirrorPayload } from '@twinfire/core';
import { TwinfireError } from '../errors.js';

/** What `tf.intent()` takes. */
export interface IntentInput {
  /** The event the page will track with this id, e.g. `'Purchase'`. */
  event_name: string;
  /** The server's amount: a number ≥ 0, or a decimal string such as `'19.90'` (a SQL numeric column). */
  value: number | string;
  /** ISO 4217 code, any case (`'eur'` becomes `'EUR'`). */
  currency: string;
  /** The order (or subscription...) this event is about: one intent id per order. Never shown to the page. */
  order_id: string | number;
  /** When the id stops verifying: a Date or ms since the epoch. Default: 24 hours from now; at most 48 hours. */
  expiresAt?: Date | number;
}

/** The checked input, in the form the id carries. */
export interface CheckedIntentInput {
  eventName: string;
  /** Canonical decimal string. */
  value: string;
  currency: string;
  orderId: string;
  /** Unix seconds. */
  expiresAt: number;
}

const KEYS = ['event_name', 'value', 'currency', 'order_id', 'expiresAt'];
const REQUIRED = ['event_name', 'value', 'currency', 'order_id'];
const PLACEHOLDER_URL = 'https://placeholder.invalid/';
/** Far above any order, and small enough for a decimal form without exponent, exact to the cent. */
const MAX_VALUE = 1e15;
export const DEFAULT_LIFETIME_MS = 24 * 3600 * 1000;
/**
 * Meta deduplicates a replayed event_id only within 48 hours of the first copy: an intent valid longer could be
 * replayed after that and count the order twice.
 */
const MAX_LIFETIME_MS = 48 * 3600 * 1000;

function fail(field: string, message: string): never {
  throw new TwinfireError('ERR_TWINFIRE_INVALID_ARGUMENT', field, `intent(): ${field ? `${field} ` : ''}${message}`);
}

/**
 * Checks the arguments of `tf.intent()`. Event name, value and currency follow the rules of the mirror
 * endpoint (the validator of `@twinfire/core`), so an intent never names an event a mirror could not carry.
 * The value is rounded to 6 decimals (float noise such as 0.30000000000000004 becomes 0.3).
 */
export function checkIntentInput(input: unknown, now: number): CheckedIntentInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('', 'needs { event_name, value, currency, order_id }');
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) fail(key, `is not an intent field; known fields: ${KEYS.join(', ')}`);
  for (const key of REQUIRED) if (raw[key] === undefined || raw[key] === null) fail(key, 'is required');

  const checked = parseMirrorPayload(
    {
      v: 1,
      event_name: raw.event_name,
      event_id: 'intent',
      event_time: Math.floor(now / 1000),
      event_source_url: PLACEHOLDER_URL,
      custom_data: { value: raw.value, currency: raw.currency },
    },
    { now },
  );
  if (!checked.ok) {
    const first = checked.errors[0]!;
    fail(first.field.replace(/^custom_data\./, ''), first.message);
  }
  const value = checked.payload.custom_data!.value as number;
  if (value < 0 || value >= MAX_VALUE) fail('value', `must be from 0 to less than ${MAX_VALUE}`);
  return {
    eventName: checked.payload.event_name,
    value: String(Number(value.toFixed(6))),
    currency: checked.payload.custom_data!.currency as string,
    orderId: checkOrderId(raw.order_id),
    expiresAt: expirySeconds(raw.expiresAt, now),
  };
}

function checkOrderId(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '' || value.length > 1000)
    fail('order_id', 'must be a non-empty string (at most 1000 characters) or a number');
  return value;
}

/**
 * A past time is accepted: a webhook re-derives the id of an intent from the stored `expires_at` (the id
 * then no longer verifies at the endpoint, which is right: the page's moment is over).
 */
function expirySeconds(value: unknown, now: number): number {
  if (value === undefined) return Math.floor((now + DEFAULT_LIFETIME_MS) / 1000);
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) fail('expiresAt', 'must be a Date or a time in ms since the epoch');
  if (ms < 1e11) fail('expiresAt', 'looks like seconds; give milliseconds (Date.now() + 3_600_000) or a Date');
  if (ms > now + MAX_LIFETIME_MS) fail('expiresAt', 'must be at most 48 hours ahead: Meta deduplicates a replayed event only within 48 hours');
  return Math.floor(ms / 1000);
}
