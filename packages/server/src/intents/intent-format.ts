import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The intent format, shared by signing and verification:
 *
 *     tfi1.<ref>.<exp>.<value>.<CUR>.<mac>
 *
 * - `ref`: 10 base64url characters (60 bits) of an HMAC of the order id: one id per order (Meta's dedup key
 *   stays unique), without showing the order id to the page.
 * - `exp`: expiry, Unix seconds in base 36 (6 characters until 2059).
 * - `value`: canonical decimal (`89`, `19.9`, `0.000001`): at most 15 integer digits and 6 decimals, never an
 *   exponent. It is the only part that may hold a dot, and at most one, so the parts are never ambiguous.
 * - `mac`: 22 base64url characters (132 bits) of HMAC-SHA256 over the version, event name and every part.
 *
 * Everything verification needs is in the id, so any process holding the same secret verifies it (no shared
 * store). Letters, digits, `.`, `-`, `_` only: nothing to escape in HTML, JSON or a JavaScript string, and
 * about 60 characters, well under Meta's 128 for an event_id.
 */
export const INTENT_VERSION = 'tfi1';
export const INTENT_PATTERN = /^tfi1\.([A-Za-z0-9_-]{10})\.([0-9a-z]{1,9})\.((?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,6})?)\.([A-Z]{3})\.([A-Za-z0-9_-]{22})$/;

/** The signed parts of an intent, as they appear in the id. */
export interface IntentFields {
  eventName: string;
  ref: string;
  /** Expiry, Unix seconds in base 36. */
  exp: string;
  value: string;
  currency: string;
}

interface IntentKeys {
  mac: Buffer;
  ref: Buffer;
}

const derived = new WeakMap<Buffer, IntentKeys>();

/**
 * Keys of their own, derived from the instance secret: an intent MAC can never equal an `eventIdFor` HMAC
 * (same secret, other inputs), and the order reference cannot be used as a MAC.
 */
function keysFor(secret: Buffer): IntentKeys {
  let keys = derived.get(secret);
  if (!keys) {
    keys = {
      mac: createHmac('sha256', secret).update('twinfire intent mac v1').digest(),
      ref: createHmac('sha256', secret).update('twinfire intent ref v1').digest(),
    };
    derived.set(secret, keys);
  }
  return keys;
}

export function orderRef(secret: Buffer, orderId: string): string {
  return createHmac('sha256', keysFor(secret).ref).update(orderId).digest('base64url').slice(0, 10);
}

/** NUL-separated: event names and the other parts cannot contain it, so no two field lists sign alike. */
export function intentMac(secret: Buffer, fields: IntentFields): string {
  const text = [INTENT_VERSION, fields.eventName, fields.ref, fields.exp, fields.value, fields.currency].join('\u0000');
  return createHmac('sha256', keysFor(secret).mac).update(text).digest('base64url').slice(0, 22);
}

/** Constant-time comparison of two MACs (both 22 ASCII characters once the pattern matched). */
export function sameMac(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
