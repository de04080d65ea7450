import { createHash, randomUUID } from 'node:crypto';

/**
 * A fresh event id (UUID v4) for an event the server originates and the page also tracks: pass the same id
 * to `tf.send({ event_id })` and to the page's `fbq('track', name, data, { eventID })`.
 */
export function newEventId(): string {
  return randomUUID();
}

/**
 * A deterministic event id for a business key such as an order id: the order webhook and the thank-you
 * page compute the same id independently (`eventIdFor('Purchase', order.id)`), so Meta deduplicates the
 * server Purchase and the pixel Purchase. Opaque (a hash), so the page does not expose the raw key.
 */
export function eventIdFor(eventName: string, key: string | number): string {
  if (typeof eventName !== 'string' || eventName === '') throw new TypeError('twinfire: eventIdFor(eventName, key) needs an event name');
  if ((typeof key !== 'string' || key === '') && typeof key !== 'number') throw new TypeError('twinfire: eventIdFor(eventName, key) needs a key such as an order id');
  return 'tf-' + createHash('sha256').update(`${eventName}\u0000${String(key)}`).digest('hex').slice(0, 32);
}
