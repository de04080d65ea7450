import { INTENT_PATTERN, type IntentFields, intentMac, sameMac } from './intent-format.js';

/** Why an event id is not a valid intent for an event. */
export type IntentFault =
  /** Not an intent at all (a UUID, an order number, nothing the server signed). */
  | 'missing'
  /** Intent-shaped, but the MAC does not match: a part was changed, or another secret signed it. */
  | 'bad_signature'
  /** A genuine intent, signed for another event name (`detail`: that name). */
  | 'other_event'
  /** A genuine intent past its expiry (`detail`: when, ISO 8601). */
  | 'expired';

export type IntentVerdict = { ok: true; value: number; currency: string } | { ok: false; fault: IntentFault; detail?: string };

/**
 * Verifies that `eventId` is an intent the holder of `secret` signed for `eventName`, not yet expired. The
 * signature is checked before the expiry, so a forged id is reported as forged whatever date it claims.
 * `otherNames`: event names to try when the MAC does not match, to tell "signed for another event" apart.
 */
export function verifyIntent(secret: Buffer, eventId: string, eventName: string, now: number, otherNames: Iterable<string> = []): IntentVerdict {
  const match = INTENT_PATTERN.exec(eventId);
  if (!match) return { ok: false, fault: 'missing' };
  const [, ref, exp, value, currency, mac] = match as unknown as [string, string, string, string, string, string];
  const fields: IntentFields = { eventName, ref, exp, value, currency };
  if (!sameMac(mac, intentMac(secret, fields))) {
    for (const other of otherNames) {
      if (other !== eventName && sameMac(mac, intentMac(secret, { ...fields, eventName: other }))) return { ok: false, fault: 'other_event', detail: other };
    }
    return { ok: false, fault: 'bad_signature' };
  }
  const expiresAt = Number.parseInt(exp, 36) * 1000;
  if (now >= expiresAt) return { ok: false, fault: 'expired', detail: new Date(expiresAt).toISOString() };
  return { ok: true, value: Number(value), currency };
}
