import { INTENT_VERSION, type IntentFields, intentMac, orderRef } from './intent-format.js';
import { checkIntentInput } from './intent-input.js';

/** What `tf.intent()` returns. */
export interface Intent {
  /** The signed id: render it into the page's `fbq('track', name, params, { eventID })` and store it with the order. */
  event_id: string;
  /** When it stops verifying, ms since the epoch (a whole second). Give it back as `expiresAt` to re-derive the id. */
  expires_at: number;
  /** The value the id carries (rounded to 6 decimals): the one to render into the page's fbq params. */
  value: number;
  /** The currency the id carries, upper-cased. */
  currency: string;
}

/**
 * `tf.intent()`: an event id that carries the server's value and currency, signed with the instance secret.
 * Deterministic: the same input (same `expiresAt`) gives the same id, in any process with the same secret.
 */
export function signIntent(secret: Buffer, input: unknown, now: number): Intent {
  const checked = checkIntentInput(input, now);
  const fields: IntentFields = {
    eventName: checked.eventName,
    ref: orderRef(secret, checked.orderId),
    exp: checked.expiresAt.toString(36),
    value: checked.value,
    currency: checked.currency,
  };
  const eventId = [INTENT_VERSION, fields.ref, fields.exp, fields.value, fields.currency, intentMac(secret, fields)].join('.');
  return { event_id: eventId, expires_at: checked.expiresAt * 1000, value: Number(checked.value), currency: checked.currency };
}
