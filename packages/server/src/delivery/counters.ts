/**
 * Every counter `tf.stats()` reports, shared by the endpoint and the delivery engine. Plain numbers only:
 * nothing here may ever hold a token or customer data.
 */
export interface Counters {
  /** Mirrors received by the endpoint plus `send()` calls. */
  received: number;
  /** Server events accepted into the queue (one per pixel). */
  accepted: number;
  /** Events Meta confirmed (`events_received`). */
  sent: number;
  /** Events put back for another attempt after a transient failure. */
  retried: number;
  /** Undelivered or dead events deleted by consent revocation or `forget()`. */
  purged: number;
  /** Mirrors forwarded without `value` and `currency`: no valid intent, `intents.unsigned: 'strip'`. */
  stripped: number;
  /** Conversions API requests made. */
  requests: number;
  /** Requests (mirror endpoint and `send()`) refused, by error code (`invalid_json`, `queue_full`, ...). */
  rejected: Record<string, number>;
  /** Events not sent, by reason. */
  dropped: {
    consent: number;
    duplicate: number;
    beforeSend: number;
    expired: number;
    invalid: number;
    unknownPixel: number;
    /** Mirrors from a known crawler, bot or headless browser (`bots: 'drop'`), one per pixel. */
    bot: number;
  };
  /** Failed Conversions API requests, by class. */
  failures: { transient: number; throttle: number; auth: number; invalid: number };
}

export function createCounters(): Counters {
  return {
    received: 0,
    accepted: 0,
    sent: 0,
    retried: 0,
    purged: 0,
    stripped: 0,
    requests: 0,
    rejected: {},
    dropped: { consent: 0, duplicate: 0, beforeSend: 0, expired: 0, invalid: 0, unknownPixel: 0, bot: 0 },
    failures: { transient: 0, throttle: 0, auth: 0, invalid: 0 },
  };
}

export function countRejection(counters: Counters, code: string): void {
  counters.rejected[code] = (counters.rejected[code] ?? 0) + 1;
}
