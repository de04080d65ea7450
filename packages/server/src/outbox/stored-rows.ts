import type { DeadLetter, DeadReason } from './dead-letter.js';
import type { OutboxRecord } from './outbox.js';

// The durable outboxes' rows, as both SQLite and PostgreSQL return them (PostgreSQL's bigints as strings).

export interface LeasedRow {
  key: string;
  pixel_id: string;
  event: string;
  bytes: number;
  attempts: number;
  enqueued_at: number | string;
}

export function recordOf(row: LeasedRow, lease: string): OutboxRecord {
  return {
    key: row.key,
    lease,
    pixelId: row.pixel_id,
    event: JSON.parse(row.event),
    json: row.event,
    bytes: Number(row.bytes),
    attempts: Number(row.attempts),
    enqueuedAt: Number(row.enqueued_at),
  };
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
