import type { ServerEvent } from '@twinfire/core';
import { countedBytes } from './outbox.js';
import { type Terms, visitorTerms } from './visitor-index.js';

/**
 * An event as the memory outbox holds it, queued or dead: its JSON, parsed back only when leased (a parsed
 * event can cost twenty times its JSON in heap), what it counts against the byte caps, its visitor terms, the
 * event time its dead letter lists, and its place in the queue. Every field costs heap on 100 000 waiting
 * events: nothing is kept twice.
 *
 * A class whose constructor sets every field, never an object spread (`{ ...held, attempts: 0 }`): V8 gave each
 * spread copy a hidden class of its own (measured: 1 999 maps for 2 000 events, about 420 bytes of maps,
 * descriptor arrays and out-of-object property arrays per event, 37 MB of a 132 MB heap at 90 000 events).
 */
export class HeldEvent {
  /** Delivery attempts counted so far. */
  attempts = 0;
  /** When it was queued (ms). */
  enqueuedAt: number;
  /** Leasable from; while leased, the lease expiry (ms). */
  dueAt: number;
  /** The lease it is held under, if any. */
  lease: string | undefined = undefined;
  /** The sequence number of its live entry in its lane's due-time heap; -1 once removed. */
  seq = 0;

  constructor(
    readonly key: string,
    readonly pixelId: string,
    readonly json: string,
    /** `countedBytes(json)`: its share of `capacityBytes` while queued, of `keepDeadBytes` once dead. */
    readonly counted: number,
    /** Its terms in the outbox's VisitorIndex. */
    readonly terms: Terms,
    /** For its dead letter (`event_name` and `event_id` are read from the key). */
    readonly event_time: number,
    now: number,
  ) {
    this.enqueuedAt = now;
    this.dueAt = now;
  }
}

/** `json`: the event's JSON when the caller already made it (see OutboxEntry.json). */
export function holdEvent(key: string, pixelId: string, event: ServerEvent, now: number, json: string = JSON.stringify(event)): HeldEvent {
  return new HeldEvent(key, pixelId, json, countedBytes(json), visitorTerms(event), event.event_time, now);
}

/** `event_name` and `event_id` of a held event, from its key (`outboxKey`: pixel, name and id, NUL-separated). */
export function namesOf(held: HeldEvent): { event_name: string; event_id: string } {
  const [, event_name = '', event_id = ''] = held.key.split('\u0000');
  return { event_name, event_id };
}
