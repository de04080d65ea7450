import { createHmac, randomUUID } from 'node:crypto';

/**
 * A fresh event id (UUID v4) for an event the server originates and the page also tracks: pass the same id
 * to `tf.send({ event_id })` and to the page's `fbq('track', name, data, { eventID })`.
 */
export function newEventId(): string {
  return randomUUID();
}

/** The key behind `eventIdFor` and intents, derived once from the `secret` option (see resolveSecret). */
export type EventIdKey = Buffer;

/**
 * The instance's signing key: from `secret` when given, else derived from the configured access tokens, so
 * every process with the same configuration mints the same ids while nobody without a token can. Rotating a
 * token changes the derived key: give `secret` explicitly to keep ids stable across a rotation.
 */
export function resolveSecret(secret: string | undefined, tokens: Iterable<string>): EventIdKey {
  const material = secret ?? [...tokens].sort().join('\u0000');
  return createHmac('sha256', 'twinfire event ids v1').update(material).digest();
}

/**
 * A deterministic event id for a business key such as an order id: the order webhook and the thank-you
 * page compute the same id independently (`tf.eventIdFor('Purchase', order.id)`), so Meta deduplicates the
 * server Purchase and the pixel Purchase. Keyed (HMAC-SHA256 with the instance's secret): sequential order
 * ids cannot be turned into ids by anyone else, so an event id cannot be squatted by a forged mirror.
 */
export function eventIdFor(key: EventIdKey, eventName: string, businessKey: string | number): string {
  if (typeof eventName !== 'string' || eventName === '') throw new TypeError('twinfire: eventIdFor(eventName, key) needs an event name');
  if ((typeof businessKey !== 'string' || businessKey === '') && typeof businessKey !== 'number')
    throw new TypeError('twinfire: eventIdFor(eventName, key) needs a key such as an order id');
  return (
    'tf-' +
    createHmac('sha256', key)
      .update(`${eventName}\u0000${String(businessKey)}`)
      .digest('hex')
      .slice(0, 32)
  );
}
