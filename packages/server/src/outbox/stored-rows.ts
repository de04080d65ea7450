import type { ServerEvent } from '@twinfire/core';
import type { DeadLetter, DeadReason } from './dead-letter.js';
import type { OutboxRecord } from './outbox.js';

/**
 * A leased event as the built-in outboxes hand it to delivery: its stored JSON goes into the Graph request as
 * it is, and `event` is parsed only when something reads it (a parsed event costs about twenty times its JSON
 * in heap; delivery reads `eventTime`, `key` and `json`, so a healthy batch is never parsed).
 */
export class StoredRecord implements OutboxRecord {
  private parsed: ServerEvent | undefined = undefined;

  constructor(
    readonly key: string,
    readonly lease: string,
    readonly pixelId: string,
    /** Cleared when `event` is replaced (a wrapper scrubbing it), so that what is sent is the new event. */
    public json: string | undefined,
    readonly eventTime: number,
    readonly bytes: number,
    readonly attempts: number,
    readonly enqueuedAt: number,
  ) {}

  get event(): ServerEvent {
    if (this.parsed === undefined) this.parsed = JSON.parse(this.json!) as ServerEvent;
    return this.parsed;
  }

  set event(value: ServerEvent) {
    this.parsed = value;
    this.json = undefined;
  }
}

// The durable outboxes' rows, as both SQLite and PostgreSQL return them (PostgreSQL's bigints as strings).

export interface LeasedRow {
  key: string;
  pixel_id: string;
  event: string;
  event_time: number | string;
  bytes: number;
  attempts: number;
  enqueued_at: number | string;
}

export function recordOf(row: LeasedRow, lease: string): OutboxRecord {
  return new StoredRecord(row.key, lease, row.pixel_id, row.event, Number(row.event_time), Number(row.bytes), Number(row.attempts), Number(row.enqueued_at));
}

export interface DeadRow {
  key: string;
  pixel_id: string;
  event_name: string;
  event_id: string;
  event_time: number | string;
  dead_reason: DeadReason;
  dead_error: string | null;
  attempts: number;
  dead_at: number | string;
}

export function deadLetterOf(row: DeadRow): DeadLetter {
  const letter: DeadLetter = {
    key: row.key,
    pixelId: row.pixel_id,
    event_name: row.event_name,
    event_id: row.event_id,
    event_time: Number(row.event_time),
    reason: row.dead_reason,
    attempts: Number(row.attempts),
    at: Number(row.dead_at),
  };
  if (row.dead_error) letter.error = JSON.parse(row.dead_error);
  return letter;
}
