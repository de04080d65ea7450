import type { ServerEvent } from '@twinfire/core';
import { countedBytes } from './outbox.js';
import { visitorTerms } from './visitor-index.js';

/**
 * An event as the memory outbox holds it, queued or dead: its JSON, parsed back only when leased (a parsed
 * event can cost twenty times its JSON in heap), what it counts against the byte caps, its visitor terms and
 * the event time its dead letter lists. Every field costs heap on 100 000 waiting events: nothing is kept twice.
 */
export interface HeldEvent {
  key: string;
  pixelId: string;
  json: string;
  /** `countedBytes(json)`: its share of `capacityBytes` while queued, of `keepDeadBytes` once dead. */
  counted: number;
  /** Its terms in the outbox's VisitorIndex. */
  terms: readonly string[];
  /** For its dead letter (`event_name` and `event_id` are read from the key). */
  event_time: number;
}

/** `json`: the event's JSON when the caller already made it (see OutboxEntry.json). */
export function holdEvent(key: string, pixelId: string, event: ServerEvent, json: string = JSON.stringify(event)): HeldEvent {
  return { key, pixelId, json, counted: countedBytes(json), terms: visitorTerms(event), event_time: event.event_time };
}

/** `event_name` and `event_id` of a held event, from its key (`outboxKey`: pixel, name and id, NUL-separated). */
export function namesOf(held: HeldEvent): { event_name: string; event_id: string } {
  const [, event_name = '', event_id = ''] = held.key.split('\u0000');
  return { event_name, event_id };
}
